/* SPDX-License-Identifier: GPL-2.0 */
/*
 * output.h - the report formats: gcc-style text for compilers' readers,
 * JSON for scripts, SARIF 2.1.0 for CI, one HTML page for reviewers, and
 * a plain-text report to paste into a mail.  A new format is a function
 * and one entry in output_formats[].
 *
 * In: the run's items in report order (struct report_item: suppressed ones and
 * those in the baseline included, marked), the rule set, the sources.
 * Out: the document.  Each returns 0, or -1 after a message on err.
 */
#ifndef ISBCHECK_OUTPUT_H
#define ISBCHECK_OUTPUT_H

#include "report.h"
#include "rules.h"
#include "source.h"
#include "srcroot.h"

#include <stdio.h>

/*
 * Why a file was not fully analysed: its findings may be missing some.
 * A file is the TU's main file; a function's gap is at the function.
 */
enum gap_kind {
	GAP_UNREAD,		/* libclang could not parse it at all */
	GAP_PARSE,		/* errors while parsing */
	GAP_FRONTEND,		/* part of a function could not be read */
	GAP_BUDGET,		/* a function's analysis cut short */
};

struct gap {
	enum gap_kind kind;
	struct item_loc loc;	/* the file, or the function and its line */
	const char *text;	/* "2 errors while parsing" */
};

struct incomplete {
	const char *file;
	struct gap *gaps;
	int ngaps;
};

/* "unreadable", "parse-errors", "front-end", "visit-budget" */
const char *gap_kind_name(enum gap_kind k);

struct run {
	const struct ruleset *rs;
	const struct report_item *items;
	int nitems;
	struct sources *src;
	const char *version;	/* isbcheck's */
	int argc;		/* the command line, for SARIF's invocation */
	char **argv;
	bool baseline;		/* a baseline was given: items say if new */
	int baseline_gone;	/* its findings this run no longer found */
	int status;		/* the exit status the run will have */
	const struct incomplete *incomplete; /* files not fully analysed */
	int nincomplete;
	/*
	 * What the paths of every format but text are relative to; NULL:
	 * paths as the findings name them.
	 */
	const struct srcroot *root;
};

int output_text(const struct run *r, FILE *out, FILE *err);
int output_json(const struct run *r, FILE *out, FILE *err);
int output_sarif(const struct run *r, FILE *out, FILE *err);
/* Writes dir/index.html (dir is made if missing). */
int output_html(const struct run *r, const char *dir, FILE *err);
int output_mail(const struct run *r, FILE *out, FILE *err);

/* A format --format names: a stream (-o FILE or stdout) or a directory. */
struct output_format {
	const char *name;
	int (*to_stream)(const struct run *r, FILE *out, FILE *err);
	int (*to_dir)(const struct run *r, const char *dir, FILE *err);
	/*
	 * Diagnostics a compiler's reader parses: when standard output
	 * carries --fix-patch=-, they go to standard error instead.
	 */
	bool diagnostics;
};

/* Every format, the default (text) first; NULL-named at the end. */
extern const struct output_format output_formats[];

/* The format called name, or NULL. */
const struct output_format *output_find(const char *name);

#endif
