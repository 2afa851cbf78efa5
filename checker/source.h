/* SPDX-License-Identifier: GPL-2.0 */
/*
 * source.h - the sources the reports quote, each read once per run.
 *
 * In: paths as findings name them.  Out: the file's lines (no '\n'),
 * numbered from 1.  An unreadable file is remembered as such: the
 * outputs then leave its excerpt out rather than fail.
 */
#ifndef ISBCHECK_SOURCE_H
#define ISBCHECK_SOURCE_H

#include <stdbool.h>
#include <stddef.h>

struct source {
	char *path;
	char *text;		/* the whole file, NUL-terminated */
	size_t size;
	char **lines;		/* into text, each NUL-terminated */
	unsigned nlines;
	bool ends_in_newline;	/* the last line had its '\n' */
	bool ok;		/* read */
};

struct sources {
	struct source **v;
	int n, cap;
};

/* path's contents, or NULL if it cannot be read. */
const struct source *source_get(struct sources *s, const char *path);
/* Line `line` (from 1) without its newline, or NULL past the end. */
const char *source_line(const struct source *src, unsigned line);
void sources_free(struct sources *s);

#endif
