/* SPDX-License-Identifier: GPL-2.0 */
/*
 * coverage.h - what a run covered, kept after its TUs are freed: the
 * lines it looked at, and the files it did not fully analyse.
 *
 * In: each of the run's own TUs once analysed (or, for a file that could
 * not be parsed, its name).  Out: the lines of the events of every
 * function analysed (where a suppression comment would stand: stale
 * suppressions, and which baseline entries a run can judge), and each
 * file not fully analysed with why (parse errors, a function the front
 * end could not read whole, an analysis cut short): the exit status and
 * every report say so.  Strings live in the arena given.
 */
#ifndef ISBCHECK_COVERAGE_H
#define ISBCHECK_COVERAGE_H

#include "hashidx.h"
#include "output.h"
#include "program.h"
#include "srcroot.h"
#include "suppress.h"

/* The lines looked at, each once; the files they are in, each once. */
struct looked {
	struct line_ref *v;
	int n, cap;
	struct hashidx index;		/* (file, line) -> v[] */
	const char **files;
	int nfiles, files_cap;
	struct hashidx file_index;	/* name -> files[] */
	struct arena *a;		/* in: where the names go */
};

void looked_add_tu(struct looked *lk, const struct tu *tu);
/* The files looked at, relative to root, sorted, each once; malloc'ed. */
char **looked_files(const struct looked *lk, const struct srcroot *root,
		    int *n);
void looked_free(struct looked *lk);

/* The files not fully analysed, in the order they were added. */
struct gaps {
	struct incomplete *v;
	int n, cap;
};

/*
 * Notes what of tu was not analysed; tu NULL: file could not be parsed
 * at all.
 */
void gaps_add_tu(struct gaps *g, const struct tu *tu, const char *file,
		 struct arena *a);
void gaps_free(struct gaps *g);

#endif
