// When every finding is suppressed, nothing is printed but the count on
// stderr, and the exit status is 0.
//
// RUN: %isbcheck %s -- --target=aarch64-linux-gnu -I%inputs -D__KVM_VHE_HYPERVISOR__ > %t.out 2> %t.err
// RUN: test ! -s %t.out
// RUN: %FileCheck %s --implicit-check-not=warning: --implicit-check-not=finding < %t.err
// CHECK: isbcheck: not shown: 0 in the baseline, 2 suppressed
#include "mini.h"

u64 translate(u64 va)
{
	at_s1e1r(va);
	/* isbcheck: ignore at-par: PAR_EL1 is only logged, a stale value is harmless */
	return read_par();
}

void boot_tlb(void)
{
	write_sysreg(read_sysreg(hcr_el2) & ~HCR_TGE, hcr_el2);	// isbcheck: ignore hcr-tge-tlbi-at: no guest has run yet
	tlbi_vmalle1is();
}
