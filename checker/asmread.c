// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE		/* memmem */
#include "asmread.h"
#include "expr.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define OPERAND_NONE	-1
#define OPERAND_ZERO	-2	/* xzr/wzr: the value written is 0 */

struct reader {
	struct asm_insn *out;
	int max, n;
	bool all_may;
	int skip_macro;		/* inside .macro ... .endm */
	int skip_rept;		/* inside .irp/.irpc/.rept ... .endr */
	int section;		/* inside .pushsection ... .popsection
				 * of a section whose code does not run in
				 * line (not a replacement, below) */
	/*
	 * What each open .pushsection is: an alternative's replacement
	 * code (.altinstr_replacement, where older kernels put it; current
	 * ones use .subsection 1) is read as its side 2; any other section
	 * is skipped.  Deeper than the stack: skipped.
	 */
	bool pushed_repl[8];
	int npushed;
	const struct asm_filter *filter;
	struct asm_error *err;
	bool failed;
	struct asm_insn dropped;	/* where instructions past max go */
	int side;		/* of the alternative being read, 0 outside */
	int cap;		/* its capability once read, -1 before */
	bool in_alt_table;	/* inside .pushsection .altinstructions */
	/*
	 * After an unconditional branch, code is skipped until a label some
	 * branch of the template jumps to: what lies between is reached only
	 * from outside (an exception fixup), not on the way through.
	 */
	bool dead;
	char targets[32][16];	/* labels the template's branches name */
	int ntargets;
	bool scanning;		/* the first pass: only note the targets */
};

/*
 * The aliases of SYS (Arm ARM C5.3, C6.2 "SYS" and its alias table): the
 * AT, DC, IC and TLBI operations by op1, CRn, CRm, op2 (op0 is 1).  An
 * operation written as an encoding (msr s1_0_c7_c8_0, msr_s with
 * sys_insn(1, ...), sys #0, c7, c8, #0, .inst of a SYS word) is the
 * instruction of that name, so a rule's "at s1e1r" matches it.  The list
 * is that of ARM DDI 0487 (L.a/M.a.a) up to FEAT_TLBIW, FEAT_RME and
 * FEAT_MEC; tests/unit/test_rules.c checks the AT and TLBI ones against
 * its own list of each operation and its class.
 */
struct named_op {
	const char *mnemonic;
	unsigned char op1, crn, crm, op2;
	const char *name;
};

