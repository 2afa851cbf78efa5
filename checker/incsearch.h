/* SPDX-License-Identifier: GPL-2.0 */
/*
 * incsearch.h - where a new file would change what a TU includes: for
 * each #include (and __has_include) written in the files a parse read,
 * the paths the preprocessor's search tries before the one it finds (or
 * all of them, if it finds none), none of which exists now.  A header
 * created at one of them later would be read in place of the one parsed
 * (it shadows it), so a cached parse is stale as soon as one exists.
 *
 * In: the TU's compiler arguments (-I, -iquote, -isystem, -idirafter and
 * -working-directory, relative to cwd if none) and the absolute paths of
 * the files it read.  The search is clang's in GCC mode: a quoted name in
 * the including file's directory, then the -iquote directories; then,
 * for both kinds, -I, -isystem and -idirafter, in order; #include_next
 * from the directory after the including file's.  The compiler's own
 * system directories are not known here: a header found there has every
 * known candidate before it recorded.  A directive whose name comes from
 * a macro is not seen.
 *
 * Out: absolute paths (malloc'd), in no particular order, possibly
 * repeated.  exists() says whether clang would take a path (a file that
 * is not a directory); the caller may remember its answers.
 */
#ifndef ISBCHECK_INCSEARCH_H
#define ISBCHECK_INCSEARCH_H

#include <stdbool.h>

struct incsearch_out {
	char **v;
	int n, cap;
};

void incsearch_absent(char *const *argv, int argc, const char *cwd,
		      const char *const *files, int nfiles,
		      bool (*exists)(const char *path, void *ctx), void *ctx,
		      struct incsearch_out *out);

#endif
