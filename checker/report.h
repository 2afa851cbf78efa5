/* SPDX-License-Identifier: GPL-2.0 */
/*
 * report.h - findings as gcc/clang-style diagnostics.
 *
 * In: findings from the analysis.  Out: text on a stream:
 *	file:line:col: warning: <access> follows <write> with no ... [rule]
 *	file:line:col: note: ...	(the write, each call on the path, why,
 *					 the citation, where an isb() goes)
 * The driver prints a finding once per run (a header helper is seen from
 * every TU that includes it), by its key.  The reporter never re-runs
 * analysis.
 */
#ifndef ISBCHECK_REPORT_H
#define ISBCHECK_REPORT_H

#include "dataflow.h"
#include "hashidx.h"

#include <stdio.h>

/* The findings already printed in this run. */
struct reporter {
	char **seen;
	int nseen, seen_cap;
	struct hashidx index;
};

/* Identifies a finding across TUs: access, rule and write locations. */
void report_key(const struct finding *f, char *buf, size_t size);
/* True if key was seen before; otherwise remembers it. */
bool report_seen(struct reporter *r, const char *key);
/* The diagnostic and its notes. */
void report_render(const struct ruleset *rs, const struct finding *f,
		   FILE *out);
void report_free(struct reporter *r);

/* "write to HCR_EL2", "tlbi vmalle1is", ... */
void describe_event(const struct ruleset *rs, const struct event *ev,
		    char *buf, size_t size);

#endif
