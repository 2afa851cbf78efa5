/* SPDX-License-Identifier: GPL-2.0 */
/*
 * progress.h - "[n/N] FILE" on a terminal while the files of a run are
 * parsed or loaded, as make and ninja show theirs: one line, rewritten
 * in place and cleared at the end, so that nothing of it stays among
 * the messages.
 *
 * In: a stream and the number of files.  Out: nothing at all unless the
 * stream is a terminal (and TERM is not "dumb"); never anything on
 * standard output.  progress_show() may be called from any thread.
 */
#ifndef ISBCHECK_PROGRESS_H
#define ISBCHECK_PROGRESS_H

#include <stdio.h>

struct progress;

/* NULL (nothing to show) if tty is not a terminal. */
struct progress *progress_start(FILE *tty, int total);
/* The next file begins: [n/N] name, cut to the terminal's width. */
void progress_show(struct progress *p, const char *name);
/* Clears the line; frees p. */
void progress_end(struct progress *p);

#endif
