// SPDX-License-Identifier: GPL-2.0
/*
 * link.c - calls to functions with no body in their own TU, connected to
 * a definition in another TU of the run (see link_calls() in program.h).
 */
#include "program.h"
#include "hashidx.h"

#include <stdlib.h>
#include <string.h>

struct def {
	struct function *fn;
	int unit;
};

/* The run's non-static definitions, sorted by name, indexed by name. */
struct defs {
	struct def *v;
	int n, cap;
	struct hashidx index;	/* name -> its first definition */
};

/* What a call's name has among the definitions of other TUs. */
struct candidates {
	struct function *any, *near;		/* the last seen of each */
	struct function *in_config, *in_config_near;
	int nany, nnear, nconfig, nconfig_near;
};

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

static uint64_t name_hash(const char *name)
{
	return hash_bytes(name, strlen(name), HASH_SEED);
}

static void collect_defs(struct tu **tus, int n, struct defs *d)
{
	for (int u = 0; u < n; u++)
		for (int f = 0; f < tus[u]->nfns; f++) {
			struct def def = { tus[u]->fns[f], u };

			if (!def.fn->is_static && def.fn->built)
				VEC_PUSH(d->v, d->n, d->cap, def);
		}
	/* sorted by name: a name's definitions are one run */
	if (d->n > 1)
		qsort(d->v, (size_t)d->n, sizeof(*d->v), cmp_def);
	for (int i = 0; i < d->n; i++)
		if (!i || strcmp(d->v[i].fn->name, d->v[i - 1].fn->name))
			hashidx_add(&d->index, name_hash(d->v[i].fn->name), i);
}

static struct candidates find(const struct defs *d, struct tu **tus, int unit,
			      const char *name)
{
	struct candidates c = { 0 };
	struct def_key k = { d->v, name };
	int i = hashidx_find(&d->index, name_hash(name), same_name, &k);

	for (; i >= 0 && i < d->n && !strcmp(d->v[i].fn->name, name); i++) {
		const struct def *def = &d->v[i];
		bool near;

		if (def->unit == unit)
			continue;
		near = same_dir(tus[unit]->main_file, tus[def->unit]->main_file);
		c.any = def->fn;
		c.nany++;
		if (near) {
			c.near = def->fn;
			c.nnear++;
		}
		if (tus[def->unit]->configs != tus[unit]->configs)
			continue;
		c.in_config = def->fn;
		c.nconfig++;
		if (near) {
			c.in_config_near = def->fn;
			c.nconfig_near++;
		}
	}
	return c;
}

/*
 * The one definition in the caller's configuration, or the one of those
 * in the caller's directory; with none in its configuration, the one
 * anywhere or the one in its directory.  NULL when ambiguous.
 */
static struct function *choose(const struct candidates *c)
{
	if (c->nconfig == 1)
		return c->in_config;
	if (c->nconfig > 1)
		return c->nconfig_near == 1 ? c->in_config_near : NULL;
	if (c->nany == 1)
		return c->any;
	return c->nnear == 1 ? c->near : NULL;
}

static int link_function(const struct defs *d, struct tu **tus, int unit,
			 struct function *fn)
{
	int linked = 0;

	for (int b = 0; b < fn->nblocks; b++)
		for (int e = 0; e < fn->blocks[b].nev; e++) {
			struct event *ev = fn->blocks[b].ev[e];
			struct candidates c;

			if (ev->kind != EV_CALL || ev->callee || !ev->name)
				continue;
			c = find(d, tus, unit, ev->name);
			ev->callee = choose(&c);
			linked += ev->callee != NULL;
		}
	return linked;
}

int link_calls(struct tu **tus, int n)
{
	struct defs d = { 0 };
	int linked = 0;

	collect_defs(tus, n, &d);
	for (int u = 0; u < n; u++)
		for (int f = 0; f < tus[u]->nfns; f++)
			linked += link_function(&d, tus, u, tus[u]->fns[f]);
	hashidx_free(&d.index);
	free(d.v);
	return linked;
}
