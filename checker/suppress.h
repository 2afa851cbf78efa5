/* SPDX-License-Identifier: GPL-2.0 */
/*
 * suppress.h - findings silenced where they are, with a reason:
 *	/- isbcheck: ignore RULE-ID: REASON -/	(with '*' for '-')
 * on the line of the access or of the write, or alone on the line just
 * above either.  A comment with no reason, or naming no rule of the rule
 * set, suppresses nothing, and a warning says so.
 */
#ifndef ISBCHECK_SUPPRESS_H
#define ISBCHECK_SUPPRESS_H

#include "report.h"
#include "rules.h"
#include "source.h"

#include <stdio.h>

/* Sets items[i].suppressed where a comment asks; warns on err. */
void suppress_apply(struct report_item *items, int n, const struct ruleset *rs,
		    struct sources *src, FILE *err);

#endif
