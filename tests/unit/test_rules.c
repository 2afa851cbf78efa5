// SPDX-License-Identifier: GPL-2.0
/* Unit tests for the rule-file parser (checker/rules.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "asmread.h"
#include "rules.h"

/* Each test gets a fresh directory (mkdtemp in setup) and error text. */
static char dir[64];
static char *errtext;
static size_t errlen;
/* The set being loaded; teardown frees it when an assertion jumps out. */
static struct ruleset rs;

/* 14 lines: a rule after it starts on line 15 */
static const char regs[] =
	"register HCR_EL2 3 4 1 1 0\n"
	"\tfield VM 0\n"
	"\tfield BSU 11:10\n"
	"\tfield TGE 27\n"
	"\tfield E2H 34\n"
	"register TRBLIMITR_EL1 3 0 9 11 0\n"
	"\tfield E 0\n"
	"register SCTLR_EL2 3 4 1 0 0\n"
	"\tfield EOS 11\n"
	"register VBAR_EL1 3 0 12 0 0\n"
	"register VBAR_EL12 3 5 12 0 0\n"
	"register VBAR_EL2 3 4 12 0 0\n"
	"register CPTR_EL2 3 4 1 1 2\n"
	"\tfield TFP 10 when HCR_EL2.E2H == 0\n";

/* The steps a rule may need (read in the first pass: any file may hold them). */
static const char steps[] =
	"step cse\n\tany-cse\n\tinsert \"isb();\"\n"
	"\ttext \"context synchronization event\"\n"
	"step isb\n\tinsn isb\n\tinsert \"isb();\"\n"
	"step tsb-csync\n\tinsn tsb csync\n\tinsert \"tsb_csync();\"\n"
	"step psb-csync\n\tinsn psb csync\n\tinsert \"psb_csync();\"\n"
	"step dsb\n\tinsn dsb\n\tinsert \"dsb(sy);\"\n";

/* A rule that is complete but for what a test leaves out or adds. */
#define RULE_AFTER	"\tafter write HCR_EL2\n"
#define RULE_BEFORE	"\tbefore at s1e1r\n"
#define RULE_NEED	"\tneed cse\n"
#define RULE_CITE	"\tcite \"c\"\n"
#define RULE_WHY	"\twhy \"w\"\n"
#define RULE_ALL	RULE_AFTER RULE_BEFORE RULE_NEED RULE_CITE RULE_WHY
/* the same on a register R */
#define R_RULE		"rule r\n\tafter write R\n\tbefore read R\n"	\
			RULE_NEED RULE_CITE RULE_WHY

static const char good_rules[] =
	"# comment line\n"						/* 1 */
	"config vhe if defined(VHE) || (defined(A) && !defined(B))\n"	/* 2 */
	"\tpin HCR_EL2.E2H 1\n"						/* 3 */
	"\tpin HCR_EL2.TGE\n"						/* 4 */
	"\treturns has_vhe 1\n"						/* 5 */
	"cse isb\n"							/* 6 */
	"\tcite \"isb-cite\"\n"						/* 7 */
	"\tinsn isb\n"							/* 8 */
	"cse eret when SCTLR_EL2.EOS == 1\n"				/* 9 */
	"\tinsn eret, insn eretaa\n"					/* 10 */
	"function __guest_enter cse resumes __guest_exit\n"		/* 11 */
	"\twhy \"enter-why\"\n"						/* 12 */
	"function hyp_panic noreturn\n"					/* 13 */
	"rule tge\n"							/* 14 */
	"\tafter write HCR_EL2.TGE, write TRBLIMITR_EL1.E=0\n"		/* 15 */
	"\tbefore tlbi vmalle1*, at S1E1*, call foo\n"			/* 16 */
	"\tbefore access *_EL12   # a glob over the database\n"	/* 17 */
	"\tbefore insn paci*, insn DC civ*\n"				/* 18 */
	"\twhen HCR_EL2.E2H == 1\n"					/* 19 */
	"\tneed cse then tsb-csync\n"					/* 20 */
	"\tcite \"Arm ARM D8.13.1\"\n"					/* 21 */
	"\twhy \"because # not a comment\"\n"				/* 22 */
	"\n"								/* 23 */
	"rule alias\n"							/* 24 */
	"\tpair VBAR_EL2 VBAR_EL1\n"					/* 25 */
	"\tneed isb\n"							/* 26 */
	"\tcite \"C5.2\"\n"						/* 27 */
	"\twhy \"aliases\"\n"						/* 28 */
	"rule fpt\n"							/* 29 */
	"\tafter write CPTR_EL2.TFP when HCR_EL2.E2H == 0\n"		/* 30 */
	"\tbefore read VBAR_EL1\n"					/* 31 */
	"\tneed psb-csync then dsb then isb\n"				/* 32 */
	"\tcite \"c\"\n"						/* 33 */
	"\twhy \"w\"\n";						/* 34 */

static void write_file(const char *name, const char *text, size_t len)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void write_rules(const char *name, const char *text)
{
	write_file(name, text, strlen(text));
}

/* Loads path (NULL: the test's directory) into rs; errors in errtext. */
static int load(const char *path)
{
	FILE *err;
	const char *paths[1] = { path ? path : dir };
	int rc;

	free(errtext);
	errtext = NULL;
	err = open_memstream(&errtext, &errlen);
	assert_non_null(err);
	rules_free(&rs);	/* a set left by an earlier load */
	rc = rules_load(&rs, paths, 1, err);
	assert_int_equal(fclose(err), 0);
	return rc;
}

/*
 * Writes text as a.rules alone in the directory; loading must fail with
 * "DIR/a.rules:LINE:COL: error: MSG" (MSG a prefix of the message).
 */
static void expect_error(const char *text, unsigned line, unsigned col,
			 const char *msg)
{
	char want[512];

	write_rules("a.rules", text);
	snprintf(want, sizeof(want), "%s/a.rules:%u:%u: error: %s", dir, line,
		 col, msg);
	if (load(NULL) != -1)
		fail_msg("loaded, but expected \"%s\" for:\n%s", want, text);
	if (!strstr(errtext, want))
		fail_msg("expected \"%s\" in:\n%s", want, errtext);
	assert_true(rs.nerrors > 0);
	rules_free(&rs);
}

static char *with_regs(const char *s)
{
	static char buf[4096];

	snprintf(buf, sizeof(buf), "%s%s%s", regs, s, steps);
	return buf;
}

