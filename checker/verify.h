/* SPDX-License-Identifier: GPL-2.0 */
/*
 * verify.h - compare findings with the expectations written in the
 * sources, both ways (like clang -verify).
 *
 * An expectation is a comment on the line of the dependent access:
 *	isb_needed_here();	/- expect: rule-id[, rule-id...] -/
 * (with '*' for '-').  Every expectation must be reported and every
 * finding expected; each mismatch is printed as file:line: error.
 */
#ifndef ISBCHECK_VERIFY_H
#define ISBCHECK_VERIFY_H

#include <stdbool.h>
#include <stdio.h>

struct expectation {
	char *file;
	unsigned line;
	char *rule;
	bool more;	/* "RULE+": one more access of an earlier finding */
	bool seen;
};

struct verifier {
	struct expectation *v;
	int n, cap;
	char **files;		/* files already scanned */
	int nfiles, files_cap;
	int unexpected;
};

/* Reads file's expectations unless it was read already; -1 if unreadable. */
int verify_scan_file(struct verifier *vf, const char *file, FILE *err);
/* A reported finding: marks its expectation, or counts it unexpected. */
void verify_finding(struct verifier *vf, const char *file, unsigned line,
		    unsigned col, const char *rule, bool more, FILE *out);
/* Prints the missing ones and a summary; returns the mismatch count. */
int verify_finish(struct verifier *vf, FILE *out);
void verify_free(struct verifier *vf);

#endif
