// SPDX-License-Identifier: GPL-2.0
/* Unit tests for the integer-expression evaluator (checker/expr.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "expr.h"

static uint64_t eval_ok(const char *s)
{
	struct expr_error e = { 0 };
	uint64_t v = 0xdeadbeef;

	if (expr_eval(s, strlen(s), &v, &e))
		fail_msg("\"%s\" failed at column %zu: %s", s, e.col, e.msg);
	return v;
}

static struct expr_error eval_fail(const char *s)
{
	struct expr_error e = { 0 };
	uint64_t v = 0x5a5a;

	if (expr_eval(s, strlen(s), &v, &e) != -1)
		fail_msg("\"%s\" was accepted as %#llx", s,
			 (unsigned long long)v);
	assert_int_equal(v, 0x5a5a);	/* *out untouched on error */
	return e;
}

/* The error for s must be at col and say msg. */
static void expect_error(const char *s, size_t col, const char *msg)
{
	struct expr_error e = eval_fail(s);

	if (!strstr(e.msg, msg))
		fail_msg("\"%s\": expected \"%s\", got \"%s\"", s, msg, e.msg);
	if (e.col != col)
		fail_msg("\"%s\": error \"%s\" at column %zu, expected %zu", s,
			 e.msg, e.col, col);
}

static void test_sys_reg_encoding(void **state)
{
	(void)state;
	/*
	 * TRBLIMITR_EL1 as the kernel's sys_reg(3, 0, 9, 11, 0) stringifies
	 * it: 3 << 19 | 9 << 12 | 11 << 8 = 0x180000 | 0x9000 | 0xb00.
	 * (0x1c9b00 would be op1 = 4.)
	 */
	assert_int_equal(eval_ok("(((3) << 19) | ((0) << 16) | ((9) << 12) | ((11) << 8) | ((0) << 5))"),
			 0x189b00);
	/* HCR_EL2, sys_reg(3, 4, 1, 1, 0), in both spellings */
	assert_int_equal(eval_ok("(((3) << 19) | ((4) << 16) | ((1) << 12) | ((1) << 8) | ((0) << 5))"),
			 0x1c1100);
	assert_int_equal(eval_ok("(3<<19)|(4<<16)|(1<<12)|(1<<8)|(0<<5)"),
			 0x1c1100);
	/* the msr_s .inst word around it */
	assert_int_equal(eval_ok("0xd5000000|((((3) << 19) | ((4) << 16) | ((1) << 12) | ((1) << 8) | ((0) << 5)))|(3)"),
			 0xd51c1103);
}

static void test_precedence(void **state)
{
	(void)state;
	assert_int_equal(eval_ok("1 | 2 & 3"), 3);	/* & binds tighter */
	assert_int_equal(eval_ok("1 | 2 ^ 3"), 1);	/* ^ before | */
	assert_int_equal(eval_ok("6 ^ 3 & 1"), 7);	/* & before ^ */
	assert_int_equal(eval_ok("3 & 6 << 1"), 0);	/* << before & */
	assert_int_equal(eval_ok("1 << 2 + 1"), 8);	/* + before << */
	assert_int_equal(eval_ok("8 >> 1 + 1"), 2);
	assert_int_equal(eval_ok("1 + 2 << 1"), 6);
	assert_int_equal(eval_ok("1 << 2 * 2"), 16);	/* * before << */
	assert_int_equal(eval_ok("2 + 3 * 4"), 14);	/* * before + */
	assert_int_equal(eval_ok("2 * 3 + 4"), 10);
	assert_int_equal(eval_ok("(1 | 2) & 3"), 3);
	assert_int_equal(eval_ok("(2 + 3) * 4"), 20);
	assert_int_equal(eval_ok("10 - 2 - 3"), 5);	/* left associative */
	assert_int_equal(eval_ok("64 / 4 / 2"), 8);
	assert_int_equal(eval_ok("256 >> 2 >> 1"), 32);
	assert_int_equal(eval_ok("17 % 5"), 2);
	assert_int_equal(eval_ok("1|2|4|8"), 15);
	assert_int_equal(eval_ok("  7  &  ~  2  "), 5);	/* spaces anywhere */
}

static void test_unary(void **state)
{
	(void)state;
	assert_int_equal(eval_ok("~0"), UINT64_MAX);
	assert_int_equal(eval_ok("-1"), UINT64_MAX);
	assert_int_equal(eval_ok("- -1"), 1);
	assert_int_equal(eval_ok("+5"), 5);
	assert_int_equal(eval_ok("!0"), 1);
	assert_int_equal(eval_ok("!5"), 0);
	assert_int_equal(eval_ok("!0 + !5"), 1);
	assert_int_equal(eval_ok("!!7"), 1);
	assert_int_equal(eval_ok("-1 + 3"), 2);	/* unary binds tightest */
	assert_int_equal(eval_ok("-2 * -3"), 6);
	assert_int_equal(eval_ok("~1 & 3"), 2);
	assert_int_equal(eval_ok("!1 | 2"), 2);
	assert_int_equal(eval_ok("-(1 + 2)"), (uint64_t)-3);
	assert_int_equal(eval_ok("~(1 << 3) & 0xff"), 0xf7);
}