static void test_valid_set(void **state)
{
	const struct sysreg *r;
	const struct rule *ru;
	const struct clause *c;
	const struct fn_attr *fa;
	int hcr, trb, sctlr, vbar1, vbar12, vbar2, cptr;

	(void)state;
	write_rules("a.rules", regs);
	write_rules("b.rules", good_rules);
	write_rules("c.rules", steps);
	assert_int_equal(load(NULL), 0);
	assert_string_equal(errtext, "");
	assert_int_equal(rs.nerrors, 0);
	assert_true(rs.fingerprint != 0);

	/* registers: encodings, fields, names case-insensitive */
	assert_int_equal(rs.db.nregs, 7);
	hcr = regdb_find_name(&rs.db, "hcr_el2");
	assert_int_equal(hcr, 0);
	trb = regdb_find_name(&rs.db, "TRBLIMITR_EL1");
	sctlr = regdb_find_name(&rs.db, "SCTLR_EL2");
	vbar1 = regdb_find_name(&rs.db, "VBAR_EL1");
	vbar12 = regdb_find_name(&rs.db, "VBAR_EL12");
	vbar2 = regdb_find_name(&rs.db, "VBAR_EL2");
	cptr = regdb_find_name(&rs.db, "CPTR_EL2");
	assert_true(trb >= 0 && sctlr >= 0 && vbar1 >= 0 && vbar12 >= 0 &&
		    vbar2 >= 0 && cptr >= 0);
	r = &rs.db.regs[hcr];
	assert_string_equal(r->name, "HCR_EL2");
	assert_int_equal(r->enc, SYSREG_ENC(3, 4, 1, 1, 0));
	assert_int_equal(r->nfields, 4);
	assert_string_equal(r->fields[0].name, "VM");
	assert_int_equal(r->fields[0].lo, 0);
	assert_int_equal(r->fields[0].hi, 0);
	assert_int_equal(r->fields[0].mask, 1);
	assert_string_equal(r->fields[1].name, "BSU");
	assert_int_equal(r->fields[1].lo, 10);
	assert_int_equal(r->fields[1].hi, 11);
	assert_int_equal(r->fields[1].mask, 0xc00);
	assert_int_equal(r->fields[sysreg_find_field(r, "tge")].mask, 1ull << 27);
	assert_int_equal(r->fields[sysreg_find_field(r, "E2H")].mask, 1ull << 34);
	assert_false(r->fields[0].when.present);
	assert_int_equal(r->pos.line, 1);
	assert_int_equal(r->pos.col, 10);
	assert_non_null(strstr(r->pos.file, "a.rules"));
	assert_int_equal(rs.db.regs[trb].enc, 0x189b00);
	assert_int_equal(regdb_find_enc(&rs.db, SYSREG_ENC(3, 5, 12, 0, 0)),
			 vbar12);
	/* a field of one layout */
	r = &rs.db.regs[cptr];
	assert_true(r->fields[0].when.present);
	assert_int_equal(r->fields[0].when.reg, hcr);
	assert_int_equal(r->fields[0].when.field,
			 sysreg_find_field(&rs.db.regs[hcr], "E2H"));
	assert_int_equal(r->fields[0].when.value, 0);

	/* the configuration */
	assert_int_equal(rs.nconfigs, 1);
	assert_string_equal(rs.configs[0].name, "vhe");
	assert_int_equal(rs.configs[0].pos.line, 2);
	assert_int_equal(rs.configs[0].npins, 2);
	assert_int_equal(rs.configs[0].pins[0].reg, hcr);
	assert_int_equal(rs.configs[0].pins[0].field,
			 sysreg_find_field(&rs.db.regs[hcr], "E2H"));
	assert_true(rs.configs[0].pins[0].has_value);
	assert_int_equal(rs.configs[0].pins[0].value, 1);
	assert_int_equal(rs.configs[0].pins[1].field,
			 sysreg_find_field(&rs.db.regs[hcr], "TGE"));
	assert_false(rs.configs[0].pins[1].has_value);
	assert_int_equal(rs.configs[0].nreturns, 1);
	assert_string_equal(rs.configs[0].returns[0].name, "has_vhe");
	assert_int_equal(rs.configs[0].returns[0].value, 1);

	/* what synchronizes */
	assert_int_equal(rs.ncses, 2);
	assert_string_equal(rs.cses[0].name, "isb");
	assert_int_equal(rs.cses[0].ninsns, 1);
	assert_string_equal(rs.cses[0].insns[0].insn, "isb");
	assert_null(rs.cses[0].insns[0].operand);
	assert_false(rs.cses[0].when.present);
	assert_string_equal(rs.cses[0].cite, "isb-cite");
	assert_string_equal(rs.cses[1].name, "eret");
	assert_int_equal(rs.cses[1].ninsns, 2);
	assert_string_equal(rs.cses[1].insns[1].insn, "eretaa");
	assert_true(rs.cses[1].when.present);
	assert_int_equal(rs.cses[1].when.reg, sctlr);
	assert_int_equal(rs.cses[1].when.value, 1);
	assert_int_equal(rs.nfns, 2);
	fa = rules_find_fn(&rs, "__guest_enter");
	assert_non_null(fa);
	assert_true(fa->cse);
	assert_false(fa->noreturn);
	assert_string_equal(fa->resumes, "__guest_exit");
	assert_string_equal(fa->why, "enter-why");
	fa = rules_find_fn(&rs, "hyp_panic");
	assert_non_null(fa);
	assert_true(fa->noreturn);
	assert_false(fa->cse);
	assert_null(rules_find_fn(&rs, "nothing"));

	assert_int_equal(rs.nrules, 3);

	/* rule tge */
	ru = &rs.rules[0];
	assert_string_equal(ru->id, "tge");
	assert_int_equal(ru->pos.line, 14);
	assert_int_equal(ru->pos.col, 6);
	assert_string_equal(ru->cite, "Arm ARM D8.13.1");
	assert_string_equal(ru->why, "because # not a comment");
	assert_int_equal(ru->nclauses, 1);
	c = &ru->clauses[0];
	assert_int_equal(c->nafter, 2);
	assert_int_equal(c->after[0].kind, PAT_WRITE);
	assert_int_equal(c->after[0].reg, hcr);
	assert_int_equal(c->after[0].field,
			 sysreg_find_field(&rs.db.regs[hcr], "TGE"));
	assert_false(c->after[0].has_value);
	assert_int_equal(c->after[0].pos.line, 15);
	assert_int_equal(c->after[0].pos.col, 8);
	assert_int_equal(c->after[1].kind, PAT_WRITE);
	assert_int_equal(c->after[1].reg, trb);
	assert_int_equal(c->after[1].field, 0);
	assert_true(c->after[1].has_value);
	assert_int_equal(c->after[1].value, 0);
	/*
	 * tlbi, at (instructions by mnemonic and operand), call, the one
	 * register matching *_EL12, then instructions with and without an
	 * operand glob
	 */
	assert_int_equal(c->nbefore, 6);
	assert_int_equal(c->before[0].kind, PAT_INSN);
	assert_string_equal(c->before[0].insn, "tlbi");
	assert_string_equal(c->before[0].operand, "vmalle1*");
	assert_int_equal(c->before[1].kind, PAT_INSN);
	assert_string_equal(c->before[1].insn, "at");
	assert_string_equal(c->before[1].operand, "s1e1*");	/* lower case */
	assert_int_equal(c->before[2].kind, PAT_CALL);
	assert_string_equal(c->before[2].callee, "foo");
	assert_int_equal(c->before[3].kind, PAT_ACCESS);
	assert_int_equal(c->before[3].reg, vbar12);
	assert_int_equal(c->before[3].field, -1);
	assert_int_equal(c->before[4].kind, PAT_INSN);
	assert_string_equal(c->before[4].insn, "paci*");
	assert_null(c->before[4].operand);
	assert_string_equal(c->before[5].insn, "dc");
	assert_string_equal(c->before[5].operand, "civ*");
	assert_true(rules_names_insn(&rs, "paciasp"));
	assert_true(rules_names_insn(&rs, "tsb"));	/* a step's */
	assert_true(rules_names_insn(&rs, "eretaa"));	/* a CSE's */
	assert_false(rules_names_insn(&rs, "autiasp"));
	assert_int_equal(ru->nneed, 2);
	assert_string_equal(rs.steps[ru->need[0]].name, "cse");
	assert_true(rs.steps[ru->need[0]].any_cse);
	assert_string_equal(rs.steps[ru->need[1]].name, "tsb-csync");
	assert_string_equal(rs.steps[ru->need[1]].text, "tsb csync");
	assert_string_equal(rs.steps[ru->need[1]].insert, "tsb_csync();");
	assert_true(ru->when.present);
	assert_int_equal(ru->when.reg, hcr);
	assert_int_equal(ru->when.value, 1);

	/* rule alias: "pair" makes both directions */
	ru = &rs.rules[1];
	assert_string_equal(ru->id, "alias");
	assert_int_equal(ru->nclauses, 2);
	assert_int_equal(ru->nneed, 1);
	assert_string_equal(rs.steps[ru->need[0]].name, "isb");
	assert_false(ru->when.present);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(ru->clauses[i].nafter, 1);
		assert_int_equal(ru->clauses[i].nbefore, 1);
		assert_int_equal(ru->clauses[i].after[0].kind, PAT_WRITE);
		assert_int_equal(ru->clauses[i].after[0].field, -1);
		assert_int_equal(ru->clauses[i].before[0].kind, PAT_ACCESS);
	}
	assert_int_equal(ru->clauses[0].after[0].reg, vbar2);
	assert_int_equal(ru->clauses[0].before[0].reg, vbar1);
	assert_int_equal(ru->clauses[1].after[0].reg, vbar1);
	assert_int_equal(ru->clauses[1].before[0].reg, vbar2);

	/* rule fpt: a line's "when", a three-step sequence */
	ru = &rs.rules[2];
	c = &ru->clauses[0];
	assert_int_equal(c->nafter, 1);
	assert_true(c->after[0].when.present);
	assert_int_equal(c->after[0].when.value, 0);
	assert_int_equal(c->before[0].kind, PAT_READ);
	assert_false(c->before[0].when.present);
	assert_int_equal(ru->nneed, 3);
	assert_string_equal(rs.steps[ru->need[0]].name, "psb-csync");
	assert_string_equal(rs.steps[ru->need[1]].name, "dsb");
	assert_string_equal(rs.steps[ru->need[2]].name, "isb");
	rules_free(&rs);
	assert_int_equal(rs.nrules, 0);
}

