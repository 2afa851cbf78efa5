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

/* As the shipped rules filter: of the other instructions, the csyncs. */
static bool want_csync(const char *mnemonic, void *ctx)
{
	(void)ctx;
	return !strcmp(mnemonic, "psb") || !strcmp(mnemonic, "tsb");
}

static const struct asm_filter csync_only = { want_csync, NULL };

/* kind and mnemonic of one instruction read */
#define assert_insn(in, k, mn)						\
	do {								\
		assert_int_equal((in).kind, (k));			\
		assert_string_equal((in).mnemonic, (mn));		\
	} while (0)

static int read_with(const char *tmpl, const struct asm_filter *filter)
{
	struct asm_error err;
	int n;

	memset(insns, 0xa5, sizeof(insns));
	n = asm_read(tmpl, insns, MAX, filter, &err);
	if (n < 0)
		fail_msg("asm_read failed: %s", err.msg);
	return n;
}

static int read_ok(const char *tmpl)
{
	return read_with(tmpl, &csync_only);
}

/* tmpl must fail; returns the message. */
static const char *read_fail(const char *tmpl)
{
	static struct asm_error err;
	int n;

	memset(&err, 0, sizeof(err));
	n = asm_read(tmpl, insns, MAX, &csync_only, &err);
	if (n != -1)
		fail_msg("asm_read accepted \"%s\" (%d instructions)", tmpl, n);
	assert_true(err.msg[0] != '\0');
	return err.msg;
}

/* The kernel's msr_s scaffolding around one use, as it expands. */
#define GPR_NUMS							\
	"\t.irp\tnum,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30\n" \
	"\t.equ\t.L__gpr_num_x\\num, \\num\n"				\
	"\t.equ\t.L__gpr_num_w\\num, \\num\n"				\
	"\t.endr\n"							\
	"\t.equ\t.L__gpr_num_xzr, 31\n"					\
	"\t.equ\t.L__gpr_num_wzr, 31\n"
#define MSR_S_MACRO							\
	"\t.macro\tmsr_s, sreg, rt\n"					\
	"\t.inst 0xd5000000|(\\sreg)|(.L__gpr_num_\\rt)\n\t"		\
	"\t.endm\n"
#define MRS_S_MACRO							\
	"\t.macro\tmrs_s, rt, sreg\n"					\
	"\t.inst 0xd5200000|(\\sreg)|(.L__gpr_num_\\rt)\n\t"		\
	"\t.endm\n"
/* sys_reg(3, 0, 9, 11, 0) and sys_reg(3, 4, 1, 1, 0) as stringified */
#define TRBLIMITR "(((3) << 19) | ((0) << 16) | ((9) << 12) | ((11) << 8) | ((0) << 5))"
#define HCR "(((3) << 19) | ((4) << 16) | ((1) << 12) | ((1) << 8) | ((0) << 5))"

static void test_named_msr_mrs(void **state)
{
	(void)state;
	assert_int_equal(read_ok("msr hcr_el2, %x0"), 1);
	assert_int_equal(insns[0].kind, INSN_MSR);
	assert_string_equal(insns[0].name, "hcr_el2");
	assert_int_equal(insns[0].operand, 0);
	assert_false(insns[0].has_enc);
	assert_false(insns[0].may);
	assert_int_equal(insns[0].alt_side, 0);
	assert_int_equal(insns[0].alt_cap, -1);
	assert_string_equal(insns[0].text, "msr hcr_el2, %x0");

	assert_int_equal(read_ok("mrs %0, cntp_cval_el02"), 1);
	assert_int_equal(insns[0].kind, INSN_MRS);
	assert_string_equal(insns[0].name, "cntp_cval_el02");
	assert_int_equal(insns[0].operand, 0);
	assert_false(insns[0].has_enc);

	/* names are lower-cased; %wN and %N are operands too */
	assert_int_equal(read_ok("mrs %x2, CNTP_CVAL_EL02\n\tmsr SCTLR_EL1, %w1"), 2);
	assert_string_equal(insns[0].name, "cntp_cval_el02");
	assert_int_equal(insns[0].operand, 2);
	assert_string_equal(insns[1].name, "sctlr_el1");
	assert_int_equal(insns[1].operand, 1);

	assert_int_equal(read_ok("msr s3_4_c1_c1_0, %x0"), 1);
	assert_int_equal(insns[0].kind, INSN_MSR);
	assert_true(insns[0].has_enc);
	assert_int_equal(insns[0].enc, SYSREG_ENC(3, 4, 1, 1, 0));
	assert_string_equal(insns[0].name, "s3_4_c1_c1_0");
	assert_int_equal(insns[0].operand, 0);

	assert_int_equal(read_ok("mrs %1, S3_0_C9_C11_0"), 1);
	assert_int_equal(insns[0].kind, INSN_MRS);
	assert_true(insns[0].has_enc);
	assert_int_equal(insns[0].enc, SYSREG_ENC(3, 0, 9, 11, 0));
	assert_int_equal(insns[0].operand, 1);
}