static const struct named_op sys_ops[] = {
	{ "at", 0, 7, 8, 0, "s1e1r" },
	{ "at", 0, 7, 8, 1, "s1e1w" },
	{ "at", 0, 7, 8, 2, "s1e0r" },
	{ "at", 0, 7, 8, 3, "s1e0w" },
	{ "at", 0, 7, 9, 0, "s1e1rp" },
	{ "at", 0, 7, 9, 1, "s1e1wp" },
	{ "at", 0, 7, 9, 2, "s1e1a" },
	{ "at", 4, 7, 8, 0, "s1e2r" },
	{ "at", 4, 7, 8, 1, "s1e2w" },
	{ "at", 4, 7, 8, 4, "s12e1r" },
	{ "at", 4, 7, 8, 5, "s12e1w" },
	{ "at", 4, 7, 8, 6, "s12e0r" },
	{ "at", 4, 7, 8, 7, "s12e0w" },
	{ "at", 4, 7, 9, 2, "s1e2a" },
	{ "at", 6, 7, 8, 0, "s1e3r" },
	{ "at", 6, 7, 8, 1, "s1e3w" },
	{ "at", 6, 7, 9, 2, "s1e3a" },
	{ "dc", 0, 7, 6, 1, "ivac" },
	{ "dc", 0, 7, 6, 2, "isw" },
	{ "dc", 0, 7, 6, 3, "igvac" },
	{ "dc", 0, 7, 6, 4, "igsw" },
	{ "dc", 0, 7, 6, 5, "igdvac" },
	{ "dc", 0, 7, 6, 6, "igdsw" },
	{ "dc", 0, 7, 10, 2, "csw" },
	{ "dc", 0, 7, 10, 4, "cgsw" },
	{ "dc", 0, 7, 10, 6, "cgdsw" },
	{ "dc", 0, 7, 14, 2, "cisw" },
	{ "dc", 0, 7, 14, 4, "cigsw" },
	{ "dc", 0, 7, 14, 6, "cigdsw" },
	{ "dc", 3, 7, 4, 1, "zva" },
	{ "dc", 3, 7, 4, 3, "gva" },
	{ "dc", 3, 7, 4, 4, "gzva" },
	{ "dc", 3, 7, 10, 1, "cvac" },
	{ "dc", 3, 7, 10, 3, "cgvac" },
	{ "dc", 3, 7, 10, 5, "cgdvac" },
	{ "dc", 3, 7, 11, 1, "cvau" },
	{ "dc", 3, 7, 12, 1, "cvap" },
	{ "dc", 3, 7, 12, 3, "cgvap" },
	{ "dc", 3, 7, 12, 5, "cgdvap" },
	{ "dc", 3, 7, 13, 1, "cvadp" },
	{ "dc", 3, 7, 13, 3, "cgvadp" },
	{ "dc", 3, 7, 13, 5, "cgdvadp" },
	{ "dc", 3, 7, 14, 1, "civac" },
	{ "dc", 3, 7, 14, 3, "cigvac" },
	{ "dc", 3, 7, 14, 5, "cigdvac" },
	{ "dc", 4, 7, 14, 0, "cipae" },
	{ "dc", 4, 7, 14, 7, "cigdpae" },
	{ "ic", 0, 7, 1, 0, "ialluis" },
	{ "ic", 0, 7, 5, 0, "iallu" },
	{ "ic", 3, 7, 5, 1, "ivau" },
	{ "tlbi", 0, 8, 1, 0, "vmalle1os" },
	{ "tlbi", 0, 8, 1, 1, "vae1os" },
	{ "tlbi", 0, 8, 1, 2, "aside1os" },
	{ "tlbi", 0, 8, 1, 3, "vaae1os" },
	{ "tlbi", 0, 8, 1, 5, "vale1os" },
	{ "tlbi", 0, 8, 1, 7, "vaale1os" },
	{ "tlbi", 0, 8, 2, 1, "rvae1is" },
	{ "tlbi", 0, 8, 2, 3, "rvaae1is" },
	{ "tlbi", 0, 8, 2, 5, "rvale1is" },
	{ "tlbi", 0, 8, 2, 7, "rvaale1is" },
	{ "tlbi", 0, 8, 3, 0, "vmalle1is" },
	{ "tlbi", 0, 8, 3, 1, "vae1is" },
	{ "tlbi", 0, 8, 3, 2, "aside1is" },
	{ "tlbi", 0, 8, 3, 3, "vaae1is" },
	{ "tlbi", 0, 8, 3, 5, "vale1is" },
	{ "tlbi", 0, 8, 3, 7, "vaale1is" },
	{ "tlbi", 0, 8, 5, 1, "rvae1os" },
	{ "tlbi", 0, 8, 5, 3, "rvaae1os" },
	{ "tlbi", 0, 8, 5, 5, "rvale1os" },
	{ "tlbi", 0, 8, 5, 7, "rvaale1os" },
	{ "tlbi", 0, 8, 6, 1, "rvae1" },
	{ "tlbi", 0, 8, 6, 3, "rvaae1" },
	{ "tlbi", 0, 8, 6, 5, "rvale1" },
	{ "tlbi", 0, 8, 6, 7, "rvaale1" },
	{ "tlbi", 0, 8, 7, 0, "vmalle1" },
	{ "tlbi", 0, 8, 7, 1, "vae1" },
	{ "tlbi", 0, 8, 7, 2, "aside1" },
	{ "tlbi", 0, 8, 7, 3, "vaae1" },
	{ "tlbi", 0, 8, 7, 5, "vale1" },
	{ "tlbi", 0, 8, 7, 7, "vaale1" },
	{ "tlbi", 4, 8, 0, 1, "ipas2e1is" },
	{ "tlbi", 4, 8, 0, 2, "ripas2e1is" },
	{ "tlbi", 4, 8, 0, 5, "ipas2le1is" },
	{ "tlbi", 4, 8, 0, 6, "ripas2le1is" },
	{ "tlbi", 4, 8, 1, 0, "alle2os" },
	{ "tlbi", 4, 8, 1, 1, "vae2os" },
	{ "tlbi", 4, 8, 1, 4, "alle1os" },
	{ "tlbi", 4, 8, 1, 5, "vale2os" },
	{ "tlbi", 4, 8, 1, 6, "vmalls12e1os" },
	{ "tlbi", 4, 8, 2, 1, "rvae2is" },
	{ "tlbi", 4, 8, 2, 2, "vmallws2e1is" },
	{ "tlbi", 4, 8, 2, 5, "rvale2is" },
	{ "tlbi", 4, 8, 3, 0, "alle2is" },
	{ "tlbi", 4, 8, 3, 1, "vae2is" },
	{ "tlbi", 4, 8, 3, 4, "alle1is" },
	{ "tlbi", 4, 8, 3, 5, "vale2is" },
	{ "tlbi", 4, 8, 3, 6, "vmalls12e1is" },
	{ "tlbi", 4, 8, 4, 0, "ipas2e1os" },
	{ "tlbi", 4, 8, 4, 1, "ipas2e1" },
	{ "tlbi", 4, 8, 4, 2, "ripas2e1" },
	{ "tlbi", 4, 8, 4, 3, "ripas2e1os" },
	{ "tlbi", 4, 8, 4, 4, "ipas2le1os" },
	{ "tlbi", 4, 8, 4, 5, "ipas2le1" },
	{ "tlbi", 4, 8, 4, 6, "ripas2le1" },
	{ "tlbi", 4, 8, 4, 7, "ripas2le1os" },
	{ "tlbi", 4, 8, 5, 1, "rvae2os" },
	{ "tlbi", 4, 8, 5, 2, "vmallws2e1os" },
	{ "tlbi", 4, 8, 5, 5, "rvale2os" },
	{ "tlbi", 4, 8, 6, 1, "rvae2" },
	{ "tlbi", 4, 8, 6, 2, "vmallws2e1" },
	{ "tlbi", 4, 8, 6, 5, "rvale2" },
	{ "tlbi", 4, 8, 7, 0, "alle2" },
	{ "tlbi", 4, 8, 7, 1, "vae2" },
	{ "tlbi", 4, 8, 7, 4, "alle1" },
	{ "tlbi", 4, 8, 7, 5, "vale2" },
	{ "tlbi", 4, 8, 7, 6, "vmalls12e1" },
	{ "tlbi", 6, 8, 1, 0, "alle3os" },
	{ "tlbi", 6, 8, 1, 1, "vae3os" },
	{ "tlbi", 6, 8, 1, 4, "paallos" },
	{ "tlbi", 6, 8, 1, 5, "vale3os" },
	{ "tlbi", 6, 8, 2, 1, "rvae3is" },
	{ "tlbi", 6, 8, 2, 5, "rvale3is" },
	{ "tlbi", 6, 8, 3, 0, "alle3is" },
	{ "tlbi", 6, 8, 3, 1, "vae3is" },
	{ "tlbi", 6, 8, 3, 5, "vale3is" },
	{ "tlbi", 6, 8, 4, 3, "rpaos" },
	{ "tlbi", 6, 8, 4, 7, "rpalos" },
	{ "tlbi", 6, 8, 5, 1, "rvae3os" },
	{ "tlbi", 6, 8, 5, 5, "rvale3os" },
	{ "tlbi", 6, 8, 6, 1, "rvae3" },
	{ "tlbi", 6, 8, 6, 5, "rvale3" },
	{ "tlbi", 6, 8, 7, 0, "alle3" },
	{ "tlbi", 6, 8, 7, 1, "vae3" },
	{ "tlbi", 6, 8, 7, 4, "paall" },
	{ "tlbi", 6, 8, 7, 5, "vale3" },
	{ "tlbi", 0, 9, 1, 0, "vmalle1osnxs" },
	{ "tlbi", 0, 9, 1, 1, "vae1osnxs" },
	{ "tlbi", 0, 9, 1, 2, "aside1osnxs" },
	{ "tlbi", 0, 9, 1, 3, "vaae1osnxs" },
	{ "tlbi", 0, 9, 1, 5, "vale1osnxs" },
	{ "tlbi", 0, 9, 1, 7, "vaale1osnxs" },
	{ "tlbi", 0, 9, 2, 1, "rvae1isnxs" },
	{ "tlbi", 0, 9, 2, 3, "rvaae1isnxs" },
	{ "tlbi", 0, 9, 2, 5, "rvale1isnxs" },
	{ "tlbi", 0, 9, 2, 7, "rvaale1isnxs" },
	{ "tlbi", 0, 9, 3, 0, "vmalle1isnxs" },
	{ "tlbi", 0, 9, 3, 1, "vae1isnxs" },
	{ "tlbi", 0, 9, 3, 2, "aside1isnxs" },
	{ "tlbi", 0, 9, 3, 3, "vaae1isnxs" },
	{ "tlbi", 0, 9, 3, 5, "vale1isnxs" },
	{ "tlbi", 0, 9, 3, 7, "vaale1isnxs" },
	{ "tlbi", 0, 9, 5, 1, "rvae1osnxs" },
	{ "tlbi", 0, 9, 5, 3, "rvaae1osnxs" },
	{ "tlbi", 0, 9, 5, 5, "rvale1osnxs" },
	{ "tlbi", 0, 9, 5, 7, "rvaale1osnxs" },
	{ "tlbi", 0, 9, 6, 1, "rvae1nxs" },
	{ "tlbi", 0, 9, 6, 3, "rvaae1nxs" },
	{ "tlbi", 0, 9, 6, 5, "rvale1nxs" },
	{ "tlbi", 0, 9, 6, 7, "rvaale1nxs" },
	{ "tlbi", 0, 9, 7, 0, "vmalle1nxs" },
	{ "tlbi", 0, 9, 7, 1, "vae1nxs" },
	{ "tlbi", 0, 9, 7, 2, "aside1nxs" },
	{ "tlbi", 0, 9, 7, 3, "vaae1nxs" },
	{ "tlbi", 0, 9, 7, 5, "vale1nxs" },
	{ "tlbi", 0, 9, 7, 7, "vaale1nxs" },
	{ "tlbi", 4, 9, 0, 1, "ipas2e1isnxs" },
	{ "tlbi", 4, 9, 0, 2, "ripas2e1isnxs" },
	{ "tlbi", 4, 9, 0, 5, "ipas2le1isnxs" },
	{ "tlbi", 4, 9, 0, 6, "ripas2le1isnxs" },
	{ "tlbi", 4, 9, 1, 0, "alle2osnxs" },
	{ "tlbi", 4, 9, 1, 1, "vae2osnxs" },
	{ "tlbi", 4, 9, 1, 4, "alle1osnxs" },
	{ "tlbi", 4, 9, 1, 5, "vale2osnxs" },
	{ "tlbi", 4, 9, 1, 6, "vmalls12e1osnxs" },
	{ "tlbi", 4, 9, 2, 1, "rvae2isnxs" },
	{ "tlbi", 4, 9, 2, 2, "vmallws2e1isnxs" },
	{ "tlbi", 4, 9, 2, 5, "rvale2isnxs" },
	{ "tlbi", 4, 9, 3, 0, "alle2isnxs" },
	{ "tlbi", 4, 9, 3, 1, "vae2isnxs" },
	{ "tlbi", 4, 9, 3, 4, "alle1isnxs" },
	{ "tlbi", 4, 9, 3, 5, "vale2isnxs" },
	{ "tlbi", 4, 9, 3, 6, "vmalls12e1isnxs" },
	{ "tlbi", 4, 9, 4, 0, "ipas2e1osnxs" },
	{ "tlbi", 4, 9, 4, 1, "ipas2e1nxs" },
	{ "tlbi", 4, 9, 4, 2, "ripas2e1nxs" },
	{ "tlbi", 4, 9, 4, 3, "ripas2e1osnxs" },
	{ "tlbi", 4, 9, 4, 4, "ipas2le1osnxs" },
	{ "tlbi", 4, 9, 4, 5, "ipas2le1nxs" },
	{ "tlbi", 4, 9, 4, 6, "ripas2le1nxs" },
	{ "tlbi", 4, 9, 4, 7, "ripas2le1osnxs" },
	{ "tlbi", 4, 9, 5, 1, "rvae2osnxs" },
	{ "tlbi", 4, 9, 5, 2, "vmallws2e1osnxs" },
	{ "tlbi", 4, 9, 5, 5, "rvale2osnxs" },
	{ "tlbi", 4, 9, 6, 1, "rvae2nxs" },
	{ "tlbi", 4, 9, 6, 2, "vmallws2e1nxs" },
	{ "tlbi", 4, 9, 6, 5, "rvale2nxs" },
	{ "tlbi", 4, 9, 7, 0, "alle2nxs" },
	{ "tlbi", 4, 9, 7, 1, "vae2nxs" },
	{ "tlbi", 4, 9, 7, 4, "alle1nxs" },
	{ "tlbi", 4, 9, 7, 5, "vale2nxs" },
	{ "tlbi", 4, 9, 7, 6, "vmalls12e1nxs" },
	{ "tlbi", 6, 9, 1, 0, "alle3osnxs" },
	{ "tlbi", 6, 9, 1, 1, "vae3osnxs" },
	{ "tlbi", 6, 9, 1, 4, "paallosnxs" },
	{ "tlbi", 6, 9, 1, 5, "vale3osnxs" },
	{ "tlbi", 6, 9, 2, 1, "rvae3isnxs" },
	{ "tlbi", 6, 9, 2, 5, "rvale3isnxs" },
	{ "tlbi", 6, 9, 3, 0, "alle3isnxs" },
	{ "tlbi", 6, 9, 3, 1, "vae3isnxs" },
	{ "tlbi", 6, 9, 3, 5, "vale3isnxs" },
	{ "tlbi", 6, 9, 4, 3, "rpaosnxs" },
	{ "tlbi", 6, 9, 4, 7, "rpalosnxs" },
	{ "tlbi", 6, 9, 5, 1, "rvae3osnxs" },
	{ "tlbi", 6, 9, 5, 5, "rvale3osnxs" },
	{ "tlbi", 6, 9, 6, 1, "rvae3nxs" },
	{ "tlbi", 6, 9, 6, 5, "rvale3nxs" },
	{ "tlbi", 6, 9, 7, 0, "alle3nxs" },
	{ "tlbi", 6, 9, 7, 1, "vae3nxs" },
	{ "tlbi", 6, 9, 7, 4, "paallnxs" },
	{ "tlbi", 6, 9, 7, 5, "vale3nxs" },
};

