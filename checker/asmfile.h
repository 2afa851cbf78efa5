/* SPDX-License-Identifier: GPL-2.0 */
/*
 * asmfile.h - the assembly front end: one .S file in, the program model
 * out, as frontend.h does for C.
 *
 * clang preprocesses the file with the entry's own flags ("-E -dD -x
 * assembler-with-cpp"); asmpp.h expands the assembler's macros and lays
 * out its sections; the asm reader (asmread.h) reads each instruction.
 * Every symbol (a label that is not .L-local or numeric) in a code
 * section is a function whose CFG is what runs from it: b, b.cond,
 * cbz/cbnz and tbz/tbnz to local labels are edges; a branch to, or a fall
 * into, another symbol is a tail call; bl is a call (to a symbol of this
 * file, or by name to one in another TU, C or assembly); ret, eret, br
 * end the function.  An alternative (.altinstructions entry) branches on
 * its capability: the original code if clear, the replacement if set,
 * both joining after the original.  Events are located at the line of
 * the .S file the assembler was given (for a macro, its invocation); an
 * instruction from a macro also names the macro and its line.
 *
 * The C compiler's clang is the one isbcheck was built with, or
 * $ISBCHECK_CLANG.  Returns as frontend_parse() does.
 */
#ifndef ISBCHECK_ASMFILE_H
#define ISBCHECK_ASMFILE_H

#include "program.h"
#include "rules.h"

#include <stdbool.h>
#include <stdio.h>

int asmfile_parse(const struct ruleset *rs, const char *file,
		  const char *const *args, int nargs, struct tu *tu,
		  FILE *err);

#endif