static void test_msr_s_scaffolding(void **state)
{
	(void)state;
	/* write_sysreg_s(v, SYS_TRBLIMITR_EL1) */
	assert_int_equal(read_ok(GPR_NUMS MSR_S_MACRO
				 "\tmsr_s " TRBLIMITR ", %x0\n"
				 "\t.purgem\tmsr_s\n"), 1);
	assert_int_equal(insns[0].kind, INSN_MSR);
	assert_true(insns[0].has_enc);
	assert_int_equal(insns[0].enc, 0x189b00);
	assert_int_equal(insns[0].enc, SYSREG_ENC(3, 0, 9, 11, 0));
	assert_string_equal(insns[0].name, "s3_0_c9_c11_0");
	assert_int_equal(insns[0].operand, 0);
	assert_false(insns[0].may);

	/* write_sysreg_s(v, SYS_HCR_EL2), value in %x1 */
	assert_int_equal(read_ok(GPR_NUMS MSR_S_MACRO
				 "\tmsr_s " HCR ", %x1\n"
				 "\t.purgem\tmsr_s\n"), 1);
	assert_int_equal(insns[0].enc, 0x1c1100);
	assert_int_equal(insns[0].operand, 1);

	/* read_sysreg_s(SYS_TRBLIMITR_EL1) */
	assert_int_equal(read_ok(GPR_NUMS MRS_S_MACRO
				 "\tmrs_s %0, " TRBLIMITR "\n"
				 "\t.purgem\tmrs_s\n"), 1);
	assert_int_equal(insns[0].kind, INSN_MRS);
	assert_true(insns[0].has_enc);
	assert_int_equal(insns[0].enc, SYSREG_ENC(3, 0, 9, 11, 0));
	assert_int_equal(insns[0].operand, 0);

	/* both scaffoldings, then a write, an isb and a read */
	assert_int_equal(read_ok(GPR_NUMS MSR_S_MACRO
				 "\tmsr_s " TRBLIMITR ", %x1\n"
				 "\t.purgem\tmsr_s\n"
				 "isb\n"
				 GPR_NUMS MRS_S_MACRO
				 "\tmrs_s %0, " HCR "\n"
				 "\t.purgem\tmrs_s\n"), 3);
	assert_int_equal(insns[0].kind, INSN_MSR);
	assert_insn(insns[1], INSN_BARRIER, "isb");
	assert_int_equal(insns[2].kind, INSN_MRS);
	assert_int_equal(insns[2].enc, SYSREG_ENC(3, 4, 1, 1, 0));
}

static void test_barriers_and_hints(void **state)
{
	(void)state;
	assert_int_equal(read_ok("isb"), 1);
	assert_insn(insns[0], INSN_BARRIER, "isb");
	assert_int_equal(read_ok("dsb nsh"), 1);
	assert_insn(insns[0], INSN_BARRIER, "dsb");
	assert_int_equal(read_ok("dmb sy"), 1);
	assert_insn(insns[0], INSN_BARRIER, "dmb");
	assert_int_equal(read_ok("hint #17"), 1);	/* PSB CSYNC */
	assert_insn(insns[0], INSN_OTHER, "psb");
	assert_int_equal(read_ok("hint #18"), 1);	/* TSB CSYNC */
	assert_insn(insns[0], INSN_OTHER, "tsb");
	assert_int_equal(read_ok("psb csync"), 1);
	assert_insn(insns[0], INSN_OTHER, "psb");
	assert_int_equal(read_ok("tsb csync"), 1);
	assert_insn(insns[0], INSN_OTHER, "tsb");
	assert_int_equal(read_ok("hint #5"), 0);	/* other hints: nothing */
	assert_int_equal(read_ok("nop"), 0);

	/* separated by newlines, "\n\t" and ';' */
	assert_int_equal(read_ok("isb\n\tdsb nsh; dmb sy\n"
				 "hint #17\nhint #18;psb csync\n\ttsb csync\n"
				 "hint #5"), 7);
	assert_insn(insns[0], INSN_BARRIER, "isb");
	assert_insn(insns[1], INSN_BARRIER, "dsb");
	assert_insn(insns[2], INSN_BARRIER, "dmb");
	assert_insn(insns[3], INSN_OTHER, "psb");
	assert_insn(insns[4], INSN_OTHER, "tsb");
	assert_insn(insns[5], INSN_OTHER, "psb");
	assert_insn(insns[6], INSN_OTHER, "tsb");
	assert_string_equal(insns[1].text, "dsb nsh");
}

static void test_exceptions_tlbi_at(void **state)
{
	(void)state;
	assert_int_equal(read_ok("eret\nhvc #0\nsmc #0\n"
				 "tlbi vmalle1is\ntlbi vae1is, %0\n"
				 "at s1e1r, %0\ndc civac, %0"), 7);
	assert_insn(insns[0], INSN_ERET, "eret");
	assert_insn(insns[1], INSN_EXCEPTION, "hvc");
	assert_insn(insns[2], INSN_EXCEPTION, "smc");
	assert_insn(insns[3], INSN_SYS, "tlbi");
	assert_string_equal(insns[3].name, "vmalle1is");
	assert_insn(insns[4], INSN_SYS, "tlbi");
	assert_string_equal(insns[4].name, "vae1is");
	assert_insn(insns[5], INSN_SYS, "at");
	assert_string_equal(insns[5].name, "s1e1r");
	assert_int_equal(insns[6].kind, INSN_SYS);
	assert_string_equal(insns[6].name, "civac");

	assert_int_equal(read_ok("\tAT S1E1R, %0"), 1);
	assert_insn(insns[0], INSN_SYS, "at");
	assert_string_equal(insns[0].name, "s1e1r");
}

