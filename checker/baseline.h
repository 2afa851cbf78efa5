/* SPDX-License-Identifier: GPL-2.0 */
/*
 * baseline.h - the findings a project has accepted, so that CI fails
 * only on new ones.
 *
 * A baseline is a JSON file written by --write-baseline.  A finding
 * matches an entry by file, function, rule and registers (written and
 * accessed), never by line, so unrelated edits that move code do not
 * make old findings new.  An entry matches as many findings as it
 * counts.
 */
#ifndef ISBCHECK_BASELINE_H
#define ISBCHECK_BASELINE_H

#include "hashidx.h"
#include "report.h"

#include <stdio.h>

struct baseline_entry;

struct baseline {
	struct baseline_entry *v;	/* in the file's order */
	int n, cap;
	struct hashidx index;		/* the key's hash -> v[] */
};

/* Reads path; -1 after a message naming the file and what is wrong. */
int baseline_read(const char *path, struct baseline *b, FILE *err);
/* Marks the items the baseline accounts for (item->in_baseline). */
void baseline_apply(struct baseline *b, struct report_item *items, int n);
/* Writes every item not suppressed; -1 after a message. */
int baseline_write(const char *path, const struct report_item *items, int n,
		   FILE *err);
void baseline_free(struct baseline *b);

#endif
