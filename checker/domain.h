/* SPDX-License-Identifier: GPL-2.0 */
/*
 * domain.h - what the analysis knows about a value: which bits are known
 * and their values, and which bits are known to equal a symbol's (the
 * content of a register, a pure call's result, a capability), so that
 * "read_sysreg(r) & ~M" written back to r is known to keep every bit
 * outside M, and a test of a bit of it says that bit of r.
 *
 * In: values and operators.  Out: values; nothing here knows the CFG.
 * Every operation is sound: a bit marked known holds on every run that
 * reaches it.  Values are 64 bits wide; comparisons and logical operators
 * give 0 or 1.
 */
#ifndef ISBCHECK_DOMAIN_H
#define ISBCHECK_DOMAIN_H

#include <stdbool.h>
#include <stdint.h>

struct aval {
	uint64_t known;		/* bits whose value is known ... */
	uint64_t bits;		/* ... and those values (0 elsewhere) */
	int sym;		/* -1, or the symbol ... */
	uint64_t same;		/* ... whose bits these bits equal */
};

#define AVAL_UNKNOWN ((struct aval){ 0, 0, -1, 0 })

static inline struct aval aval_const(uint64_t c)
{
	return (struct aval){ ~0ull, c, -1, 0 };
}

/* A symbol's value: the known bits of it, and all of it the symbol. */
static inline struct aval aval_sym(int sym, uint64_t known, uint64_t bits)
{
	return (struct aval){ known, bits & known, sym, ~0ull };
}

static inline bool aval_is_const(struct aval v)
{
	return v.known == ~0ull;
}

/* What both a and b allow (the join of two paths). */
struct aval aval_meet(struct aval a, struct aval b);
bool aval_equal(struct aval a, struct aval b);

struct aval aval_not(struct aval a);
struct aval aval_and(struct aval a, struct aval b);
struct aval aval_or(struct aval a, struct aval b);
struct aval aval_xor(struct aval a, struct aval b);
struct aval aval_shl(struct aval a, struct aval b);
struct aval aval_shr(struct aval a, struct aval b);
struct aval aval_add(struct aval a, struct aval b);
struct aval aval_sub(struct aval a, struct aval b);

/* Truth: 1 surely nonzero, 0 surely zero, -1 unknown. */
int aval_truth(struct aval a);
/* a == b as 0/1; a != b; !a; a && b; a || b */
struct aval aval_eq(struct aval a, struct aval b);
struct aval aval_ne(struct aval a, struct aval b);
struct aval aval_lnot(struct aval a);
struct aval aval_land(struct aval a, struct aval b);
struct aval aval_lor(struct aval a, struct aval b);

/*
 * May a equal v?  False when a known bit of a differs from v (a branch
 * that needs a == v cannot be taken).
 */
bool aval_may_equal(struct aval a, uint64_t v);

/*
 * a with the bits in mask now known to hold bits: false if that
 * contradicts what a knows (the path is impossible).
 */
bool aval_learn(struct aval *a, uint64_t mask, uint64_t bits);

#endif