static void test_glob_expansion(void **state)
{
	const struct clause *c;

	(void)state;
	write_rules("a.rules", with_regs("rule g\n"
					 "\tafter write VBAR_*\n"
					 "\tbefore access *_el1*\n"
					 "\tneed cse\n\tcite \"c\"\n\twhy \"w\"\n"));
	assert_int_equal(load(NULL), 0);
	c = &rs.rules[0].clauses[0];
	/* VBAR_EL1, VBAR_EL12, VBAR_EL2 in declaration order */
	assert_int_equal(c->nafter, 3);
	assert_int_equal(c->after[0].reg, regdb_find_name(&rs.db, "VBAR_EL1"));
	assert_int_equal(c->after[1].reg, regdb_find_name(&rs.db, "VBAR_EL12"));
	assert_int_equal(c->after[2].reg, regdb_find_name(&rs.db, "VBAR_EL2"));
	/* case-insensitive: TRBLIMITR_EL1, VBAR_EL1, VBAR_EL12 */
	assert_int_equal(c->nbefore, 3);
	assert_int_equal(c->before[0].reg,
			 regdb_find_name(&rs.db, "TRBLIMITR_EL1"));
	assert_int_equal(c->before[2].reg, regdb_find_name(&rs.db, "VBAR_EL12"));
	rules_free(&rs);

	assert_true(glob_match("vmalle1*", "vmalle1is"));
	assert_true(glob_match("vmalle1*", "vmalle1"));
	assert_false(glob_match("vmalle1*", "vmalls12e1"));
	assert_true(glob_match("*_EL12", "vbar_el12"));
	assert_false(glob_match("*_EL12", "VBAR_EL1"));
	assert_true(glob_match("s1e*r", "s1e1r"));
}

static bool defined_in(const char *m, void *ctx)
{
	return strstr(ctx, m) != NULL;
}

static void test_config_condition(void **state)
{
	const struct config_cond *e;

	(void)state;
	write_rules("a.rules", regs);
	write_rules("b.rules", good_rules);
	write_rules("c.rules", steps);
	assert_int_equal(load(NULL), 0);
	e = rs.configs[0].cond;
	/* defined(VHE) || (defined(A) && !defined(B)) */
	assert_int_equal(e->op, COND_OR);
	assert_int_equal(e->l->op, COND_DEFINED);
	assert_string_equal(e->l->macro, "VHE");
	assert_int_equal(e->r->op, COND_AND);
	assert_int_equal(e->r->r->op, COND_NOT);
	assert_true(config_cond_eval(e, defined_in, "VHE"));
	assert_true(config_cond_eval(e, defined_in, "VHE B"));
	assert_true(config_cond_eval(e, defined_in, "A"));
	assert_false(config_cond_eval(e, defined_in, "A B"));
	assert_false(config_cond_eval(e, defined_in, "B"));
	assert_false(config_cond_eval(e, defined_in, ""));
	rules_free(&rs);
}

static void test_error_unknown_register_or_field(void **state)
{
	(void)state;
	expect_error(with_regs("rule r\n\tafter write HCR_EL3.TGE\n"), 16, 14,
		     "unknown register 'HCR_EL3'");
	expect_error(with_regs("rule r\n" RULE_AFTER "\tbefore access NOPE\n"),
		     17, 16, "unknown register 'NOPE'");
	expect_error(with_regs("rule r\n\tafter write HCR_EL2.TGX\n"), 16, 14,
		     "register HCR_EL2 has no field 'TGX'");
	expect_error(with_regs("config c if defined(X)\n\tpin HCR_EL2.NOPE 1\n"),
		     16, 6, "register HCR_EL2 has no field 'NOPE'");
	expect_error(with_regs("rule r\n\twhen HCR_EL3.E2H == 1\n"), 16, 7,
		     "unknown register 'HCR_EL3'");
}

static void test_error_bad_bits(void **state)
{
	(void)state;
	expect_error("register R 3 0 0 0 0\n\tfield F 64\n", 2, 10,
		     "bad bit position '64' (N or HI:LO, 0-63)");
	expect_error("register R 3 0 0 0 0\n\tfield F 3:5\n", 2, 10,
		     "bad bit position '3:5'");
	expect_error("register R 3 0 0 0 0\n\tfield F 64:0\n", 2, 10,
		     "bad bit position '64:0'");
	expect_error("register R 3 0 0 0 0\n\tfield F x\n", 2, 10,
		     "bad bit position 'x'");
	expect_error("register R 3 0 0 0 0\n\tfield F 1\n\tfield F 2\n", 3, 8,
		     "field R.F declared twice");
}

/*
 * Guards bit positions against truncation: "field F 4294967296" (2^32)
 * is a bad bit position, not bit 0 (as strtoul() cast to unsigned once
 * made it, and "4294967359:4294967296" 63:0).
 */
static void test_error_bit_position_truncated(void **state)
{
	(void)state;
	expect_error("register R 3 0 0 0 0\n\tfield F 4294967296\n" R_RULE,
		     2, 10,
		     "bad bit position '4294967296'");
}

/*
 * Guards "HI:" with no LO: a bad bit position, not HI:0 (strtoul() of
 * the empty rest once ended at the end of the token and read as 0).
 */
static void test_error_bit_position_empty_lo(void **state)
{
	(void)state;
	expect_error("register R 3 0 0 0 0\n\tfield F 1:\n" R_RULE,
		     2, 10,
		     "bad bit position '1:'");
}

static void test_error_duplicates(void **state)
{
	(void)state;
	expect_error("register R 3 0 0 0 0\nregister R 3 0 0 0 1\n", 2, 10,
		     "register R declared twice");
	expect_error("register R 3 0 0 0 0\nregister r 3 0 0 0 1\n", 2, 10,
		     "register R declared twice");
	expect_error("register R 3 0 0 0 0\nregister S 3 0 0 0 0\n", 2, 10,
		     "register S has the encoding of R");
	expect_error(with_regs("rule r\n" RULE_ALL "rule r\n" RULE_ALL), 21, 6,
		     "rule r defined twice (first at ");
	expect_error(with_regs("function f cse\nfunction f noreturn\n"), 16, 10,
		     "function f described twice");
}

static void test_error_encoding_range(void **state)
{
	(void)state;
	expect_error("register R 4 0 0 0 0\n", 1, 10,
		     "encoding out of range (op0 0-3, op1 0-7, CRn 0-15, CRm 0-15, op2 0-7)");
	expect_error("register R 3 8 0 0 0\n", 1, 10, "encoding out of range");
	expect_error("register R 3 0 16 0 0\n", 1, 10, "encoding out of range");
	expect_error("register R 3 0 0 16 0\n", 1, 10, "encoding out of range");
	expect_error("register R 3 0 0 0 8\n", 1, 10, "encoding out of range");
	expect_error("register R 3 0 0 0\n", 1, 19,
		     "expected a number, found ''");
	expect_error("register R 3 0 0 0 0 7\n", 1, 22, "unexpected '7'");
}

static void test_error_incomplete_rule(void **state)
{
	(void)state;
	expect_error(with_regs("rule r\n" RULE_AFTER RULE_BEFORE RULE_NEED RULE_WHY),
		     15, 6, "rule r is missing 'cite'");
	expect_error(with_regs("rule r\n" RULE_AFTER RULE_BEFORE RULE_NEED RULE_CITE),
		     15, 6, "rule r is missing 'why'");
	expect_error(with_regs("rule r\n" RULE_AFTER RULE_BEFORE RULE_CITE RULE_WHY),
		     15, 6, "rule r is missing 'need'");
	expect_error(with_regs("rule r\n" RULE_AFTER RULE_NEED RULE_CITE RULE_WHY),
		     15, 6, "rule r needs both 'after' and 'before'");
	expect_error(with_regs("rule r\n" RULE_BEFORE RULE_NEED RULE_CITE RULE_WHY),
		     15, 6, "rule r needs both 'after' and 'before'");
	expect_error(with_regs("rule r\n" RULE_NEED RULE_CITE RULE_WHY),
		     15, 6, "rule r has no 'after'/'before' or 'pair'");
	/* the last rule of a file that is not the last one read */
	expect_error(with_regs("rule r\n" RULE_AFTER RULE_BEFORE RULE_NEED
			       RULE_CITE "cse isb\n"),
		     15, 6, "rule r is missing 'why'");
	expect_error(with_regs("rule r\n" RULE_AFTER RULE_BEFORE
			       "\tneed cse then\n" RULE_CITE RULE_WHY),
		     18, 15, "expected a step (see 'step' blocks)");
	expect_error(with_regs("rule r\n" RULE_AFTER RULE_BEFORE
			       "\tneed cse then sometimes\n" RULE_CITE RULE_WHY),
		     18, 16, "unknown step 'sometimes' (no 'step sometimes' block)");
	expect_error(with_regs("rule r\n" RULE_ALL RULE_NEED), 21, 2,
		     "rule r has two 'need' lines");
	expect_error(with_regs("rule r\n" RULE_AFTER RULE_BEFORE RULE_NEED
			       "\tcite c\n" RULE_WHY),
		     19, 7, "expected a quoted string");
	expect_error(with_regs("rule r\n\tafter read HCR_EL2\n"), 16, 8,
		     "'after' takes write or instruction events");
	expect_error(with_regs("rule r\n" RULE_AFTER "\tbefore read HCR_EL2.TGE\n"),
		     17, 14, "a read names a whole register");
	expect_error(with_regs("rule r\n\tpair HCR_EL2.TGE VBAR_EL1\n"), 16, 7,
		     "'pair' names whole registers");
}