static void test_labels_and_comments(void **state)
{
	(void)state;
	assert_int_equal(read_ok("661:\n\tisb"), 1);
	assert_insn(insns[0], INSN_BARRIER, "isb");
	assert_int_equal(read_ok("1: 2: .Lfoo: isb"), 1);
	assert_insn(insns[0], INSN_BARRIER, "isb");
	assert_string_equal(insns[0].text, "isb");

	/* a comment runs to the end of its line, ';' included */
	assert_int_equal(read_ok("isb // msr hcr_el2, %x0; isb\n"
				 "// dsb sy\n"
				 "\tdmb sy//eret"), 2);
	assert_insn(insns[0], INSN_BARRIER, "isb");
	assert_insn(insns[1], INSN_BARRIER, "dmb");
	assert_int_equal(read_ok("// only a comment"), 0);
	assert_int_equal(read_ok(""), 0);
	assert_int_equal(read_ok("\n\n;;\n\t"), 0);
}

static void test_pstate_and_zero(void **state)
{
	(void)state;
	/* a PSTATE field: an MSR whose name resolves to no register */
	assert_int_equal(read_ok("msr daifset, #2"), 1);
	assert_int_equal(insns[0].kind, INSN_MSR);
	assert_string_equal(insns[0].name, "daifset");
	assert_false(insns[0].has_enc);
	assert_int_equal(insns[0].operand, -1);

	/* xzr: the value written is zero */
	assert_int_equal(read_ok("msr tcr_el1, xzr"), 1);
	assert_int_equal(insns[0].kind, INSN_MSR);
	assert_string_equal(insns[0].name, "tcr_el1");
	assert_int_equal(insns[0].operand, -2);
	assert_int_equal(read_ok("msr tcr_el1, XZR"), 1);	/* any case */
	assert_int_equal(insns[0].operand, -2);
	assert_int_equal(read_ok("msr tcr_el1, wzr"), 1);
	assert_int_equal(insns[0].operand, -2);

	/* found by fuzzing: an operand number too large for an int */
	assert_int_equal(read_ok("mrs %00000000000000000002000000000000, hcr_el2"), 1);
	assert_int_equal(insns[0].operand, -1);
	/* a register, not an operand */
	assert_int_equal(read_ok("msr hcr_el2, x1"), 1);
	assert_int_equal(insns[0].operand, -1);
}

static void test_inst_words(void **state)
{
	(void)state;
	/* isb */
	assert_int_equal(read_ok(".inst 0xd5033fdf"), 1);
	assert_insn(insns[0], INSN_BARRIER, "isb");
	/* msr hcr_el2, x3 = 0xd51c1100 | 3 */
	assert_int_equal(read_ok(".inst 0xd51c1100 | 3"), 1);
	assert_int_equal(insns[0].kind, INSN_MSR);
	assert_true(insns[0].has_enc);
	assert_int_equal(insns[0].enc, SYSREG_ENC(3, 4, 1, 1, 0));
	assert_string_equal(insns[0].name, "s3_4_c1_c1_0");
	assert_false(insns[0].may);
	/* msr hcr_el2, xzr */
	assert_int_equal(read_ok(".inst 0xd51c111f"), 1);
	assert_int_equal(insns[0].kind, INSN_MSR);
	assert_int_equal(insns[0].operand, -2);
	/* mrs x1, hcr_el2 */
	assert_int_equal(read_ok(".inst 0xd53c1101"), 1);
	assert_int_equal(insns[0].kind, INSN_MRS);
	assert_int_equal(insns[0].enc, SYSREG_ENC(3, 4, 1, 1, 0));
	/* hint #18, eret, hvc #0 */
	assert_int_equal(read_ok(".inst 0xd503225f"), 1);
	assert_insn(insns[0], INSN_OTHER, "tsb");
	assert_int_equal(read_ok(".inst 0xd69f03e0"), 1);
	assert_insn(insns[0], INSN_ERET, "eret");
	assert_int_equal(read_ok(".inst 0xd4000002"), 1);
	assert_insn(insns[0], INSN_EXCEPTION, "hvc");

	/* several words, one per operand; a nop is dropped */
	assert_int_equal(read_ok(".inst 0xd5033fdf\n"
				 ".inst 0xd51c1103\n"
				 ".inst 0xd53c1101, 0xd503225f\n"
				 ".inst 0xd69f03e0\n"
				 ".inst 0xd4000002\n"
				 ".inst 0xd503201f"), 6);
	assert_insn(insns[0], INSN_BARRIER, "isb");
	assert_int_equal(insns[1].kind, INSN_MSR);
	assert_int_equal(insns[2].kind, INSN_MRS);
	assert_insn(insns[3], INSN_OTHER, "tsb");
	assert_insn(insns[4], INSN_ERET, "eret");
	assert_insn(insns[5], INSN_EXCEPTION, "hvc");

	/*
	 * Register numbers from the kernel's .irp-defined GPR names (kvm's
	 * PACGA() in pauth.c): read as x0, what the word is stays known; an
	 * msr this way has no operand (its value is unknown).
	 */
	assert_int_equal(read_with(GPR_NUMS
		".inst 0x9AC03000 |(.L__gpr_num_%[Rd] << 0) |"
		"(.L__gpr_num_%[Rn] << 5) |(.L__gpr_num_%[Rm] << 16)\n"
		".inst 0xd51c1100 | (.L__gpr_num_x3)", NULL), 2);
	assert_insn(insns[0], INSN_OTHER, "pacga");
	assert_int_equal(insns[1].kind, INSN_MSR);
	assert_int_equal(insns[1].operand, -1);
	/* any other symbol is still an error */
	assert_non_null(strstr(read_fail(".inst 0xd51c1100 | .L__other"),
			       "not a constant"));
}

