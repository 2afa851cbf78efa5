// SPDX-License-Identifier: GPL-2.0
/* Unit tests for the analysis (checker/dataflow.c) on hand-built CFGs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "dataflow.h"

static const char rules_text[] =
	"register R 3 0 0 0 0\n"
	"\tfield F 0\n"
	"\tfield G 1\n"
	"register D 3 0 0 0 1\n"
	"config pin_f if defined(PIN_F)\n"
	"\tpin R.F 1\n"
	"cse isb\n"
	"rule r-f\n"
	"\tafter write R.F\n"
	"\tbefore read D\n"
	"\tneed cse\n"
	"\tcite \"c\"\n"
	"\twhy \"w\"\n"
	"rule seq\n"
	"\tafter write D\n"
	"\tbefore write R\n"
	"\tneed cse then tsb-csync\n"
	"\tcite \"c\"\n"
	"\twhy \"w\"\n";

static struct ruleset rs;
static struct tu tu;
static struct findings out;
static int reg_r, reg_d;

static struct function *fn(const char *name)
{
	struct function *f = arena_alloc(&tu.arena, sizeof(*f));

	f->name = name;
	cfg_new_block(&tu, f);		/* entry */
	cfg_new_block(&tu, f);		/* exit */
	f->built = true;
	VEC_PUSH(tu.fns, tu.nfns, tu.fns_cap, f);
	return f;
}

static struct event *add(struct function *f, int block, enum event_kind k,
			 unsigned line)
{
	struct event *e = arena_alloc(&tu.arena, sizeof(*e));

	e->kind = k;
	e->reg = -1;
	e->val.same_reg = -1;
	e->fn = f;
	e->name = "";
	e->loc = (struct srcloc){ "t.c", line, 1 };
	cfg_add_event(f, block, e);
	return e;
}

static struct event *wr(struct function *f, int block, int reg, unsigned line)
{
	struct event *e = add(f, block, EV_WRITE, line);

	e->reg = reg;
	e->name = rs.db.regs[reg].name;
	return e;
}

static struct event *rd(struct function *f, int block, int reg, unsigned line)
{
	struct event *e = add(f, block, EV_READ, line);

	e->reg = reg;
	e->name = rs.db.regs[reg].name;
	return e;
}

static struct event *call(struct function *f, int block, struct function *to,
			  unsigned line)
{
	struct event *e = add(f, block, EV_CALL, line);

	e->callee = to;
	e->name = to->name;
	return e;
}

static void analyse(void)
{
	out.n = 0;
	analyse_tu(&tu, &rs, &out);
}

static void count_rule(const char *id, int expected)
{
	int i, n = 0;

	for (i = 0; i < out.n; i++)
		n += !strcmp(out.v[i].rule->id, id);
	assert_int_equal(n, expected);
}

static int setup(void **state)
{
	char path[] = "/tmp/isbcheck-dataflow-XXXXXX";
	const char *paths[1] = { path };
	int fd = mkstemp(path), rc;
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

	(void)state;
	if (!f)
		return -1;
	fputs(rules_text, f);
	fclose(f);
	rc = rules_load(&rs, paths, 1, stderr);
	unlink(path);
	reg_r = regdb_find_name(&rs.db, "R");
	reg_d = regdb_find_name(&rs.db, "D");
	return rc;
}

static int teardown(void **state)
{
	(void)state;
	free(out.v);
	rules_free(&rs);
	return 0;
}

static int fresh(void **state)
{
	(void)state;
	tu_free(&tu);
	return 0;
}

static void test_straight_line(void **state)
{
	struct function *f = fn("f");

	(void)state;
	wr(f, BLOCK_ENTRY, reg_r, 1);
	rd(f, BLOCK_ENTRY, reg_d, 2);
	cfg_add_edge(f, BLOCK_ENTRY, BLOCK_EXIT);
	analyse();
	assert_int_equal(out.n, 1);
	assert_string_equal(out.v[0].rule->id, "r-f");
	assert_int_equal(out.v[0].write->loc.line, 1);
	assert_int_equal(out.v[0].access->loc.line, 2);
	assert_true(out.v[0].by_field);
	assert_int_equal(out.v[0].fields, 1);	/* only F, the rule's field */
	assert_null(out.v[0].trail);
}

