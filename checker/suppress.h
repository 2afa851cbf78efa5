/* SPDX-License-Identifier: GPL-2.0 */
/*
 * suppress.h - findings silenced where they are, with a reason:
 *	/- isbcheck: ignore RULE-ID[, RULE-ID...]: REASON -/  ('*' for '-')
 * or the same as a "//" comment, on the line of the access or of the
 * write, or alone on the line just above either (in whatever file that
 * line is, a header included).  A comment with no reason, or naming no
 * rule of the rule set, suppresses nothing, and a warning says so.
 *
 * In: the items, the rule set, the sources.  Out: items[i].suppressed
 * set to the reason; warnings on err, once per comment.
 */
#ifndef ISBCHECK_SUPPRESS_H
#define ISBCHECK_SUPPRESS_H

#include "report.h"
#include "rules.h"
#include "source.h"

#include <stdio.h>

/*
 * Sets items[i].suppressed where a comment asks; warns on err.  The
 * reasons are copied into a, which must live as long as the items.
 */
void suppress_apply(struct report_item *items, int n, const struct ruleset *rs,
		    struct sources *src, struct arena *a, FILE *err);

#endif
