// SPDX-License-Identifier: GPL-2.0
#include "program.h"

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
		if (b->succ[i] == to && !b->guards[i].kind)
			return;
	cfg_add_guarded_edge(fn, from, to, (struct guard){ G_NONE, 0 });
}

void cfg_add_guarded_edge(struct function *fn, int from, int to,
			  struct guard g)
{
	struct block *b = &fn->blocks[from];
	int cap = b->succ_cap;

	VEC_PUSH(b->succ, b->nsucc, b->succ_cap, to);
	/* guards runs beside succ: every edge sets its own */
	if (!b->guards || cap != b->succ_cap)
		b->guards = xrealloc(b->guards,
				     (size_t)b->succ_cap * sizeof(*b->guards));
	b->guards[b->nsucc - 1] = g;
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
			free(fn->blocks[j].guards);
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

void tu_note_macros(struct tu *tu, const char *const *args, int nargs)
{
	int i;

	for (i = 0; i < nargs; i++) {
		const char *a = args[i];
		char *m;
		size_t len;

		if (!strcmp(a, "-D") && i + 1 < nargs)
			a = args[++i];
		else if (!strncmp(a, "-D", 2))
			a += 2;
		else
			continue;
		len = strcspn(a, "=");
		m = arena_strndup(&tu->arena, a, len);
		VEC_PUSH(tu->macros, tu->nmacros, tu->macros_cap, m);
	}
}
