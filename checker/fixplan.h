/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fixplan.h - where the synchronization a finding lacks goes, and what
 * is inserted there.
 *
 * In: a finding and the rule set (each step's statement, as the kernel
 * spells it: rules/kernel.rules).  Out: a plan, an insertion of lines
 * before one line of one file, or why there is none.  The report carries
 * the plan; --fix, --fix-patch, SARIF and the mail report apply or print
 * it.  Below both: neither calls the other.
 */
#ifndef ISBCHECK_FIXPLAN_H
#define ISBCHECK_FIXPLAN_H

#include "arena.h"
#include "dataflow.h"

/*
 * The edit that fixes a finding: lines inserted before line `line` of
 * file (the barrier, after a comment naming the register).  file is NULL
 * when no line of its own can go there; why_not says why.
 */
struct item_fix {
	const char *file;
	unsigned line;
	const char *lines;	/* each ending in '\n': comment, then stmts */
	const char *indent;	/* of each line */
	const char *what;	/* "write to HCR_EL2", named by the comment */
	const char *stmts;	/* "isb();\n", without the indent */
	const char *where;	/* "after the write", "before the access" */
	const char *why_not;
};

/*
 * Plans the fix of f into fix (strings in a).  what names the write for
 * the comment ("write to HCR_EL2").
 */
void fixplan_make(const struct ruleset *rs, const struct finding *f,
		  const char *what, struct arena *a, struct item_fix *fix);

/*
 * The lines of a fix: a comment naming what it synchronizes, then each
 * of stmts, all with indent.
 */
const char *fixplan_lines(struct arena *a, const char *indent,
			  const char *what, const char *stmts);

/*
 * "an isb()" for a rule's step (r->need[step], any CSE): the statement
 * its fix inserts, as a phrase (for the "would synchronize" note).
 */
const char *fixplan_phrase(const struct ruleset *rs, const struct rule *r,
			   int step, struct arena *a);

#endif
