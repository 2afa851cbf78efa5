/* SPDX-License-Identifier: GPL-2.0 */
/*
 * source.h - the sources the reports quote, each read once per run.
 *
 * In: paths as findings name them.  Out: the file's lines (no '\n'),
 * numbered from 1, each with its length: a line may hold NUL bytes, and
 * a CR before its '\n' is part of it.  An unreadable file (or one that is
 * not a regular file, or too large: infile.h) is remembered as such: the
 * outputs then leave its excerpt out rather than fail.
 */
#ifndef ISBCHECK_SOURCE_H
#define ISBCHECK_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct source {
	char *path;
	char *text;		/* the whole file, NUL-terminated */
	size_t size;
	char **lines;		/* into text, each NUL-terminated */
	size_t *lens;		/* each line's bytes, to the '\n' */
	unsigned nlines;
	bool ends_in_newline;	/* the last line had its '\n' */
	bool crlf;		/* its first line ends in CR LF */
	uint64_t hash;		/* of text (hash_bytes, from HASH_SEED) */
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

/* Splits src->text (src->size bytes, NUL after them) into its lines. */
void source_split(struct source *src);
/* Frees what source_split() and the reader allocated (not src). */
void source_release(struct source *src);

/*
 * The files as the parse read them: each path (as the front end names
 * it) with a hash of its bytes then, so that --fix edits only what was
 * analysed.
 */
struct file_hashes {
	char **paths;
	uint64_t *hashes;
	int n, cap;
};

void file_hashes_add(struct file_hashes *fh, const char *path, uint64_t h);
/*
 * 1 if every parse that read path read bytes of hash h, 0 if one read
 * other bytes, -1 if none read it.
 */
int file_hashes_match(const struct file_hashes *fh, const char *path,
		      uint64_t h);
void file_hashes_free(struct file_hashes *fh);

#endif
