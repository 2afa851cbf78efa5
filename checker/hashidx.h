/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hashidx.h - a hash index: 64-bit hashes to small integers (indices into
 * an array the caller owns), for de-duplicating findings in linear time.
 * Equal hashes are told apart by the caller's eq() callback.
 */
#ifndef ISBCHECK_HASHIDX_H
#define ISBCHECK_HASHIDX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hashidx {
	uint64_t *keys;		/* 0: empty slot */
	int *vals;
	size_t cap, n;
};

/* The first value stored under h for which eq(val, ctx) holds, or -1. */
int hashidx_find(const struct hashidx *m, uint64_t h,
		 bool (*eq)(int val, void *ctx), void *ctx);
void hashidx_add(struct hashidx *m, uint64_t h, int val);
void hashidx_free(struct hashidx *m);

/* FNV-1a, continuing from seed (start with HASH_SEED). */
#define HASH_SEED 0xcbf29ce484222325ull
uint64_t hash_bytes(const void *p, size_t n, uint64_t seed);

#endif
