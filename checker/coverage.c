// SPDX-License-Identifier: GPL-2.0
#include "coverage.h"

#include <stdlib.h>
#include <string.h>

struct looked_key {
	const struct looked *lk;
	const char *s;		/* the name, or the interned one */
	unsigned line;
};

static bool file_eq(int val, void *ctx)
{
	struct looked_key *k = ctx;

	return !strcmp(k->lk->files[val], k->s);
}

static bool line_eq(int val, void *ctx)
{
	struct looked_key *k = ctx;

	return k->lk->v[val].file == k->s && k->lk->v[val].line == k->line;
}

static void look(struct looked *lk, const char *file, unsigned line)
{
	struct looked_key k = { lk, file, line };
	uint64_t h = hash_bytes(file, strlen(file), HASH_SEED);
	int i = hashidx_find(&lk->file_index, h, file_eq, &k);
	struct line_ref ref;

	if (i < 0) {
		i = lk->nfiles;
		VEC_PUSH(lk->files, lk->nfiles, lk->files_cap,
			 arena_strdup(lk->a, file));
		hashidx_add(&lk->file_index, h, i);
	}
	/* names are interned: a line is its name's address and number */
	k.s = lk->files[i];
	h = hash_bytes(&k.s, sizeof(k.s), hash_bytes(&line, sizeof(line),
						     HASH_SEED));
	if (hashidx_find(&lk->index, h, line_eq, &k) >= 0)
		return;
	ref = (struct line_ref){ k.s, line };
	hashidx_add(&lk->index, h, lk->n);
	VEC_PUSH(lk->v, lk->n, lk->cap, ref);
}

void looked_add_tu(struct looked *lk, const struct tu *tu)
{
	for (int f = 0; f < tu->nfns; f++) {
		const struct function *fn = tu->fns[f];

		for (int b = 0; b < fn->nblocks; b++)
			for (int e = 0; e < fn->blocks[b].nev; e++) {
				const struct event *ev = fn->blocks[b].ev[e];

				if (ev->loc.file && ev->loc.line)
					look(lk, ev->loc.file, ev->loc.line);
			}
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **looked_files(const struct looked *lk, const struct srcroot *root,
		    int *n)
{
	char **v = xcalloc((size_t)lk->nfiles + 1, sizeof(*v));
	int m = 0;

	for (int i = 0; i < lk->nfiles; i++)
		v[i] = srcroot_path(root, lk->files[i]);
	qsort(v, (size_t)lk->nfiles, sizeof(*v), cmp_str);
	for (int i = 0; i < lk->nfiles; i++)
		if (m && !strcmp(v[m - 1], v[i]))
			free(v[i]);
		else
			v[m++] = v[i];
	*n = m;
	return v;
}

void looked_free(struct looked *lk)
{
	free(lk->v);
	free(lk->files);
	hashidx_free(&lk->index);
	hashidx_free(&lk->file_index);
}

static void push_gap(struct incomplete *inc, int *cap, enum gap_kind kind,
		     struct item_loc loc, const char *text)
{
	struct gap g = { kind, loc, text };

	VEC_PUSH(inc->gaps, inc->ngaps, *cap, g);
}

void gaps_add_tu(struct gaps *g, const struct tu *tu, const char *file,
		 struct arena *a)
{
	struct incomplete inc = { 0 };
	int cap = 0;

	inc.file = arena_strdup(a, tu ? tu->main_file : file);
	if (!tu) {
		push_gap(&inc, &cap, GAP_UNREAD,
			 (struct item_loc){ inc.file, 0, 0, NULL },
			 "could not be parsed");
	} else {
		if (tu->nerrors)
			push_gap(&inc, &cap, GAP_PARSE,
				 (struct item_loc){ inc.file, 0, 0, NULL },
				 arena_printf(a, "%d error%s while parsing",
					      tu->nerrors,
					      tu->nerrors == 1 ? "" : "s"));
		for (int i = 0; i < tu->nfns; i++) {
			const struct function *fn = tu->fns[i];
			struct item_loc loc = {
				arena_strdup(a, fn->loc.file), fn->loc.line,
				fn->loc.col, arena_strdup(a, fn->name),
			};

			if (fn->truncated)
				push_gap(&inc, &cap, GAP_FRONTEND, loc,
					 arena_printf(a, "part of %s() could not be read",
						      fn->name));
			if (fn->cut)
				push_gap(&inc, &cap, GAP_BUDGET, loc,
					 arena_printf(a, "%s() is not fully analysed: %s",
						      fn->name, fn->cut));
		}
	}
	if (inc.ngaps)
		VEC_PUSH(g->v, g->n, g->cap, inc);
}

void gaps_free(struct gaps *g)
{
	for (int i = 0; i < g->n; i++)
		free(g->v[i].gaps);
	free(g->v);
}