static void set_text(struct asm_insn *insn, const char *s, size_t len)
{
	size_t o = 0, i;
	bool space = false;

	for (i = 0; i < len && o + 1 < sizeof(insn->text); i++) {
		if (isspace((unsigned char)s[i])) {
			space = o > 0;
			continue;
		}
		if (space && o + 2 < sizeof(insn->text))
			insn->text[o++] = ' ';
		space = false;
		insn->text[o++] = s[i];
	}
	insn->text[o] = '\0';
}

static void set_name(struct asm_insn *insn, const char *s, size_t len)
{
	size_t i;

	if (len >= sizeof(insn->name))
		len = sizeof(insn->name) - 1;
	for (i = 0; i < len; i++)
		insn->name[i] = (char)tolower((unsigned char)s[i]);
	insn->name[len] = '\0';
}

static void set_mnemonic(struct asm_insn *insn, const char *s)
{
	snprintf(insn->mnemonic, sizeof(insn->mnemonic), "%s", s);
}

static bool wanted(const struct asm_filter *f, const char *mnemonic)
{
	return !f || f->want(mnemonic, f->ctx);
}

/* Reads 1-2 decimal digits (no sign, no blanks) at *p, up to max. */
static bool read_small(const char **p, unsigned max, unsigned *out)
{
	const char *s = *p;
	unsigned v = 0;
	int n = 0;

	while (isdigit((unsigned char)*s) && n < 3) {
		v = v * 10 + (unsigned)(*s++ - '0');
		n++;
	}
	if (!n || n > 2 || v > max)
		return false;
	*out = v;
	*p = s;
	return true;
}