static void test_literals(void **state)
{
	(void)state;
	assert_int_equal(eval_ok("0"), 0);
	assert_int_equal(eval_ok("10"), 10);
	assert_int_equal(eval_ok("0x1F"), 31);
	assert_int_equal(eval_ok("0X1f"), 31);
	assert_int_equal(eval_ok("0xd5033fdf"), 0xd5033fdf);
	assert_int_equal(eval_ok("0b101"), 5);
	assert_int_equal(eval_ok("0B11"), 3);
	assert_int_equal(eval_ok("017"), 15);	/* octal */
	assert_int_equal(eval_ok("0777"), 511);
	assert_int_equal(eval_ok("00"), 0);
	assert_int_equal(eval_ok("18446744073709551615"), UINT64_MAX);
	assert_int_equal(eval_ok("0xffffffffffffffff"), UINT64_MAX);
	/* suffixes, as in C */
	assert_int_equal(eval_ok("1U"), 1);
	assert_int_equal(eval_ok("2u"), 2);
	assert_int_equal(eval_ok("3L"), 3);
	assert_int_equal(eval_ok("4UL"), 4);
	assert_int_equal(eval_ok("5ull"), 5);
	assert_int_equal(eval_ok("6ULL"), 6);
	assert_int_equal(eval_ok("0u"), 0);
	assert_int_equal(eval_ok("017UL"), 15);
	assert_int_equal(eval_ok("0b11UL"), 3);
	assert_int_equal(eval_ok("1UL << 34"), 1ull << 34);
	assert_int_equal(eval_ok("0xd5000000ull"), 0xd5000000u);
	assert_int_equal(eval_ok("1 << 64"), 0);	/* no undefined shift */
	assert_int_equal(eval_ok("1 >> 64"), 0);
}

static void test_length_not_nul(void **state)
{
	/* no terminating NUL at all: reading past len is a bug (ASan) */
	static const char digits[3] = { '4', '2', '7' };
	struct expr_error e = { 0 };
	uint64_t v = 0;

	(void)state;
	/* only the first three characters are the expression */
	assert_int_equal(expr_eval("1+2, 5", 3, &v, &e), 0);
	assert_int_equal(v, 3);
	assert_int_equal(expr_eval("0x1fff", 3, &v, &e), 0);
	assert_int_equal(v, 1);
	assert_int_equal(expr_eval("12", 1, &v, &e), 0);
	assert_int_equal(v, 1);
	assert_int_equal(expr_eval(digits, 2, &v, &e), 0);
	assert_int_equal(v, 42);
	assert_int_equal(expr_eval(digits, 3, &v, &e), 0);
	assert_int_equal(v, 427);
	/* the closing parenthesis is past len */
	assert_int_equal(expr_eval("(1)", 2, &v, &e), -1);
	assert_non_null(strstr(e.msg, "expected ')'"));
	assert_int_equal(e.col, 2);
	/* "0x" cut before its digits */
	assert_int_equal(expr_eval("0x12", 2, &v, &e), -1);
	assert_non_null(strstr(e.msg, "no digits"));
	/* len 0 is the empty expression */
	assert_int_equal(expr_eval("1", 0, &v, &e), -1);
	assert_int_equal(e.col, 0);
}

static void test_errors(void **state)
{
	(void)state;
	expect_error("", 0, "found end of expression");
	expect_error("   ", 3, "found end of expression");
	expect_error("1 +", 3, "found end of expression");
	expect_error("(1 << 2", 7, "expected ')'");
	expect_error("((1)", 4, "expected ')'");
	expect_error("1)", 1, "unexpected text after expression");
	expect_error(")", 0, "expected an operand");
	expect_error("1 2", 2, "unexpected text after expression");
	expect_error("1 && 2", 2, "unexpected text");	/* not bitwise */
	expect_error("1 || 2", 2, "unexpected text");
	expect_error("1 < 2", 2, "unexpected text");
	expect_error(".L__gpr_num_x0", 0, "symbol in expression is not a constant");
	expect_error("0xd5000000|(1)|(.L__gpr_num_x0)", 16, "not a constant");
	expect_error("hcr_el2", 0, "not a constant");
	expect_error("$", 0, "expected an operand");
	expect_error("08", 1, "invalid digit in integer literal");
	expect_error("019", 2, "invalid digit");
	expect_error("0b102", 4, "invalid digit");
	expect_error("0xg", 2, "integer literal has no digits");
	expect_error("0b", 2, "no digits");
	expect_error("12abc", 2, "invalid suffix on integer literal");
	expect_error("1_000", 1, "invalid suffix");
	expect_error("0x1fULx", 6, "invalid suffix");
}

