/*
 * Findings whose paths and fixes differ, for the report format tests
 * (formats/json-paths.test, formats/sarif-paths.test): a write that
 * reaches the access through a call, one that returns to it, and an
 * access that does not start a line, so that no fix can be placed.
 * Checked as a VHE object with tests/lit/Inputs/mini.h.
 */
#include "mini.h"

static void flush_guest_tlb(void)
{
	tlbi_vmalle1is();
}

void enter_guest_regime(void)
{
	write_hcr(read_hcr() & ~HCR_TGE);
	flush_guest_tlb();
}

static void leave_host_regime(void)
{
	write_hcr(read_hcr() & ~HCR_TGE);
}

void flush_if_asked(void)
{
	leave_host_regime();
	cond(); tlbi_vmalle1is();
}
