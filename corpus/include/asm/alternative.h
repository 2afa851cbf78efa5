/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Boot-time patching: the old instructions stay in place and a table in
 * .altinstructions says which capability swaps in the new ones, kept in a
 * subsection.  Both sides end up in the template.
 */
#ifndef __CORPUS_ALTERNATIVE_H
#define __CORPUS_ALTERNATIVE_H

#define ARM64_WORKAROUND_SPECULATIVE_AT	1
#define ARM64_HAS_TRBE_FLUSH		2

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
