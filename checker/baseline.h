/* SPDX-License-Identifier: GPL-2.0 */
/*
 * baseline.h - the findings a project has accepted, so that CI fails
 * only on new ones.
 *
 * A baseline is a JSON file written by --write-baseline.  A finding
 * matches an entry by file (relative to the source root), function, rule
 * and registers (written and accessed), never by line, so unrelated
 * edits that move code do not make old findings new.  An entry matches
 * as many findings as it counts.
 */
#ifndef ISBCHECK_BASELINE_H
#define ISBCHECK_BASELINE_H

#include "hashidx.h"
#include "report.h"
#include "srcroot.h"

#include <stdio.h>

struct baseline_entry;

struct baseline {
	struct baseline_entry *v;	/* in the file's order */
	int n, cap;
	struct hashidx index;		/* the key's hash -> v[] */
};

/*
 * Reads path; -1 after a message naming the file and what is wrong.  An
 * absolute file name in it is taken relative to root when it is below it
 * (baselines written before files were named relative to the root).
 */
int baseline_read(const char *path, struct baseline *b,
		  const struct srcroot *root, FILE *err);
/* Marks the items the baseline accounts for (item->in_baseline). */
void baseline_apply(struct baseline *b, struct report_item *items, int n,
		    const struct srcroot *root);
/* Writes every item not suppressed; -1 after a message. */
int baseline_write(const char *path, const struct report_item *items, int n,
		   const struct srcroot *root, FILE *err);
/*
 * Findings of the baseline this run no longer found, counting only the
 * entries for files the run looked at (files[0..n), relative to the
 * root, sorted): an entry for a file outside the run may still hold.
 */
int baseline_gone(const struct baseline *b, char *const *files, int n);
/*
 * Rewrites path with the baseline less what baseline_gone() counts: each
 * entry's count cut to the findings this run matched, empty entries
 * dropped, nothing added.  -1 after a message.
 */
int baseline_prune(const char *path, const struct baseline *b,
		   char *const *files, int n, FILE *err);
void baseline_free(struct baseline *b);

#endif
