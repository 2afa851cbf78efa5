/* SPDX-License-Identifier: GPL-2.0 */
/*
 * asmread.h - read an expanded inline-asm template as the assembler would,
 * far enough to see the instructions that matter for synchronisation.
 *
 * In: the template text (escapes already decoded).  Out: the instructions
 * it contains, in order.  Statements are split on newlines and ';'.
 * .macro/.endm and .irp/.endr bodies are definitions, not code, and are
 * skipped; .pushsection/.popsection data (the .altinstructions table) is
 * skipped.  msr_s/mrs_s take an encoding expression; .inst words are
 * decoded for msr/mrs/sys/isb/dsb/dmb/hint/eret/hvc/smc/svc and the
 * pointer-authentication instructions; hints are named by their alias
 * ("hint #17" is "psb csync").  A system instruction written as its
 * encoding (msr/msr_s of an op0 = 1 encoding, "sys #op1, Cn, Cm, #op2",
 * an .inst SYS word) is the AT, TLBI, DC or IC it encodes ("at" "s1e1r"),
 * or "sys" named by its generic encoding ("s1_3_c7_c7_4"); the read forms
 * (mrs of op0 = 1, SYSL) are "sysl".
 *
 * Every msr, mrs, barrier, exception return, exception-generating
 * instruction and system instruction (tlbi, at, dc, ic, sys) is reported;
 * any other instruction only if the caller's filter wants its mnemonic
 * (the rules decide which instructions matter).  A template that
 * carries a kernel alternative (.altinstructions) only *may* execute each
 * of its instructions, so all of them are marked "may"; those of the
 * alternative itself also carry its capability and side (the original
 * before .pushsection, the replacement in .subsection 1), so that two
 * alternatives on one capability can be told to cover every CPU.
 */
#ifndef ISBCHECK_ASMREAD_H
#define ISBCHECK_ASMREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum insn_kind {
	INSN_MSR,	/* write of a system register (or PSTATE field) */
	INSN_MRS,	/* read of a system register */
	INSN_BARRIER,	/* isb, dsb, dmb */
	INSN_ERET,	/* eret, eretaa, eretab */
	INSN_EXCEPTION,	/* exception-generating: hvc, smc, svc */
	INSN_SYS,	/* a system instruction: tlbi, at, dc, ic, sys, sysl */
	INSN_OTHER,	/* any other, by mnemonic: psb csync, paciasp, irg... */
};

/* op0 << 19 | op1 << 16 | CRn << 12 | CRm << 8 | op2 << 5, as sys_reg() */
#define SYSREG_ENC(op0, op1, crn, crm, op2)				\
	((uint32_t)(op0) << 19 | (uint32_t)(op1) << 16 |		\
	 (uint32_t)(crn) << 12 | (uint32_t)(crm) << 8 | (uint32_t)(op2) << 5)

struct asm_insn {
	enum insn_kind kind;
	bool may;		/* inside a kernel alternative */
	int alt_cap;		/* its capability (.hword in .altinstructions), or -1 */
	int alt_side;		/* 1: the original code, 2: the replacement, 0 */
	bool has_enc;		/* enc is valid (msr_s, .inst, sN_N_cN_cN_N) */
	uint32_t enc;		/* SYSREG_ENC() of the register or sys op */
	int operand;		/* %N of the GPR operand, -1 for none/imm */
	char mnemonic[16];	/* lower case: "msr", "isb", "tlbi", "psb" */
	char name[40];		/* msr/mrs: the register; else the first
				 * operand ("vmalle1is", "csync", "nsh")
				 * unless it is a register or an immediate,
				 * lower case, or "" */
	char text[80];		/* the statement, normalised, for messages */
};

/* Which INSN_OTHER instructions to report, by mnemonic. */
struct asm_filter {
	bool (*want)(const char *mnemonic, void *ctx);
	void *ctx;
};

struct asm_error {
	char msg[160];
};

/*
 * Reads up to max instructions into out.  Returns the number found (which
 * may exceed max: the rest are dropped), or -1 with *err filled when a
 * statement that matters cannot be read (e.g. a bad msr_s expression).
 * filter NULL: every instruction is reported.
 */
int asm_read(const char *tmpl, struct asm_insn *out, int max,
	     const struct asm_filter *filter, struct asm_error *err);

/*
 * Decodes one A64 instruction word; returns false for an instruction it
 * does not know (a nop, an add) or one the filter does not want.
 */
bool asm_decode_inst(uint32_t word, const struct asm_filter *filter,
		     struct asm_insn *insn);

/*
 * Splits "a, b(c, [d, e]), f" at top-level commas into trimmed operands;
 * returns the count (which may exceed max), 0 for none.
 */
int asm_split_operands(const char *s, size_t len, const char **ops,
		       size_t *lens, int max);

/* "s3_4_c1_c1_0" -> encoding; false if the name is not of that form. */
bool asm_parse_generic_sysreg(const char *name, uint32_t *enc);

#endif