static void test_error_keywords(void **state)
{
	(void)state;
	expect_error("frobnicate x\n", 1, 1,
		     "unknown keyword 'frobnicate' (include, register, step, config, cse, function, pure, captest, keytest, rule)");
	expect_error(with_regs("frobnicate x\n"), 15, 1,
		     "unknown keyword 'frobnicate'");
	expect_error(with_regs("rule r\n\tsometimes x\n"), 16, 2,
		     "unknown rule property 'sometimes' (after, before, pair, hold, when, when cap, when !cap, need, cite, why)");
	expect_error(with_regs("cse isb\n\tfoo \"x\"\n"), 16, 2,
		     "unknown property 'foo' (insn, cite, why)");
	expect_error(with_regs("function f cse\n\tcite \"c\"\n\tbar \"x\"\n"),
		     17, 2, "unknown property 'bar' (cite, why)");
	expect_error("register R 3 0 0 0 0\n\tfoo F 1\n", 2, 2,
		     "expected 'field' in a register block");
	expect_error(with_regs("config c if defined(X)\n\tfoo HCR_EL2.E2H\n"),
		     16, 2, "expected 'pin', 'cap', 'returns' or 'variant' in a config block");
	expect_error(with_regs("rule r\n\tafter frob HCR_EL2\n"), 16, 8,
		     "unknown event 'frob'");
	expect_error(with_regs("cse frob\n"), 15, 5,
		     "cse frob names no instruction ('insn ...')");
	expect_error(with_regs("cse a\n\tinsn isb\ncse a\n\tinsn isb\n"),
		     17, 5, "cse a defined twice");
	expect_error(with_regs("cse a\n\tinsn isb, write HCR_EL2\n"), 16, 12,
		     "expected instructions ('insn MNEMONIC [OPERAND]')");
	expect_error(with_regs("function f sometimes\n"), 15, 12,
		     "expected 'cse', 'noreturn', 'resumes' or 'writes'");
	expect_error("\tfield F 1\n", 1, 2, "indented line outside a block");
	expect_error(with_regs("config c if defined(X\n"), 15, 13,
		     "expected defined(MACRO)");
	expect_error(with_regs("config c if X\n"), 15, 13,
		     "expected defined(MACRO), '!' or '('");
	expect_error(with_regs("config c defined(X)\n"), 15, 8,
		     "expected 'config NAME if CONDITION'");
}

/* Steps: what completes each, what a fix inserts, how it is named. */
static void test_error_steps(void **state)
{
	(void)state;
	expect_error(with_regs("step s\n\tinsn isb\n"), 15, 6,
		     "step s needs 'insert' (the statement a fix inserts)");
	expect_error(with_regs("step s\n\tinsert \"x();\"\n"), 15, 6,
		     "step s needs either 'insn' lines or 'any-cse'");
	expect_error(with_regs("step s\n\tany-cse\n\tinsn isb\n"
			       "\tinsert \"x();\"\n"), 15, 6,
		     "step s needs either 'insn' lines or 'any-cse'");
	expect_error(with_regs("step s\n\tany-cse\n\tinsert \"x();\"\n"), 15,
		     6, "step s needs 'text' (how messages name it)");
	expect_error(with_regs("step s\n\tinsn isb\n\tinsert \"a\"\n"
			       "\tinsert \"b\"\n"), 18, 2, "two 'insert' lines");
	expect_error(with_regs("step s\n\tfoo x\n"), 16, 2,
		     "unknown step property 'foo' (insn, any-cse, insert, text)");
	/* the shipped steps follow: step isb is their 5th line */
	expect_error(with_regs("step isb\n\tinsn isb\n\tinsert \"i\"\n"),
		     22, 6, "step isb defined twice");
	/* more configurations than a TU's bit set holds */
	{
		char many[8192];
		size_t o = 0;

		for (int i = 0; i < 65 && o < sizeof(many); i++)
			o += (size_t)snprintf(many + o, sizeof(many) - o,
					      "config c%d if defined(C%d)\n",
					      i, i);
		snprintf(many + o, sizeof(many) - o, "rule r\n" RULE_ALL);
		expect_error(with_regs(many), 79, 8,
			     "more than 64 configurations");
	}
}

static void test_error_strings(void **state)
{
	(void)state;
	expect_error(with_regs("rule r\n\tcite \"open\n"), 16, 7,
		     "unterminated string");
	expect_error(with_regs("cse isb\n\twhy \"open\n"), 16, 6,
		     "unterminated string");
	/* a second cite or why would silently replace the first */
	expect_error(with_regs("rule r\n\tcite \"a\"\n\tcite \"b\"\n"), 17, 2,
		     "rule r has two 'cite' lines");
	expect_error(with_regs("cse isb\n\twhy \"a\"\n\twhy \"b\"\n"), 17, 2,
		     "two 'why' lines");
}

static void test_error_values(void **state)
{
	(void)state;
	/* BSU is 11:10, two bits */
	expect_error(with_regs("rule r\n\tafter write HCR_EL2.BSU=4\n"), 16, 14,
		     "value does not fit in HCR_EL2.BSU");
	expect_error(with_regs("rule r\n\tafter write HCR_EL2.TGE=2\n"), 16, 14,
		     "value does not fit in HCR_EL2.TGE");
	expect_error(with_regs("config c if defined(X)\n\tpin HCR_EL2.TGE 2\n"),
		     16, 6, "value does not fit in HCR_EL2.TGE");
	expect_error(with_regs("rule r\n\tafter write HCR_EL2.TGE=x\n"), 16, 26,
		     "expected a number, found 'x'");
	expect_error(with_regs("rule r\n\tafter write HCR_EL2=1\n"), 16, 14,
		     "expected REGISTER.FIELD, found 'HCR_EL2'");
	expect_error(with_regs("rule r\n" RULE_AFTER "\tbefore access HCR_EL2.TGE=1\n"),
		     17, 16, "only a write has a new value");
	expect_error(with_regs("rule r\n\twhen HCR_EL2.E2H = 1\n"), 16, 19,
		     "expected '==' in condition");
	/* values in BSU's range are fine */
	{
	
		write_rules("a.rules", with_regs("rule r\n\tafter write HCR_EL2.BSU=3\n"
						 RULE_BEFORE RULE_NEED RULE_CITE RULE_WHY));
		assert_int_equal(load(NULL), 0);
		assert_int_equal(rs.rules[0].clauses[0].after[0].value, 3);
		rules_free(&rs);
	}
}

/*
 * Guards "write GLOB.FIELD=V": V must fit the field of every register
 * the glob matches, whatever their order (A_X.F is one bit, B_X.F two:
 * "write *_X.F=2" is rejected either way; it once depended on which was
 * declared last).
 */
static void test_error_glob_value_fits_every_match(void **state)
{
	(void)state;
	/* the narrow field last: rejected */
	expect_error("register A_X 3 0 0 0 0\n"
		     "\tfield F 1:0\n"
		     "register B_X 3 0 0 0 1\n"
		     "\tfield F 0\n"
		     "rule r\n"
		     "\tafter write *_X.F=2\n"
		     "\tbefore read A_X\n"
		     RULE_NEED RULE_CITE RULE_WHY,
		     6, 14, "value does not fit in B_X.F");
	/* the narrow field first */
	expect_error("register A_X 3 0 0 0 0\n"
		     "\tfield F 0\n"
		     "register B_X 3 0 0 0 1\n"
		     "\tfield F 1:0\n"
		     "rule r\n"
		     "\tafter write *_X.F=2\n"
		     "\tbefore read A_X\n"
		     RULE_NEED RULE_CITE RULE_WHY,
		     6, 14, "value does not fit in A_X.F");
}

static void test_error_globs(void **state)
{
	(void)state;
	expect_error(with_regs("rule r\n" RULE_AFTER "\tbefore access NOPE_*\n"),
		     17, 16, "no register matches 'NOPE_*'");
	expect_error(with_regs("rule r\n\tafter write *_EL9\n"), 16, 14,
		     "no register matches '*_EL9'");
	/* every register the glob matches must have the field */
	expect_error(with_regs("rule r\n\tafter write *_EL2.TGE\n"), 16, 14,
		     "register SCTLR_EL2 has no field 'TGE'");
}

static void test_error_field_when(void **state)
{
	(void)state;
	expect_error("register R 3 0 0 0 0\n\tfield F 1 when NOPE.X == 1\n", 2,
		     17, "unknown register 'NOPE'");
	expect_error("register R 3 0 0 0 0\n\tfield F 1 when R.X == 1\n", 2, 17,
		     "register R has no field 'X'");
	expect_error("register R 3 0 0 0 0\n\tfield F 1 when R == 1\n", 2, 17,
		     "expected REGISTER.FIELD, found 'R'");
	expect_error("register R 3 0 0 0 0\n\tfield F 1 when R.F = 1\n", 2, 21,
		     "expected '==' in condition");
}

