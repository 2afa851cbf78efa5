// Must stay silent: ELR_EL2 and SPSR_EL2 are written just before an eret
// with no isb.  They are special-purpose registers whose direct and
// indirect accesses appear in program order (Arm ARM C5.1.5.1, Table C5-8),
// and the transfer of ELR/SPSR into PC/PSTATE at exception return is
// synchronized whatever SCTLR_EL2.EOS says (D1.4.4.1).
//
// RUN: %isbcheck %s -- --target=aarch64-linux-gnu -I%inputs -D__KVM_VHE_HYPERVISOR__ > %t 2>&1; test $? -eq 0
// RUN: %FileCheck %s --allow-empty --implicit-check-not=warning: < %t
#include "mini.h"

void return_to_guest(u64 pc, u64 pstate)
{
	write_sysreg(pc, elr_el2);
	write_sysreg(pstate, spsr_el2);
	eret();
}
