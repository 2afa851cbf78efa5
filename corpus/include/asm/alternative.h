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

#ifndef __ASSEMBLY__
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

#endif
