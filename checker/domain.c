// SPDX-License-Identifier: GPL-2.0
#include "domain.h"

struct aval aval_meet(struct aval a, struct aval b)
{
	struct aval v;

	v.known = a.known & b.known & ~(a.bits ^ b.bits);
	v.bits = a.bits & v.known;
	v.sym = a.sym == b.sym ? a.sym : -1;
	v.same = v.sym >= 0 ? a.same & b.same : 0;
	if (!v.same)
		v.sym = -1;
	return v;
}

bool aval_equal(struct aval a, struct aval b)
{
	return a.known == b.known && (a.bits & a.known) == (b.bits & b.known) &&
	       a.sym == b.sym && (a.sym < 0 || a.same == b.same);
}

static struct aval no_sym(struct aval v)
{
	v.bits &= v.known;
	v.sym = -1;
	v.same = 0;
	return v;
}

/* keeps sym on the bits of x that survive (keep), if any */
static struct aval with_sym(struct aval v, struct aval x, uint64_t keep)
{
	v.bits &= v.known;
	v.sym = -1;
	v.same = 0;
	if (x.sym >= 0 && (x.same & keep)) {
		v.sym = x.sym;
		v.same = x.same & keep;
	}
	return v;
}

struct aval aval_not(struct aval a)
{
	struct aval v = { a.known, ~a.bits & a.known, -1, 0 };

	return v;
}

struct aval aval_and(struct aval a, struct aval b)
{
	struct aval v;

	/* known where both are, or where either is a known 0 */
	v.known = (a.known & b.known) | (a.known & ~a.bits) |
		  (b.known & ~b.bits);
	v.bits = a.bits & b.bits & v.known;
	/* x & m keeps x's bits where m is a known 1 */
	if (a.sym >= 0)
		return with_sym(v, a, b.known & b.bits);
	return with_sym(v, b, a.known & a.bits);
}

struct aval aval_or(struct aval a, struct aval b)
{
	struct aval v;

	/* known where both are, or where either is a known 1 */
	v.known = (a.known & b.known) | (a.known & a.bits) |
		  (b.known & b.bits);
	v.bits = (a.bits | b.bits) & v.known;
	/* x | m keeps x's bits where m is a known 0 */
	if (a.sym >= 0)
		return with_sym(v, a, b.known & ~b.bits);
	return with_sym(v, b, a.known & ~a.bits);
}

struct aval aval_xor(struct aval a, struct aval b)
{
	struct aval v;

	v.known = a.known & b.known;
	v.bits = (a.bits ^ b.bits) & v.known;
	if (a.sym >= 0)
		return with_sym(v, a, b.known & ~b.bits);
	return with_sym(v, b, a.known & ~a.bits);
}

struct aval aval_shl(struct aval a, struct aval b)
{
	struct aval v;
	unsigned n;

	if (!aval_is_const(b) || b.bits >= 64)
		return AVAL_UNKNOWN;
	n = (unsigned)b.bits;
	v.known = (a.known << n) | ((1ull << n) - 1);
	v.bits = a.bits << n;
	return no_sym(v);
}

struct aval aval_shr(struct aval a, struct aval b)
{
	struct aval v;
	unsigned n;

	if (!aval_is_const(b) || b.bits >= 64)
		return AVAL_UNKNOWN;
	n = (unsigned)b.bits;
	v.known = (a.known >> n) | (n ? ~(~0ull >> n) : 0);
	v.bits = a.bits >> n;
	return no_sym(v);
}

struct aval aval_add(struct aval a, struct aval b)
{
	if (aval_is_const(a) && aval_is_const(b))
		return aval_const(a.bits + b.bits);
	return AVAL_UNKNOWN;
}

struct aval aval_sub(struct aval a, struct aval b)
{
	if (aval_is_const(a) && aval_is_const(b))
		return aval_const(a.bits - b.bits);
	return AVAL_UNKNOWN;
}

int aval_truth(struct aval a)
{
	if (a.known & a.bits)
		return 1;
	if (aval_is_const(a))
		return a.bits != 0;
	return -1;
}

/* 0 or 1 from a truth value: unknown is "0 or 1" */
static struct aval boolean(int t)
{
	if (t < 0)
		return (struct aval){ ~1ull, 0, -1, 0 };
	return aval_const((uint64_t)t);
}

struct aval aval_eq(struct aval a, struct aval b)
{
	if (aval_is_const(a) && aval_is_const(b))
		return boolean(a.bits == b.bits);
	if (a.known & b.known & (a.bits ^ b.bits))
		return boolean(0);
	return boolean(-1);
}

struct aval aval_ne(struct aval a, struct aval b)
{
	return aval_lnot(aval_eq(a, b));
}

struct aval aval_lnot(struct aval a)
{
	int t = aval_truth(a);

	return boolean(t < 0 ? -1 : !t);
}

struct aval aval_land(struct aval a, struct aval b)
{
	int ta = aval_truth(a), tb = aval_truth(b);

	if (!ta || !tb)
		return boolean(0);
	return boolean(ta > 0 && tb > 0 ? 1 : -1);
}

struct aval aval_lor(struct aval a, struct aval b)
{
	int ta = aval_truth(a), tb = aval_truth(b);

	if (ta > 0 || tb > 0)
		return boolean(1);
	return boolean(!ta && !tb ? 0 : -1);
}

bool aval_may_equal(struct aval a, uint64_t v)
{
	return !((a.bits ^ v) & a.known);
}

bool aval_learn(struct aval *a, uint64_t mask, uint64_t bits)
{
	bits &= mask;
	if ((a->known & mask) & (a->bits ^ bits))
		return false;
	a->known |= mask;
	a->bits = (a->bits & ~mask) | bits;
	return true;
}
