/* SPDX-License-Identifier: GPL-2.0 */
/*
 * blame.h - the commit that last changed a line, from "git blame", for
 * the Fixes: line of a suggested patch.
 *
 * In: a git work tree's top, a file relative to it, a line.  Out: the
 * commit's hash (12 hex digits, as the kernel's Fixes: lines give it) and
 * its subject.  Nothing for a line not yet committed, a file git does not
 * track, or no git: a patch then simply has no Fixes: line.
 */
#ifndef ISBCHECK_BLAME_H
#define ISBCHECK_BLAME_H

#include <stdbool.h>

struct blame {
	char hash[13];
	char *subject;		/* malloc'ed */
};

/* Runs git blame; false (and *b untouched) when there is no commit. */
bool blame_line(const char *top, const char *file, unsigned line,
		struct blame *b);

#endif