/*
 * Guards NUL bytes on the last line of a file with no final newline:
 * "NUL byte in rule file" as on any other line (the check once skipped
 * it, and "\tcite \"a\0b\"" loaded with cite "a").
 */
static void test_error_nul_byte(void **state)
{
	static const char mid[] = "register R 3 0 0 0 0\n# x\0y\n";
	static const char last[] = "register R 3 0 0 0 0\n"
				   "rule r\n\tafter write R\n\tbefore read R\n"
				   RULE_NEED RULE_WHY "\tcite \"a\0b\"";

	(void)state;
	write_file("a.rules", mid, sizeof(mid) - 1);
	assert_int_equal(load(NULL), -1);
	assert_non_null(strstr(errtext, "a.rules:2:1: error: NUL byte in rule file"));
	rules_free(&rs);

	write_file("a.rules", last, sizeof(last) - 1);
	assert_int_equal(load(NULL), -1);
	assert_non_null(strstr(errtext, "a.rules:7:1: error: NUL byte in rule file"));
	rules_free(&rs);
}

static void test_missing_paths(void **state)
{
	char want[256];

	(void)state;
	/* an empty directory, then one with no *.rules in it */
	assert_int_equal(load(NULL), -1);
	snprintf(want, sizeof(want), "%s: error: no *.rules files in directory",
		 dir);
	assert_non_null(strstr(errtext, want));
	rules_free(&rs);
	write_rules("rules.txt", regs);
	write_rules(".rules", regs);		/* no name before .rules */
	assert_int_equal(load(NULL), -1);
	assert_non_null(strstr(errtext, want));
	rules_free(&rs);

	assert_int_equal(load("/nonexistent/isbcheck.rules"), -1);
	assert_non_null(strstr(errtext, "/nonexistent/isbcheck.rules: error: cannot open rules"));
	assert_non_null(strstr(errtext, "No such file or directory"));
	rules_free(&rs);

	/* a set with registers only has no rules */
	write_rules("a.rules", regs);
	assert_int_equal(load(NULL), -1);
	assert_non_null(strstr(errtext, "error: the rule set has no rules"));
	rules_free(&rs);
}

static void test_single_file_path(void **state)
{
	char path[256];

	(void)state;
	write_rules("one.rules", with_regs("rule r\n" RULE_ALL));
	write_rules("two.rules", "this would not parse\n");
	snprintf(path, sizeof(path), "%s/one.rules", dir);
	assert_int_equal(load(path), 0);
	assert_int_equal(rs.nrules, 1);
	rules_free(&rs);
}

static void test_registers_in_later_file(void **state)
{

	(void)state;
	/* a.rules is read first and names registers z.rules declares */
	write_rules("a.rules", good_rules);
	write_rules("z.rules", regs);
	write_rules("zz.rules", steps);
	assert_int_equal(load(NULL), 0);
	assert_string_equal(errtext, "");
	assert_int_equal(rs.nrules, 3);
	assert_int_equal(rs.rules[0].clauses[0].after[0].reg,
			 regdb_find_name(&rs.db, "HCR_EL2"));
	assert_non_null(strstr(rs.rules[0].pos.file, "a.rules"));
	assert_non_null(strstr(rs.db.regs[0].pos.file, "z.rules"));
	rules_free(&rs);

	/* errors in the later file still name it */
	write_rules("z.rules", "register HCR_EL2 3 4 1 1 0\n\tfield TGE 99\n");
	assert_int_equal(load(NULL), -1);
	assert_non_null(strstr(errtext, "z.rules:2:12: error: bad bit position '99'"));
	rules_free(&rs);
}

static void test_shipped_rules(void **state)
{
	const char *path = getenv("ISBCHECK_RULES_DIR");
	const struct sysreg *hcr;
	int i, reg, tge, e2h;

	(void)state;
	if (load(path ? path : "rules"))
		fail_msg("the shipped rules do not load (run from the top of the tree or set ISBCHECK_RULES_DIR):\n%s",
			 errtext);
	assert_string_equal(errtext, "");
	reg = regdb_find_name(&rs.db, "HCR_EL2");
	assert_true(reg >= 0);
	hcr = &rs.db.regs[reg];
	assert_int_equal(hcr->enc, SYSREG_ENC(3, 4, 1, 1, 0));
	tge = sysreg_find_field(hcr, "TGE");
	e2h = sysreg_find_field(hcr, "E2H");
	assert_true(tge >= 0 && e2h >= 0);
	assert_int_equal(hcr->fields[tge].lo, 27);
	assert_int_equal(hcr->fields[tge].hi, 27);
	assert_int_equal(hcr->fields[e2h].lo, 34);
	assert_int_equal(hcr->fields[e2h].hi, 34);
	assert_int_equal(hcr->fields[e2h].mask, 1ull << 34);
	assert_int_equal(rs.db.regs[regdb_find_name(&rs.db, "TRBLIMITR_EL1")].enc,
			 SYSREG_ENC(3, 0, 9, 11, 0));
	assert_true(rs.nrules > 0);
	for (i = 0; i < rs.nrules; i++) {
		const struct rule *r = &rs.rules[i];

		if (!r->cite || !r->cite[0] || !r->why || !r->why[0] ||
		    r->nneed <= 0 || r->nclauses <= 0)
			fail_msg("rule %s: cite, why, need or after/before missing",
				 r->id);
		/* a state rule's obligation starts at no event: no 'after' */
		for (int c = 0; c < r->nclauses; c++)
			assert_true((r->clauses[c].nafter > 0 || r->state) &&
				    r->clauses[c].nbefore > 0);
	}
	rules_free(&rs);
}

/*
 * Every TLBI and AT operation of the Arm ARM (DDI 0487 L.a/M.a.a, C5.5
 * "A64 system instructions for address translation" and "... for TLB
 * maintenance", up to FEAT_XS, FEAT_TLBIRANGE, FEAT_RME, FEAT_TLBIW and
 * FEAT_ATS1A; not the 128-bit TLBIP forms, which are SYSP), by its SYS
 * encoding and the class of translations it acts on.  The encodings
 * agree with LLVM 19's assembler and with Linux 6.12's OP_TLBI_* and
 * OP_AT_* (sysreg.h), which lack EL3, FEAT_RME and FEAT_TLBIW.
 */
enum op_class {
	/* TLBI */
	T_E10_S1,	/* EL1&0 stage 1, by VA, ASID or all: current VMID */
	T_E10_IPA,	/* EL1&0 stage 2, by IPA: current VMID */
	T_E10_S12,	/* EL1&0 stages 1 and 2, all: current VMID */
	T_E10_S2W,	/* EL1&0 stage 2 dirty state (FEAT_TLBIW): current VMID */
	T_E10_ALL,	/* EL1&0, all VMIDs */
	T_E2,		/* EL2 or EL2&0 */
	T_E3,		/* EL3 */
	T_GPT,		/* granule protection table by PA (FEAT_RME) */
	/* AT */
	A_E10_S1,	/* EL1&0 stage 1 (the regime TGE selects with E2H=1) */
	A_E10_S12,	/* EL1&0 stages 1 and 2 (stage 1 only if TGE or !VM) */
	A_E2,		/* EL2 or EL2&0 */
	A_E3,		/* EL3 */
	NCLASSES
};

#define C(x) (1u << (x))