bool asm_parse_generic_sysreg(const char *name, uint32_t *enc)
{
	unsigned op0, op1, crn, crm, op2;
	const char *p = name;

	/* sOP0_OP1_cCRN_cCRM_OP2, the assembler's generic name */
	if (tolower((unsigned char)*p++) != 's' || !read_small(&p, 3, &op0) ||
	    *p++ != '_' || !read_small(&p, 7, &op1) || *p++ != '_' ||
	    tolower((unsigned char)*p++) != 'c' || !read_small(&p, 15, &crn) ||
	    *p++ != '_' || tolower((unsigned char)*p++) != 'c' ||
	    !read_small(&p, 15, &crm) || *p++ != '_' ||
	    !read_small(&p, 7, &op2) || *p)
		return false;
	*enc = SYSREG_ENC(op0, op1, crn, crm, op2);
	return true;
}

/*
 * Makes insn the SYS instruction op1, CRn, CRm, op2 (op0 = 1): by its
 * alias ("at" "s1e1r") when it has one, else "sys" named by the generic
 * encoding ("s1_3_c7_c7_4"), which a rule may name with a glob too.
 * sysl (the read form) has no aliases.
 */
static void set_sys_op(struct asm_insn *insn, bool read, unsigned op1,
		       unsigned crn, unsigned crm, unsigned op2)
{
	size_t i;

	insn->kind = INSN_SYS;
	insn->has_enc = true;
	insn->enc = SYSREG_ENC(1, op1, crn, crm, op2);
	for (i = 0; !read && i < sizeof(sys_ops) / sizeof(sys_ops[0]); i++) {
		const struct named_op *o = &sys_ops[i];

		if (o->op1 == op1 && o->crn == crn && o->crm == crm &&
		    o->op2 == op2) {
			set_mnemonic(insn, o->mnemonic);
			snprintf(insn->name, sizeof(insn->name), "%s", o->name);
			return;
		}
	}
	set_mnemonic(insn, read ? "sysl" : "sys");
	snprintf(insn->name, sizeof(insn->name), "s1_%u_c%u_c%u_%u",
		 op1 & 7, crn & 15, crm & 15, op2 & 7);
}

/* The assembler's alias for HINT #imm, or NULL (C6.2, HINT). */
static const char *hint_alias(unsigned imm)
{
	static const char *const names[] = {
		[0] = "nop", [1] = "yield", [2] = "wfe", [3] = "wfi",
		[4] = "sev", [5] = "sevl", [6] = "dgh", [7] = "xpaclri",
		[8] = "pacia1716", [10] = "pacib1716", [12] = "autia1716",
		[14] = "autib1716", [16] = "esb", [17] = "psb csync",
		[18] = "tsb csync", [20] = "csdb", [22] = "clrbhb",
		[24] = "paciaz", [25] = "paciasp", [26] = "pacibz",
		[27] = "pacibsp", [28] = "autiaz", [29] = "autiasp",
		[30] = "autibz", [31] = "autibsp", [32] = "bti",
		[34] = "bti c", [36] = "bti j", [38] = "bti jc",
	};

	return imm < sizeof(names) / sizeof(*names) ? names[imm] : NULL;
}

/* Splits "psb csync" into mnemonic and first operand. */
static void set_alias(struct asm_insn *insn, const char *alias)
{
	const char *sp = strchr(alias, ' ');

	snprintf(insn->mnemonic, sizeof(insn->mnemonic), "%.*s",
		 (int)(sp ? (size_t)(sp - alias) : strlen(alias)), alias);
	snprintf(insn->name, sizeof(insn->name), "%s", sp ? sp + 1 : "");
}

