/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Boot-time patching.  The old instructions stay in line; a table entry in
 * .altinstructions names the capability that swaps in the new ones, which
 * wait in a subsection.  Both sides end up in the asm template, and only
 * one of them runs on a given CPU.
 */
#ifndef __CORPUS_ALTERNATIVE_H
#define __CORPUS_ALTERNATIVE_H

#define ARM64_WORKAROUND_SPECULATIVE_AT	1
#define ARM64_HAS_VIRT_HOST_EXTN	2
#define ARM64_KVM_HVHE			3
#define ARM64_HAS_RAS_EXTN		4

#ifndef __ASSEMBLER__
/*
 * Whether every CPU has the capability, final once the kernel has booted
 * (implemented elsewhere).  A VHE object always runs with VHE and an nVHE
 * object never does, so has_vhe() is decided where it is compiled.
 */
_Bool cpus_have_final_cap(int cap);

static inline _Bool has_vhe(void)
{
#ifdef __KVM_VHE_HYPERVISOR__
	return 1;
#else
	return 0;
#endif
}
#endif

#define ALTERNATIVE(oldinstr, newinstr, cap)				\
	"661:\n\t" oldinstr "\n"					\
	"662:\n"							\
	".pushsection .altinstructions, \"a\"\n"			\
	"\t.word 661b - ., 663f - .\n"					\
	"\t.hword " __stringify(cap) "\n"				\
	"\t.byte 662b - 661b, 664f - 663f\n"				\
	".popsection\n"							\
	".subsection 1\n"						\
	"663:\n\t" newinstr "\n"					\
	"664:\n\t"							\
	".previous\n"

#ifdef __ASSEMBLER__
/*
 * The same in assembly, as blocks of code:
 *
 *	alternative_if_not CAP	run unless CAP is set
 *	alternative_else	run if it is
 *	alternative_endif
 *
 * or alternative_if CAP, whose first block is the one run if CAP is set.
 * The block that is not in line goes to subsection 1; both blocks must
 * be the same size (pad with nops).
 */
.macro alt_entry orig, repl, cap, orig_end, repl_end
	.pushsection .altinstructions, "a"
	.word \orig - ., \repl - .
	.hword \cap
	.byte \orig_end - \orig, \repl_end - \repl
	.popsection
.endm

.macro alternative_if_not cap
	.set .Lalt_else_in_sub, 1
	alt_entry 661f, 663f, \cap, 662f, 664f
661:
.endm

.macro alternative_if cap
	.set .Lalt_else_in_sub, 0
	alt_entry 663f, 661f, \cap, 664f, 662f
	.subsection 1
661:
.endm

.macro alternative_else
662:
	.if .Lalt_else_in_sub == 1
	.subsection 1
	.else
	.previous
	.endif
663:
.endm

.macro alternative_endif
664:
	.if .Lalt_else_in_sub
	.previous
	.endif
.endm
#endif

#endif