static bool decode(uint32_t w, struct asm_insn *in)
{
	return asm_decode_inst(w, &csync_only, in);
}

static void test_decode_direct(void **state)
{
	struct asm_insn in;

	(void)state;
	assert_true(decode(0xd5033fdf, &in));	/* isb */
	assert_insn(in, INSN_BARRIER, "isb");
	assert_true(decode(0xd5033f9f, &in));	/* dsb sy */
	assert_insn(in, INSN_BARRIER, "dsb");
	assert_true(decode(0xd5033fbf, &in));	/* dmb sy */
	assert_insn(in, INSN_BARRIER, "dmb");
	assert_true(decode(0xd503223f, &in));	/* hint #17 */
	assert_insn(in, INSN_OTHER, "psb");
	assert_true(decode(0xd503225f, &in));	/* hint #18 */
	assert_insn(in, INSN_OTHER, "tsb");
	assert_false(decode(0xd503201f, &in));	/* nop */
	assert_true(decode(0xd69f03e0, &in));	/* eret */
	assert_insn(in, INSN_ERET, "eret");
	assert_true(decode(0xd4000002, &in));	/* hvc #0 */
	assert_insn(in, INSN_EXCEPTION, "hvc");
	assert_true(decode(0xd4000022, &in));	/* hvc #1 */
	assert_insn(in, INSN_EXCEPTION, "hvc");
	assert_true(decode(0xd4000003, &in));	/* smc #0 */
	assert_insn(in, INSN_EXCEPTION, "smc");
	assert_true(decode(0xd4000001, &in));	/* svc #0 */
	assert_insn(in, INSN_EXCEPTION, "svc");

	assert_true(decode(0xd51c1100, &in));	/* msr hcr_el2, x0 */
	assert_int_equal(in.kind, INSN_MSR);
	assert_true(in.has_enc);
	assert_int_equal(in.enc, SYSREG_ENC(3, 4, 1, 1, 0));
	assert_int_equal(in.operand, -1);
	assert_true(decode(0xd5189b3f, &in));	/* msr trbptr_el1, xzr */
	assert_int_equal(in.kind, INSN_MSR);
	assert_int_equal(in.enc, SYSREG_ENC(3, 0, 9, 11, 1));
	assert_int_equal(in.operand, -2);
	assert_true(decode(0xd5389b00, &in));	/* mrs x0, trblimitr_el1 */
	assert_int_equal(in.kind, INSN_MRS);
	assert_int_equal(in.enc, SYSREG_ENC(3, 0, 9, 11, 0));
	assert_true(decode(0xd508871f, &in));	/* tlbi vmalle1 */
	assert_insn(in, INSN_SYS, "tlbi");
	assert_string_equal(in.name, "vmalle1");
	assert_true(decode(0xd508831f, &in));	/* tlbi vmalle1is */
	assert_string_equal(in.name, "vmalle1is");
	assert_true(decode(0xd5087800, &in));	/* at s1e1r, x0 */
	assert_insn(in, INSN_SYS, "at");
	assert_string_equal(in.name, "s1e1r");
	assert_true(decode(0xd50c879f, &in));	/* tlbi alle1 */
	assert_insn(in, INSN_SYS, "tlbi");
	assert_string_equal(in.name, "alle1");
	assert_int_equal(in.enc, SYSREG_ENC(1, 4, 8, 7, 4));
	assert_true(decode(0xd5087941, &in));	/* at s1e1a, x1 */
	assert_insn(in, INSN_SYS, "at");
	assert_string_equal(in.name, "s1e1a");
	assert_true(decode(0xd50d77e3, &in));	/* sys #5, c7, c7, #7, x3 */
	assert_insn(in, INSN_SYS, "sys");
	assert_string_equal(in.name, "s1_5_c7_c7_7");
	assert_true(decode(0xd5287800, &in));	/* sysl x0, #0, c7, c8, #0 */
	assert_insn(in, INSN_SYS, "sysl");
	assert_string_equal(in.name, "s1_0_c7_c8_0");
	assert_false(decode(0x8b020020, &in));	/* add x0, x1, x2 */
	assert_false(decode(0, &in));
}

/*
 * A system instruction written as its encoding is the instruction it
 * decodes to: msr of an op0 = 1 name, msr_s of a sys_insn(1, ...)
 * expression, sys with its four fields, an .inst of a SYS word.
 */