static void test_division_by_zero(void **state)
{
	struct expr_error e;

	(void)state;
	e = eval_fail("1 / 0");
	assert_non_null(strstr(e.msg, "division by zero"));
	e = eval_fail("7 % 0");
	assert_non_null(strstr(e.msg, "division by zero"));
	e = eval_fail("(4 / (2 - 2))");
	assert_non_null(strstr(e.msg, "division by zero"));
	assert_int_equal(eval_ok("0 / 1"), 0);
	assert_int_equal(eval_ok("5 % 1"), 0);
}

/*
 * Guards the column of "division by zero": the '/' or the divisor, not
 * wherever the parser stopped after it (once column 5 for "1 / 0", past
 * the end, and the unrelated '+' for "1 / 0 + 2").
 */
static void test_division_by_zero_column(void **state)
{
	/* the '/' (2) or the zero divisor (4) */
	LargestIntegralType ok[] = { 2, 4 };
	struct expr_error e;

	(void)state;
	e = eval_fail("1 / 0");
	assert_in_set(e.col, ok, 2);
	e = eval_fail("1 / 0 + 2");
	assert_in_set(e.col, ok, 2);
}

/*
 * Guards integer literals past 64 bits: ill-formed, as in C, so they
 * fail instead of wrapping ("0x100000000d5033fdf" once became 0xd5033fdf
 * and ".inst 0x100000000d5033fdf" was read as an isb).
 */
static void test_literal_overflow(void **state)
{
	struct expr_error e;

	(void)state;
	e = eval_fail("0x100000000d5033fdf");
	assert_int_equal(e.col, 0);
	eval_fail("18446744073709551616");	/* 2^64 */
	eval_fail("0b1" "0000000000000000000000000000000000000000000000000000000000000000");
}

/*
 * Guards NUL bytes inside the text: never a U/L suffix (strchr("uUlL",
 * '\0') finds the terminator, which once let "1\0" with len 2 through as
 * 1 while "1 \0" was rejected).
 */
static void test_embedded_nul(void **state)
{
	struct expr_error e = { 0 };
	uint64_t v = 0;

	(void)state;
	assert_int_equal(expr_eval("1 \0", 3, &v, &e), -1);
	assert_int_equal(expr_eval("\0" "1", 2, &v, &e), -1);
	assert_int_equal(expr_eval("1\0", 2, &v, &e), -1);
}

static void test_deep_nesting_fails_cleanly(void **state)
{
	static char buf[20001];
	struct expr_error e = { 0 };
	uint64_t v = 0;
	char *sum;
	int i;

	(void)state;
	/* 10000 '(' (balanced, then unbalanced): an error, not a crash */
	memset(buf, '(', 10000);
	buf[10000] = '1';
	memset(buf + 10001, ')', 10000);
	assert_int_equal(expr_eval(buf, 20001, &v, &e), -1);
	assert_non_null(strstr(e.msg, "nested too deeply"));
	assert_true(e.col < 10000);
	assert_int_equal(expr_eval(buf, 10000, &v, &e), -1);
	assert_non_null(strstr(e.msg, "nested too deeply"));
	/* unary operators nest too */
	memset(buf, '~', 10000);
	buf[10000] = '1';
	assert_int_equal(expr_eval(buf, 10001, &v, &e), -1);
	assert_non_null(strstr(e.msg, "nested too deeply"));
	memset(buf, '-', 10000);
	assert_int_equal(expr_eval(buf, 10001, &v, &e), -1);

	/* moderate nesting is fine */
	memset(buf, '(', 100);
	buf[100] = '9';
	memset(buf + 101, ')', 100);
	assert_int_equal(expr_eval(buf, 201, &v, &e), 0);
	assert_int_equal(v, 9);

	/* a long flat expression is not deep: 10000 terms */
	sum = malloc(2 * 10000);
	assert_non_null(sum);
	for (i = 0; i < 10000; i++) {
		sum[2 * i] = '1';
		sum[2 * i + 1] = '+';
	}
	assert_int_equal(expr_eval(sum, 2 * 10000 - 1, &v, &e), 0);
	assert_int_equal(v, 10000);
	free(sum);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sys_reg_encoding),
		cmocka_unit_test(test_precedence),
		cmocka_unit_test(test_unary),
		cmocka_unit_test(test_literals),
		cmocka_unit_test(test_length_not_nul),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_division_by_zero),
		cmocka_unit_test(test_division_by_zero_column),
		cmocka_unit_test(test_literal_overflow),
		cmocka_unit_test(test_embedded_nul),
		cmocka_unit_test(test_deep_nesting_fails_cleanly),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