static const char *const barrier_options[16] = {
	[1] = "oshld", [2] = "oshst", [3] = "osh", [5] = "nshld",
	[6] = "nshst", [7] = "nsh", [9] = "ishld", [10] = "ishst",
	[11] = "ish", [13] = "ld", [14] = "st", [15] = "sy",
};

/* PACIA ... XPACD, the data-processing (1 source) forms (C6.2). */
static const char *const pac_1src[18] = {
	"pacia", "pacib", "pacda", "pacdb", "autia", "autib", "autda",
	"autdb", "paciza", "pacizb", "pacdza", "pacdzb", "autiza", "autizb",
	"autdza", "autdzb", "xpaci", "xpacd",
};

static bool decode_system(uint32_t w, const struct asm_filter *filter,
			  struct asm_insn *insn)
{
	unsigned l = (w >> 21) & 1, op0 = (w >> 19) & 3;
	unsigned op1 = (w >> 16) & 7, crn = (w >> 12) & 15;
	unsigned crm = (w >> 8) & 15, op2 = (w >> 5) & 7, rt = w & 31;

	if (op0 >= 2) {
		insn->kind = l ? INSN_MRS : INSN_MSR;
		set_mnemonic(insn, l ? "mrs" : "msr");
		insn->has_enc = true;
		insn->enc = SYSREG_ENC(op0, op1, crn, crm, op2);
		snprintf(insn->name, sizeof(insn->name),
			 "s%u_%u_c%u_c%u_%u", op0, op1, crn, crm, op2);
		if (!l && rt == 31)
			insn->operand = OPERAND_ZERO;
		return true;
	}
	if (op0 == 1) {
		set_sys_op(insn, l, op1, crn, crm, op2);
		return true;
	}
	if (l)
		return false;
	if (crn == 2) {			/* HINT #(CRm:op2) */
		const char *alias = hint_alias(crm << 3 | op2);

		if (!alias)
			return false;
		insn->kind = INSN_OTHER;
		set_alias(insn, alias);
		return wanted(filter, insn->mnemonic);
	}
	if (crn == 3 && op2 >= 4 && op2 <= 6) {	/* dsb, dmb, isb */
		insn->kind = INSN_BARRIER;
		set_mnemonic(insn, op2 == 4 ? "dsb" : op2 == 5 ? "dmb" :
						    "isb");
		if (op2 != 6 && barrier_options[crm])
			set_name(insn, barrier_options[crm],
				 strlen(barrier_options[crm]));
		return true;
	}
	return false;
}

bool asm_decode_inst(uint32_t w, const struct asm_filter *filter,
		     struct asm_insn *insn)
{
	memset(insn, 0, sizeof(*insn));
	insn->operand = OPERAND_NONE;
	snprintf(insn->text, sizeof(insn->text), ".inst 0x%08x", w);

	if ((w & 0xffc00000) == 0xd5000000)
		return decode_system(w, filter, insn);
	if (w == 0xd69f03e0 || w == 0xd69f0bff || w == 0xd69f0fff) {
		insn->kind = INSN_ERET;
		set_mnemonic(insn, w == 0xd69f03e0 ? "eret" :
			     w == 0xd69f0bff ? "eretaa" : "eretab");
		return true;
	}
	switch (w & 0xffe0001f) {
	case 0xd4000001:
	case 0xd4000002:
	case 0xd4000003:
		insn->kind = INSN_EXCEPTION;
		set_mnemonic(insn, (w & 3) == 1 ? "svc" : (w & 3) == 2 ?
			     "hvc" : "smc");
		return true;
	}
	insn->kind = INSN_OTHER;
	if ((w & 0xffffc000) == 0xdac10000 && ((w >> 10) & 31) < 18)
		set_mnemonic(insn, pac_1src[(w >> 10) & 31]);
	else if ((w & 0xffe0fc00) == 0x9ac03000)
		set_mnemonic(insn, "pacga");
	else if (w == 0xd65f0bff || w == 0xd65f0fff)
		set_mnemonic(insn, w == 0xd65f0bff ? "retaa" : "retab");
	else
		return false;
	return wanted(filter, insn->mnemonic);
}

static void fail(struct reader *r, const char *what, const char *s, size_t n)
{
	if (r->failed)
		return;
	r->failed = true;
	snprintf(r->err->msg, sizeof(r->err->msg), "%s in '%.*s'", what,
		 (int)(n > 80 ? 80 : n), s);
}

static struct asm_insn *emit(struct reader *r, enum insn_kind kind,
			     const char *mnemonic, const char *stmt,
			     size_t len)
{
	struct asm_insn *insn;

	insn = r->n < r->max ? &r->out[r->n] : &r->dropped;
	r->n++;
	memset(insn, 0, sizeof(*insn));
	insn->kind = kind;
	set_mnemonic(insn, mnemonic);
	insn->may = r->all_may;
	insn->alt_side = r->side;
	insn->alt_cap = -1;
	insn->operand = OPERAND_NONE;
	set_text(insn, stmt, len);
	return insn;
}

int asm_split_operands(const char *s, size_t len, const char **ops,
		       size_t *lens, int max)
{
	int n = 0, depth = 0;
	size_t i, start = 0;

	for (i = 0; i <= len; i++) {
		if (i < len && (s[i] == '(' || s[i] == '['))
			depth++;
		else if (i < len && (s[i] == ')' || s[i] == ']'))
			depth--;
		else if (i == len || (s[i] == ',' && depth == 0)) {
			size_t b = start, e = i;

			while (b < e && isspace((unsigned char)s[b]))
				b++;
			while (e > b && isspace((unsigned char)s[e - 1]))
				e--;
			if (n < max) {
				ops[n] = s + b;
				lens[n] = e - b;
			}
			n++;
			start = i + 1;
		}
	}
	if (n == 1 && lens[0] == 0)
		n = 0;
	return n;
}

