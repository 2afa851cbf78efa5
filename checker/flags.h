/* SPDX-License-Identifier: GPL-2.0 */
/*
 * flags.h - the compiler arguments a TU is parsed with.
 *
 * In: the file, and the arguments given after "--" (if any).  Out: an
 * argument vector for libclang.  With no "--", the nearest
 * compile_flags.txt (clangd's convention: one argument per line, found by
 * walking up from the file's directory) supplies them; relative include
 * paths in it are taken relative to its directory.
 */
#ifndef ISBCHECK_FLAGS_H
#define ISBCHECK_FLAGS_H

#include <stdbool.h>
#include <stdio.h>

struct flags {
	char **argv;
	int argc, cap;
	char *source;		/* compile_flags.txt used, or NULL */
};

/* Returns 0, or -1 after reporting an unreadable compile_flags.txt. */
int flags_for_file(const char *file, char *const *given, int ngiven,
		   bool have_given, struct flags *out, FILE *err);
void flags_free(struct flags *f);

#endif
