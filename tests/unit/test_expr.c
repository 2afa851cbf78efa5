// SPDX-License-Identifier: GPL-2.0
/* Unit tests for the integer-expression evaluator (checker/expr.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "expr.h"

static uint64_t eval_ok(const char *s)
{
	struct expr_error e;
	uint64_t v = 0xdeadbeef;

	assert_int_equal(expr_eval(s, strlen(s), &v, &e), 0);
	return v;
}

static struct expr_error eval_fail(const char *s)
{
	struct expr_error e = { 0 };
	uint64_t v;

	assert_int_equal(expr_eval(s, strlen(s), &v, &e), -1);
	return e;
}

static void test_sys_reg_encoding(void **state)
{
	(void)state;
	/* TRBLIMITR_EL1 as the kernel's sys_reg() stringifies it */
	assert_int_equal(eval_ok("(((3) << 19) | ((0) << 16) | ((9) << 12) | ((11) << 8) | ((0) << 5))"),
			 0x189b00);
	/* HCR_EL2 */
	assert_int_equal(eval_ok("(3<<19)|(4<<16)|(1<<12)|(1<<8)|(0<<5)"),
			 0x1c1100);
}

static void test_precedence(void **state)
{
	(void)state;
	assert_int_equal(eval_ok("1 | 2 & 3"), 3);	/* & binds tighter */
	assert_int_equal(eval_ok("1 << 2 + 1"), 8);	/* + before << */
	assert_int_equal(eval_ok("2 + 3 * 4"), 14);
	assert_int_equal(eval_ok("6 ^ 3 & 1"), 7);
	assert_int_equal(eval_ok("(1 | 2) & 3"), 3);
	assert_int_equal(eval_ok("10 - 2 - 3"), 5);	/* left associative */
	assert_int_equal(eval_ok("64 / 4 / 2"), 8);
	assert_int_equal(eval_ok("17 % 5"), 2);
}

static void test_unary_and_literals(void **state)
{
	(void)state;
	assert_int_equal(eval_ok("~0"), UINT64_MAX);
	assert_int_equal(eval_ok("-1"), UINT64_MAX);
	assert_int_equal(eval_ok("!0 + !5"), 1);
	assert_int_equal(eval_ok("0x1F"), 31);
	assert_int_equal(eval_ok("0b101"), 5);
	assert_int_equal(eval_ok("017"), 15);
	assert_int_equal(eval_ok("0"), 0);
	assert_int_equal(eval_ok("1UL << 34"), 1ull << 34);
	assert_int_equal(eval_ok("0xd5000000ull"), 0xd5000000u);
	assert_int_equal(eval_ok("1 << 64"), 0);	/* no undefined shift */
}

static void test_length_not_nul(void **state)
{
	struct expr_error e;
	uint64_t v;

	(void)state;
	/* only the first three characters are the expression */
	assert_int_equal(expr_eval("1+2, 5", 3, &v, &e), 0);
	assert_int_equal(v, 3);
}

static void test_errors(void **state)
{
	struct expr_error e;

	(void)state;
	e = eval_fail("");
	assert_non_null(strstr(e.msg, "end of expression"));
	e = eval_fail("(1 << 2");
	assert_non_null(strstr(e.msg, "expected ')'"));
	e = eval_fail("1 2");
	assert_non_null(strstr(e.msg, "unexpected text"));
	assert_int_equal(e.col, 2);
	e = eval_fail(".L__gpr_num_x0");
	assert_non_null(strstr(e.msg, "not a constant"));
	assert_int_equal(e.col, 0);
	e = eval_fail("1 / 0");
	assert_non_null(strstr(e.msg, "division by zero"));
	e = eval_fail("08");
	assert_non_null(strstr(e.msg, "invalid digit"));
	e = eval_fail("0xg");
	assert_non_null(strstr(e.msg, "no digits"));
	e = eval_fail("12abc");
	assert_non_null(strstr(e.msg, "invalid suffix"));
	e = eval_fail("1 && 2");	/* logical operators are not bitwise */
	assert_non_null(strstr(e.msg, "unexpected text"));
}

static void test_deep_nesting_fails_cleanly(void **state)
{
	static char buf[20001];
	struct expr_error e;
	uint64_t v;

	(void)state;
	memset(buf, '(', 10000);
	buf[10000] = '1';
	memset(buf + 10001, ')', 10000);
	assert_int_equal(expr_eval(buf, 20001, &v, &e), -1);
	assert_non_null(strstr(e.msg, "nested too deeply"));
	memset(buf, '~', 10000);
	assert_int_equal(expr_eval(buf, 10001, &v, &e), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sys_reg_encoding),
		cmocka_unit_test(test_precedence),
		cmocka_unit_test(test_unary_and_literals),
		cmocka_unit_test(test_length_not_nul),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_deep_nesting_fails_cleanly),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
