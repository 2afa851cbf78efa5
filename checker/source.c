// SPDX-License-Identifier: GPL-2.0
#include "source.h"
#include "arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void read_into(struct source *src)
{
	FILE *f = fopen(src->path, "rb");
	size_t cap = 0, n;
	int cap_lines = 0, nlines = 0;
	char *p;

	if (!f)
		return;
	for (;;) {
		if (src->size + 4096 + 1 > cap) {
			cap = cap ? 2 * cap : 65536;
			src->text = xrealloc(src->text, cap);
		}
		n = fread(src->text + src->size, 1, cap - src->size - 1, f);
		src->size += n;
		if (!n)
			break;
	}
	src->ok = !ferror(f);
	fclose(f);
	if (!src->text)
		src->text = xcalloc(1, 1);
	src->text[src->size] = '\0';
	src->ends_in_newline = src->size && src->text[src->size - 1] == '\n';
	for (p = src->text; p < src->text + src->size;) {
		char *nl = memchr(p, '\n', (size_t)(src->text + src->size - p));

		VEC_PUSH(src->lines, nlines, cap_lines, p);
		if (!nl)
			break;
		*nl = '\0';
		p = nl + 1;
	}
	src->nlines = (unsigned)nlines;
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

void sources_free(struct sources *s)
{
	for (int i = 0; i < s->n; i++) {
		free(s->v[i]->path);
		free(s->v[i]->text);
		free(s->v[i]->lines);
		free(s->v[i]);
	}
	free(s->v);
	s->v = NULL;
	s->n = s->cap = 0;
}
