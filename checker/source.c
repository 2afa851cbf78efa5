// SPDX-License-Identifier: GPL-2.0
#include "source.h"
#include "arena.h"
#include "hashidx.h"
#include "infile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void source_split(struct source *src)
{
	int cap_lines = 0, nlines = 0;
	size_t cap_lens = 0;
	char *p, *end = src->text + src->size;

	src->ends_in_newline = src->size && end[-1] == '\n';
	src->hash = hash_bytes(src->text, src->size, HASH_SEED);
	for (p = src->text; p < end;) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if ((size_t)nlines == cap_lens) {
			cap_lens = cap_lens ? 2 * cap_lens : 64;
			src->lens = xrealloc(src->lens,
					     cap_lens * sizeof(*src->lens));
		}
		src->lens[nlines] = len;
		VEC_PUSH(src->lines, nlines, cap_lines, p);
		if (!nl)
			break;
		*nl = '\0';
		p = nl + 1;
	}
	src->nlines = (unsigned)nlines;
	src->crlf = nlines && src->lens[0] && src->lines[0][src->lens[0] - 1] ==
		    '\r' && (src->ends_in_newline || nlines > 1);
}

static void read_into(struct source *src)
{
	const char *why;

	if (infile_read(src->path, &src->text, &src->size, &why))
		return;
	src->ok = true;
	source_split(src);
}

const struct source *source_get(struct sources *s, const char *path)
{
	struct source *src;
	int i;

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->v[i]->path, path))
			return s->v[i]->ok ? s->v[i] : NULL;
	src = xcalloc(1, sizeof(*src));
	src->path = xstrdup(path);
	read_into(src);
	VEC_PUSH(s->v, s->n, s->cap, src);
	return src->ok ? src : NULL;
}

const char *source_line(const struct source *src, unsigned line)
{
	if (!src || line < 1 || line > src->nlines)
		return NULL;
	return src->lines[line - 1];
}

void source_release(struct source *src)
{
	free(src->path);
	free(src->text);
	free(src->lines);
	free(src->lens);
}

void sources_free(struct sources *s)
{
	for (int i = 0; i < s->n; i++) {
		source_release(s->v[i]);
		free(s->v[i]);
	}
	free(s->v);
	s->v = NULL;
	s->n = s->cap = 0;
}

void file_hashes_add(struct file_hashes *fh, const char *path, uint64_t h)
{
	if (fh->n == fh->cap) {
		fh->cap = fh->cap ? 2 * fh->cap : 16;
		fh->paths = xrealloc(fh->paths, (size_t)fh->cap * sizeof(char *));
		fh->hashes = xrealloc(fh->hashes,
				      (size_t)fh->cap * sizeof(uint64_t));
	}
	fh->paths[fh->n] = xstrdup(path);
	fh->hashes[fh->n++] = h;
}

int file_hashes_match(const struct file_hashes *fh, const char *path,
		      uint64_t h)
{
	int seen = -1;

	for (int i = 0; i < fh->n; i++)
		if (!strcmp(fh->paths[i], path)) {
			if (fh->hashes[i] != h)
				return 0;
			seen = 1;
		}
	return seen;
}

void file_hashes_free(struct file_hashes *fh)
{
	for (int i = 0; i < fh->n; i++)
		free(fh->paths[i]);
	free(fh->paths);
	free(fh->hashes);
	fh->paths = NULL;
	fh->hashes = NULL;
	fh->n = fh->cap = 0;
}
