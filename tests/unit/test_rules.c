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

static char dir[] = "/tmp/isbcheck-rules-XXXXXX";
static char errbuf[8192];

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

static const char good_rules[] =
	"config vhe if defined(VHE) || (defined(A) && !defined(B))\n"
	"\tpin HCR_EL2.E2H 1\n"
	"\tpin HCR_EL2.TGE\n"
	"cse isb\n"
	"\tcite \"c\"\n"
	"cse eret when SCTLR_EL2.EOS == 1\n"
	"function __guest_enter cse\n"
	"\twhy \"w\"\n"
	"function hyp_panic noreturn\n"
	"rule tge\n"
	"\tafter write HCR_EL2.TGE, write TRBLIMITR_EL1.E=0\n"
	"\tbefore tlbi vmalle1*, at S1E1*, call foo\n"
	"\tbefore access *_EL12   # a glob over the database\n"
	"\twhen HCR_EL2.E2H == 1\n"
	"\tneed cse then tsb-csync\n"
	"\tcite \"Arm ARM D8.13.1\"\n"
	"\twhy \"because\"\n"
	"rule alias\n"
	"\tpair VBAR_EL2 VBAR_EL1\n"
	"\tneed isb\n"
	"\tcite \"C5.2\"\n"
	"\twhy \"aliases\"\n";

