// SPDX-License-Identifier: GPL-2.0
#include "program.h"
#include "hashidx.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

int cfg_new_block(struct tu *tu, struct function *fn)
{
	struct block b = { 0 };

	(void)tu;
	VEC_PUSH(fn->blocks, fn->nblocks, fn->blocks_cap, b);
	return fn->nblocks - 1;
}

void cfg_add_edge(struct function *fn, int from, int to)
{
	struct block *b = &fn->blocks[from];
	int i;

	for (i = 0; i < b->nsucc; i++)
		if (b->succ[i] == to)
			return;
	VEC_PUSH(b->succ, b->nsucc, b->succ_cap, to);
}

void cfg_add_event(struct function *fn, int block, struct event *ev)
{
	struct block *b = &fn->blocks[block];

	VEC_PUSH(b->ev, b->nev, b->ev_cap, ev);
}

bool tu_defines(const char *macro, void *ctx)
{
	const struct tu *tu = ctx;

	for (int i = 0; i < tu->nmacros; i++)
		if (!strcmp(tu->macros[i], macro))
			return true;
	return false;
}

void tu_free(struct tu *tu)
{
	int i, j;

	for (i = 0; i < tu->nfns; i++) {
		struct function *fn = tu->fns[i];

		for (j = 0; j < fn->nblocks; j++) {
			free(fn->blocks[j].ev);
			free(fn->blocks[j].succ);
		}
		free(fn->blocks);
	}
	free(tu->fns);
	free(tu->macros);
	free(tu->files);
	free(tu->hashes);
	arena_free(&tu->arena);
	memset(tu, 0, sizeof(*tu));
}

static size_t dir_len(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? (size_t)(slash - path) : 0;
}

static bool same_dir(const char *a, const char *b)
{
	size_t la = dir_len(a), lb = dir_len(b);

	return la == lb && !strncmp(a, b, la);
}

struct def {
	struct function *fn;
	int unit;
};

struct def_key {
	const struct def *defs;
	const char *name;
};

static bool same_name(int i, void *ctx)
{
	const struct def_key *k = ctx;

	return !strcmp(k->defs[i].fn->name, k->name);
}

static int cmp_def(const void *a, const void *b)
{
	const struct def *x = a, *y = b;
	int c = strcmp(x->fn->name, y->fn->name);

	return c ? c : x->unit - y->unit;
}

int cfg_link(struct tu **tus, int n)
{
	struct def *defs = NULL;
	struct hashidx index = { 0 };
	int ndefs = 0, cap = 0, u, f, b, e, i, linked = 0;

	/* non-static definitions, sorted by name: a name's run is contiguous */
	for (u = 0; u < n; u++)
		for (f = 0; f < tus[u]->nfns; f++) {
			struct def d = { tus[u]->fns[f], u };

			if (!d.fn->is_static && d.fn->built)
				VEC_PUSH(defs, ndefs, cap, d);
		}
	if (ndefs > 1)
		qsort(defs, (size_t)ndefs, sizeof(*defs), cmp_def);
	for (i = 0; i < ndefs; i++)
		if (!i || strcmp(defs[i].fn->name, defs[i - 1].fn->name))
			hashidx_add(&index, hash_bytes(defs[i].fn->name,
						       strlen(defs[i].fn->name),
						       HASH_SEED), i);

	for (u = 0; u < n; u++)
		for (f = 0; f < tus[u]->nfns; f++) {
			struct function *fn = tus[u]->fns[f];

			for (b = 0; b < fn->nblocks; b++)
				for (e = 0; e < fn->blocks[b].nev; e++) {
					struct event *ev = fn->blocks[b].ev[e];
					struct function *one = NULL, *near = NULL;
					struct function *cone = NULL, *cnear = NULL;
					struct def_key k = { defs, ev->name };
					int nall = 0, nnear = 0, ncfg = 0, ncnear = 0, d;

					if (ev->kind != EV_CALL || ev->callee ||
					    !ev->name)
						continue;
					d = hashidx_find(&index,
							 hash_bytes(ev->name,
								    strlen(ev->name),
								    HASH_SEED),
							 same_name, &k);
					for (; d >= 0 && d < ndefs &&
					       !strcmp(defs[d].fn->name, ev->name); d++) {
						if (defs[d].unit == u)
							continue;
						bool sd = same_dir(tus[u]->main_file,
								   tus[defs[d].unit]->main_file);

						one = defs[d].fn;
						nall++;
						if (sd) {
							near = defs[d].fn;
							nnear++;
						}
						if (tus[defs[d].unit]->configs !=
						    tus[u]->configs)
							continue;
						cone = defs[d].fn;
						ncfg++;
						if (sd) {
							cnear = defs[d].fn;
							ncnear++;
						}
					}
					if (ncfg == 1)
						ev->callee = cone;
					else if (ncfg > 1 && ncnear == 1)
						ev->callee = cnear;
					else if (ncfg)
						;	/* ambiguous in its configuration */
					else if (nall == 1)
						ev->callee = one;
					else if (nnear == 1)
						ev->callee = near;
					linked += ev->callee != NULL;
				}
		}
	hashidx_free(&index);
	free(defs);
	return linked;
}