static int parse_gpr_operand(const char *s, size_t len)
{
	size_t i = 1;
	int v = 0;

	if (len == 3 && (!strncasecmp(s, "xzr", 3) || !strncasecmp(s, "wzr", 3)))
		return OPERAND_ZERO;
	if (len < 2 || s[0] != '%')
		return OPERAND_NONE;
	if (s[1] == 'x' || s[1] == 'w')
		i = 2;
	if (i >= len || !isdigit((unsigned char)s[i]))
		return OPERAND_NONE;
	for (; i < len && isdigit((unsigned char)s[i]); i++) {
		v = v * 10 + (s[i] - '0');
		if (v > 30)		/* asm operands are %0 to %29 */
			return OPERAND_NONE;
	}
	return i == len ? v : OPERAND_NONE;
}

static void read_sysreg_name(struct asm_insn *insn, const char *s, size_t n)
{
	set_name(insn, s, n);
	insn->has_enc = asm_parse_generic_sysreg(insn->name, &insn->enc);
}

static void read_encoded(struct reader *r, struct asm_insn *insn,
			 const char *s, size_t n, const char *stmt,
			 size_t slen)
{
	uint64_t v;
	struct expr_error e;

	if (expr_eval(s, n, &v, &e)) {
		fail(r, e.msg, stmt, slen);
		return;
	}
	if (v & ~(uint64_t)0x1fffe0) {
		fail(r, "system register encoding out of range", stmt, slen);
		return;
	}
	insn->has_enc = true;
	insn->enc = (uint32_t)v;
	snprintf(insn->name, sizeof(insn->name), "s%u_%u_c%u_c%u_%u",
		 (unsigned)(v >> 19) & 3, (unsigned)(v >> 16) & 7,
		 (unsigned)(v >> 12) & 15, (unsigned)(v >> 8) & 15,
		 (unsigned)(v >> 5) & 7);
}

/*
 * An msr or mrs of an op0 = 1 encoding ("msr s1_0_c7_c8_0, x0", msr_s
 * with sys_insn(1, ...)) is not a register access but the SYS (SYSL)
 * instruction with those fields: AT, TLBI, DC or IC by its alias.
 */
static void as_sys_op(struct asm_insn *insn, bool read)
{
	uint32_t e = insn->enc;

	if (!insn->has_enc || ((e >> 19) & 3) != 1)
		return;
	set_sys_op(insn, read, (e >> 16) & 7, (e >> 12) & 15, (e >> 8) & 15,
		   (e >> 5) & 7);
}

/* An immediate "#4", "4" or "#(1 + 3)", up to max. */
static bool read_imm_field(const char *s, size_t n, unsigned max,
			   unsigned *out)
{
	uint64_t v;
	struct expr_error e;

	if (n && s[0] == '#') {
		s++;
		n--;
	}
	if (!n || expr_eval(s, n, &v, &e) || v > max)
		return false;
	*out = (unsigned)v;
	return true;
}

