/* SPDX-License-Identifier: GPL-2.0 */
/*
 * arena.h - bump allocation for everything that lives as long as one TU
 * (or one rule set), plus a growable array helper.
 *
 * In: sizes.  Out: zeroed memory that is released all at once by
 * arena_free().  Allocation failure is fatal: it prints one message and
 * exits with status 2, the documented "input or internal error" status.
 */
#ifndef ISBCHECK_ARENA_H
#define ISBCHECK_ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *head;
};

void *arena_alloc(struct arena *a, size_t size);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void arena_free(struct arena *a);

/* malloc-backed helpers for data that outlives an arena */
void *xmalloc(size_t size);
void *xrealloc(void *p, size_t size);
void *xcalloc(size_t n, size_t size);
char *xstrdup(const char *s);

/*
 * A growable array of elements of one type:
 *	struct foo *v = NULL; int n = 0, cap = 0;
 *	VEC_PUSH(v, n, cap, item);
 */
#define VEC_PUSH(v, n, cap, item)					\
	do {								\
		if ((n) == (cap)) {					\
			(cap) = (cap) ? 2 * (cap) : 8;			\
			(v) = xrealloc((v), (size_t)(cap) * sizeof(*(v))); \
		}							\
		(v)[(n)++] = (item);					\
	} while (0)

#endif
