/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Boot-time patching, as kernels before the split VHE/nVHE hyp objects
 * spelled it.  The old instructions stay in line; the new ones go to a
 * section of their own, .altinstr_replacement, and a table entry in
 * .altinstructions (where the old and new code are, the capability, both
 * lengths) lets the patcher copy one over the other.  Both sides must
 * be the same size, which the two .org directives check at assembly time.
 *
 * The capability numbers are the current generation's (asm/alternative.h):
 * a rule or configuration names a capability, the TU's #define gives its
 * number, so both generations must agree.
 */
#ifndef __CORPUS_ALTERNATIVE_H
#define __CORPUS_ALTERNATIVE_H

#define ARM64_WORKAROUND_SPECULATIVE_AT	1
#define ARM64_HAS_VIRT_HOST_EXTN	2
#define ARM64_HAS_RAS_EXTN		4

#ifndef __ASSEMBLER__
/* Whether every CPU has the capability (implemented elsewhere): the
 * final value, and the same through a static key once the boot CPU's
 * capabilities are fixed. */
_Bool cpus_have_final_cap(int cap);
_Bool cpus_have_const_cap(int cap);

/*
 * The same hyp code ran with and without VHE, so whether it has VHE was a
 * capability test, not something decided where the object was compiled.
 */
static inline _Bool has_vhe(void)
{
	if (cpus_have_const_cap(ARM64_HAS_VIRT_HOST_EXTN))
		return 1;
	return 0;
}
#endif

/* The table entry: both addresses relative to the entry, then the
 * capability, then the two lengths in bytes. */
#define __ALT_ENTRY(cap)						\
	"\t.word 661b - .\n"						\
	"\t.word 663f - .\n"						\
	"\t.hword " __stringify(cap) "\n"				\
	"\t.byte 662b - 661b\n"						\
	"\t.byte 664f - 663f\n"

#define ALTERNATIVE(oldinstr, newinstr, cap)				\
	"661:\n\t" oldinstr "\n"					\
	"662:\n"							\
	".pushsection .altinstructions, \"a\"\n"			\
	__ALT_ENTRY(cap)						\
	".popsection\n"							\
	".pushsection .altinstr_replacement, \"ax\"\n"			\
	"663:\n\t" newinstr "\n"					\
	"664:\n\t"							\
	".popsection\n\t"						\
	".org . - (664b - 663b) + (662b - 661b)\n\t"			\
	".org . - (662b - 661b) + (664b - 663b)\n"

#ifdef __ASSEMBLER__
/*
 * In assembly: alternative_if_not CAP / alternative_else /
 * alternative_endif, the block not in line in .altinstr_replacement.
 * (This generation has no alternative_if: write the blocks the other way
 * round.)
 */
.macro alternative_if_not cap
	.pushsection .altinstructions, "a"
	.word 661f - .
	.word 663f - .
	.hword \cap
	.byte 662f - 661f
	.byte 664f - 663f
	.popsection
661:
.endm

.macro alternative_else
662:
	.pushsection .altinstr_replacement, "ax"
663:
.endm

.macro alternative_endif
664:
	.popsection
.endm
#endif

#endif
