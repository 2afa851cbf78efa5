// SPDX-License-Identifier: GPL-2.0
/* Unit tests for the asm-template reader (checker/asmread.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "asmread.h"

#define MAX 16

static struct asm_insn insns[MAX];

static int read_ok(const char *tmpl)
{
	struct asm_error err;
	int n = asm_read(tmpl, insns, MAX, &err);

	if (n < 0)
		fail_msg("asm_read failed: %s", err.msg);
	return n;
}

/* The kernel's msr_s scaffolding around one use, as it expands. */
#define GPR_NUMS							\
	"\t.irp\tnum,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30\n" \
	"\t.equ\t.L__gpr_num_x\\num, \\num\n"				\
	"\t.endr\n"							\
	"\t.equ\t.L__gpr_num_xzr, 31\n"
#define TRBLIMITR "(((3) << 19) | ((0) << 16) | ((9) << 12) | ((11) << 8) | ((0) << 5))"

static void test_named_msr_mrs(void **state)
{
	(void)state;
	assert_int_equal(read_ok("msr hcr_el2, %x0"), 1);
	assert_int_equal(insns[0].kind, INSN_MSR);
	assert_string_equal(insns[0].name, "hcr_el2");
	assert_int_equal(insns[0].operand, 0);
	assert_false(insns[0].has_enc);
	assert_false(insns[0].may);

	assert_int_equal(read_ok("mrs %0, CNTP_CVAL_EL02"), 1);
	assert_int_equal(insns[0].kind, INSN_MRS);
	assert_string_equal(insns[0].name, "cntp_cval_el02");
	assert_int_equal(insns[0].operand, 0);

	assert_int_equal(read_ok("msr s3_4_c1_c1_0, %x1"), 1);
	assert_true(insns[0].has_enc);
	assert_int_equal(insns[0].enc, SYSREG_ENC(3, 4, 1, 1, 0));
	assert_int_equal(insns[0].operand, 1);
}

static void test_msr_s_scaffolding(void **state)
{
	(void)state;
	assert_int_equal(read_ok(GPR_NUMS
				 "\t.macro\tmsr_s, sreg, rt\n"
				 "\t.inst\t0xd5000000|(\\sreg)|(.L__gpr_num_\\rt)\n"
				 "\t.endm\n"
				 "\tmsr_s " TRBLIMITR ", %x0\n"
				 "\t.purgem\tmsr_s\n"), 1);
	assert_int_equal(insns[0].kind, INSN_MSR);
	assert_true(insns[0].has_enc);
	assert_int_equal(insns[0].enc, SYSREG_ENC(3, 0, 9, 11, 0));
	assert_int_equal(insns[0].operand, 0);

	assert_int_equal(read_ok(GPR_NUMS
				 "\t.macro\tmrs_s, rt, sreg\n"
				 "\t.inst\t0xd5200000|(\\sreg)|(.L__gpr_num_\\rt)\n"
				 "\t.endm\n"
				 "\tmrs_s %0, " TRBLIMITR "\n"
				 "\t.purgem\tmrs_s\n"), 1);
	assert_int_equal(insns[0].kind, INSN_MRS);
	assert_int_equal(insns[0].enc, SYSREG_ENC(3, 0, 9, 11, 0));
}

static void test_barriers_and_hints(void **state)
{
	(void)state;
	assert_int_equal(read_ok("isb\n\tdsb nsh; dmb sy\n"
				 "hint #17\nhint #18\npsb csync\ntsb csync\n"
				 "hint #5"), 7);
	assert_int_equal(insns[0].kind, INSN_ISB);
	assert_int_equal(insns[1].kind, INSN_DSB);
	assert_int_equal(insns[2].kind, INSN_DMB);
	assert_int_equal(insns[3].kind, INSN_PSB_CSYNC);
	assert_int_equal(insns[4].kind, INSN_TSB_CSYNC);
	assert_int_equal(insns[5].kind, INSN_PSB_CSYNC);
	assert_int_equal(insns[6].kind, INSN_TSB_CSYNC);
}

static void test_exceptions_tlbi_at(void **state)
{
	(void)state;
	assert_int_equal(read_ok("eret\nhvc #0\nsmc #0\n"
				 "tlbi vmalle1is\ntlbi vae1is, %0\n"
				 "at s1e1r, %0\ndc civac, %0"), 7);
	assert_int_equal(insns[0].kind, INSN_ERET);
	assert_int_equal(insns[1].kind, INSN_HVC);
	assert_int_equal(insns[2].kind, INSN_SMC);
	assert_int_equal(insns[3].kind, INSN_TLBI);
	assert_string_equal(insns[3].name, "vmalle1is");
	assert_string_equal(insns[4].name, "vae1is");
	assert_int_equal(insns[5].kind, INSN_AT);
	assert_string_equal(insns[5].name, "s1e1r");
	assert_int_equal(insns[6].kind, INSN_SYS);
}

