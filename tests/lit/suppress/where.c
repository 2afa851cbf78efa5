// A suppression comment silences a finding on the line of its access or of
// its write, or alone on the line directly above either, also in a header;
// a silenced finding is not printed and is counted on stderr.  The two
// functions left unsuppressed show that each comment silences only its own.
//
// RUN: %isbcheck %s -- --target=aarch64-linux-gnu -I%inputs -I%inputs/suppress -D__KVM_VHE_HYPERVISOR__ > %t.out 2> %t.err; test $? -eq 1
// RUN: %FileCheck %s --implicit-check-not=warning: < %t.out
// RUN: %FileCheck %s --check-prefix=ERR --implicit-check-not=warning: < %t.err
// ERR: 2 findings
// ERR-NEXT: isbcheck: not shown: 0 in the baseline, 7 suppressed
#include "mini.h"
#include "guest-tlb.h"

void at_the_access(void)
{
	write_sysreg(read_sysreg(hcr_el2) & ~HCR_TGE, hcr_el2);
	tlbi_vmalle1is();	/* isbcheck: ignore hcr-tge-tlbi-at: TGE was clear already */
}

void at_the_write(void)
{
	write_sysreg(read_sysreg(hcr_el2) & ~HCR_TGE, hcr_el2); // isbcheck: ignore hcr-tge-tlbi-at: TGE was clear already
	tlbi_vmalle1is();
}

void above_the_access(void)
{
	write_sysreg(read_sysreg(hcr_el2) & ~HCR_TGE, hcr_el2);
	/* isbcheck: ignore hcr-tge-tlbi-at: TGE was clear already */
	tlbi_vmalle1is();
}

void above_the_write(void)
{
	// isbcheck: ignore hcr-tge-tlbi-at: TGE was clear already
	write_sysreg(read_sysreg(hcr_el2) & ~HCR_TGE, hcr_el2);
	tlbi_vmalle1is();
}

/* one comment, two rules: both findings at this write are silenced */
void two_rules(void)
{
	/* isbcheck: ignore hcr-xmo-icc-sre, hcr-tge-tlbi-at: boot, before any guest */
	write_sysreg(read_sysreg(hcr_el2) & ~(HCR_TGE | HCR_IMO | HCR_FMO | HCR_AMO), hcr_el2);
	tlbi_vmalle1is();
	write_sysreg(0, s3_0_c12_c12_5);	/* ICC_SRE_EL1 */
}

/* the access is in the header, and so is its suppression */
void through_a_header(void)
{
	write_sysreg(read_sysreg(hcr_el2) & ~HCR_TGE, hcr_el2);
	flush_guest_tlb_checked();
}

/* the same helper without a comment: reported, in the header */
void through_a_header_unsuppressed(void)
{
	write_sysreg(read_sysreg(hcr_el2) & ~HCR_TGE, hcr_el2);
	flush_guest_tlb();
}
// CHECK: guest-tlb.h:13:2: warning: tlbi vmalle1is follows the write to HCR_EL2 (TGE) {{.*}}[hcr-tge-tlbi-at]

/* a blank line between the comment and the access: not "directly above" */
void not_directly_above(void)
{
	write_sysreg(read_sysreg(hcr_el2) & ~HCR_TGE, hcr_el2);
	/* isbcheck: ignore hcr-tge-tlbi-at: too far from the access */

	tlbi_vmalle1is();
	// CHECK: where.c:[[@LINE-1]]:2: warning: tlbi vmalle1is follows the write to HCR_EL2 (TGE) {{.*}}[hcr-tge-tlbi-at]
}
