/*
 * One finding silenced by a comment, one not, for the suppression and
 * baseline cases of formats/json-suppress.test and sarif-suppress.test
 * (which append more-findings.inc to make a finding the baseline lacks).
 */
#include "mini.h"

void enter_guest_regime(void)
{
	write_hcr(read_hcr() & ~HCR_TGE);
	/* isbcheck: ignore hcr-tge-tlbi-at: the test's reason */
	tlbi_vmalle1is();
}

void flush_after(void)
{
	write_hcr(read_hcr() & ~HCR_TGE);
	tlbi_vmalle1is();
}
