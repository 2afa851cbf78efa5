// Comments that must not silence a finding: another rule's id, no reason,
// a rule that does not exist, text in a string or character literal, a
// comment that is not alone on the line above.  Each bad comment is
// warned about once, however many findings look at it.
//
// RUN: %isbcheck %s -- --target=aarch64-linux-gnu -I%inputs -D__KVM_VHE_HYPERVISOR__ > %t.out 2> %t.err; test $? -eq 1
// RUN: %FileCheck %s --implicit-check-not=warning: < %t.out
// RUN: %FileCheck %s --check-prefix=ERR --implicit-check-not=warning: < %t.err
#include "mini.h"

void log_text(const char *s);

/* at-par is a rule, but not this finding's */
void other_rule(void)
{
	write_sysreg(read_sysreg(hcr_el2) & ~HCR_TGE, hcr_el2);
	tlbi_vmalle1is();	/* isbcheck: ignore at-par: not this rule */
	// CHECK: refused.c:[[@LINE-1]]:2: warning: tlbi vmalle1is follows the write to HCR_EL2 (TGE) {{.*}}[hcr-tge-tlbi-at]
}

void no_reason(void)
{
	write_sysreg(read_sysreg(hcr_el2) & ~HCR_TGE, hcr_el2);
	/* isbcheck: ignore hcr-tge-tlbi-at: */
	tlbi_vmalle1is();
	// ERR: refused.c:[[@LINE-2]]:2: warning: isbcheck: suppression of hcr-tge-tlbi-at has no reason; the finding is still reported
	// CHECK: refused.c:[[@LINE-2]]:2: warning: tlbi vmalle1is follows {{.*}}[hcr-tge-tlbi-at]
}

void blank_reason(void)
{
	write_sysreg(read_sysreg(hcr_el2) & ~HCR_TGE, hcr_el2);
	tlbi_vmalle1is();	//   isbcheck: ignore hcr-tge-tlbi-at:   	
	// ERR: refused.c:[[@LINE-1]]:20: warning: isbcheck: suppression of hcr-tge-tlbi-at has no reason; the finding is still reported
	// CHECK: refused.c:[[@LINE-2]]:2: warning: tlbi vmalle1is follows {{.*}}[hcr-tge-tlbi-at]
}

/* no colon after the rule: the words are not taken as a reason */
void no_colon(void)
{
	write_sysreg(read_sysreg(hcr_el2) & ~HCR_TGE, hcr_el2);
	tlbi_vmalle1is();	/* isbcheck: ignore hcr-tge-tlbi-at TGE is clear */
	// ERR: refused.c:[[@LINE-1]]:20: warning: isbcheck: suppression of hcr-tge-tlbi-at has no reason; the finding is still reported
	// CHECK: refused.c:[[@LINE-2]]:2: warning: tlbi vmalle1is follows {{.*}}[hcr-tge-tlbi-at]
}

/* the comment is at the write of two findings: one warning */
void one_warning_for_two_findings(void)
{
	write_sysreg(read_sysreg(hcr_el2) & ~(HCR_TGE | HCR_IMO), hcr_el2); /* isbcheck: ignore hcr-tge-tlbi-at, hcr-xmo-icc-sre */
	// ERR: refused.c:[[@LINE-1]]:70: warning: isbcheck: suppression of hcr-tge-tlbi-at, hcr-xmo-icc-sre has no reason; the finding is still reported
	tlbi_vmalle1is();
	// CHECK: refused.c:[[@LINE-1]]:2: warning: tlbi vmalle1is follows {{.*}}[hcr-tge-tlbi-at]
	write_sysreg(0, s3_0_c12_c12_5);	/* ICC_SRE_EL1 */
	// CHECK: refused.c:[[@LINE-1]]:2: warning: write to ICC_SRE_EL1 follows {{.*}}[hcr-xmo-icc-sre]
}

