// A suppression comment that silenced nothing in this run, on a line the
// run looked at (the line of an event of a function it analysed: a
// register access, an instruction, a call) or alone on the line above
// one, is stale: a warning says so, once, and names the rule.  A comment
// elsewhere is not looked at.  Called like a compiler (Kbuild checks one
// file per call, too little to judge) no such warning is given.
//
// RUN: %isbcheck %s -- --target=aarch64-linux-gnu -I%inputs -D__KVM_VHE_HYPERVISOR__ > %t.out 2> %t.err; test $? -eq 0
// RUN: %FileCheck %s --implicit-check-not=warning: < %t.err
// RUN: cd %S && %isbcheck --target=aarch64-linux-gnu -I%inputs -D__KVM_VHE_HYPERVISOR__ -c stale.c > %t.kb 2>&1; test $? -eq 0
// RUN: %FileCheck --check-prefix=KB --allow-empty %s < %t.kb
// KB-NOT: silenced nothing
#include "mini.h"

void fixed_since(void)
{
	write_sysreg(read_sysreg(hcr_el2) & ~HCR_TGE, hcr_el2);
	isb();
	tlbi_vmalle1is();	/* isbcheck: ignore hcr-tge-tlbi-at: TGE was clear already */
	// CHECK: stale.c:[[@LINE-1]]:20: warning: isbcheck: suppression of hcr-tge-tlbi-at silenced nothing in this run; remove it if its finding is gone
}

void fixed_since_above(void)
{
	write_sysreg(read_sysreg(hcr_el2) & ~HCR_TGE, hcr_el2);
	isb();
	/* isbcheck: ignore hcr-tge-tlbi-at, at-par: both were fine */
	tlbi_vmalle1is();
	// CHECK: stale.c:[[@LINE-2]]:2: warning: isbcheck: suppression of hcr-tge-tlbi-at silenced nothing in this run
	// CHECK: stale.c:[[@LINE-3]]:2: warning: isbcheck: suppression of at-par silenced nothing in this run
}

/* The access's and the write's comment both silence it: neither is stale. */
void twice(void)
{
	write_sysreg(read_sysreg(hcr_el2) & ~HCR_TGE, hcr_el2); // isbcheck: ignore hcr-tge-tlbi-at: clear already
	tlbi_vmalle1is();	/* isbcheck: ignore hcr-tge-tlbi-at: clear already */
}

/* Not a line the run looked at: no event here, nothing said. */
static int unrelated;	/* isbcheck: ignore hcr-tge-tlbi-at: on no event */