static const struct arch_op {
	const char *mnemonic, *name;
	unsigned char op1, crn, crm, op2;
	enum op_class cls;
} arch_ops[] = {
	{ "at", "s1e0r", 0, 7, 8, 2, A_E10_S1 },
	{ "at", "s1e0w", 0, 7, 8, 3, A_E10_S1 },
	{ "at", "s1e1a", 0, 7, 9, 2, A_E10_S1 },
	{ "at", "s1e1r", 0, 7, 8, 0, A_E10_S1 },
	{ "at", "s1e1rp", 0, 7, 9, 0, A_E10_S1 },
	{ "at", "s1e1w", 0, 7, 8, 1, A_E10_S1 },
	{ "at", "s1e1wp", 0, 7, 9, 1, A_E10_S1 },

	{ "at", "s12e0r", 4, 7, 8, 6, A_E10_S12 },
	{ "at", "s12e0w", 4, 7, 8, 7, A_E10_S12 },
	{ "at", "s12e1r", 4, 7, 8, 4, A_E10_S12 },
	{ "at", "s12e1w", 4, 7, 8, 5, A_E10_S12 },

	{ "at", "s1e2a", 4, 7, 9, 2, A_E2 },
	{ "at", "s1e2r", 4, 7, 8, 0, A_E2 },
	{ "at", "s1e2w", 4, 7, 8, 1, A_E2 },

	{ "at", "s1e3a", 6, 7, 9, 2, A_E3 },
	{ "at", "s1e3r", 6, 7, 8, 0, A_E3 },
	{ "at", "s1e3w", 6, 7, 8, 1, A_E3 },

	{ "tlbi", "aside1", 0, 8, 7, 2, T_E10_S1 },
	{ "tlbi", "aside1is", 0, 8, 3, 2, T_E10_S1 },
	{ "tlbi", "aside1os", 0, 8, 1, 2, T_E10_S1 },
	{ "tlbi", "aside1isnxs", 0, 9, 3, 2, T_E10_S1 },
	{ "tlbi", "aside1nxs", 0, 9, 7, 2, T_E10_S1 },
	{ "tlbi", "aside1osnxs", 0, 9, 1, 2, T_E10_S1 },
	{ "tlbi", "rvaae1", 0, 8, 6, 3, T_E10_S1 },
	{ "tlbi", "rvaae1is", 0, 8, 2, 3, T_E10_S1 },
	{ "tlbi", "rvaae1os", 0, 8, 5, 3, T_E10_S1 },
	{ "tlbi", "rvaae1isnxs", 0, 9, 2, 3, T_E10_S1 },
	{ "tlbi", "rvaae1nxs", 0, 9, 6, 3, T_E10_S1 },
	{ "tlbi", "rvaae1osnxs", 0, 9, 5, 3, T_E10_S1 },
	{ "tlbi", "rvaale1", 0, 8, 6, 7, T_E10_S1 },
	{ "tlbi", "rvaale1is", 0, 8, 2, 7, T_E10_S1 },
	{ "tlbi", "rvaale1os", 0, 8, 5, 7, T_E10_S1 },
	{ "tlbi", "rvaale1isnxs", 0, 9, 2, 7, T_E10_S1 },
	{ "tlbi", "rvaale1nxs", 0, 9, 6, 7, T_E10_S1 },
	{ "tlbi", "rvaale1osnxs", 0, 9, 5, 7, T_E10_S1 },
	{ "tlbi", "rvae1", 0, 8, 6, 1, T_E10_S1 },
	{ "tlbi", "rvae1is", 0, 8, 2, 1, T_E10_S1 },
	{ "tlbi", "rvae1os", 0, 8, 5, 1, T_E10_S1 },
	{ "tlbi", "rvae1isnxs", 0, 9, 2, 1, T_E10_S1 },
	{ "tlbi", "rvae1nxs", 0, 9, 6, 1, T_E10_S1 },
	{ "tlbi", "rvae1osnxs", 0, 9, 5, 1, T_E10_S1 },
	{ "tlbi", "rvale1", 0, 8, 6, 5, T_E10_S1 },
	{ "tlbi", "rvale1is", 0, 8, 2, 5, T_E10_S1 },
	{ "tlbi", "rvale1os", 0, 8, 5, 5, T_E10_S1 },
	{ "tlbi", "rvale1isnxs", 0, 9, 2, 5, T_E10_S1 },
	{ "tlbi", "rvale1nxs", 0, 9, 6, 5, T_E10_S1 },
	{ "tlbi", "rvale1osnxs", 0, 9, 5, 5, T_E10_S1 },
	{ "tlbi", "vaae1", 0, 8, 7, 3, T_E10_S1 },
	{ "tlbi", "vaae1is", 0, 8, 3, 3, T_E10_S1 },
	{ "tlbi", "vaae1os", 0, 8, 1, 3, T_E10_S1 },
	{ "tlbi", "vaae1isnxs", 0, 9, 3, 3, T_E10_S1 },
	{ "tlbi", "vaae1nxs", 0, 9, 7, 3, T_E10_S1 },
	{ "tlbi", "vaae1osnxs", 0, 9, 1, 3, T_E10_S1 },
	{ "tlbi", "vaale1", 0, 8, 7, 7, T_E10_S1 },
	{ "tlbi", "vaale1is", 0, 8, 3, 7, T_E10_S1 },
	{ "tlbi", "vaale1os", 0, 8, 1, 7, T_E10_S1 },
	{ "tlbi", "vaale1isnxs", 0, 9, 3, 7, T_E10_S1 },
	{ "tlbi", "vaale1nxs", 0, 9, 7, 7, T_E10_S1 },
	{ "tlbi", "vaale1osnxs", 0, 9, 1, 7, T_E10_S1 },
	{ "tlbi", "vae1", 0, 8, 7, 1, T_E10_S1 },
	{ "tlbi", "vae1is", 0, 8, 3, 1, T_E10_S1 },
	{ "tlbi", "vae1os", 0, 8, 1, 1, T_E10_S1 },
	{ "tlbi", "vae1isnxs", 0, 9, 3, 1, T_E10_S1 },
	{ "tlbi", "vae1nxs", 0, 9, 7, 1, T_E10_S1 },
	{ "tlbi", "vae1osnxs", 0, 9, 1, 1, T_E10_S1 },
	{ "tlbi", "vale1", 0, 8, 7, 5, T_E10_S1 },
	{ "tlbi", "vale1is", 0, 8, 3, 5, T_E10_S1 },
	{ "tlbi", "vale1os", 0, 8, 1, 5, T_E10_S1 },
	{ "tlbi", "vale1isnxs", 0, 9, 3, 5, T_E10_S1 },
	{ "tlbi", "vale1nxs", 0, 9, 7, 5, T_E10_S1 },
	{ "tlbi", "vale1osnxs", 0, 9, 1, 5, T_E10_S1 },
	{ "tlbi", "vmalle1", 0, 8, 7, 0, T_E10_S1 },
	{ "tlbi", "vmalle1is", 0, 8, 3, 0, T_E10_S1 },
	{ "tlbi", "vmalle1os", 0, 8, 1, 0, T_E10_S1 },
	{ "tlbi", "vmalle1isnxs", 0, 9, 3, 0, T_E10_S1 },
	{ "tlbi", "vmalle1nxs", 0, 9, 7, 0, T_E10_S1 },
	{ "tlbi", "vmalle1osnxs", 0, 9, 1, 0, T_E10_S1 },

	{ "tlbi", "ipas2e1", 4, 8, 4, 1, T_E10_IPA },
	{ "tlbi", "ipas2e1is", 4, 8, 0, 1, T_E10_IPA },
	{ "tlbi", "ipas2e1os", 4, 8, 4, 0, T_E10_IPA },
	{ "tlbi", "ipas2e1isnxs", 4, 9, 0, 1, T_E10_IPA },
	{ "tlbi", "ipas2e1nxs", 4, 9, 4, 1, T_E10_IPA },
	{ "tlbi", "ipas2e1osnxs", 4, 9, 4, 0, T_E10_IPA },
	{ "tlbi", "ipas2le1", 4, 8, 4, 5, T_E10_IPA },
	{ "tlbi", "ipas2le1is", 4, 8, 0, 5, T_E10_IPA },
	{ "tlbi", "ipas2le1os", 4, 8, 4, 4, T_E10_IPA },
	{ "tlbi", "ipas2le1isnxs", 4, 9, 0, 5, T_E10_IPA },
	{ "tlbi", "ipas2le1nxs", 4, 9, 4, 5, T_E10_IPA },
	{ "tlbi", "ipas2le1osnxs", 4, 9, 4, 4, T_E10_IPA },
	{ "tlbi", "ripas2e1", 4, 8, 4, 2, T_E10_IPA },
	{ "tlbi", "ripas2e1is", 4, 8, 0, 2, T_E10_IPA },
	{ "tlbi", "ripas2e1os", 4, 8, 4, 3, T_E10_IPA },
	{ "tlbi", "ripas2e1isnxs", 4, 9, 0, 2, T_E10_IPA },
	{ "tlbi", "ripas2e1nxs", 4, 9, 4, 2, T_E10_IPA },
	{ "tlbi", "ripas2e1osnxs", 4, 9, 4, 3, T_E10_IPA },
	{ "tlbi", "ripas2le1", 4, 8, 4, 6, T_E10_IPA },
	{ "tlbi", "ripas2le1is", 4, 8, 0, 6, T_E10_IPA },
	{ "tlbi", "ripas2le1os", 4, 8, 4, 7, T_E10_IPA },
	{ "tlbi", "ripas2le1isnxs", 4, 9, 0, 6, T_E10_IPA },
	{ "tlbi", "ripas2le1nxs", 4, 9, 4, 6, T_E10_IPA },
	{ "tlbi", "ripas2le1osnxs", 4, 9, 4, 7, T_E10_IPA },

	{ "tlbi", "vmalls12e1", 4, 8, 7, 6, T_E10_S12 },
	{ "tlbi", "vmalls12e1is", 4, 8, 3, 6, T_E10_S12 },
	{ "tlbi", "vmalls12e1os", 4, 8, 1, 6, T_E10_S12 },
	{ "tlbi", "vmalls12e1isnxs", 4, 9, 3, 6, T_E10_S12 },
	{ "tlbi", "vmalls12e1nxs", 4, 9, 7, 6, T_E10_S12 },
	{ "tlbi", "vmalls12e1osnxs", 4, 9, 1, 6, T_E10_S12 },

	{ "tlbi", "vmallws2e1", 4, 8, 6, 2, T_E10_S2W },
	{ "tlbi", "vmallws2e1is", 4, 8, 2, 2, T_E10_S2W },
	{ "tlbi", "vmallws2e1os", 4, 8, 5, 2, T_E10_S2W },
	{ "tlbi", "vmallws2e1isnxs", 4, 9, 2, 2, T_E10_S2W },
	{ "tlbi", "vmallws2e1nxs", 4, 9, 6, 2, T_E10_S2W },
	{ "tlbi", "vmallws2e1osnxs", 4, 9, 5, 2, T_E10_S2W },

	{ "tlbi", "alle1", 4, 8, 7, 4, T_E10_ALL },
	{ "tlbi", "alle1is", 4, 8, 3, 4, T_E10_ALL },
	{ "tlbi", "alle1os", 4, 8, 1, 4, T_E10_ALL },
	{ "tlbi", "alle1isnxs", 4, 9, 3, 4, T_E10_ALL },
	{ "tlbi", "alle1nxs", 4, 9, 7, 4, T_E10_ALL },
	{ "tlbi", "alle1osnxs", 4, 9, 1, 4, T_E10_ALL },

	{ "tlbi", "alle2", 4, 8, 7, 0, T_E2 },
	{ "tlbi", "alle2is", 4, 8, 3, 0, T_E2 },
	{ "tlbi", "alle2os", 4, 8, 1, 0, T_E2 },
	{ "tlbi", "alle2isnxs", 4, 9, 3, 0, T_E2 },
	{ "tlbi", "alle2nxs", 4, 9, 7, 0, T_E2 },
	{ "tlbi", "alle2osnxs", 4, 9, 1, 0, T_E2 },
	{ "tlbi", "rvae2", 4, 8, 6, 1, T_E2 },
	{ "tlbi", "rvae2is", 4, 8, 2, 1, T_E2 },
	{ "tlbi", "rvae2os", 4, 8, 5, 1, T_E2 },
	{ "tlbi", "rvae2isnxs", 4, 9, 2, 1, T_E2 },
	{ "tlbi", "rvae2nxs", 4, 9, 6, 1, T_E2 },
	{ "tlbi", "rvae2osnxs", 4, 9, 5, 1, T_E2 },
	{ "tlbi", "rvale2", 4, 8, 6, 5, T_E2 },
	{ "tlbi", "rvale2is", 4, 8, 2, 5, T_E2 },
	{ "tlbi", "rvale2os", 4, 8, 5, 5, T_E2 },
	{ "tlbi", "rvale2isnxs", 4, 9, 2, 5, T_E2 },
	{ "tlbi", "rvale2nxs", 4, 9, 6, 5, T_E2 },
	{ "tlbi", "rvale2osnxs", 4, 9, 5, 5, T_E2 },
	{ "tlbi", "vae2", 4, 8, 7, 1, T_E2 },
	{ "tlbi", "vae2is", 4, 8, 3, 1, T_E2 },
	{ "tlbi", "vae2os", 4, 8, 1, 1, T_E2 },
	{ "tlbi", "vae2isnxs", 4, 9, 3, 1, T_E2 },
	{ "tlbi", "vae2nxs", 4, 9, 7, 1, T_E2 },
	{ "tlbi", "vae2osnxs", 4, 9, 1, 1, T_E2 },
	{ "tlbi", "vale2", 4, 8, 7, 5, T_E2 },
	{ "tlbi", "vale2is", 4, 8, 3, 5, T_E2 },
	{ "tlbi", "vale2os", 4, 8, 1, 5, T_E2 },
	{ "tlbi", "vale2isnxs", 4, 9, 3, 5, T_E2 },
	{ "tlbi", "vale2nxs", 4, 9, 7, 5, T_E2 },
	{ "tlbi", "vale2osnxs", 4, 9, 1, 5, T_E2 },

	{ "tlbi", "alle3", 6, 8, 7, 0, T_E3 },
	{ "tlbi", "alle3is", 6, 8, 3, 0, T_E3 },
	{ "tlbi", "alle3os", 6, 8, 1, 0, T_E3 },
	{ "tlbi", "alle3isnxs", 6, 9, 3, 0, T_E3 },
	{ "tlbi", "alle3nxs", 6, 9, 7, 0, T_E3 },
	{ "tlbi", "alle3osnxs", 6, 9, 1, 0, T_E3 },
	{ "tlbi", "rvae3", 6, 8, 6, 1, T_E3 },
	{ "tlbi", "rvae3is", 6, 8, 2, 1, T_E3 },
	{ "tlbi", "rvae3os", 6, 8, 5, 1, T_E3 },
	{ "tlbi", "rvae3isnxs", 6, 9, 2, 1, T_E3 },
	{ "tlbi", "rvae3nxs", 6, 9, 6, 1, T_E3 },
	{ "tlbi", "rvae3osnxs", 6, 9, 5, 1, T_E3 },
	{ "tlbi", "rvale3", 6, 8, 6, 5, T_E3 },
	{ "tlbi", "rvale3is", 6, 8, 2, 5, T_E3 },
	{ "tlbi", "rvale3os", 6, 8, 5, 5, T_E3 },
	{ "tlbi", "rvale3isnxs", 6, 9, 2, 5, T_E3 },
	{ "tlbi", "rvale3nxs", 6, 9, 6, 5, T_E3 },
	{ "tlbi", "rvale3osnxs", 6, 9, 5, 5, T_E3 },
	{ "tlbi", "vae3", 6, 8, 7, 1, T_E3 },
	{ "tlbi", "vae3is", 6, 8, 3, 1, T_E3 },
	{ "tlbi", "vae3os", 6, 8, 1, 1, T_E3 },
	{ "tlbi", "vae3isnxs", 6, 9, 3, 1, T_E3 },
	{ "tlbi", "vae3nxs", 6, 9, 7, 1, T_E3 },
	{ "tlbi", "vae3osnxs", 6, 9, 1, 1, T_E3 },
	{ "tlbi", "vale3", 6, 8, 7, 5, T_E3 },
	{ "tlbi", "vale3is", 6, 8, 3, 5, T_E3 },
	{ "tlbi", "vale3os", 6, 8, 1, 5, T_E3 },
	{ "tlbi", "vale3isnxs", 6, 9, 3, 5, T_E3 },
	{ "tlbi", "vale3nxs", 6, 9, 7, 5, T_E3 },
	{ "tlbi", "vale3osnxs", 6, 9, 1, 5, T_E3 },

	{ "tlbi", "paall", 6, 8, 7, 4, T_GPT },
	{ "tlbi", "paallos", 6, 8, 1, 4, T_GPT },
	{ "tlbi", "paallnxs", 6, 9, 7, 4, T_GPT },
	{ "tlbi", "paallosnxs", 6, 9, 1, 4, T_GPT },
	{ "tlbi", "rpaos", 6, 8, 4, 3, T_GPT },
	{ "tlbi", "rpaosnxs", 6, 9, 4, 3, T_GPT },
	{ "tlbi", "rpalos", 6, 8, 4, 7, T_GPT },
	{ "tlbi", "rpalosnxs", 6, 9, 4, 7, T_GPT },
};