/* A CRn/CRm operand, "c7" or "C15". */
static bool read_cr_field(const char *s, size_t n, unsigned *out)
{
	unsigned v = 0;
	size_t i;

	if (n < 2 || n > 3 || (s[0] != 'c' && s[0] != 'C'))
		return false;
	for (i = 1; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return false;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	if (v > 15)
		return false;
	*out = v;
	return true;
}

/* "sys #op1, Cn, Cm, #op2[, Xt]": the four fields; false if malformed. */
static bool read_sys_fields(const char **ops, const size_t *lens,
			    unsigned f[4])
{
	return read_imm_field(ops[0], lens[0], 7, &f[0]) &&
	       read_cr_field(ops[1], lens[1], &f[1]) &&
	       read_cr_field(ops[2], lens[2], &f[2]) &&
	       read_imm_field(ops[3], lens[3], 7, &f[3]);
}

static bool word_is(const char *s, size_t n, const char *w)
{
	return strlen(w) == n && !strncasecmp(s, w, n);
}

/*
 * The kernel's GPR numbers (.L__gpr_num_xN, .L__gpr_num_%[Rd]) are .equ'd
 * inside an .irp body, which is not read: in an .inst word they only fill
 * register fields, so they are read as 0 (x0), which leaves what the
 * instruction is.  Writes s with them replaced to buf; false if none.
 */
static bool gpr_numbers_as_zero(const char *s, size_t n, char *buf,
				size_t size)
{
	static const char sym[] = ".L__gpr_num_";
	const size_t sl = sizeof(sym) - 1;
	size_t i = 0, o = 0;
	bool any = false;

	while (i < n && o + 2 < size) {
		if (n - i > sl && !memcmp(s + i, sym, sl)) {
			i += sl;
			while (i < n && (isalnum((unsigned char)s[i]) ||
					 strchr("_%[]", s[i])))
				i++;
			buf[o++] = '0';
			any = true;
		} else {
			buf[o++] = s[i++];
		}
	}
	buf[o] = '\0';
	return any && i == n;
}

static void read_directive(struct reader *r, const char *m, size_t mlen,
			   const char *args, size_t alen, const char *stmt,
			   size_t slen)
{
	if (word_is(m, mlen, ".macro")) {
		r->skip_macro++;
	} else if (word_is(m, mlen, ".irp") || word_is(m, mlen, ".irpc") ||
		   word_is(m, mlen, ".rept")) {
		r->skip_rept++;
	} else if (word_is(m, mlen, ".pushsection")) {
		bool repl = r->all_may && !r->section &&
			    memmem(args, alen, ".altinstr_replacement", 21);

		if (r->npushed < (int)(sizeof(r->pushed_repl) /
				       sizeof(r->pushed_repl[0])))
			r->pushed_repl[r->npushed] = repl;
		else
			repl = false;
		r->npushed++;
		if (repl) {
			r->side = 2;	/* the replacement, out of line */
		} else {
			r->section++;
			r->in_alt_table = memmem(args, alen,
						 ".altinstructions", 16) != NULL;
			if (r->in_alt_table)
				r->side = 0;	/* the original code ends here */
		}
	} else if (word_is(m, mlen, ".popsection")) {
		bool repl = r->npushed > 0 &&
			    r->npushed <= (int)(sizeof(r->pushed_repl) /
						sizeof(r->pushed_repl[0])) &&
			    r->pushed_repl[r->npushed - 1];

		if (r->npushed > 0)
			r->npushed--;
		if (repl)
			r->side = 0;	/* back in line, after the alternative */
		else if (r->section > 0)
			r->section--;
		r->in_alt_table = false;
	} else if (word_is(m, mlen, ".hword") && r->in_alt_table) {
		/* the table entry's capability */
		uint64_t v;
		struct expr_error e;

		if (!expr_eval(args, alen, &v, &e) && v < 0x10000)
			r->cap = (int)v;
	} else if (word_is(m, mlen, ".subsection") && r->all_may) {
		r->side = 2;
	} else if (word_is(m, mlen, ".previous")) {
		r->side = 0;
	} else if (word_is(m, mlen, ".inst") && !r->section) {
		const char *ops[16];
		size_t lens[16];
		int i, n = asm_split_operands(args, alen, ops, lens, 16);

		for (i = 0; i < n && i < 16; i++) {
			struct asm_insn d;
			struct expr_error e;
			uint64_t v;
			char zero[512];

			if (expr_eval(ops[i], lens[i], &v, &e) &&
			    (!gpr_numbers_as_zero(ops[i], lens[i], zero,
						  sizeof(zero)) ||
			     expr_eval(zero, strlen(zero), &v, &e))) {
				fail(r, e.msg, stmt, slen);
				return;
			}
			if (v > 0xffffffffu) {
				fail(r, ".inst value wider than 32 bits",
				     stmt, slen);
				return;
			}
			if (asm_decode_inst((uint32_t)v, r->filter, &d)) {
				struct asm_insn *insn =
					emit(r, d.kind, d.mnemonic, stmt, slen);
				bool may = insn->may;
				int side = insn->alt_side;

				*insn = d;
				insn->may = may;
				insn->alt_side = side;
				insn->alt_cap = -1;
			}
		}
	}
}

/*
 * A register or an immediate ("%0", "%x1", "x3", "sp", "#0"): a value,
 * not part of what the instruction is ("tlbi vae1is", "dsb nsh").
 */
static bool is_value_operand(const char *s, size_t n)
{
	size_t i = 0;

	if (!n || s[0] == '#' || s[0] == '%' || word_is(s, n, "sp") ||
	    word_is(s, n, "xzr") || word_is(s, n, "wzr"))
		return true;
	if (s[0] != 'x' && s[0] != 'w' && s[0] != 'X' && s[0] != 'W')
		return false;
	for (i = 1; i < n && isdigit((unsigned char)s[i]); i++)
		;
	return i > 1 && i == n;
}

/* "9f", "2b" -> "9"; ".Lfoo" stays */
static void label_name(const char *s, size_t n, char *out, size_t size)
{
	if (n >= 2 && isdigit((unsigned char)s[0]) &&
	    (s[n - 1] == 'f' || s[n - 1] == 'b'))
		n--;
	snprintf(out, size, "%.*s", (int)(n < size ? n : size - 1), s);
}

static bool is_target(const struct reader *r, const char *s, size_t n)
{
	char name[16];

	label_name(s, n, name, sizeof(name));
	for (int i = 0; i < r->ntargets; i++)
		if (!strcmp(r->targets[i], name))
			return true;
	return false;
}

/* The label operand of a branch (b, b.cond, cbz/cbnz, tbz/tbnz), if any. */
static void note_target(struct reader *r, const char *mn, const char **ops,
			const size_t *lens, int nops)
{
	int k = -1;

	if ((!strcmp(mn, "b") || !strncmp(mn, "b.", 2)) && nops == 1)
		k = 0;
	else if ((!strcmp(mn, "cbz") || !strcmp(mn, "cbnz")) && nops == 2)
		k = 1;
	else if ((!strcmp(mn, "tbz") || !strcmp(mn, "tbnz")) && nops == 3)
		k = 2;
	if (k < 0 || r->ntargets >= 32 || !lens[k] || lens[k] >= 16)
		return;
	label_name(ops[k], lens[k], r->targets[r->ntargets],
		   sizeof(r->targets[0]));
	r->ntargets++;
}

/* The class of a mnemonic written out in a template. */
static enum insn_kind insn_class(const char *mn)
{
	static const struct {
		const char *mn;
		enum insn_kind kind;
	} classes[] = {
		{ "isb", INSN_BARRIER }, { "dsb", INSN_BARRIER },
		{ "dmb", INSN_BARRIER }, { "eret", INSN_ERET },
		{ "eretaa", INSN_ERET }, { "eretab", INSN_ERET },
		{ "hvc", INSN_EXCEPTION }, { "smc", INSN_EXCEPTION },
		{ "svc", INSN_EXCEPTION }, { "tlbi", INSN_SYS },
		{ "at", INSN_SYS }, { "dc", INSN_SYS }, { "ic", INSN_SYS },
		{ "sys", INSN_SYS }, { "sysl", INSN_SYS },
	};

	for (size_t i = 0; i < sizeof(classes) / sizeof(*classes); i++)
		if (!strcmp(classes[i].mn, mn))
			return classes[i].kind;
	return INSN_OTHER;
}

static void read_statement(struct reader *r, const char *s, size_t len)
{
	const char *m, *args, *ops[5];
	size_t mlen, alen, lens[5];
	int nops;
	struct asm_insn *insn;
	char mn[16];

	/* trim, then strip labels ("661:", "1:", ".Lfoo:") */
	for (;;) {
		size_t i = 0;

		while (len && isspace((unsigned char)*s)) {
			s++;
			len--;
		}
		while (len && isspace((unsigned char)s[len - 1]))
			len--;
		while (i < len && (isalnum((unsigned char)s[i]) ||
				   s[i] == '_' || s[i] == '.' || s[i] == '$'))
			i++;
		if (i > 0 && i < len && s[i] == ':') {
			if (r->dead && is_target(r, s, i))
				r->dead = false;
			s += i + 1;
			len -= i + 1;
			continue;
		}
		break;
	}
	if (!len)
		return;
	m = s;
	for (mlen = 0; mlen < len && !isspace((unsigned char)m[mlen]); mlen++)
		;
	args = m + mlen;
	alen = len - mlen;
	if (r->scanning) {
		if (mlen < sizeof(mn)) {
			memcpy(mn, m, mlen);
			mn[mlen] = '\0';
			for (size_t i = 0; i < mlen; i++)
				mn[i] = (char)tolower((unsigned char)mn[i]);
			nops = asm_split_operands(args, alen, ops, lens, 4);
			note_target(r, mn, ops, lens, nops < 4 ? nops : 4);
		}
		return;
	}

	if (r->skip_macro) {
		if (word_is(m, mlen, ".endm"))
			r->skip_macro--;
		else if (word_is(m, mlen, ".macro"))
			r->skip_macro++;
		return;
	}
	if (r->skip_rept) {
		if (word_is(m, mlen, ".endr"))
			r->skip_rept--;
		else if (word_is(m, mlen, ".irp") ||
			 word_is(m, mlen, ".irpc") ||
			 word_is(m, mlen, ".rept"))
			r->skip_rept++;
		return;
	}
	if (m[0] == '.') {
		read_directive(r, m, mlen, args, alen, s, len);
		return;
	}
	if (r->section || r->dead)
		return;
	if (mlen >= sizeof(mn))
		return;
	memcpy(mn, m, mlen);
	mn[mlen] = '\0';
	for (size_t i = 0; i < mlen; i++)
		mn[i] = (char)tolower((unsigned char)mn[i]);
	nops = asm_split_operands(args, alen, ops, lens, 5);
	if (!strcmp(mn, "b") && !r->all_may) {
		r->dead = true;		/* until a label a branch names */
		return;
	}

	if (!strcmp(mn, "msr") || !strcmp(mn, "msr_s")) {
		if (nops != 2) {
			fail(r, "msr needs two operands", s, len);
			return;
		}
		insn = emit(r, INSN_MSR, "msr", s, len);
		if (mn[3])
			read_encoded(r, insn, ops[0], lens[0], s, len);
		else
			read_sysreg_name(insn, ops[0], lens[0]);
		insn->operand = parse_gpr_operand(ops[1], lens[1]);
		as_sys_op(insn, false);
	} else if (!strcmp(mn, "mrs") || !strcmp(mn, "mrs_s")) {
		if (nops != 2) {
			fail(r, "mrs needs two operands", s, len);
			return;
		}
		insn = emit(r, INSN_MRS, "mrs", s, len);
		if (mn[3])
			read_encoded(r, insn, ops[1], lens[1], s, len);
		else
			read_sysreg_name(insn, ops[1], lens[1]);
		insn->operand = parse_gpr_operand(ops[0], lens[0]);
		as_sys_op(insn, true);
	} else if (!strcmp(mn, "sys") && nops >= 4) {
		unsigned f[4];

		insn = emit(r, INSN_SYS, "sys", s, len);
		if (read_sys_fields(ops, lens, f))
			set_sys_op(insn, false, f[0], f[1], f[2], f[3]);
		if (nops == 5)
			insn->operand = parse_gpr_operand(ops[4], lens[4]);
	} else if (!strcmp(mn, "hint")) {
		const char *a = ops[0], *alias;
		size_t n = nops ? lens[0] : 0;
		uint64_t v;
		struct expr_error e;

		if (n && a[0] == '#') {
			a++;
			n--;
		}
		if (!n || expr_eval(a, n, &v, &e)) {
			fail(r, "hint needs an immediate", s, len);
			return;
		}
		alias = v < 128 ? hint_alias((unsigned)v) : NULL;
		if (alias) {
			struct asm_insn d = { 0 };

			set_alias(&d, alias);
			if (wanted(r->filter, d.mnemonic)) {
				insn = emit(r, INSN_OTHER, d.mnemonic, s, len);
				memcpy(insn->name, d.name, sizeof(d.name));
			}
		}
	} else {
		enum insn_kind kind = insn_class(mn);

		if (kind == INSN_OTHER && !wanted(r->filter, mn))
			return;
		if (kind == INSN_SYS && nops < 1 &&
		    (!strcmp(mn, "tlbi") || !strcmp(mn, "at"))) {
			fail(r, "tlbi/at needs an operation", s, len);
			return;
		}
		insn = emit(r, kind, mn, s, len);
		if (nops && !is_value_operand(ops[0], lens[0]))
			set_name(insn, ops[0], lens[0]);
	}
}

/* Feeds each statement of tmpl to read_statement(). */
static void read_all(struct reader *r, const char *tmpl)
{
	const char *p = tmpl, *start = tmpl;
	bool in_string = false;

	for (;; p++) {
		if (*p == '"' && (p == tmpl || p[-1] != '\\'))
			in_string = !in_string;
		if (!in_string && *p == '/' && p[1] == '/') {
			read_statement(r, start, (size_t)(p - start));
			while (*p && *p != '\n')
				p++;
			start = p;
		}
		if (*p == '\0' || *p == '\n' || (*p == ';' && !in_string)) {
			read_statement(r, start, (size_t)(p - start));
			if (!*p)
				break;
			start = p + 1;
			in_string = false;
		}
	}
}

int asm_read(const char *tmpl, struct asm_insn *out, int max,
	     const struct asm_filter *filter, struct asm_error *err)
{
	struct reader r = { .out = out, .max = max, .filter = filter,
			    .err = err, .scanning = true };

	r.all_may = strstr(tmpl, ".altinstructions") ||
		    strstr(tmpl, ".altinstr_replacement");
	r.side = r.all_may ? 1 : 0;	/* the original code comes first */
	r.cap = -1;
	err->msg[0] = '\0';
	read_all(&r, tmpl);		/* the branches' targets */
	r.scanning = false;
	read_all(&r, tmpl);
	/* the capability is read after the code it applies to */
	for (int i = 0; i < r.n && i < max; i++)
		if (out[i].alt_side)
			out[i].alt_cap = r.cap;
	return r.failed ? -1 : r.n;
}
