// SPDX-License-Identifier: GPL-2.0
#include "hashidx.h"
#include "arena.h"

#include <stdlib.h>

uint64_t hash_bytes(const void *p, size_t n, uint64_t h)
{
	const unsigned char *s = p;

	while (n--) {
		h ^= *s++;
		h *= 0x100000001b3ull;
	}
	return h;
}

static uint64_t slot_key(uint64_t h)
{
	return h ? h : 1;	/* 0 marks an empty slot */
}

int hashidx_find(const struct hashidx *m, uint64_t h,
		 bool (*eq)(int val, void *ctx), void *ctx)
{
	size_t i;
	uint64_t k = slot_key(h);

	if (!m->cap)
		return -1;
	for (i = k & (m->cap - 1); m->keys[i]; i = (i + 1) & (m->cap - 1))
		if (m->keys[i] == k && eq(m->vals[i], ctx))
			return m->vals[i];
	return -1;
}

static void insert(struct hashidx *m, uint64_t k, int val)
{
	size_t i;

	for (i = k & (m->cap - 1); m->keys[i]; i = (i + 1) & (m->cap - 1))
		;
	m->keys[i] = k;
	m->vals[i] = val;
	m->n++;
}

void hashidx_add(struct hashidx *m, uint64_t h, int val)
{
	if (2 * (m->n + 1) > m->cap) {
		struct hashidx old = *m;
		size_t i;

		m->cap = old.cap ? 2 * old.cap : 64;
		m->keys = xcalloc(m->cap, sizeof(*m->keys));
		m->vals = xcalloc(m->cap, sizeof(*m->vals));
		m->n = 0;
		for (i = 0; i < old.cap; i++)
			if (old.keys[i])
				insert(m, old.keys[i], old.vals[i]);
		free(old.keys);
		free(old.vals);
	}
	insert(m, slot_key(h), val);
}

void hashidx_free(struct hashidx *m)
{
	free(m->keys);
	free(m->vals);
	m->keys = NULL;
	m->vals = NULL;
	m->cap = m->n = 0;
}
