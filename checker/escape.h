/* SPDX-License-Identifier: GPL-2.0 */
/*
 * escape.h - text for a terminal or a mail, from names and source lines
 * that may hold any byte.  A control character (C0 but tab, DEL, C1) or
 * a byte that is not part of valid UTF-8 is written as \xNN, so that a
 * file name or a source line cannot move the cursor, set the title or
 * break a line in two; valid printable UTF-8 is written as it is (a
 * backslash too, so "\x1b" in a name reads the same as an escaped ESC).
 */
#ifndef ISBCHECK_ESCAPE_H
#define ISBCHECK_ESCAPE_H

#include "arena.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Writes s[0..n) escaped; newlines too unless keep_newlines. */
void escape_put(FILE *out, const char *s, size_t n, bool keep_newlines);
/* Would escape_put() change s[0..n)? */
bool escape_needed(const char *s, size_t n, bool keep_newlines);
/* s escaped (newlines too), in a; s itself if nothing needs it. */
const char *escape_str(struct arena *a, const char *s);

#endif