static void test_labels_comments_pstate(void **state)
{
	(void)state;
	assert_int_equal(read_ok("661:\n\tisb // a comment: msr hcr_el2, x0\n"
				 "1: 2: msr daifset, #2\n"
				 "msr tcr_el1, xzr"), 3);
	assert_int_equal(insns[0].kind, INSN_ISB);
	assert_int_equal(insns[1].kind, INSN_MSR);
	assert_string_equal(insns[1].name, "daifset");
	assert_int_equal(insns[1].operand, -1);
	assert_int_equal(insns[2].operand, -2);	/* xzr: the value is 0 */

	/* found by fuzzing: an operand number too large for an int */
	assert_int_equal(read_ok("mrs %00000000000000000002000000000000, hcr_el2"), 1);
	assert_int_equal(insns[0].operand, -1);
}

static void test_inst_words(void **state)
{
	(void)state;
	/* isb; msr hcr_el2, x3; mrs x1, hcr_el2; hint #18; eret; hvc #0 */
	assert_int_equal(read_ok(".inst 0xd5033fdf\n"
				 ".inst 0xd51c1103\n"
				 ".inst 0xd53c1101, 0xd503225f\n"
				 ".inst 0xd69f03e0\n"
				 ".inst 0xd4000002\n"
				 ".inst 0xd503201f"), 6);	/* nop: dropped */
	assert_int_equal(insns[0].kind, INSN_ISB);
	assert_int_equal(insns[1].kind, INSN_MSR);
	assert_int_equal(insns[1].enc, SYSREG_ENC(3, 4, 1, 1, 0));
	assert_int_equal(insns[2].kind, INSN_MRS);
	assert_int_equal(insns[2].enc, SYSREG_ENC(3, 4, 1, 1, 0));
	assert_int_equal(insns[3].kind, INSN_TSB_CSYNC);
	assert_int_equal(insns[4].kind, INSN_ERET);
	assert_int_equal(insns[5].kind, INSN_HVC);
}

static void test_decode_direct(void **state)
{
	struct asm_insn in;
	uint32_t enc;

	(void)state;
	assert_true(asm_decode_inst(0xd5189b3f, &in));	/* msr trbptr_el1, xzr */
	assert_int_equal(in.kind, INSN_MSR);
	assert_int_equal(in.enc, SYSREG_ENC(3, 0, 9, 11, 1));
	assert_int_equal(in.operand, -2);
	assert_true(asm_decode_inst(0xd508871f, &in));	/* tlbi vmalle1 */
	assert_int_equal(in.kind, INSN_TLBI);
	assert_string_equal(in.name, "vmalle1");
	assert_true(asm_decode_inst(0xd5087800, &in));	/* at s1e1r, x0 */
	assert_int_equal(in.kind, INSN_AT);
	assert_string_equal(in.name, "s1e1r");
	assert_false(asm_decode_inst(0x8b020020, &in));	/* add x0, x1, x2 */

	assert_true(asm_parse_generic_sysreg("s3_4_c1_c1_0", &enc));
	assert_int_equal(enc, SYSREG_ENC(3, 4, 1, 1, 0));
	assert_true(asm_parse_generic_sysreg("S2_0_C0_C2_2", &enc));
	assert_false(asm_parse_generic_sysreg("s4_0_c0_c0_0", &enc));
	assert_false(asm_parse_generic_sysreg("s3_4_c1_c1", &enc));
	assert_false(asm_parse_generic_sysreg("s3_4_c1_c1_0x", &enc));
	assert_false(asm_parse_generic_sysreg("hcr_el2", &enc));
}

static void test_alternative_is_may(void **state)
{
	(void)state;
	assert_int_equal(read_ok("661:\n\tnop\n662:\n"
				 ".pushsection .altinstructions,\"a\"\n"
				 "\t.word 661b - ., 663f - .\n"
				 "\t.inst 0xd5033fdf\n"	/* table data, not code */
				 ".popsection\n"
				 ".subsection 1\n663:\n\tisb\n664:\n\t.previous\n"), 1);
	assert_int_equal(insns[0].kind, INSN_ISB);
	assert_true(insns[0].may);

	assert_int_equal(read_ok("isb"), 1);
	assert_false(insns[0].may);
}

static void test_errors_and_overflow(void **state)
{
	struct asm_error err;
	struct asm_insn two[2];
	int n;

	(void)state;
	assert_int_equal(asm_read("msr_s (1 << ), %x0", insns, MAX, &err), -1);
	assert_non_null(strstr(err.msg, "msr_s (1 << ), %x0"));
	assert_int_equal(asm_read(".inst 0x1ffffffff", insns, MAX, &err), -1);
	assert_non_null(strstr(err.msg, "wider than 32 bits"));
	assert_int_equal(asm_read("msr hcr_el2", insns, MAX, &err), -1);

	/* more than max: the count is exact, only max are written */
	n = asm_read("isb; isb; dsb sy; isb", two, 2, &err);
	assert_int_equal(n, 4);
	assert_int_equal(two[0].kind, INSN_ISB);
	assert_int_equal(two[1].kind, INSN_ISB);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_named_msr_mrs),
		cmocka_unit_test(test_msr_s_scaffolding),
		cmocka_unit_test(test_barriers_and_hints),
		cmocka_unit_test(test_exceptions_tlbi_at),
		cmocka_unit_test(test_labels_comments_pstate),
		cmocka_unit_test(test_inst_words),
		cmocka_unit_test(test_decode_direct),
		cmocka_unit_test(test_alternative_is_may),
		cmocka_unit_test(test_errors_and_overflow),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