static void test_sys_encodings(void **state)
{
	(void)state;
	assert_int_equal(read_ok("msr s1_0_c7_c8_0, x0"), 1);
	assert_insn(insns[0], INSN_SYS, "at");
	assert_string_equal(insns[0].name, "s1e1r");
	assert_true(insns[0].has_enc);
	assert_int_equal(insns[0].enc, SYSREG_ENC(1, 0, 7, 8, 0));
	assert_string_equal(insns[0].text, "msr s1_0_c7_c8_0, x0");

	assert_int_equal(read_ok("\tMSR S1_4_C8_C7_4, XZR"), 1);
	assert_insn(insns[0], INSN_SYS, "tlbi");
	assert_string_equal(insns[0].name, "alle1");

	assert_int_equal(read_ok("sys #4, c8, c7, #4\n"
				 "sys #0, C7, C8, #0, %0\n"
				 "sys 3, c7, c11, 1, x0\n"
				 "sys #(2 + 2), c8, c4, #(1), %x1"), 4);
	assert_insn(insns[0], INSN_SYS, "tlbi");
	assert_string_equal(insns[0].name, "alle1");
	assert_insn(insns[1], INSN_SYS, "at");
	assert_string_equal(insns[1].name, "s1e1r");
	assert_int_equal(insns[1].operand, 0);
	assert_insn(insns[2], INSN_SYS, "dc");
	assert_string_equal(insns[2].name, "cvau");
	assert_insn(insns[3], INSN_SYS, "tlbi");
	assert_string_equal(insns[3].name, "ipas2e1");
	assert_int_equal(insns[3].operand, 1);

	/* the nXS, range and FEAT_RME forms are in the table too */
	assert_int_equal(read_ok("msr s1_0_c9_c6_7, x0\nmsr s1_6_c8_c7_4, xzr\n"
				 "msr s1_4_c8_c6_2, xzr\nmsr s1_0_c7_c9_2, x0"), 4);
	assert_string_equal(insns[0].name, "rvaale1nxs");
	assert_string_equal(insns[1].name, "paall");
	assert_string_equal(insns[2].name, "vmallws2e1");
	assert_string_equal(insns[3].name, "s1e1a");

	/* msr_s over sys_insn(1, 4, 7, 8, 4), as write_sysreg_s expands */
	assert_int_equal(read_ok(GPR_NUMS MSR_S_MACRO
				 "msr_s (((1) << 19) | ((4) << 16) | ((7) << 12) | ((8) << 8) | ((4) << 5)), %x0\n"
				 "\t.purgem msr_s"), 1);
	assert_insn(insns[0], INSN_SYS, "at");
	assert_string_equal(insns[0].name, "s12e1r");
	assert_int_equal(insns[0].operand, 0);

	/* the read form, SYSL, has no aliases */
	assert_int_equal(read_ok("mrs x0, s1_0_c7_c8_0"), 1);
	assert_insn(insns[0], INSN_SYS, "sysl");
	assert_string_equal(insns[0].name, "s1_0_c7_c8_0");
}

/* An op0 = 1 encoding that is no AT/DC/IC/TLBI is "sys", by its fields. */
static void test_sys_unknown(void **state)
{
	(void)state;
	assert_int_equal(read_ok("msr s1_7_c15_c15_7, x0\n"
				 "sys #5, c7, c7, #7, x3\n"
				 "msr s1_0_c8_c0_0, x0"), 3);
	assert_insn(insns[0], INSN_SYS, "sys");
	assert_string_equal(insns[0].name, "s1_7_c15_c15_7");
	assert_int_equal(insns[0].enc, SYSREG_ENC(1, 7, 15, 15, 7));
	assert_insn(insns[1], INSN_SYS, "sys");
	assert_string_equal(insns[1].name, "s1_5_c7_c7_7");
	/* CRn 8 is the TLBI space, but no TLBI has this encoding */
	assert_insn(insns[2], INSN_SYS, "sys");
	assert_string_equal(insns[2].name, "s1_0_c8_c0_0");

	/* malformed fields: still a sys instruction, unnamed, no failure */
	assert_int_equal(read_ok("sys #8, c8, c7, #4\nsys #4, c16, c7, #4\n"
				 "sys #4, c8, x7, #4, x0\nsys #4, c8, c7, #9\n"
				 "sys #, c, c, #\nsys %0, %1, %2, %3\n"
				 "sys #4, c8, c7\nsys\nsys ,,,,,,"), 9);
	for (int i = 0; i < 9; i++) {
		assert_insn(insns[i], INSN_SYS, "sys");
		assert_false(insns[i].has_enc);
	}
}

static bool want_pac(const char *mnemonic, void *ctx)
{
	(void)ctx;
	return !strncmp(mnemonic, "pac", 3) || !strncmp(mnemonic, "aut", 3);
}

/*
 * Instructions other than msr/mrs, barriers, eret, exceptions and system
 * instructions are reported by mnemonic when the filter asks for them
 * (written out, as a hint's alias, or as an .inst word), and not
 * otherwise; with no filter, all of them.
 */
static void test_generic_instructions(void **state)
{
	static const struct asm_filter pac = { want_pac, NULL };

	(void)state;
	assert_int_equal(read_with("paciasp\nmov x0, x1\nautia x0, x1\n"
				   "hint #25\nhint #29\nhint #17\n"
				   ".inst 0xdac10020\n.inst 0xd503233f", &pac),
			 6);
	assert_insn(insns[0], INSN_OTHER, "paciasp");
	assert_string_equal(insns[0].name, "");
	assert_insn(insns[1], INSN_OTHER, "autia");
	assert_string_equal(insns[1].name, "");	/* a register: not named */
	assert_insn(insns[2], INSN_OTHER, "paciasp");	/* hint #25 */
	assert_insn(insns[3], INSN_OTHER, "autiasp");	/* hint #29 */
	assert_insn(insns[4], INSN_OTHER, "pacia");	/* .inst */
	assert_string_equal(insns[4].text, ".inst 0xdac10020");
	assert_insn(insns[5], INSN_OTHER, "paciasp");

	/* the csync filter: none of them, system instructions still */
	assert_int_equal(read_ok("paciasp\nmov x0, x1\nhint #25\n"
				 ".inst 0xdac10020\ndc civac, %0\nirg x0, x1"), 1);
	assert_insn(insns[0], INSN_SYS, "dc");

	/* no filter: every instruction */
	assert_int_equal(read_with("mov x0, x1\nnop\nirg x0, x1\n"
				   "hint #5\nbti c", NULL), 5);
	assert_insn(insns[0], INSN_OTHER, "mov");
	assert_insn(insns[2], INSN_OTHER, "irg");
	assert_insn(insns[3], INSN_OTHER, "sevl");
	assert_insn(insns[4], INSN_OTHER, "bti");
	assert_string_equal(insns[4].name, "c");

	/* operands: the first, lower case; barriers keep their option */
	assert_int_equal(read_ok("DSB NSH\ntlbi VAE1IS, %0\npsb csync"), 3);
	assert_string_equal(insns[0].name, "nsh");
	assert_string_equal(insns[1].name, "vae1is");
	assert_string_equal(insns[2].name, "csync");
	assert_int_equal(read_ok(".inst 0xd503379f"), 1);	/* dsb nsh */
	assert_string_equal(insns[0].name, "nsh");
}

