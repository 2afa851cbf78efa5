/* SPDX-License-Identifier: GPL-2.0 */
/*
 * frontend.h - libclang front end: one TU in, the program model out.
 *
 * Parses the file with the given compiler arguments, then builds a CFG for
 * every function defined in the main file and, on demand, for every
 * function with a body (outside system headers) that those call, however
 * deep: the world switch lives largely in static inline helpers.  Inline
 * asm becomes events by reading each statement's expanded template (see
 * asmread.h); a template is matched to its statement by order within the
 * pretty-printed function.
 *
 * Returns 0 (possibly with tu->nerrors parse errors, reported to err as
 * warnings), or -1 if the TU could not be read at all or read a file that
 * is not a regular file of at most 64 MiB (infile.h; libclang must parse
 * on the calling thread for the file to be named).  tu->hashes records
 * what the parse read of each file.
 */
#ifndef ISBCHECK_FRONTEND_H
#define ISBCHECK_FRONTEND_H

#include "program.h"
#include "rules.h"

#include <clang-c/Index.h>
#include <stdio.h>

int frontend_parse(CXIndex index, const struct ruleset *rs, const char *file,
		   const char *const *args, int nargs, struct tu *tu,
		   FILE *err);

/*
 * The same for an editor (lsp.h): unsaved[] stand for those files' bytes
 * on disk (the buffers being edited), and the libclang TU is kept in
 * live->tu between calls, so that the next call reparses it with a
 * precompiled preamble (the includes at the top, built once) instead of
 * parsing it all again.  live->tu NULL: parse and keep; a kept TU is
 * reparsed with the arguments it was parsed with (the caller disposes of
 * it when they change).  After a failure live->tu is NULL.  live NULL:
 * frontend_parse().
 */
struct frontend_live {
	struct CXUnsavedFile *unsaved;
	unsigned nunsaved;
	CXTranslationUnit tu;
};

int frontend_parse_live(CXIndex index, const struct ruleset *rs,
			const char *file, const char *const *args, int nargs,
			struct frontend_live *live, struct tu *tu, FILE *err);

/* Decodes a C string literal body ("a\n\"b\"") into a malloc'd string. */
char *frontend_unescape(const char *s, size_t len);

/*
 * Finds the asm templates in a pretty-printed function: the n-th result is
 * the template of the n-th asm statement.  Asm labels on declarations
 * (register variables) are not statements and are skipped.  Returns the
 * count; *out is malloc'd, each string too; (*nouts)[n], also
 * malloc'd, is how many output operands the n-th statement has.
 */
int frontend_find_templates(const char *printed, char ***out, int **nouts);
/* The same, with (*gotos)[n] an asm goto's labels ("a,b") or NULL. */
int frontend_find_asm(const char *printed, char ***out, int **nouts,
		      char ***gotos);

#endif