static void test_isb_clears(void **state)
{
	struct function *f = fn("f");

	(void)state;
	wr(f, BLOCK_ENTRY, reg_r, 1);
	add(f, BLOCK_ENTRY, EV_ISB, 2);
	rd(f, BLOCK_ENTRY, reg_d, 3);
	cfg_add_edge(f, BLOCK_ENTRY, BLOCK_EXIT);
	analyse();
	assert_int_equal(out.n, 0);
}

static void test_diamond_one_branch(void **state)
{
	struct function *f = fn("f");
	int t = cfg_new_block(&tu, f), e = cfg_new_block(&tu, f);
	int join = cfg_new_block(&tu, f);

	(void)state;
	wr(f, BLOCK_ENTRY, reg_r, 1);
	cfg_add_edge(f, BLOCK_ENTRY, t);
	cfg_add_edge(f, BLOCK_ENTRY, e);
	add(f, t, EV_ISB, 2);
	cfg_add_edge(f, t, join);
	cfg_add_edge(f, e, join);
	rd(f, join, reg_d, 3);
	cfg_add_edge(f, join, BLOCK_EXIT);
	analyse();
	assert_int_equal(out.n, 1);

	/* both branches synchronize: nothing */
	tu_free(&tu);
	f = fn("g");
	t = cfg_new_block(&tu, f);
	e = cfg_new_block(&tu, f);
	join = cfg_new_block(&tu, f);
	wr(f, BLOCK_ENTRY, reg_r, 1);
	cfg_add_edge(f, BLOCK_ENTRY, t);
	cfg_add_edge(f, BLOCK_ENTRY, e);
	add(f, t, EV_ISB, 2);
	add(f, e, EV_ISB, 3);
	cfg_add_edge(f, t, join);
	cfg_add_edge(f, e, join);
	rd(f, join, reg_d, 4);
	cfg_add_edge(f, join, BLOCK_EXIT);
	analyse();
	assert_int_equal(out.n, 0);
}

static void test_loop_back_edge(void **state)
{
	struct function *f = fn("f");
	int head = cfg_new_block(&tu, f), body = cfg_new_block(&tu, f);

	(void)state;
	cfg_add_edge(f, BLOCK_ENTRY, head);
	rd(f, head, reg_d, 1);		/* reached from the write below */
	cfg_add_edge(f, head, body);
	cfg_add_edge(f, head, BLOCK_EXIT);
	wr(f, body, reg_r, 2);
	cfg_add_edge(f, body, head);
	analyse();
	assert_int_equal(out.n, 1);
	assert_int_equal(out.v[0].access->loc.line, 1);
	assert_int_equal(out.v[0].write->loc.line, 2);
}

static void test_may_isb_does_not_clear(void **state)
{
	struct function *f = fn("f");

	(void)state;
	wr(f, BLOCK_ENTRY, reg_r, 1);
	add(f, BLOCK_ENTRY, EV_ISB, 2)->may = true;
	rd(f, BLOCK_ENTRY, reg_d, 3);
	cfg_add_edge(f, BLOCK_ENTRY, BLOCK_EXIT);
	analyse();
	assert_int_equal(out.n, 1);
}

