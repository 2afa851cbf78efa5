// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the value domain (checker/domain.c): known bits, and the
 * bits known to equal a symbol's.  Besides the cases below, every
 * operator is checked for soundness against concrete arithmetic on many
 * random values: what the domain says is known must hold of the value
 * the operator computes, whatever the unknown bits were.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain.h"

/* a deterministic generator, so that a failure repeats */
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
	uint64_t x = rng_state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	rng_state = x;
	return x;
}

/* a concrete value and what the domain is told of it */
struct sample {
	uint64_t value;
	struct aval abs;
};

static struct sample sample(void)
{
	struct sample s;
	uint64_t known;

	s.value = rnd();
	switch (rnd() % 4) {
	case 0:
		known = ~0ull;
		break;
	case 1:
		known = 0;
		break;
	default:
		known = rnd() & rnd();
		break;
	}
	s.abs = (struct aval){ known, s.value & known, -1, 0 };
	return s;
}

/* what the domain knows of v holds of c */
static void assert_sound(struct aval v, uint64_t c)
{
	if ((c ^ v.bits) & v.known)
		fail_msg("known %016llx bits %016llx but the value is %016llx",
			 (unsigned long long)v.known,
			 (unsigned long long)v.bits, (unsigned long long)c);
}

static void test_binary_ops_sound(void **state)
{
	(void)state;
	for (int i = 0; i < 20000; i++) {
		struct sample a = sample(), b = sample();
		uint64_t sh = b.value & 63;
		struct aval bsh = aval_const(sh);

		assert_sound(aval_and(a.abs, b.abs), a.value & b.value);
		assert_sound(aval_or(a.abs, b.abs), a.value | b.value);
		assert_sound(aval_xor(a.abs, b.abs), a.value ^ b.value);
		assert_sound(aval_not(a.abs), ~a.value);
		assert_sound(aval_shl(a.abs, bsh), a.value << sh);
		assert_sound(aval_shr(a.abs, bsh), a.value >> sh);
		assert_sound(aval_add(a.abs, b.abs), a.value + b.value);
		assert_sound(aval_sub(a.abs, b.abs), a.value - b.value);
		assert_sound(aval_eq(a.abs, b.abs), a.value == b.value);
		assert_sound(aval_ne(a.abs, b.abs), a.value != b.value);
		assert_sound(aval_lnot(a.abs), !a.value);
		assert_sound(aval_land(a.abs, b.abs), a.value && b.value);
		assert_sound(aval_lor(a.abs, b.abs), a.value || b.value);
		/* a path on which either may hold knows only what both say */
		assert_sound(aval_meet(a.abs, b.abs), a.value);
		if (aval_truth(a.abs) >= 0)
			assert_int_equal(aval_truth(a.abs), a.value != 0);
		assert_true(aval_may_equal(a.abs, a.value));
	}
}

static void test_and_or_known_bits(void **state)
{
	struct aval x = AVAL_UNKNOWN;

	(void)state;
	/* x & 0xf0: everything outside 0xf0 is a known 0 */
	struct aval v = aval_and(x, aval_const(0xf0));
	assert_int_equal(v.known, ~0xf0ull);
	assert_int_equal(v.bits, 0);
	/* x | 0x3: the two low bits are known 1 */
	v = aval_or(x, aval_const(0x3));
	assert_int_equal(v.known, 0x3);
	assert_int_equal(v.bits, 0x3);
	/* a comparison is 0 or 1: every bit but the lowest known 0 */
	v = aval_eq(x, aval_const(5));
	assert_int_equal(v.known, ~1ull);
	assert_int_equal(aval_truth(v), -1);
	/* a known bit that differs decides it */
	v = aval_eq(aval_or(x, aval_const(1)), aval_const(4));
	assert_true(aval_is_const(v));
	assert_int_equal(v.bits, 0);
}

/* "read_sysreg(r) & ~M | N" keeps r's bits outside M|N */
static void test_symbol_kept_through_masks(void **state)
{
	struct aval r = aval_sym(7, 0, 0);
	struct aval v;

	(void)state;
	v = aval_or(aval_and(r, aval_const(~0xffull)), aval_const(0x5));
	assert_int_equal(v.sym, 7);
	assert_int_equal(v.same, ~0xffull);
	assert_int_equal(v.known, 0xff);
	assert_int_equal(v.bits, 0x5);
	/* xor with a known 0 keeps, with a known 1 flips: not the same */
	v = aval_xor(r, aval_const(0x100));
	assert_int_equal(v.same, ~0x100ull);
	/* a shift moves the bits: no longer the symbol's */
	v = aval_shl(r, aval_const(1));
	assert_int_equal(v.sym, -1);
	/* nor after an operator that mixes bits */
	v = aval_add(r, aval_const(1));
	assert_int_equal(v.sym, -1);
}

static void test_meet(void **state)
{
	struct aval a = aval_const(0x12), b = aval_const(0x16);
	struct aval m = aval_meet(a, b);

	(void)state;
	/* bit 2 differs: unknown; the others agree */
	assert_int_equal(m.known, ~0x4ull);
	assert_int_equal(m.bits, 0x12);
	/* two copies of one symbol stay that symbol where both are */
	a = aval_sym(3, 0, 0);
	b = aval_and(aval_sym(3, 0, 0), aval_const(~1ull));
	m = aval_meet(a, b);
	assert_int_equal(m.sym, 3);
	assert_int_equal(m.same, ~1ull);
	/* different symbols: neither */
	m = aval_meet(aval_sym(3, 0, 0), aval_sym(4, 0, 0));
	assert_int_equal(m.sym, -1);
	assert_true(aval_equal(aval_meet(a, a), a));
}

static void test_learn(void **state)
{
	struct aval v = AVAL_UNKNOWN;

	(void)state;
	/* a branch that needs bit 3 set teaches it */
	assert_true(aval_learn(&v, 0x8, 0x8));
	assert_int_equal(v.known, 0x8);
	assert_int_equal(v.bits, 0x8);
	/* the same again is consistent; the opposite is an impossible path */
	assert_true(aval_learn(&v, 0x8, 0x8));
	assert_false(aval_learn(&v, 0x8, 0));
	/* a constant contradicted anywhere is impossible */
	v = aval_const(0x10);
	assert_false(aval_learn(&v, ~0ull, 0x11));
	assert_false(aval_may_equal(v, 0x11));
	assert_true(aval_may_equal(v, 0x10));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_binary_ops_sound),
		cmocka_unit_test(test_and_or_known_bits),
		cmocka_unit_test(test_symbol_kept_through_masks),
		cmocka_unit_test(test_meet),
		cmocka_unit_test(test_learn),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
