/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Assembler macros of the corpus's world switch (included from .S files
 * only).  The alternatives are asm/alternative.h's.
 */
#ifndef __CORPUS_ASSEMBLER_H
#define __CORPUS_ASSEMBLER_H

#include <asm/alternative.h>

/* A function other objects call: global, typed, aligned. */
#define SYM_CODE(name)	.globl name; .type name, %function; .balign 4; name:

/* One pointer-authentication key pair from [base, #off]. */
.macro load_key lo, hi, base, off, t1, t2
	ldp	\t1, \t2, [\base, #\off]
	msr	\lo, \t1
	msr	\hi, \t2
.endm

/* The instruction-A key of the context at base. */
.macro restore_ia_key base, t1=x2, t2=x3
	load_key apiakeylo_el1, apiakeyhi_el1, \base, 0, \t1, \t2
.endm

#endif
