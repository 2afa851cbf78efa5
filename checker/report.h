/* SPDX-License-Identifier: GPL-2.0 */
/*
 * report.h - findings as gcc/clang-style diagnostics.
 *
 * In: findings from the analysis.  Out: text on a stream:
 *	file:line:col: warning: <access> follows <write> with no ... [rule]
 *	file:line:col: note: ...	(the write, each call on the path, why,
 *					 the citation, where an isb() goes)
 * A finding already printed in this run (a header helper seen from two
 * TUs) is not printed again.  The reporter never re-runs analysis.
 */
#ifndef ISBCHECK_REPORT_H
#define ISBCHECK_REPORT_H

#include "dataflow.h"
#include "hashidx.h"

#include <stdio.h>

struct reporter {
	const struct ruleset *rs;
	FILE *out;
	char **seen;		/* keys of the findings printed */
	int nseen, seen_cap;
	struct hashidx index;
	int printed;
};

/* Prints f unless already printed; returns true if it was new. */
bool report_finding(struct reporter *r, const struct finding *f);
void report_free(struct reporter *r);

/* "write to HCR_EL2", "tlbi vmalle1is", ... */
void describe_event(const struct ruleset *rs, const struct event *ev,
		    char *buf, size_t size);

#endif
