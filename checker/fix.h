/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fix.h - the fixes of findings as a unified diff, or applied in place.
 *
 * In: items (only the active ones with a fix count; fixplan.h planned
 * each) and their sources.
 * Out: a patch for "git apply" / "patch -p1" from the source root (paths
 * relative to it with a/ and b/ prefixes, three lines of context), or the
 * edited files.  Only files below the source root are touched; a note
 * names each fix left out for that.  Two findings fixed by the same lines
 * at the same place give one insertion.  root NULL: every file, paths as
 * the findings name them.
 */
#ifndef ISBCHECK_FIX_H
#define ISBCHECK_FIX_H

#include "report.h"
#include "source.h"
#include "srcroot.h"

#include <stdio.h>

/* Writes the patch; returns the number of insertions, -1 on error. */
int fix_diff(const struct report_item *items, int n, struct sources *src,
	     const struct srcroot *root, FILE *out, FILE *err);
/* The patch for one item alone (for the mail report). */
int fix_diff_one(const struct report_item *item, struct sources *src,
		 const struct srcroot *root, FILE *out, FILE *err);
/* Says which shown findings have no fix, and why. */
void fix_warn_unfixed(const struct report_item *items, int n, FILE *err);
/*
 * Edits the files below root, each only if it holds the bytes its parse
 * read (parsed); returns the number of insertions, -1 if a file could
 * not be fixed (after a message naming it; the others are fixed).
 */
int fix_apply(const struct report_item *items, int n,
	      const struct file_hashes *parsed, const struct srcroot *root,
	      FILE *err);

/* One insertion: lines (each ending in '\n') before line `line`. */
struct fix_insertion {
	const char *file;
	unsigned line;
	const char *lines;
};

/*
 * The insertions fix_apply() would make for the active items, in file
 * order then line order, merged as it merges them (strings in a; the
 * array malloc'd).  For the language server's "fix all" action.
 */
int fix_insertions(const struct report_item *items, int n, struct arena *a,
		   struct fix_insertion **out);

#endif
