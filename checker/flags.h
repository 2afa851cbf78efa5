/* SPDX-License-Identifier: GPL-2.0 */
/*
 * flags.h - the compiler arguments each FILE named on the command line is
 * parsed with, when no build directory (-p) is given.
 *
 * In: the files, and the arguments given after "--" (if any).  Out: jobs
 * (compdb.h: the file, the directory its command runs in, arguments for
 * libclang), in the order of the files.  With "--": those arguments.
 * Without, as clangd finds them: walking up from the file's directory,
 * in each directory, nearest first,
 *	compile_commands.json, then build/compile_commands.json, if it has
 *	an entry for the file (the same file once symlinks are resolved):
 *	that entry's command and directory, cleaned as -p cleans them (a job
 *	for each entry, if the file has several);
 *	compile_flags.txt: one argument per line; relative include paths in
 *	it are taken relative to its directory.
 * None: no arguments.  A compile_commands.json met on the way that cannot
 * be read or is not a compilation database is an error naming it; so is
 * an unreadable compile_flags.txt.
 */
#ifndef ISBCHECK_FLAGS_H
#define ISBCHECK_FLAGS_H

#include "compdb.h"

#include <stdbool.h>
#include <stdio.h>

/* Appends the files' jobs to out; returns 0, or -1 after messages. */
int flags_jobs(char *const *files, int nfiles, char *const *given, int ngiven,
	       bool have_given, struct jobs *out, FILE *err);

#endif