/*
 * Code after an unconditional branch is skipped up to a label a branch of
 * the template names: the fixup of an exception table entry (as in the
 * kernel's __kvm_at()) is not on the way through.
 */
static void test_branch_over_fixup(void **state)
{
	(void)state;
	assert_int_equal(read_ok("\tmrs %1, spsr_el2\n"
				 "\tmrs %2, elr_el2\n"
				 "1:\tat s1e1r, %3\n"
				 "\tisb\n"
				 "\tb 9f\n"
				 "2:\tmsr spsr_el2, %1\n"
				 "\tmsr elr_el2, %2\n"
				 "\tmov %w0, %4\n"
				 "9:\n"
				 "\tdsb sy\n"
				 ".pushsection __kvm_ex_table, \"a\"\n"
				 ".long 1b - ., 2b - .\n"
				 ".popsection\n"), 5);
	assert_insn(insns[0], INSN_MRS, "mrs");
	assert_insn(insns[2], INSN_SYS, "at");
	assert_insn(insns[3], INSN_BARRIER, "isb");
	assert_insn(insns[4], INSN_BARRIER, "dsb");	/* after 9: */

	/* a label a branch names makes code reachable again */
	assert_int_equal(read_ok("cbz %0, 3f\nisb\nb 4f\n3: dsb sy\n4: dmb sy"),
			 3);
	assert_insn(insns[0], INSN_BARRIER, "isb");
	assert_insn(insns[1], INSN_BARRIER, "dsb");
	assert_insn(insns[2], INSN_BARRIER, "dmb");
}

/*
 * __kvm_at() as it expands: the AT is an msr_s of OP_AT_S1E1R (as the
 * kernel's scaffolding writes it) and must read as "at s1e1r", and an
 * .inst of the same SYS word as well.
 */
static void test_kvm_at_shape(void **state)
{
	(void)state;
	assert_int_equal(read_ok("\tmrs %1, spsr_el2\n"
				 "\tmrs %2, elr_el2\n"
				 "1:\t" GPR_NUMS MSR_S_MACRO
				 "msr_s (((1) << 19) | ((0) << 16) | ((7) << 12) | ((8) << 8) | ((0) << 5)), %3\n"
				 "\t.purgem msr_s\n"
				 "\tisb\n"
				 "\tb 9f\n"
				 "2:\tmsr spsr_el2, %1\n"
				 "\tmsr elr_el2, %2\n"
				 "\tmov %w0, %4\n"
				 "9:\n"
				 ".pushsection __kvm_ex_table, \"a\"\n"
				 ".long 1b - ., 2b - .\n"
				 ".popsection\n"), 4);
	assert_insn(insns[2], INSN_SYS, "at");
	assert_string_equal(insns[2].name, "s1e1r");
	assert_int_equal(insns[2].operand, 3);
	assert_insn(insns[3], INSN_BARRIER, "isb");

	assert_int_equal(read_ok(".inst 0xd5087800\n.inst (0xd50c879f)"), 2);
	assert_insn(insns[0], INSN_SYS, "at");
	assert_string_equal(insns[0].name, "s1e1r");
	assert_insn(insns[1], INSN_SYS, "tlbi");
	assert_string_equal(insns[1].name, "alle1");
}

static void test_generic_sysreg_names(void **state)
{
	uint32_t enc = 0;

	(void)state;
	assert_true(asm_parse_generic_sysreg("s3_4_c1_c1_0", &enc));
	assert_int_equal(enc, SYSREG_ENC(3, 4, 1, 1, 0));
	assert_true(asm_parse_generic_sysreg("S2_0_C0_C2_2", &enc));
	assert_int_equal(enc, SYSREG_ENC(2, 0, 0, 2, 2));
	assert_true(asm_parse_generic_sysreg("s3_7_c15_c15_7", &enc));
	assert_int_equal(enc, SYSREG_ENC(3, 7, 15, 15, 7));

	enc = 0x1234;
	assert_false(asm_parse_generic_sysreg("s4_0_c0_c0_0", &enc));
	assert_false(asm_parse_generic_sysreg("s3_8_c0_c0_0", &enc));
	assert_false(asm_parse_generic_sysreg("s3_0_c16_c0_0", &enc));
	assert_false(asm_parse_generic_sysreg("s3_0_c0_c16_0", &enc));
	assert_false(asm_parse_generic_sysreg("s3_0_c0_c0_8", &enc));
	assert_false(asm_parse_generic_sysreg("s3_4_c1_c1", &enc));
	assert_false(asm_parse_generic_sysreg("s3_4_c1_c1_", &enc));
	assert_false(asm_parse_generic_sysreg("s3_4_c1_c1_0x", &enc));
	assert_false(asm_parse_generic_sysreg("s3_4_1_1_0", &enc));
	assert_false(asm_parse_generic_sysreg("hcr_el2", &enc));
	assert_false(asm_parse_generic_sysreg("", &enc));
	assert_int_equal(enc, 0x1234);	/* untouched on failure */
}

