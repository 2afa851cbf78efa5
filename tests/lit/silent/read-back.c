// Must stay silent: reading back the register just written, and writing it
// again, go through the same encoding; direct accesses through one encoding
// are ordered without a context synchronization event (Arm ARM D24.1.2.2).
// No rule has a register's own accesses as its dependents.
//
// RUN: %isbcheck %s -- --target=aarch64-linux-gnu -I%inputs -D__KVM_VHE_HYPERVISOR__ > %t 2>&1; test $? -eq 0
// RUN: %FileCheck %s --allow-empty --implicit-check-not=warning: < %t
#include "mini.h"

u64 set_and_check(u64 v)
{
	write_sysreg(v, hcr_el2);
	write_sysreg(v | HCR_TGE, hcr_el2);
	write_trblimitr(0);
	write_trblimitr(0);
	return read_sysreg(hcr_el2) + read_sysreg(s3_0_c9_c11_0);
}
