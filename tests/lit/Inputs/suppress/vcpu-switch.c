/*
 * The scenario of tests/lit/baseline: two findings the project has
 * accepted, one suppressed, one correct sequence.  The tests copy it and
 * edit the copy (moved lines, a new bug) before checking it again.
 */
#include "mini.h"

void enter_guest(void)
{
	write_sysreg(read_sysreg(hcr_el2) & ~HCR_TGE, hcr_el2);
	tlbi_vmalle1is();
}

u64 translate(u64 va)
{
	at_s1e1r(va);
	return read_par();
}

void boot_tlb(void)
{
	write_sysreg(read_sysreg(hcr_el2) & ~HCR_TGE, hcr_el2);
	/* isbcheck: ignore hcr-tge-tlbi-at: no guest has run yet */
	tlbi_vmalle1is();
}

void exit_guest(void)
{
	write_sysreg(read_sysreg(hcr_el2) | HCR_TGE, hcr_el2);
	isb();
	tlbi_vmalle1is();
}