/*
 * Guards the generic register names' numbers: one or two plain decimal
 * digits each, as the assembler takes them.  A reader that skipped
 * blanks, took a sign or truncated to 32 bits (sscanf("%u") did) would
 * accept "s3_4294967300_c1_c1_0" as s3_4_c1_c1_0, "s3_ 4_..." and
 * "s3_+4_...".
 */
static void test_generic_sysreg_number_forms(void **state)
{
	uint32_t enc = 0;

	(void)state;
	assert_false(asm_parse_generic_sysreg("s3_4294967300_c1_c1_0", &enc));
	assert_false(asm_parse_generic_sysreg("s3_ 4_c1_c1_0", &enc));
	assert_false(asm_parse_generic_sysreg("s3_+4_c1_c1_0", &enc));
}

static void test_alternative_is_may(void **state)
{
	(void)state;
	/* ALTERNATIVE("nop", "isb", cap) as the kernel expands it */
	assert_int_equal(read_ok("661:\n\tnop\n662:\n"
				 ".pushsection .altinstructions,\"a\"\n"
				 " .word 661b - .\n"
				 " .popsection\n"
				 ".subsection 1\n663:\n\tisb\n664:\n\t.previous\n"), 1);
	assert_insn(insns[0], INSN_BARRIER, "isb");
	assert_true(insns[0].may);
	assert_int_equal(insns[0].alt_side, 2);	/* the replacement */
	assert_int_equal(insns[0].alt_cap, -1);	/* no .hword read */

	/* with the full table entry: the capability; nothing in it is code */
	assert_int_equal(read_ok(".if 1 == 1\n661:\n\tnop\n662:\n"
				 ".pushsection .altinstructions,\"a\"\n"
				 " .word 661b - .\n .word 663f - .\n"
				 " .hword 42\n"
				 " .byte 662b-661b\n .byte 664f-663f\n"
				 "\t.inst 0xd5033fdf\n"
				 "\tisb\n"
				 "\tmsr hcr_el2, %x0\n"
				 ".popsection\n"
				 ".subsection 1\n663:\n\tisb\n664:\n\t"
				 ".org . - (664b-663b) + (662b-661b)\n\t"
				 ".org . - (662b-661b) + (664b-663b)\n\t"
				 ".previous\n.endif\n"), 1);
	assert_insn(insns[0], INSN_BARRIER, "isb");
	assert_true(insns[0].may);
	assert_int_equal(insns[0].alt_side, 2);
	assert_int_equal(insns[0].alt_cap, 42);

	/* ALTERNATIVE("isb", "nop", cap): the original side */
	assert_int_equal(read_ok("661:\n\tisb\n662:\n"
				 ".pushsection .altinstructions,\"a\"\n"
				 " .word 661b - .\n .hword 7\n"
				 " .popsection\n"
				 ".subsection 1\n663:\n\tnop\n664:\n\t.previous\n"), 1);
	assert_insn(insns[0], INSN_BARRIER, "isb");
	assert_true(insns[0].may);
	assert_int_equal(insns[0].alt_side, 1);
	assert_int_equal(insns[0].alt_cap, 7);

	/* the same instruction outside an alternative */
	assert_int_equal(read_ok("isb"), 1);
	assert_false(insns[0].may);
	assert_int_equal(insns[0].alt_side, 0);
}

/*
 * Older kernels put an alternative's replacement in a section of its own,
 * ".pushsection .altinstr_replacement", not in ".subsection 1".  Guards
 * that it is read as the replacement (side 2) and not skipped as another
 * section's code: skipped, an ALTERNATIVE("nop", "isb", cap) would look
 * like no isb at all, and a VHE accessor would lose its EL12 access.
 */