/*
 * Which classes each rule that names TLBI or AT is about, and in which
 * of its event lists ("before", or "after" for at-par).  A rule that
 * names them and is not here fails the test: add it, with its classes.
 */
static const struct {
	const char *rule;
	bool after;
	unsigned classes;
} op_rules[] = {
	/* TLB maintenance that uses the VMID of VTTBR_EL2 */
	{ "vttbr-vmid-tlbi", false,
	  C(T_E10_S1) | C(T_E10_IPA) | C(T_E10_S12) | C(T_E10_S2W) },
	/* EL1&0 operations that TGE redirects to EL2&0 when E2H=1 */
	{ "hcr-tge-tlbi-at", false, C(T_E10_S1) | C(A_E10_S1) | C(A_E10_S12) },
	/* AT through the EL1&0 regime, whose stage 2 VM enables */
	{ "hcr-vm-at", false, C(A_E10_S1) | C(A_E10_S12) },
	/* every AT writes PAR_EL1 */
	{ "at-par", true, C(A_E10_S1) | C(A_E10_S12) | C(A_E2) | C(A_E3) },
};

static bool pattern_matches_op(const struct pattern *p, const char *mn,
			       const char *name)
{
	return p->kind == PAT_INSN && glob_match(p->insn, mn) &&
	       (!p->operand || glob_match(p->operand, name));
}