static void test_known_values(void **state)
{
	struct function *f = fn("f");
	struct event *w;

	(void)state;
	/* R = 1, synchronized; R = 1 again cannot change F */
	w = wr(f, BLOCK_ENTRY, reg_r, 1);
	w->val = (struct value){ ~0ull, 1, -1, 0 };
	add(f, BLOCK_ENTRY, EV_ISB, 2);
	w = wr(f, BLOCK_ENTRY, reg_r, 3);
	w->val = (struct value){ ~0ull, 1, -1, 0 };
	rd(f, BLOCK_ENTRY, reg_d, 4);
	/* R = 0 does change it */
	add(f, BLOCK_ENTRY, EV_ISB, 5);
	w = wr(f, BLOCK_ENTRY, reg_r, 6);
	w->val = (struct value){ ~0ull, 0, -1, 0 };
	rd(f, BLOCK_ENTRY, reg_d, 7);
	/* only G is known to change: F unknown, so it may change */
	add(f, BLOCK_ENTRY, EV_ISB, 8);
	w = wr(f, BLOCK_ENTRY, reg_r, 9);
	w->val = (struct value){ 2, 2, -1, 0 };
	rd(f, BLOCK_ENTRY, reg_d, 10);
	cfg_add_edge(f, BLOCK_ENTRY, BLOCK_EXIT);
	analyse();
	assert_int_equal(out.n, 2);
	assert_int_equal(out.v[0].access->loc.line, 7);
	assert_int_equal(out.v[1].access->loc.line, 10);
}

static void test_read_modify_write(void **state)
{
	struct function *f = fn("f");
	struct event *w;

	(void)state;
	/* R = read(R) | G: F keeps its value, so it cannot change */
	w = wr(f, BLOCK_ENTRY, reg_r, 1);
	w->val = (struct value){ 2, 2, reg_r, ~2ull };
	rd(f, BLOCK_ENTRY, reg_d, 2);
	/* the same from another register's read: F may change */
	add(f, BLOCK_ENTRY, EV_ISB, 3);
	w = wr(f, BLOCK_ENTRY, reg_r, 4);
	w->val = (struct value){ 2, 2, reg_d, ~2ull };
	rd(f, BLOCK_ENTRY, reg_d, 5);
	cfg_add_edge(f, BLOCK_ENTRY, BLOCK_EXIT);
	analyse();
	assert_int_equal(out.n, 1);
	assert_int_equal(out.v[0].access->loc.line, 5);
}

static void test_config_pin(void **state)
{
	struct function *f = fn("f");

	(void)state;
	wr(f, BLOCK_ENTRY, reg_r, 1);		/* value unknown */
	rd(f, BLOCK_ENTRY, reg_d, 2);
	cfg_add_edge(f, BLOCK_ENTRY, BLOCK_EXIT);
	VEC_PUSH(tu.macros, tu.nmacros, tu.macros_cap, "PIN_F");
	analyse();
	assert_int_equal(out.n, 0);		/* F is pinned: cannot change */
	tu.nmacros = 0;
	analyse();
	assert_int_equal(out.n, 1);
}

static void test_sequence(void **state)
{
	struct function *f = fn("f");

	(void)state;
	wr(f, BLOCK_ENTRY, reg_d, 1);
	add(f, BLOCK_ENTRY, EV_ISB, 2);
	add(f, BLOCK_ENTRY, EV_TSB_CSYNC, 3);
	wr(f, BLOCK_ENTRY, reg_r, 4);		/* in order: fine */
	wr(f, BLOCK_ENTRY, reg_d, 5);
	add(f, BLOCK_ENTRY, EV_TSB_CSYNC, 6);
	add(f, BLOCK_ENTRY, EV_ISB, 7);
	wr(f, BLOCK_ENTRY, reg_r, 8);		/* out of order */
	cfg_add_edge(f, BLOCK_ENTRY, BLOCK_EXIT);
	analyse();
	count_rule("seq", 1);
	for (int i = 0; i < out.n; i++)
		if (!strcmp(out.v[i].rule->id, "seq")) {
			assert_int_equal(out.v[i].write->loc.line, 5);
			assert_int_equal(out.v[i].access->loc.line, 8);
			assert_int_equal(out.v[i].missing, 1);	/* the tsb */
		}
}

static void test_write_in_helper(void **state)
{
	struct function *h = fn("helper"), *f = fn("caller");

	(void)state;
	wr(h, BLOCK_ENTRY, reg_r, 1);
	cfg_add_edge(h, BLOCK_ENTRY, BLOCK_EXIT);
	call(f, BLOCK_ENTRY, h, 10);
	rd(f, BLOCK_ENTRY, reg_d, 11);
	cfg_add_edge(f, BLOCK_ENTRY, BLOCK_EXIT);
	analyse();
	assert_int_equal(out.n, 1);
	assert_non_null(out.v[0].trail);
	assert_int_equal(out.v[0].trail->kind, TRAIL_RETURN);
	assert_int_equal(out.v[0].trail->call->loc.line, 10);
	assert_null(out.v[0].trail->prev);
}