static void test_alternative_replacement_section(void **state)
{
	(void)state;
	/* ALTERNATIVE("nop", "isb", 42), the older spelling */
	assert_int_equal(read_ok("661:\n\tnop\n662:\n"
				 ".pushsection .altinstructions, \"a\"\n"
				 "\t.word 661b - .\n\t.word 663f - .\n"
				 "\t.hword 42\n"
				 "\t.byte 662b - 661b\n\t.byte 664f - 663f\n"
				 ".popsection\n"
				 ".pushsection .altinstr_replacement, \"ax\"\n"
				 "663:\n\tisb\n664:\n\t.popsection\n\t"
				 ".org . - (664b - 663b) + (662b - 661b)\n\t"
				 ".org . - (662b - 661b) + (664b - 663b)\n"), 1);
	assert_insn(insns[0], INSN_BARRIER, "isb");
	assert_true(insns[0].may);
	assert_int_equal(insns[0].alt_side, 2);
	assert_int_equal(insns[0].alt_cap, 42);

	/*
	 * read_sysreg_el1(SYS_SCTLR) of that time: mrs_s of the EL1
	 * encoding, replaced by the EL12 one (mrs_s defined elsewhere in
	 * the TU); then an isb in line after the alternative, a section that
	 * is not code run in line, and one nested in the replacement.
	 */
	assert_int_equal(read_ok("661:\n\tmrs_s %0, (3 << 19) | (1 << 12)\n"
				 "662:\n"
				 ".pushsection .altinstructions,\"a\"\n"
				 "\t.hword 2\n"
				 ".popsection\n"
				 ".pushsection .altinstr_replacement,\"ax\"\n"
				 "663:\n\tmrs_s %0, (3 << 19) | (5 << 16) | "
				 "(1 << 12)\n"
				 ".pushsection .text.other\n\tisb\n.popsection\n"
				 "664:\n\t.popsection\n"
				 "isb\n"
				 ".pushsection .text.other\n\tdsb sy\n"
				 ".popsection\n"), 3);
	assert_int_equal(insns[0].kind, INSN_MRS);
	assert_int_equal(insns[0].enc, SYSREG_ENC(3, 0, 1, 0, 0));
	assert_int_equal(insns[0].alt_side, 1);
	assert_int_equal(insns[0].alt_cap, 2);
	assert_int_equal(insns[1].kind, INSN_MRS);
	assert_int_equal(insns[1].enc, SYSREG_ENC(3, 5, 1, 0, 0));
	assert_int_equal(insns[1].alt_side, 2);
	assert_int_equal(insns[1].alt_cap, 2);
	assert_insn(insns[2], INSN_BARRIER, "isb");
	assert_int_equal(insns[2].alt_side, 0);
}

static void test_bad_msr_s(void **state)
{
	const char *msg;

	(void)state;
	msg = read_fail(GPR_NUMS MSR_S_MACRO "\tmsr_s (1 << ), %x0\n"
			"\t.purgem\tmsr_s\n");
	assert_non_null(strstr(msg, "msr_s (1 << ), %x0"));
	assert_non_null(strstr(msg, "expected an operand"));
	/* a symbol: the reader cannot know its value */
	msg = read_fail("msr_s .L__gpr_num_x0, %x0");
	assert_non_null(strstr(msg, "not a constant"));
	/* bits outside op0..op2 */
	msg = read_fail("msr_s 0x1f, %x0");
	assert_non_null(strstr(msg, "encoding out of range"));
	msg = read_fail("mrs_s %0, (1 << 30)");
	assert_non_null(strstr(msg, "encoding out of range"));
	/* malformed statements that matter */
	msg = read_fail(".inst 0x1ffffffff");
	assert_non_null(strstr(msg, "wider than 32 bits"));
	msg = read_fail("msr hcr_el2");
	assert_non_null(strstr(msg, "two operands"));
	msg = read_fail("mrs %0");
	assert_non_null(strstr(msg, "two operands"));
	msg = read_fail("hint #x");
	assert_non_null(strstr(msg, "immediate"));
}

/*
 * Guards .inst against literals past 64 bits: ".inst 0x100000000d5033fdf"
 * must fail like ".inst 0x1ffffffff", not wrap to 0xd5033fdf and be read
 * as an isb (test_expr.c's test_literal_overflow is the root).
 */
static void test_inst_literal_overflow(void **state)
{
	const char *msg;

	(void)state;
	msg = read_fail(".inst 0x100000000d5033fdf");
	assert_non_null(strstr(msg, "0x100000000d5033fdf"));
}

static void test_overflow_count(void **state)
{
	struct asm_error err;
	struct asm_insn three[3];
	int n;

	(void)state;
	memset(three, 0x5a, sizeof(three));
	/* more than max: the count is exact, only max are written */
	n = asm_read("isb; isb; dsb sy; isb; eret", three, 2, NULL, &err);
	assert_int_equal(n, 5);
	assert_insn(three[0], INSN_BARRIER, "isb");
	assert_insn(three[1], INSN_BARRIER, "isb");
	for (size_t i = 0; i < sizeof(three[2]); i++)
		assert_int_equal(((unsigned char *)&three[2])[i], 0x5a);
	/* max 0: nothing written, still counted */
	memset(three, 0x5a, sizeof(three));
	n = asm_read("isb\n.inst 0xd5033fdf", three, 0, NULL, &err);
	assert_int_equal(n, 2);
	for (size_t i = 0; i < sizeof(three); i++)
		assert_int_equal(((unsigned char *)three)[i], 0x5a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_named_msr_mrs),
		cmocka_unit_test(test_msr_s_scaffolding),
		cmocka_unit_test(test_barriers_and_hints),
		cmocka_unit_test(test_exceptions_tlbi_at),
		cmocka_unit_test(test_labels_and_comments),
		cmocka_unit_test(test_pstate_and_zero),
		cmocka_unit_test(test_inst_words),
		cmocka_unit_test(test_decode_direct),
		cmocka_unit_test(test_sys_encodings),
		cmocka_unit_test(test_sys_unknown),
		cmocka_unit_test(test_kvm_at_shape),
		cmocka_unit_test(test_generic_instructions),
		cmocka_unit_test(test_branch_over_fixup),
		cmocka_unit_test(test_generic_sysreg_names),
		cmocka_unit_test(test_generic_sysreg_number_forms),
		cmocka_unit_test(test_alternative_is_may),
		cmocka_unit_test(test_alternative_replacement_section),
		cmocka_unit_test(test_bad_msr_s),
		cmocka_unit_test(test_inst_literal_overflow),
		cmocka_unit_test(test_overflow_count),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
