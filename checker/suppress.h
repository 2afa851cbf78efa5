/* SPDX-License-Identifier: GPL-2.0 */
/*
 * suppress.h - findings silenced where they are, with a reason:
 *	/- isbcheck: ignore RULE-ID[, RULE-ID...]: REASON -/  ('*' for '-')
 * or the same as a "//" comment, on the line of the access or of the
 * write, or alone on the line just above either (in whatever file that
 * line is, a header included).  A comment with no reason, or naming no
 * rule of the rule set, suppresses nothing, and a warning says so.
 *
 * In: the items, the rule set, the sources, and the lines the run looked
 * at (those of the events of every function it analysed).  Out:
 * items[i].suppressed set to the reason; warnings on err, once per
 * comment: a malformed comment, and one on a line looked at (or alone on
 * the line above it) that silenced nothing in this run, a stale one.
 */
#ifndef ISBCHECK_SUPPRESS_H
#define ISBCHECK_SUPPRESS_H

#include "report.h"
#include "rules.h"
#include "source.h"

#include <stdio.h>

/* A line of a file, as the findings name it. */
struct line_ref {
	const char *file;
	unsigned line;
};

/*
 * Sets items[i].suppressed where a comment asks; warns on err.  The
 * reasons are copied into a, which must live as long as the items.
 * Returns the number of stale suppressions found on looked[0..nlooked).
 */
int suppress_apply(struct report_item *items, int n, const struct ruleset *rs,
		   struct sources *src, struct arena *a,
		   const struct line_ref *looked, int nlooked, FILE *err);

#endif