void unknown_rules(void)
{
	write_sysreg(read_sysreg(hcr_el2) & ~HCR_TGE, hcr_el2);
	/* isbcheck: ignore hcr-tge-tlbi: a typo */
	tlbi_vmalle1is();
	// ERR: refused.c:[[@LINE-2]]:2: warning: isbcheck: unknown rule 'hcr-tge-tlbi' in suppression; did you mean 'hcr-tge-tlbi-at'?
	// CHECK: refused.c:[[@LINE-2]]:2: warning: tlbi vmalle1is follows {{.*}}[hcr-tge-tlbi-at]
	isb();		/* a new write, not the pending one again */
	write_sysreg(read_sysreg(hcr_el2) ^ HCR_TGE, hcr_el2);
	tlbi_vmalle1is();	/* isbcheck: ignore no-such-rule: nothing like it */
	// ERR: refused.c:[[@LINE-1]]:20: warning: isbcheck: unknown rule 'no-such-rule' in suppression{{$}}
	// CHECK: refused.c:[[@LINE-2]]:2: warning: tlbi vmalle1is follows {{.*}}[hcr-tge-tlbi-at]
}

/* a known rule next to an unknown one still silences its finding */
void known_and_unknown(void)
{
	write_sysreg(read_sysreg(hcr_el2) & ~HCR_TGE, hcr_el2);
	tlbi_vmalle1is();	/* isbcheck: ignore hcr-tge-tlbi-at, bogus: TGE is clear */
	// ERR: refused.c:[[@LINE-1]]:20: warning: isbcheck: unknown rule 'bogus' in suppression{{$}}
}

void in_a_string(void)
{
	write_sysreg(read_sysreg(hcr_el2) & ~HCR_TGE, hcr_el2);
	tlbi_vmalle1is(); log_text("/* isbcheck: ignore hcr-tge-tlbi-at: in a string */");
	// CHECK: refused.c:[[@LINE-1]]:2: warning: tlbi vmalle1is follows {{.*}}[hcr-tge-tlbi-at]
	isb();		/* a new write, not the pending one again */
	write_sysreg(read_sysreg(hcr_el2) ^ HCR_TGE, hcr_el2);
	tlbi_vmalle1is(); log_text("\" // isbcheck: ignore hcr-tge-tlbi-at: after an escaped quote");
	// CHECK: refused.c:[[@LINE-1]]:2: warning: tlbi vmalle1is follows {{.*}}[hcr-tge-tlbi-at]
	isb();		/* a new write, not the pending one again */
	write_sysreg(read_sysreg(hcr_el2) ^ HCR_TGE, hcr_el2);
	log_text("// isbcheck: ignore hcr-tge-tlbi-at: in a string above");
	tlbi_vmalle1is();
	// CHECK: refused.c:[[@LINE-1]]:2: warning: tlbi vmalle1is follows {{.*}}[hcr-tge-tlbi-at]
}

void after_a_char_constant(void)
{
	write_sysreg(read_sysreg(hcr_el2) & ~HCR_TGE, hcr_el2);
	tlbi_vmalle1is(); log_text((const char[]){ '"', 0 }); /* isbcheck: ignore hcr-tge-tlbi-at: a real comment after '"' */
}

/* a comment after code on the line above belongs to that line */
void not_alone_above(void)
{
	write_sysreg(read_sysreg(hcr_el2) & ~HCR_TGE, hcr_el2);
	log_text(""); /* isbcheck: ignore hcr-tge-tlbi-at: for log_text() */
	tlbi_vmalle1is();
	// CHECK: refused.c:[[@LINE-1]]:2: warning: tlbi vmalle1is follows {{.*}}[hcr-tge-tlbi-at]
}

/* a suppression has to end on its own line */
void unterminated(void)
{
	write_sysreg(read_sysreg(hcr_el2) & ~HCR_TGE, hcr_el2);
	tlbi_vmalle1is();	/* isbcheck: ignore hcr-tge-tlbi-at: the reason
				   goes on here */
	// ERR: refused.c:[[@LINE-2]]:20: warning: isbcheck: a suppression must end on the line it starts; this one is ignored
	// CHECK: refused.c:[[@LINE-3]]:2: warning: tlbi vmalle1is follows {{.*}}[hcr-tge-tlbi-at]
}

/*
 * Two of the comments above silenced nothing in this run, on lines it
 * looked at: they are stale, and said so after the others.
 */
// ERR: refused.c:17:20: warning: isbcheck: suppression of at-par silenced nothing in this run; remove it if its finding is gone
// ERR: refused.c:106:16: warning: isbcheck: suppression of hcr-tge-tlbi-at silenced nothing in this run; remove it if its finding is gone
// ERR: 13 findings
// ERR-NEXT: isbcheck: not shown: 0 in the baseline, 2 suppressed