static void test_access_in_helper(void **state)
{
	struct function *h = fn("helper"), *f = fn("caller");

	(void)state;
	rd(h, BLOCK_ENTRY, reg_d, 1);
	cfg_add_edge(h, BLOCK_ENTRY, BLOCK_EXIT);
	wr(f, BLOCK_ENTRY, reg_r, 10);
	call(f, BLOCK_ENTRY, h, 11);
	cfg_add_edge(f, BLOCK_ENTRY, BLOCK_EXIT);
	analyse();
	assert_int_equal(out.n, 1);
	assert_int_equal(out.v[0].access->loc.line, 1);
	assert_int_equal(out.v[0].trail->kind, TRAIL_ENTER);
	assert_int_equal(out.v[0].trail->call->loc.line, 11);
}

static void test_helper_synchronizes(void **state)
{
	struct function *h = fn("sync"), *f = fn("caller");

	(void)state;
	add(h, BLOCK_ENTRY, EV_ISB, 1);
	cfg_add_edge(h, BLOCK_ENTRY, BLOCK_EXIT);
	wr(f, BLOCK_ENTRY, reg_r, 10);
	call(f, BLOCK_ENTRY, h, 11);
	rd(f, BLOCK_ENTRY, reg_d, 12);
	cfg_add_edge(f, BLOCK_ENTRY, BLOCK_EXIT);
	analyse();
	assert_int_equal(out.n, 0);
}

static void test_noreturn_path(void **state)
{
	struct function *f = fn("f");
	int dead = cfg_new_block(&tu, f);

	(void)state;
	wr(f, BLOCK_ENTRY, reg_r, 1);		/* the block ends the path */
	rd(f, dead, reg_d, 2);			/* not reachable */
	cfg_add_edge(f, dead, BLOCK_EXIT);
	analyse();
	assert_int_equal(out.n, 0);
}

static void test_recursion_terminates(void **state)
{
	struct function *r = fn("recursive"), *f = fn("caller");
	int b = cfg_new_block(&tu, r);

	(void)state;
	cfg_add_edge(r, BLOCK_ENTRY, b);
	cfg_add_edge(r, BLOCK_ENTRY, BLOCK_EXIT);
	call(r, b, r, 1);
	rd(r, b, reg_d, 2);
	cfg_add_edge(r, b, BLOCK_EXIT);
	wr(f, BLOCK_ENTRY, reg_r, 10);
	call(f, BLOCK_ENTRY, r, 11);
	cfg_add_edge(f, BLOCK_ENTRY, BLOCK_EXIT);
	analyse();
	assert_int_equal(out.n, 1);
	assert_int_equal(out.v[0].access->loc.line, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_straight_line, fresh),
		cmocka_unit_test_teardown(test_isb_clears, fresh),
		cmocka_unit_test_teardown(test_diamond_one_branch, fresh),
		cmocka_unit_test_teardown(test_loop_back_edge, fresh),
		cmocka_unit_test_teardown(test_may_isb_does_not_clear, fresh),
		cmocka_unit_test_teardown(test_known_values, fresh),
		cmocka_unit_test_teardown(test_read_modify_write, fresh),
		cmocka_unit_test_teardown(test_config_pin, fresh),
		cmocka_unit_test_teardown(test_sequence, fresh),
		cmocka_unit_test_teardown(test_write_in_helper, fresh),
		cmocka_unit_test_teardown(test_access_in_helper, fresh),
		cmocka_unit_test_teardown(test_helper_synchronizes, fresh),
		cmocka_unit_test_teardown(test_noreturn_path, fresh),
		cmocka_unit_test_teardown(test_recursion_terminates, fresh),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