/* Does any of the rule's after (before) events match the operation? */
static bool rule_matches_op(const struct rule *r, bool after, const char *mn,
			    const char *name)
{
	for (int c = 0; c < r->nclauses; c++) {
		const struct clause *cl = &r->clauses[c];
		const struct pattern *v = after ? cl->after : cl->before;
		int n = after ? cl->nafter : cl->nbefore;

		for (int i = 0; i < n; i++)
			if (pattern_matches_op(&v[i], mn, name))
				return true;
	}
	return false;
}

/* Does the rule name an AT or TLBI instruction in any event? */
static bool rule_names_tlbi_at(const struct rule *r)
{
	for (size_t k = 0; k < sizeof(arch_ops) / sizeof(*arch_ops); k++)
		if (rule_matches_op(r, false, arch_ops[k].mnemonic,
				    arch_ops[k].name) ||
		    rule_matches_op(r, true, arch_ops[k].mnemonic,
				    arch_ops[k].name))
			return true;
	return false;
}

/*
 * The list itself: each operation decodes from its SYS word to its name
 * (the asm reader's table agrees), and the reader names no TLBI or AT
 * that the list does not have.
 */
static void test_tlbi_at_list_decodes(void **state)
{
	size_t n = sizeof(arch_ops) / sizeof(*arch_ops), k;
	unsigned op1, crn, crm, op2;

	(void)state;
	for (k = 0; k < n; k++) {
		const struct arch_op *o = &arch_ops[k];
		uint32_t w = 0xd5080000u | (uint32_t)o->op1 << 16 |
			     (uint32_t)o->crn << 12 | (uint32_t)o->crm << 8 |
			     (uint32_t)o->op2 << 5 | 31;
		struct asm_insn in;

		assert_true(o->cls < NCLASSES);
		if (!asm_decode_inst(w, NULL, &in) ||
		    strcmp(in.mnemonic, o->mnemonic) || strcmp(in.name, o->name))
			fail_msg("%s %s (%u, %u, %u, %u) decodes as %s %s",
				 o->mnemonic, o->name, o->op1, o->crn, o->crm,
				 o->op2, in.mnemonic, in.name);
		for (size_t j = 0; j < k; j++)
			if (!strcmp(arch_ops[j].name, o->name) &&
			    !strcmp(arch_ops[j].mnemonic, o->mnemonic))
				fail_msg("%s %s is listed twice", o->mnemonic,
					 o->name);
	}
	for (op1 = 0; op1 < 8; op1++)
		for (crn = 7; crn <= 9; crn++)
			for (crm = 0; crm < 16; crm++)
				for (op2 = 0; op2 < 8; op2++) {
					struct asm_insn in;
					bool listed = false;

					if (!asm_decode_inst(0xd5080000u | op1 << 16 | crn << 12 | crm << 8 | op2 << 5,
							     NULL, &in) ||
					    (strcmp(in.mnemonic, "tlbi") &&
					     strcmp(in.mnemonic, "at")))
						continue;
					for (k = 0; k < n && !listed; k++)
						listed = !strcmp(arch_ops[k].name, in.name);
					if (!listed)
						fail_msg("the asm reader names %s %s, which the list lacks",
							 in.mnemonic, in.name);
				}
}

/*
 * Each shipped rule that names TLBI or AT names exactly the operations
 * of the classes it is about: a form missing from its globs (a new
 * TLBI, an nXS or range variant) or one of another class fails here.
 */
static void test_tlbi_at_rules_cover_classes(void **state)
{
	const char *path = getenv("ISBCHECK_RULES_DIR");
	size_t n = sizeof(arch_ops) / sizeof(*arch_ops);
	int missing = 0, extra = 0;

	(void)state;
	if (load(path ? path : "rules"))
		fail_msg("the shipped rules do not load:\n%s", errtext);
	for (int i = 0; i < rs.nrules; i++) {
		const struct rule *r = &rs.rules[i];
		size_t e;

		for (e = 0; e < sizeof(op_rules) / sizeof(*op_rules); e++)
			if (!strcmp(op_rules[e].rule, r->id))
				break;
		if (e == sizeof(op_rules) / sizeof(*op_rules)) {
			if (rule_names_tlbi_at(r))
				fail_msg("rule %s names TLBI or AT instructions: add it to op_rules with the classes it is for",
					 r->id);
			continue;
		}
		for (size_t k = 0; k < n; k++) {
			const struct arch_op *o = &arch_ops[k];
			bool want = op_rules[e].classes & C(o->cls);
			bool got = rule_matches_op(r, op_rules[e].after,
						   o->mnemonic, o->name);

			if (want && !got) {
				print_error("rule %s does not name %s %s\n",
					    r->id, o->mnemonic, o->name);
				missing++;
			} else if (!want && got) {
				print_error("rule %s names %s %s, of a class it is not for\n",
					    r->id, o->mnemonic, o->name);
				extra++;
			}
		}
	}
	for (size_t e = 0; e < sizeof(op_rules) / sizeof(*op_rules); e++) {
		int i;

		for (i = 0; i < rs.nrules; i++)
			if (!strcmp(rs.rules[i].id, op_rules[e].rule))
				break;
		if (i == rs.nrules)
			fail_msg("rule %s is not in the shipped rules", op_rules[e].rule);
	}
	if (missing || extra)
		fail_msg("%d operations missing from rules, %d named wrongly",
			 missing, extra);
	rules_free(&rs);
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/isbcheck-rules-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	rules_free(&rs);
	free(errtext);
	errtext = NULL;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) ? -1 : 0;
}

/* "hold REG.FIELD=V": the state rule's parse and its errors */
#define HOLD_LINE	"\thold TRBLIMITR_EL1.E=0\n"
static void test_state_rule(void **state)
{
	const struct rule *r;

	(void)state;
	write_rules("a.rules", with_regs("rule r\n" HOLD_LINE RULE_BEFORE
					  "\twhen !cap CAP_X\n" RULE_NEED
					  RULE_CITE RULE_WHY));
	assert_int_equal(load(NULL), 0);
	r = &rs.rules[rs.nrules - 1];
	assert_true(r->state);
	assert_true(r->when_no_cap);
	assert_string_equal(rs.capnames[r->when_cap], "CAP_X");
	assert_int_equal(r->hold.reg, regdb_find_name(&rs.db, "TRBLIMITR_EL1"));
	assert_int_equal(r->hold.value, 0);
	/* the two hold steps go in front of the rule file's one */
	assert_int_equal(r->nneed, 3);
	assert_int_equal(rs.steps[r->need[0]].hold, HOLD_READ);
	assert_null(rs.steps[r->need[0]].text);
	assert_int_equal(rs.steps[r->need[1]].hold, HOLD_MAY);
	assert_string_equal(rs.steps[r->need[1]].text,
			    "a write of TRBLIMITR_EL1.E=0");
	assert_int_equal(rs.steps[r->need[2]].hold, HOLD_NONE);
	rules_free(&rs);

	expect_error(with_regs("rule r\n" HOLD_LINE RULE_AFTER RULE_BEFORE
			       RULE_NEED RULE_CITE RULE_WHY), 15, 6,
		     "rule r: a state rule ('hold') has no 'after' or 'pair'");
	expect_error(with_regs("rule r\n" HOLD_LINE RULE_NEED RULE_CITE
			       RULE_WHY), 15, 6,
		     "rule r: a state rule needs 'before'");
	expect_error(with_regs("rule r\n" HOLD_LINE RULE_BEFORE
			       "\tneed cse then cse then cse\n" RULE_CITE
			       RULE_WHY), 15, 6,
		     "rule r: a state rule needs at most two steps");
	expect_error(with_regs("rule r\n" HOLD_LINE HOLD_LINE), 17, 2,
		     "rule r has two 'hold' lines");
	expect_error(with_regs("rule r\n\thold TRBLIMITR_EL1\n"), 16, 7,
		     "'hold' names one REGISTER.FIELD=VALUE");
	expect_error(with_regs("rule r\n\thold TRBLIMITR_EL1.E\n"), 16, 7,
		     "'hold' names one REGISTER.FIELD=VALUE");
	expect_error(with_regs("rule r\n\twhen !cap\n"), 16, 11,
		     "expected a capability name after 'when !cap'");
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_valid_set),
		T(test_glob_expansion),
		T(test_config_condition),
		T(test_error_unknown_register_or_field),
		T(test_error_bad_bits),
		T(test_error_bit_position_truncated),
		T(test_error_bit_position_empty_lo),
		T(test_error_duplicates),
		T(test_error_encoding_range),
		T(test_error_incomplete_rule),
		T(test_error_keywords),
		T(test_error_steps),
		T(test_error_strings),
		T(test_error_values),
		T(test_error_glob_value_fits_every_match),
		T(test_error_globs),
		T(test_error_field_when),
		T(test_error_nul_byte),
		T(test_missing_paths),
		T(test_single_file_path),
		T(test_registers_in_later_file),
		T(test_shipped_rules),
		T(test_tlbi_at_list_decodes),
		T(test_tlbi_at_rules_cover_classes),
		T(test_state_rule),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