static void write_file(const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void clean_dir(void)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -f %s/*", dir);
	assert_int_equal(system(cmd), 0);
}

/* Loads dir (or path) and returns rules_load's result; errors in errbuf. */
static int load(struct ruleset *rs, const char *path)
{
	FILE *err = fmemopen(errbuf, sizeof(errbuf), "w");
	const char *paths[1] = { path ? path : dir };
	int rc;

	assert_non_null(err);
	memset(errbuf, 0, sizeof(errbuf));
	memset(rs, 0, sizeof(*rs));
	rc = rules_load(rs, paths, 1, err);
	fclose(err);
	return rc;
}

static void expect_error(const char *text, const char *msg)
{
	struct ruleset rs;

	clean_dir();
	write_file("a.rules", text);
	assert_int_equal(load(&rs, NULL), -1);
	if (!strstr(errbuf, msg))
		fail_msg("expected \"%s\" in:\n%s", msg, errbuf);
	rules_free(&rs);
}

static void test_valid_set(void **state)
{
	struct ruleset rs;
	const struct rule *r;
	int hcr;

	(void)state;
	clean_dir();
	write_file("a.rules", regs);
	write_file("b.rules", good_rules);
	assert_int_equal(load(&rs, NULL), 0);
	assert_string_equal(errbuf, "");

	hcr = regdb_find_name(&rs.db, "hcr_el2");	/* case-insensitive */
	assert_int_equal(hcr, 0);
	assert_int_equal(rs.db.regs[hcr].enc, SYSREG_ENC(3, 4, 1, 1, 0));
	assert_int_equal(rs.db.regs[hcr].fields[1].mask, 0xc00);
	assert_int_equal(regdb_find_enc(&rs.db, SYSREG_ENC(3, 5, 12, 0, 0)),
			 regdb_find_name(&rs.db, "VBAR_EL12"));
	assert_true(rs.db.regs[6].fields[0].when.present);

	assert_int_equal(rs.nconfigs, 1);
	assert_int_equal(rs.configs[0].npins, 2);
	assert_true(rs.configs[0].pins[0].has_value);
	assert_false(rs.configs[0].pins[1].has_value);
	assert_int_equal(rs.ncses, 2);
	assert_int_equal(rs.cses[1].kind, CSE_ERET);
	assert_true(rs.cses[1].when.present);
	assert_non_null(rules_find_fn(&rs, "__guest_enter"));
	assert_true(rules_find_fn(&rs, "__guest_enter")->cse);
	assert_true(rules_find_fn(&rs, "hyp_panic")->noreturn);
	assert_null(rules_find_fn(&rs, "nothing"));

	assert_int_equal(rs.nrules, 2);
	r = &rs.rules[0];
	assert_string_equal(r->id, "tge");
	assert_int_equal(r->nclauses, 1);
	assert_int_equal(r->clauses[0].nafter, 2);
	assert_true(r->clauses[0].after[1].has_value);
	assert_int_equal(r->clauses[0].after[1].value, 0);
	/* tlbi, at, call, then the one register matching *_EL12 */
	assert_int_equal(r->clauses[0].nbefore, 4);
	assert_string_equal(r->clauses[0].before[1].pattern, "s1e1*");
	assert_int_equal(r->clauses[0].before[3].reg,
			 regdb_find_name(&rs.db, "VBAR_EL12"));
	assert_int_equal(r->nneed, 2);
	assert_int_equal(r->need[1], STEP_TSB_CSYNC);
	assert_true(r->when.present);
	assert_int_equal(r->when.value, 1);

	r = &rs.rules[1];
	assert_int_equal(r->nclauses, 2);	/* both directions */
	assert_int_equal(r->clauses[0].after[0].kind, ITEM_WRITE);
	assert_int_equal(r->clauses[0].before[0].kind, ITEM_ACCESS);
	assert_int_equal(r->clauses[1].after[0].reg, r->clauses[0].before[0].reg);
	rules_free(&rs);
}

static bool defined_in(const char *m, void *ctx)
{
	return strstr(ctx, m) != NULL;
}

static void test_config_condition(void **state)
{
	struct ruleset rs;
	const struct cfg_expr *e;

	(void)state;
	clean_dir();
	write_file("a.rules", regs);
	write_file("b.rules", good_rules);
	assert_int_equal(load(&rs, NULL), 0);
	e = rs.configs[0].cond;
	assert_true(cfg_expr_eval(e, defined_in, "VHE"));
	assert_true(cfg_expr_eval(e, defined_in, "A"));
	assert_false(cfg_expr_eval(e, defined_in, "A B"));
	assert_false(cfg_expr_eval(e, defined_in, ""));
	rules_free(&rs);
}

static void test_errors(void **state)
{
	char buf[2048];

	(void)state;
#define WITH_REGS(s) (snprintf(buf, sizeof(buf), "%s%s", regs, s), buf)
	expect_error(WITH_REGS("rule r\n\tafter write HCR_EL3.TGE\n"),
		     "a.rules:16:14: error: unknown register 'HCR_EL3'");
	expect_error(WITH_REGS("rule r\n\tafter write HCR_EL2.TGX\n"),
		     "a.rules:16:14: error: register HCR_EL2 has no field 'TGX'");
	expect_error("register R 3 0 0 0 0\n\tfield F 64\n",
		     "a.rules:2:10: error: bad bit position '64'");
	expect_error("register R 3 0 0 0 0\nregister R 3 0 0 0 1\n",
		     "a.rules:2:10: error: register R declared twice");
	expect_error("register R 3 0 0 0 0\nregister S 3 0 0 0 0\n",
		     "register S has the encoding of R");
	expect_error("register R 4 0 0 0 0\n", "a.rules:1:10: error: encoding out of range");
	expect_error(WITH_REGS("rule r\n\tafter write HCR_EL2\n\tbefore at s1e1r\n\tneed cse\n\twhy \"w\"\n"),
		     "error: rule r is missing 'cite'");
	expect_error(WITH_REGS("rule r\n\tafter write HCR_EL2\n\tbefore at s1e1r\n\tcite \"c\"\n\twhy \"w\"\n"),
		     "error: rule r is missing 'need'");
	expect_error(WITH_REGS("rule r\n\tafter write HCR_EL2\n\tneed cse\n\tcite \"c\"\n\twhy \"w\"\n"),
		     "a.rules:15:6: error: rule r needs both 'after' and 'before'");
	expect_error(WITH_REGS("rule r\n\tafter write HCR_EL2\n\tbefore at x\n\tneed cse\n\tcite \"c\"\n\twhy \"w\"\n"
			       "rule r\n\tafter write HCR_EL2\n\tbefore at x\n\tneed cse\n\tcite \"c\"\n\twhy \"w\"\n"),
		     "a.rules:21:6: error: rule r defined twice");
	expect_error("frobnicate x\n", "a.rules:1:1: error: unknown keyword 'frobnicate'");
	expect_error(WITH_REGS("rule r\n\tsometimes x\n"), "a.rules:16:2: error: unknown rule property 'sometimes'");
	expect_error(WITH_REGS("rule r\n\tcite \"open\n"), "a.rules:16:7: error: unterminated string");
	expect_error(WITH_REGS("rule r\n\tafter write HCR_EL2.BSU=4\n"), "value does not fit in BSU");
	expect_error(WITH_REGS("rule r\n\tbefore access NOPE_*\n"), "no register matches 'NOPE_*'");
	expect_error("register R 3 0 0 0 0\n\tfield F 1 when NOPE.X == 1\n",
		     "a.rules:2:17: error: unknown register 'NOPE'");
	expect_error("\tfield F 1\n", "a.rules:1:2: error: indented line outside a block");
	expect_error(WITH_REGS("rule r\n\tafter read HCR_EL2\n"), "'after' takes write, tlbi or at events");
	expect_error(WITH_REGS("config c if defined(X\n"), "expected defined(MACRO)");
#undef WITH_REGS
}

static void test_missing_paths(void **state)
{
	struct ruleset rs;

	(void)state;
	clean_dir();
	assert_int_equal(load(&rs, NULL), -1);
	assert_non_null(strstr(errbuf, "error: no *.rules files in directory"));
	rules_free(&rs);
	assert_int_equal(load(&rs, "/nonexistent/isbcheck.rules"), -1);
	assert_non_null(strstr(errbuf, "/nonexistent/isbcheck.rules: error: cannot open rules"));
	rules_free(&rs);
}

static void test_registers_in_later_file(void **state)
{
	struct ruleset rs;

	(void)state;
	clean_dir();
	write_file("a.rules", good_rules);	/* read first, names registers */
	write_file("z.rules", regs);
	assert_int_equal(load(&rs, NULL), 0);
	assert_int_equal(rs.nrules, 2);
	rules_free(&rs);
}

static void test_shipped_rules(void **state)
{
	const char *path = getenv("ISBCHECK_RULES_DIR");
	struct ruleset rs;
	const struct sysreg *hcr;
	int i;

	(void)state;
	assert_int_equal(load(&rs, path ? path : "rules"), 0);
	hcr = &rs.db.regs[regdb_find_name(&rs.db, "HCR_EL2")];
	assert_int_equal(hcr->enc, SYSREG_ENC(3, 4, 1, 1, 0));
	assert_int_equal(hcr->fields[sysreg_find_field(hcr, "TGE")].lo, 27);
	assert_int_equal(hcr->fields[sysreg_find_field(hcr, "E2H")].lo, 34);
	for (i = 0; i < rs.nrules; i++) {
		assert_non_null(rs.rules[i].cite);
		assert_non_null(rs.rules[i].why);
		assert_true(rs.rules[i].nneed > 0);
		assert_true(rs.rules[i].nclauses > 0);
	}
	rules_free(&rs);
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	clean_dir();
	return rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_set),
		cmocka_unit_test(test_config_condition),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_missing_paths),
		cmocka_unit_test(test_registers_in_later_file),
		cmocka_unit_test(test_shipped_rules),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
