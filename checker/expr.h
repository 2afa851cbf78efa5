/* SPDX-License-Identifier: GPL-2.0 */
/*
 * expr.h - integer expressions as they appear in expanded asm templates
 * (the kernel's sys_reg() encodings: "(((3) << 19) | ((0) << 16) | ...)")
 * and in rule files.
 *
 * In: text (not necessarily NUL-terminated).  Out: a 64-bit value, or an
 * error message naming the offending column.  Operators: unary - ~ ! +,
 * * / % + - << >> & ^ | and parentheses; decimal, 0x hex, 0b binary and
 * 0-prefixed octal literals with optional U/L suffixes, as in C.
 */
#ifndef ISBCHECK_EXPR_H
#define ISBCHECK_EXPR_H

#include <stddef.h>
#include <stdint.h>

struct expr_error {
	size_t col;		/* 0-based offset into the text */
	char msg[96];
};

/* Returns 0 and sets *out, or -1 and fills *err. */
int expr_eval(const char *text, size_t len, uint64_t *out,
	      struct expr_error *err);

#endif
