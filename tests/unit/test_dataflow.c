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

#include "config.h"
#include "dataflow.h"

static const char rules_text[] =
	"register R 3 0 0 0 0\n"
	"\tfield F 0\n"
	"\tfield G 1\n"
	"register D 3 0 0 0 1\n"
	"register Z 3 0 0 0 2\n"
	"\tfield F 0\n"
	"register W 3 0 0 0 3\n"
	"config pin_f if defined(PIN_F)\n"
	"\tpin R.F 1\n"
	"cse isb\n"
	"\tinsn isb\n"
	"function sync_call cse\n"
	"step cse\n\tany-cse\n\tinsert \"isb();\"\n"
	"\ttext \"context synchronization event\"\n"
	"step isb\n\tinsn isb\n\tinsert \"isb();\"\n"
	"step tsb-csync\n\tinsn tsb csync\n\tinsert \"tsb_csync();\"\n"
	/* a write that may change R.F, then a read of D */
	"rule r-f\n"
	"\tafter write R.F\n"
	"\tbefore read D\n"
	"\tneed cse\n"
	"\tcite \"c\"\n"
	"\twhy \"w\"\n"
	/* a write of D, then a write of R: an isb, then a tsb csync */
	"rule seq\n"
	"\tafter write D\n"
	"\tbefore write R\n"
	"\tneed cse then tsb-csync\n"
	"\tcite \"c\"\n"
	"\twhy \"w\"\n"
	/* a write that may set Z.F to 0, then a read of W */
	"rule z-zero\n"
	"\tafter write Z.F=0\n"
	"\tbefore read W\n"
	"\tneed isb\n"
	"\tcite \"c\"\n"
	"\twhy \"w\"\n"
	/* a capability pinned, and two alternative configurations */
	"config caps if defined(CAPS)\n"
	"\tcap CAP_X 1\n"
	"config va if defined(VARIANTS)\n"
	"\tvariant grp\n"
	"\tpin R.F 1\n"
	"config vb if defined(VARIANTS)\n"
	"\tvariant grp\n"
	"\tpin R.G\n"
	/* a state rule: Z.F must be 0, written and synchronized, before W */
	"rule hold-z\n"
	"\thold Z.F=0\n"
	"\tbefore write W\n"
	"\tneed cse\n"
	"\tcite \"c\"\n"
	"\twhy \"w\"\n"
	"function ext_writes_d writes D\n"
	"\tcite \"c\"\n"
	"\twhy \"w\"\n";

static struct ruleset rs;
static struct tu tu;
static struct findings out;
static int reg_r, reg_d, reg_z, reg_w;

static struct function *fn(const char *name)
{
	struct function *f = arena_alloc(&tu.arena, sizeof(*f));

	f->name = name;
	f->loc = (struct srcloc){ "t.c", 1, 1 };
	assert_int_equal(cfg_new_block(&tu, f), BLOCK_ENTRY);
	assert_int_equal(cfg_new_block(&tu, f), BLOCK_EXIT);
	f->built = true;
	VEC_PUSH(tu.fns, tu.nfns, tu.fns_cap, f);
	return f;
}

/* expressions for the values written */
static const struct vexpr *vx(enum vx_op op, uint64_t c, int a,
			      const struct vexpr *l, const struct vexpr *r)
{
	struct vexpr *e = arena_alloc(&tu.arena, sizeof(*e));

	e->op = op;
	e->c = c;
	e->a = a;
	e->l = l;
	e->r = r;
	return e;
}

#define vconst(c)	vx(VX_CONST, (c), 0, NULL, NULL)
#define vlocal(slot)	vx(VX_LOCAL, 0, (slot), NULL, NULL)

/* a symbol fixed for the run: a pure call's result, 0 or 1 */
static const struct vexpr *vsym(const char *name)
{
	struct vexpr *e = (struct vexpr *)vx(VX_SYM, 1, 0, NULL, NULL);

	e->sym = name;
	return e;
}
#define vunknown()	vx(VX_UNKNOWN, 0, 0, NULL, NULL)
#define vread(reg)	vx(VX_READ, 0, (reg), NULL, NULL)
#define vor(l, r)	vx(VX_OR, 0, 0, (l), (r))
#define vand(l, r)	vx(VX_AND, 0, 0, (l), (r))

static struct event *add(struct function *f, int block, enum event_kind k,
			 unsigned line)
{
	struct event *e = arena_alloc(&tu.arena, sizeof(*e));

	e->kind = k;
	e->reg = -1;
	e->alt_cap = -1;
	e->fn = f;
	e->name = "";
	e->loc = (struct srcloc){ "t.c", line, 1 };
	cfg_add_event(f, block, e);
	return e;
}

/* an instruction: "isb", or "tsb csync" (mnemonic, then its operand) */
static struct event *insn(struct function *f, int block, const char *text,
			  unsigned line)
{
	struct event *e = add(f, block, EV_INSN, line);
	const char *sp = strchr(text, ' ');

	e->insn = sp ? arena_strndup(&tu.arena, text, (size_t)(sp - text)) :
		       text;
	e->name = sp ? sp + 1 : "";
	return e;
}

static struct event *wr(struct function *f, int block, int reg, unsigned line)
{
	struct event *e = add(f, block, EV_WRITE, line);

	e->reg = reg;
	e->name = rs.db.regs[reg].name;
	return e;
}

/* a write of a constant: every bit known */
static struct event *wr_const(struct function *f, int block, int reg,
			      uint64_t v, unsigned line)
{
	struct event *e = wr(f, block, reg, line);

	e->val = vconst(v);
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

/* one side of ALTERNATIVE(..., cap): an isb that only may run */
static struct event *alt_isb(struct function *f, int block, int cap,
			     int side, unsigned line)
{
	struct event *e = insn(f, block, "isb", line);

	e->may = true;
	e->alt_cap = cap;
	e->alt_side = side;
	return e;
}

/* an edge out of a block that branches on its `branch` value */
static void edge_if(struct function *f, int from, int to, bool taken)
{
	cfg_add_guarded_edge(f, from, to,
			     (struct guard){ taken ? G_TRUE : G_FALSE, 0 });
}

/* slot := v */
static struct event *assign(struct function *f, int block, int slot,
			    const struct vexpr *v, unsigned line)
{
	struct event *e = add(f, block, EV_ASSIGN, line);

	e->slot = slot;
	e->val = v;
	if (f->nslots <= slot)
		f->nslots = slot + 1;
	return e;
}

/* as the front end does once a TU's -D names are known */
static void analyse(void)
{
	out.n = 0;
	tu.configs = config_select(&rs, &tu);
	analyse_tu(&tu, &rs, &out);
}

static int count_rule(const char *id)
{
	int i, n = 0;

	for (i = 0; i < out.n; i++)
		n += !strcmp(out.v[i].rule->id, id);
	return n;
}

/* the one finding of rule id; fails unless there is exactly one */
static const struct finding *only(const char *id)
{
	const struct finding *f = NULL;
	int i;

	for (i = 0; i < out.n; i++) {
		if (strcmp(out.v[i].rule->id, id))
			continue;
		if (f)
			fail_msg("more than one finding of %s", id);
		f = &out.v[i];
	}
	if (!f)
		fail_msg("no finding of %s (%d findings)", id, out.n);
	return f;
}

static int trail_len(const struct trail *t)
{
	int n = 0;

	for (; t; t = t->prev)
		n++;
	return n;
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
	reg_z = regdb_find_name(&rs.db, "Z");
	reg_w = regdb_find_name(&rs.db, "W");
	if (rc || reg_r < 0 || reg_d < 0 || reg_z < 0 || reg_w < 0)
		return -1;
	return 0;
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
	const struct finding *x;

	(void)state;
	wr(f, BLOCK_ENTRY, reg_r, 1);
	rd(f, BLOCK_ENTRY, reg_d, 2);
	cfg_add_edge(f, BLOCK_ENTRY, BLOCK_EXIT);
	analyse();
	assert_int_equal(out.n, 1);
	x = only("r-f");
	assert_int_equal(x->write->loc.line, 1);
	assert_int_equal(x->access->loc.line, 2);
	assert_int_equal(x->write->kind, EV_WRITE);
	assert_int_equal(x->access->kind, EV_READ);
	assert_true(x->by_field);
	assert_int_equal(x->fields, 1);	/* only F, the rule's field */
	assert_int_equal(x->missing, 0);
	assert_null(x->trail);
	assert_true(out.stats.functions >= 1);
	assert_null(f->cut);
}

static void test_not_dependent(void **state)
{
	struct function *f = fn("f");

	(void)state;
	/* a read-back of R, a write of D: neither is r-f's "before" */
	wr(f, BLOCK_ENTRY, reg_r, 1);
	rd(f, BLOCK_ENTRY, reg_r, 2);
	rd(f, BLOCK_ENTRY, reg_w, 3);
	cfg_add_edge(f, BLOCK_ENTRY, BLOCK_EXIT);
	analyse();
	assert_int_equal(out.n, 0);
	/* an access before the write is not after it */
	tu_free(&tu);
	f = fn("g");
	rd(f, BLOCK_ENTRY, reg_d, 1);
	wr(f, BLOCK_ENTRY, reg_r, 2);
	cfg_add_edge(f, BLOCK_ENTRY, BLOCK_EXIT);
	analyse();
	assert_int_equal(out.n, 0);
}

static void test_isb_clears(void **state)
{
	struct function *f = fn("f");

	(void)state;
	wr(f, BLOCK_ENTRY, reg_r, 1);
	insn(f, BLOCK_ENTRY, "isb", 2);
	rd(f, BLOCK_ENTRY, reg_d, 3);
	cfg_add_edge(f, BLOCK_ENTRY, BLOCK_EXIT);
	analyse();
	assert_int_equal(out.n, 0);

	/* a dsb or dmb is not a context synchronization event */
	tu_free(&tu);
	f = fn("g");
	wr(f, BLOCK_ENTRY, reg_r, 1);
	insn(f, BLOCK_ENTRY, "dsb", 2);
	insn(f, BLOCK_ENTRY, "dmb", 3);
	rd(f, BLOCK_ENTRY, reg_d, 4);
	cfg_add_edge(f, BLOCK_ENTRY, BLOCK_EXIT);
	analyse();
	assert_int_equal(count_rule("r-f"), 1);
}

static void test_isb_in_own_block(void **state)
{
	struct function *f = fn("f");
	int mid = cfg_new_block(&tu, f), last = cfg_new_block(&tu, f);

	(void)state;
	wr(f, BLOCK_ENTRY, reg_r, 1);
	cfg_add_edge(f, BLOCK_ENTRY, mid);
	insn(f, mid, "isb", 2);
	cfg_add_edge(f, mid, last);
	rd(f, last, reg_d, 3);
	cfg_add_edge(f, last, BLOCK_EXIT);
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
	insn(f, t, "isb", 2);
	cfg_add_edge(f, t, join);
	cfg_add_edge(f, e, join);
	rd(f, join, reg_d, 3);
	cfg_add_edge(f, join, BLOCK_EXIT);
	analyse();
	assert_int_equal(out.n, 1);
	assert_int_equal(only("r-f")->access->loc.line, 3);

	/* both branches synchronize: nothing */
	tu_free(&tu);
	f = fn("g");
	t = cfg_new_block(&tu, f);
	e = cfg_new_block(&tu, f);
	join = cfg_new_block(&tu, f);
	wr(f, BLOCK_ENTRY, reg_r, 1);
	cfg_add_edge(f, BLOCK_ENTRY, t);
	cfg_add_edge(f, BLOCK_ENTRY, e);
	insn(f, t, "isb", 2);
	insn(f, e, "isb", 3);
	cfg_add_edge(f, t, join);
	cfg_add_edge(f, e, join);
	rd(f, join, reg_d, 4);
	cfg_add_edge(f, join, BLOCK_EXIT);
	analyse();
	assert_int_equal(out.n, 0);
}

static void test_diamond_write_on_one_branch(void **state)
{
	struct function *f = fn("f");
	int t = cfg_new_block(&tu, f), e = cfg_new_block(&tu, f);
	int join = cfg_new_block(&tu, f);

	(void)state;
	cfg_add_edge(f, BLOCK_ENTRY, t);
	cfg_add_edge(f, BLOCK_ENTRY, e);
	wr(f, t, reg_r, 1);
	cfg_add_edge(f, t, join);
	cfg_add_edge(f, e, join);
	rd(f, join, reg_d, 2);
	cfg_add_edge(f, join, BLOCK_EXIT);
	analyse();
	assert_int_equal(out.n, 1);
	assert_int_equal(only("r-f")->write->loc.line, 1);
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
	assert_null(f->cut);

	/* an isb at the end of the body synchronizes the back edge */
	tu_free(&tu);
	f = fn("g");
	head = cfg_new_block(&tu, f);
	body = cfg_new_block(&tu, f);
	cfg_add_edge(f, BLOCK_ENTRY, head);
	rd(f, head, reg_d, 1);
	cfg_add_edge(f, head, body);
	cfg_add_edge(f, head, BLOCK_EXIT);
	wr(f, body, reg_r, 2);
	insn(f, body, "isb", 3);
	cfg_add_edge(f, body, head);
	analyse();
	assert_int_equal(out.n, 0);
}

static void test_self_loop_terminates(void **state)
{
	struct function *f = fn("f");
	int loop = cfg_new_block(&tu, f);

	(void)state;
	cfg_add_edge(f, BLOCK_ENTRY, loop);
	rd(f, loop, reg_d, 1);
	wr(f, loop, reg_r, 2);
	wr_const(f, loop, reg_z, 0, 3);
	rd(f, loop, reg_w, 4);
	cfg_add_edge(f, loop, loop);
	cfg_add_edge(f, loop, BLOCK_EXIT);
	analyse();
	assert_int_equal(count_rule("r-f"), 1);
	assert_int_equal(count_rule("z-zero"), 1);
	assert_null(f->cut);
}

static void test_may_isb_does_not_clear(void **state)
{
	struct function *f = fn("f");

	(void)state;
	wr(f, BLOCK_ENTRY, reg_r, 1);
	insn(f, BLOCK_ENTRY, "isb", 2)->may = true;
	rd(f, BLOCK_ENTRY, reg_d, 3);
	cfg_add_edge(f, BLOCK_ENTRY, BLOCK_EXIT);
	analyse();
	assert_int_equal(out.n, 1);
	assert_int_equal(only("r-f")->access->loc.line, 3);
}

static void test_may_write_starts(void **state)
{
	struct function *f = fn("f");

	(void)state;
	/* a write inside an alternative may run: it counts */
	wr(f, BLOCK_ENTRY, reg_r, 1)->may = true;
	rd(f, BLOCK_ENTRY, reg_d, 2);
	cfg_add_edge(f, BLOCK_ENTRY, BLOCK_EXIT);
	analyse();
	assert_int_equal(count_rule("r-f"), 1);
}

static void test_alternative_sides(void **state)
{
	struct function *f = fn("f");

	(void)state;
	/* ALTERNATIVE("nop", "isb", 5) then ALTERNATIVE("isb", "nop", 5) */
	wr(f, BLOCK_ENTRY, reg_r, 1);
	alt_isb(f, BLOCK_ENTRY, 5, 2, 2);
	alt_isb(f, BLOCK_ENTRY, 5, 1, 3);
	rd(f, BLOCK_ENTRY, reg_d, 4);
	cfg_add_edge(f, BLOCK_ENTRY, BLOCK_EXIT);
	analyse();
	assert_int_equal(out.n, 0);

	/* the same side twice covers only some CPUs */
	tu_free(&tu);
	f = fn("g");
	wr(f, BLOCK_ENTRY, reg_r, 1);
	alt_isb(f, BLOCK_ENTRY, 5, 2, 2);
	alt_isb(f, BLOCK_ENTRY, 5, 2, 3);
	rd(f, BLOCK_ENTRY, reg_d, 4);
	cfg_add_edge(f, BLOCK_ENTRY, BLOCK_EXIT);
	analyse();
	assert_int_equal(count_rule("r-f"), 1);

	/* two sides of different capabilities: no guarantee */
	tu_free(&tu);
	f = fn("h");
	wr(f, BLOCK_ENTRY, reg_r, 1);
	alt_isb(f, BLOCK_ENTRY, 5, 2, 2);
	alt_isb(f, BLOCK_ENTRY, 6, 1, 3);
	rd(f, BLOCK_ENTRY, reg_d, 4);
	cfg_add_edge(f, BLOCK_ENTRY, BLOCK_EXIT);
	analyse();
	assert_int_equal(count_rule("r-f"), 1);
}

static void test_alternative_sides_write_in_helper(void **state)
{
	struct function *h = fn("load_stage2"), *f = fn("caller");

	(void)state;
	/* the write and ALTERNATIVE("nop", "isb", 5) in the helper */
	wr(h, BLOCK_ENTRY, reg_r, 1);
	alt_isb(h, BLOCK_ENTRY, 5, 2, 2);
	cfg_add_edge(h, BLOCK_ENTRY, BLOCK_EXIT);
	/* ALTERNATIVE("isb", "nop", 5) in the caller */
	call(f, BLOCK_ENTRY, h, 10);
	alt_isb(f, BLOCK_ENTRY, 5, 1, 11);
	rd(f, BLOCK_ENTRY, reg_d, 12);
	cfg_add_edge(f, BLOCK_ENTRY, BLOCK_EXIT);
	analyse();
	assert_int_equal(out.n, 0);
}

/*
 * Guards alternative sides across a summary: an obligation from the
 * caller that crosses a helper's ALTERNATIVE("nop", "isb", C) and then
 * meets the caller's ALTERNATIVE("isb", "nop", C) has seen an isb on every
 * CPU, so nothing is reported (test_alternative_sides_write_in_helper is
 * the same with the write in the helper).  It needs a summary's exit
 * steps to carry the sides seen, not only the step reached; the kernel's
 * __pkvm_prot_finalize()-style "write_sysreg(hcr_el2); __load_stage2();
 * asm(ALTERNATIVE("isb", "nop", ...)); __tlbi(...)" has this shape.
 */
static void test_alternative_sides_write_in_caller(void **state)
{
	struct function *h = fn("load_stage2"), *f = fn("caller");

	(void)state;
	alt_isb(h, BLOCK_ENTRY, 5, 2, 1);
	cfg_add_edge(h, BLOCK_ENTRY, BLOCK_EXIT);
	wr(f, BLOCK_ENTRY, reg_r, 10);
	call(f, BLOCK_ENTRY, h, 11);
	alt_isb(f, BLOCK_ENTRY, 5, 1, 12);
	rd(f, BLOCK_ENTRY, reg_d, 13);
	cfg_add_edge(f, BLOCK_ENTRY, BLOCK_EXIT);
	analyse();
	assert_int_equal(out.n, 0);
}

/* A call that runs no alternative keeps the sides the caller has seen. */
static void test_alternative_sides_across_plain_call(void **state)
{
	struct function *h = fn("plain"), *f = fn("caller");

	(void)state;
	insn(h, BLOCK_ENTRY, "dsb", 1);
	cfg_add_edge(h, BLOCK_ENTRY, BLOCK_EXIT);
	wr(f, BLOCK_ENTRY, reg_r, 10);
	alt_isb(f, BLOCK_ENTRY, 5, 2, 11);
	call(f, BLOCK_ENTRY, h, 12);
	alt_isb(f, BLOCK_ENTRY, 5, 1, 13);
	rd(f, BLOCK_ENTRY, reg_d, 14);
	cfg_add_edge(f, BLOCK_ENTRY, BLOCK_EXIT);
	analyse();
	assert_int_equal(out.n, 0);
}

static void test_known_value_unchanged(void **state)
{
	struct function *f = fn("f");

	(void)state;
	/* R = 1, synchronized; R = 1 again cannot change F */
	wr_const(f, BLOCK_ENTRY, reg_r, 1, 1);
	insn(f, BLOCK_ENTRY, "isb", 2);
	wr_const(f, BLOCK_ENTRY, reg_r, 1, 3);
	rd(f, BLOCK_ENTRY, reg_d, 4);
	/* R = 0 does change it */
	insn(f, BLOCK_ENTRY, "isb", 5);
	wr_const(f, BLOCK_ENTRY, reg_r, 0, 6);
	rd(f, BLOCK_ENTRY, reg_d, 7);
	/* only G is known: F unknown, so it may change */
	insn(f, BLOCK_ENTRY, "isb", 8);
	wr(f, BLOCK_ENTRY, reg_r, 9)->val =
		vor(vand(vunknown(), vconst(~2ull)), vconst(2));
	rd(f, BLOCK_ENTRY, reg_d, 10);
	/* a value not known at all: may change */
	insn(f, BLOCK_ENTRY, "isb", 11);
	wr(f, BLOCK_ENTRY, reg_r, 12);
	rd(f, BLOCK_ENTRY, reg_d, 13);
	cfg_add_edge(f, BLOCK_ENTRY, BLOCK_EXIT);
	analyse();
	assert_int_equal(out.n, 3);
	assert_int_equal(out.v[0].access->loc.line, 7);
	assert_int_equal(out.v[1].access->loc.line, 10);
	assert_int_equal(out.v[2].access->loc.line, 13);
	assert_int_equal(out.v[2].write->loc.line, 12);
}

static void test_known_value_differs_only_elsewhere(void **state)
{
	struct function *f = fn("f");

	(void)state;
	/* R = 1 then R = 3: G changes, F does not; the rule names F */
	wr_const(f, BLOCK_ENTRY, reg_r, 1, 1);
	insn(f, BLOCK_ENTRY, "isb", 2);
	wr_const(f, BLOCK_ENTRY, reg_r, 3, 3);
	rd(f, BLOCK_ENTRY, reg_d, 4);
	cfg_add_edge(f, BLOCK_ENTRY, BLOCK_EXIT);
	analyse();
	assert_int_equal(out.n, 0);
}

static void test_known_values_meet_at_join(void **state)
{
	struct function *f = fn("f");
	int t = cfg_new_block(&tu, f), e = cfg_new_block(&tu, f);
	int join = cfg_new_block(&tu, f);

	(void)state;
	/* R = 1 on one path, R = 0 on the other: at the join F is unknown */
	cfg_add_edge(f, BLOCK_ENTRY, t);
	cfg_add_edge(f, BLOCK_ENTRY, e);
	wr_const(f, t, reg_r, 1, 1);
	wr_const(f, e, reg_r, 0, 2);
	insn(f, t, "isb", 3);
	insn(f, e, "isb", 4);
	cfg_add_edge(f, t, join);
	cfg_add_edge(f, e, join);
	wr_const(f, join, reg_r, 1, 5);
	rd(f, join, reg_d, 6);
	cfg_add_edge(f, join, BLOCK_EXIT);
	analyse();
	assert_int_equal(out.n, 1);
	assert_int_equal(only("r-f")->write->loc.line, 5);
}

static void test_field_value_item(void **state)
{
	struct function *f = fn("f");

	(void)state;
	/* "after write Z.F=0": a write known to set F to 1 does not match */
	wr_const(f, BLOCK_ENTRY, reg_z, 1, 1);
	rd(f, BLOCK_ENTRY, reg_w, 2);
	/* one known to set it to 0 does */
	insn(f, BLOCK_ENTRY, "isb", 3);
	wr_const(f, BLOCK_ENTRY, reg_z, 0, 4);
	rd(f, BLOCK_ENTRY, reg_w, 5);
	/* and so does one of unknown value (F was 0: it may become 1 and back) */
	insn(f, BLOCK_ENTRY, "isb", 6);
	wr_const(f, BLOCK_ENTRY, reg_z, 1, 7);
	insn(f, BLOCK_ENTRY, "isb", 8);
	wr(f, BLOCK_ENTRY, reg_z, 9);
	rd(f, BLOCK_ENTRY, reg_w, 10);
	cfg_add_edge(f, BLOCK_ENTRY, BLOCK_EXIT);
	analyse();
	assert_int_equal(count_rule("z-zero"), 2);
	assert_int_equal(out.n, 2);
	assert_int_equal(out.v[0].write->loc.line, 4);
	assert_int_equal(out.v[0].access->loc.line, 5);
	assert_int_equal(out.v[1].write->loc.line, 9);
	assert_int_equal(out.v[1].access->loc.line, 10);
}

static void test_read_modify_write(void **state)
{
	struct function *f = fn("f");
	struct event *w;

	(void)state;
	/* R = read(R) | G: F keeps its value, so it cannot change */
	w = wr(f, BLOCK_ENTRY, reg_r, 1);
	w->val = vor(vread(reg_r), vconst(2));
	rd(f, BLOCK_ENTRY, reg_d, 2);
	/* the same from another register's read: F may change */
	insn(f, BLOCK_ENTRY, "isb", 3);
	w = wr(f, BLOCK_ENTRY, reg_r, 4);
	w->val = vor(vread(reg_d), vconst(2));
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
	insn(f, BLOCK_ENTRY, "isb", 3);
	wr_const(f, BLOCK_ENTRY, reg_r, 1, 4);	/* the pinned value */
	rd(f, BLOCK_ENTRY, reg_d, 5);
	cfg_add_edge(f, BLOCK_ENTRY, BLOCK_EXIT);
	/* -DPIN_F: the "pin_f" configuration pins R.F, which cannot change */
	VEC_PUSH(tu.macros, tu.nmacros, tu.macros_cap, "OTHER");
	VEC_PUSH(tu.macros, tu.nmacros, tu.macros_cap, "PIN_F");
	analyse();
	assert_int_equal(out.n, 0);
	/* without it both writes may change F (the first from unknown) */
	tu.nmacros = 1;
	analyse();
	assert_int_equal(out.n, 2);
	assert_int_equal(out.v[0].write->loc.line, 1);
	assert_int_equal(out.v[1].write->loc.line, 4);
}

static void test_sequence_in_order(void **state)
{
	struct function *f = fn("f");

	(void)state;
	wr(f, BLOCK_ENTRY, reg_d, 1);
	insn(f, BLOCK_ENTRY, "isb", 2);
	insn(f, BLOCK_ENTRY, "tsb csync", 3);
	wr(f, BLOCK_ENTRY, reg_r, 4);
	cfg_add_edge(f, BLOCK_ENTRY, BLOCK_EXIT);
	analyse();
	assert_int_equal(count_rule("seq"), 0);
}

static void test_sequence_out_of_order(void **state)
{
	struct function *f = fn("f");
	const struct finding *x;

	(void)state;
	wr(f, BLOCK_ENTRY, reg_d, 1);
	insn(f, BLOCK_ENTRY, "tsb csync", 2);
	insn(f, BLOCK_ENTRY, "isb", 3);
	wr(f, BLOCK_ENTRY, reg_r, 4);
	cfg_add_edge(f, BLOCK_ENTRY, BLOCK_EXIT);
	analyse();
	x = only("seq");
	assert_int_equal(x->write->loc.line, 1);
	assert_int_equal(x->access->loc.line, 4);
	assert_int_equal(x->missing, 1);	/* the tsb csync */
	assert_false(x->by_field);
}

static void test_sequence_nothing(void **state)
{
	struct function *f = fn("f");

	(void)state;
	wr(f, BLOCK_ENTRY, reg_d, 1);
	insn(f, BLOCK_ENTRY, "tsb csync", 2);	/* not the first step */
	wr(f, BLOCK_ENTRY, reg_r, 3);
	cfg_add_edge(f, BLOCK_ENTRY, BLOCK_EXIT);
	analyse();
	assert_int_equal(only("seq")->missing, 0);	/* the cse */
}

static void test_write_in_helper(void **state)
{
	struct function *h = fn("helper"), *f = fn("caller");
	const struct finding *x;

	(void)state;
	wr(h, BLOCK_ENTRY, reg_r, 1);
	cfg_add_edge(h, BLOCK_ENTRY, BLOCK_EXIT);
	call(f, BLOCK_ENTRY, h, 10);
	rd(f, BLOCK_ENTRY, reg_d, 11);
	cfg_add_edge(f, BLOCK_ENTRY, BLOCK_EXIT);
	analyse();
	assert_int_equal(out.n, 1);
	x = only("r-f");
	assert_int_equal(x->write->loc.line, 1);
	assert_ptr_equal(x->write->fn, h);
	assert_int_equal(x->access->loc.line, 11);
	assert_non_null(x->trail);
	assert_int_equal(x->trail->kind, TRAIL_RETURN);	/* the last element */
	assert_int_equal(x->trail->call->loc.line, 10);
	assert_null(x->trail->prev);
}

static void test_write_two_calls_down(void **state)
{
	struct function *h = fn("helper"), *m = fn("middle"), *f = fn("caller");
	const struct finding *x;

	(void)state;
	wr(h, BLOCK_ENTRY, reg_r, 1);
	cfg_add_edge(h, BLOCK_ENTRY, BLOCK_EXIT);
	call(m, BLOCK_ENTRY, h, 5);
	cfg_add_edge(m, BLOCK_ENTRY, BLOCK_EXIT);
	call(f, BLOCK_ENTRY, m, 10);
	rd(f, BLOCK_ENTRY, reg_d, 11);
	cfg_add_edge(f, BLOCK_ENTRY, BLOCK_EXIT);
	analyse();
	assert_int_equal(out.n, 1);
	x = only("r-f");
	/* newest last: the caller's call, then (prev) middle's */
	assert_int_equal(trail_len(x->trail), 2);
	assert_int_equal(x->trail->kind, TRAIL_RETURN);
	assert_int_equal(x->trail->call->loc.line, 10);
	assert_int_equal(x->trail->prev->kind, TRAIL_RETURN);
	assert_int_equal(x->trail->prev->call->loc.line, 5);
}

static void test_access_in_helper(void **state)
{
	struct function *h = fn("helper"), *f = fn("caller");
	const struct finding *x;

	(void)state;
	rd(h, BLOCK_ENTRY, reg_d, 1);
	cfg_add_edge(h, BLOCK_ENTRY, BLOCK_EXIT);
	wr(f, BLOCK_ENTRY, reg_r, 10);
	call(f, BLOCK_ENTRY, h, 11);
	cfg_add_edge(f, BLOCK_ENTRY, BLOCK_EXIT);
	analyse();
	assert_int_equal(out.n, 1);
	x = only("r-f");
	assert_int_equal(x->write->loc.line, 10);
	assert_int_equal(x->access->loc.line, 1);
	assert_ptr_equal(x->access->fn, h);
	assert_non_null(x->trail);
	assert_int_equal(x->trail->kind, TRAIL_ENTER);
	assert_int_equal(x->trail->call->loc.line, 11);
	assert_null(x->trail->prev);
}

static void test_write_in_one_helper_access_in_another(void **state)
{
	struct function *w = fn("writer"), *a = fn("reader"), *f = fn("caller");
	const struct finding *x;

	(void)state;
	wr(w, BLOCK_ENTRY, reg_r, 1);
	cfg_add_edge(w, BLOCK_ENTRY, BLOCK_EXIT);
	rd(a, BLOCK_ENTRY, reg_d, 2);
	cfg_add_edge(a, BLOCK_ENTRY, BLOCK_EXIT);
	call(f, BLOCK_ENTRY, w, 10);
	call(f, BLOCK_ENTRY, a, 11);
	cfg_add_edge(f, BLOCK_ENTRY, BLOCK_EXIT);
	analyse();
	x = only("r-f");
	/* writer returns (10), then reader is entered (11) */
	assert_int_equal(trail_len(x->trail), 2);
	assert_int_equal(x->trail->kind, TRAIL_ENTER);
	assert_int_equal(x->trail->call->loc.line, 11);
	assert_int_equal(x->trail->prev->kind, TRAIL_RETURN);
	assert_int_equal(x->trail->prev->call->loc.line, 10);
}

static void test_helper_synchronizes(void **state)
{
	struct function *h = fn("sync"), *f = fn("caller");

	(void)state;
	insn(h, BLOCK_ENTRY, "isb", 1);
	cfg_add_edge(h, BLOCK_ENTRY, BLOCK_EXIT);
	wr(f, BLOCK_ENTRY, reg_r, 10);
	call(f, BLOCK_ENTRY, h, 11);
	rd(f, BLOCK_ENTRY, reg_d, 12);
	cfg_add_edge(f, BLOCK_ENTRY, BLOCK_EXIT);
	analyse();
	assert_int_equal(out.n, 0);
}

static void test_helper_synchronizes_on_one_path(void **state)
{
	struct function *h = fn("maybe_sync"), *f = fn("caller");
	int t = cfg_new_block(&tu, h);

	(void)state;
	cfg_add_edge(h, BLOCK_ENTRY, t);
	cfg_add_edge(h, BLOCK_ENTRY, BLOCK_EXIT);
	insn(h, t, "isb", 1);
	cfg_add_edge(h, t, BLOCK_EXIT);
	wr(f, BLOCK_ENTRY, reg_r, 10);
	call(f, BLOCK_ENTRY, h, 11);
	rd(f, BLOCK_ENTRY, reg_d, 12);
	cfg_add_edge(f, BLOCK_ENTRY, BLOCK_EXIT);
	analyse();
	assert_int_equal(out.n, 1);
	assert_int_equal(only("r-f")->access->loc.line, 12);
}

static void test_calls_without_body(void **state)
{
	struct function *f = fn("f");
	struct event *c;

	(void)state;
	/* a function the rules call a CSE */
	wr(f, BLOCK_ENTRY, reg_r, 1);
	c = add(f, BLOCK_ENTRY, EV_CALL, 2);
	c->name = "sync_call";
	rd(f, BLOCK_ENTRY, reg_d, 3);
	/* an unknown function: neither writes nor synchronizes */
	wr(f, BLOCK_ENTRY, reg_r, 4);
	c = add(f, BLOCK_ENTRY, EV_CALL, 5);
	c->name = "unknown";
	rd(f, BLOCK_ENTRY, reg_d, 6);
	cfg_add_edge(f, BLOCK_ENTRY, BLOCK_EXIT);
	analyse();
	assert_int_equal(out.n, 1);
	assert_int_equal(out.v[0].write->loc.line, 4);
	assert_int_equal(out.v[0].access->loc.line, 6);
	assert_null(out.v[0].trail);
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

static void test_noreturn_branch(void **state)
{
	struct function *f = fn("f");
	int panic = cfg_new_block(&tu, f), ok = cfg_new_block(&tu, f);
	int join = cfg_new_block(&tu, f);

	(void)state;
	/* if (bad) { write; panic(); } ... access: the write never gets there */
	cfg_add_edge(f, BLOCK_ENTRY, panic);
	cfg_add_edge(f, BLOCK_ENTRY, ok);
	wr(f, panic, reg_r, 1);
	add(f, panic, EV_CALL, 2)->name = "hyp_panic";	/* no successor */
	cfg_add_edge(f, ok, join);
	rd(f, join, reg_d, 3);
	cfg_add_edge(f, join, BLOCK_EXIT);
	analyse();
	assert_int_equal(out.n, 0);
}

static void test_call_to_function_that_never_returns(void **state)
{
	struct function *h = fn("panic"), *f = fn("caller");
	int loop = cfg_new_block(&tu, h);

	(void)state;
	/* panic() spins forever: its exit is never reached */
	cfg_add_edge(h, BLOCK_ENTRY, loop);
	cfg_add_edge(h, loop, loop);
	/* nothing after the call runs: neither the access nor a new write */
	wr(f, BLOCK_ENTRY, reg_r, 10);
	call(f, BLOCK_ENTRY, h, 11);
	rd(f, BLOCK_ENTRY, reg_d, 12);
	wr(f, BLOCK_ENTRY, reg_r, 13);
	rd(f, BLOCK_ENTRY, reg_d, 14);
	cfg_add_edge(f, BLOCK_ENTRY, BLOCK_EXIT);
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
	assert_int_equal(out.v[0].trail->kind, TRAIL_ENTER);
	assert_int_equal(out.v[0].trail->call->loc.line, 11);
}

static void test_mutual_recursion_terminates(void **state)
{
	struct function *a = fn("a"), *b = fn("b");

	(void)state;
	/* a: write; call b.  b: read; call a. */
	wr(a, BLOCK_ENTRY, reg_r, 1);
	call(a, BLOCK_ENTRY, b, 2);
	cfg_add_edge(a, BLOCK_ENTRY, BLOCK_EXIT);
	rd(b, BLOCK_ENTRY, reg_d, 3);
	call(b, BLOCK_ENTRY, a, 4);
	cfg_add_edge(b, BLOCK_ENTRY, BLOCK_EXIT);
	analyse();
	assert_int_equal(out.n, 1);
	assert_int_equal(out.v[0].write->loc.line, 1);
	assert_int_equal(out.v[0].access->loc.line, 3);
	assert_int_equal(out.v[0].trail->kind, TRAIL_ENTER);
}

static void test_findings_sorted(void **state)
{
	struct function *f = fn("f"), *g = fn("g");

	(void)state;
	wr(f, BLOCK_ENTRY, reg_r, 20);
	rd(f, BLOCK_ENTRY, reg_d, 21);
	cfg_add_edge(f, BLOCK_ENTRY, BLOCK_EXIT);
	wr(g, BLOCK_ENTRY, reg_r, 10);
	rd(g, BLOCK_ENTRY, reg_d, 11);
	cfg_add_edge(g, BLOCK_ENTRY, BLOCK_EXIT);
	analyse();
	assert_int_equal(out.n, 2);
	assert_int_equal(out.v[0].access->loc.line, 11);
	assert_int_equal(out.v[1].access->loc.line, 21);
}


/*
 * A condition on a pure call tested twice takes the same side: the write
 * happens only when p() is 0, the dependent read only when it is 1, so no
 * path has both.  Without the correlation (a condition on unknown code)
 * the same shape is reported.
 */
static void test_branch_correlation(void **state)
{
	for (int pure = 1; pure >= 0; pure--) {
		struct function *f;
		int b1, w, join, r, end;

		tu_free(&tu);
		f = fn("f");
		b1 = BLOCK_ENTRY;
		w = cfg_new_block(&tu, f);
		join = cfg_new_block(&tu, f);
		r = cfg_new_block(&tu, f);
		end = cfg_new_block(&tu, f);
		f->blocks[b1].branch = pure ? vsym("call:p()") : vunknown();
		edge_if(f, b1, w, false);
		edge_if(f, b1, join, true);
		wr(f, w, reg_r, 1);
		cfg_add_edge(f, w, join);
		f->blocks[join].branch = pure ? vsym("call:p()") : vunknown();
		edge_if(f, join, r, true);
		edge_if(f, join, end, false);
		rd(f, r, reg_d, 2);
		cfg_add_edge(f, r, end);
		cfg_add_edge(f, end, BLOCK_EXIT);
		analyse();
		assert_int_equal(count_rule("r-f"), pure ? 0 : 1);
	}
	(void)state;
}

/*
 * A local holding a register's content keeps it: R := local | G, where
 * the local was read from R, cannot change F.  From a local that held
 * something else it may.
 */
static void test_local_read_modify_write(void **state)
{
	struct function *f = fn("f");

	(void)state;
	assign(f, BLOCK_ENTRY, 1, vread(reg_r), 1);
	wr(f, BLOCK_ENTRY, reg_r, 2)->val = vor(vlocal(1), vconst(2));
	rd(f, BLOCK_ENTRY, reg_d, 3);
	insn(f, BLOCK_ENTRY, "isb", 4);
	assign(f, BLOCK_ENTRY, 2, vread(reg_d), 5);
	wr(f, BLOCK_ENTRY, reg_r, 6)->val = vor(vlocal(2), vconst(2));
	rd(f, BLOCK_ENTRY, reg_d, 7);
	cfg_add_edge(f, BLOCK_ENTRY, BLOCK_EXIT);
	analyse();
	assert_int_equal(out.n, 1);
	assert_int_equal(out.v[0].write->loc.line, 6);
}

/*
 * A test of a bit of the read value tells that bit: on the side where F
 * was already 1, writing F = 1 changes nothing; on the other it does.
 */
static void test_bit_test_of_read_value(void **state)
{
	struct function *f = fn("f");
	int set = cfg_new_block(&tu, f), clear = cfg_new_block(&tu, f);

	(void)state;
	assign(f, BLOCK_ENTRY, 1, vread(reg_r), 1);
	f->blocks[BLOCK_ENTRY].branch = vand(vlocal(1), vconst(1));
	edge_if(f, BLOCK_ENTRY, set, true);
	edge_if(f, BLOCK_ENTRY, clear, false);
	wr(f, set, reg_r, 2)->val = vor(vlocal(1), vconst(1));
	rd(f, set, reg_d, 3);
	wr(f, clear, reg_r, 4)->val = vor(vlocal(1), vconst(1));
	rd(f, clear, reg_d, 5);
	cfg_add_edge(f, set, BLOCK_EXIT);
	cfg_add_edge(f, clear, BLOCK_EXIT);
	analyse();
	assert_int_equal(out.n, 1);
	assert_int_equal(out.v[0].write->loc.line, 4);
}

/*
 * A constant argument reaches a switch in the callee: only its case
 * runs, so the write of the other case is not reported.
 */
static void test_constant_argument_switch(void **state)
{
	struct function *h = fn("set"), *f = fn("caller");
	int c0 = cfg_new_block(&tu, h), c1 = cfg_new_block(&tu, h);
	struct event *c;

	(void)state;
	h->nparams = 1;
	h->nslots = 2;
	h->blocks[BLOCK_ENTRY].branch = vlocal(1);
	cfg_add_guarded_edge(h, BLOCK_ENTRY, c0, (struct guard){ G_CASE, 0 });
	cfg_add_guarded_edge(h, BLOCK_ENTRY, c1, (struct guard){ G_CASE, 1 });
	wr(h, c0, reg_r, 1);			/* case 0: R, then read D */
	wr(h, c1, reg_w, 2);			/* case 1: W, no rule */
	cfg_add_edge(h, c0, BLOCK_EXIT);
	cfg_add_edge(h, c1, BLOCK_EXIT);
	c = call(f, BLOCK_ENTRY, h, 10);
	c->nargs = 1;
	c->args = arena_alloc(&tu.arena, sizeof(*c->args));
	c->args[0] = vconst(1);
	c->slot = -1;
	rd(f, BLOCK_ENTRY, reg_d, 11);
	cfg_add_edge(f, BLOCK_ENTRY, BLOCK_EXIT);
	analyse();
	assert_int_equal(count_rule("r-f"), 0);
	/* with case 0 it is */
	c->args[0] = vconst(0);
	analyse();
	assert_int_equal(count_rule("r-f"), 1);
}

/*
 * A capability a configuration pins decides an alternative: with CAP_X
 * set the isb side runs on every CPU.  The TU says which number CAP_X
 * is (as its "#define CAP_X 5" would).
 */
static void test_capability_pin(void **state)
{
	struct function *f = fn("f");

	(void)state;
	wr(f, BLOCK_ENTRY, reg_r, 1);
	alt_isb(f, BLOCK_ENTRY, 5, 2, 2);	/* ALTERNATIVE("nop", "isb", 5) */
	rd(f, BLOCK_ENTRY, reg_d, 3);
	cfg_add_edge(f, BLOCK_ENTRY, BLOCK_EXIT);
	tu.ncapnum = rs.ncapnames;
	tu.capnum = arena_alloc(&tu.arena, sizeof(*tu.capnum) *
				(size_t)rs.ncapnames);
	tu.capnum[0] = 5;
	VEC_PUSH(tu.macros, tu.nmacros, tu.macros_cap, "CAPS");
	analyse();
	assert_int_equal(out.n, 0);
	/* pinned off (or not pinned), the isb may not run */
	tu.nmacros = 0;
	analyse();
	assert_int_equal(count_rule("r-f"), 1);
}

/*
 * Configurations of one variant group are alternatives: the TU is
 * analysed with each.  In va R.F is pinned, so writing R cannot change
 * it; in vb it may: one finding, found in one variant of the two.
 */
static void test_variants(void **state)
{
	struct function *f = fn("f");
	uint64_t va = 0, vb = 0;

	(void)state;
	wr_const(f, BLOCK_ENTRY, reg_r, 1, 1);
	rd(f, BLOCK_ENTRY, reg_d, 2);
	cfg_add_edge(f, BLOCK_ENTRY, BLOCK_EXIT);
	VEC_PUSH(tu.macros, tu.nmacros, tu.macros_cap, "VARIANTS");
	analyse();
	for (int i = 0; i < rs.nconfigs; i++) {
		if (!strcmp(rs.configs[i].name, "va"))
			va = 1ull << i;
		if (!strcmp(rs.configs[i].name, "vb"))
			vb = 1ull << i;
	}
	assert_int_equal(out.n, 1);
	assert_int_equal(out.v[0].variants, vb);
	assert_int_equal(out.v[0].all_variants, va | vb);
}

/*
 * A call through a pointer reaches every function whose address is
 * taken and whose type is the pointer's: the write in the handler is
 * seen by the caller.
 */
static void test_indirect_call(void **state)
{
	struct function *h = fn("handler"), *other = fn("other");
	struct function *f = fn("dispatch");
	struct event *c;

	(void)state;
	h->address_taken = true;
	h->type = "void (void)";
	other->address_taken = true;
	other->type = "int (int)";		/* another type: not reached */
	wr(h, BLOCK_ENTRY, reg_r, 1);
	cfg_add_edge(h, BLOCK_ENTRY, BLOCK_EXIT);
	wr(other, BLOCK_ENTRY, reg_z, 2);
	cfg_add_edge(other, BLOCK_ENTRY, BLOCK_EXIT);
	c = add(f, BLOCK_ENTRY, EV_CALL, 10);
	c->name = "(indirect call)";
	c->fntype = "void (void)";
	c->slot = -1;
	rd(f, BLOCK_ENTRY, reg_d, 11);
	rd(f, BLOCK_ENTRY, reg_w, 12);
	cfg_add_edge(f, BLOCK_ENTRY, BLOCK_EXIT);
	analyse();
	assert_int_equal(count_rule("r-f"), 1);
	assert_int_equal(only("r-f")->access->loc.line, 11);
	assert_int_equal(count_rule("z-zero"), 0);
}

/*
 * Unknown code on one path forgets registers on that path only; a call
 * the rules describe ("writes D") forgets D only; a pure call nothing.
 */
static void test_unknown_code_per_path(void **state)
{
	struct function *f = fn("f");
	int t = cfg_new_block(&tu, f), e = cfg_new_block(&tu, f);
	struct event *c;

	(void)state;
	wr_const(f, BLOCK_ENTRY, reg_r, 1, 1);
	insn(f, BLOCK_ENTRY, "isb", 2);
	f->blocks[BLOCK_ENTRY].branch = vsym("call:q()");
	edge_if(f, BLOCK_ENTRY, t, true);
	edge_if(f, BLOCK_ENTRY, e, false);
	c = add(f, t, EV_CALL, 3);		/* unknown code */
	c->name = "ext";
	c->slot = -1;
	wr_const(f, t, reg_r, 1, 4);		/* may change: R forgotten */
	rd(f, t, reg_d, 5);
	c = add(f, e, EV_CALL, 6);		/* writes D only */
	c->name = "ext_writes_d";
	c->slot = -1;
	c = add(f, e, EV_CALL, 7);		/* pure: no effect */
	c->name = "p";
	c->val = vsym("call:p()");
	c->slot = -1;
	wr_const(f, e, reg_r, 1, 8);		/* R still known 1 */
	rd(f, e, reg_d, 9);
	cfg_add_edge(f, t, BLOCK_EXIT);
	cfg_add_edge(f, e, BLOCK_EXIT);
	analyse();
	assert_int_equal(out.n, 1);
	assert_int_equal(out.v[0].write->loc.line, 4);
}

/*
 * A symbol is fixed for the run: what the callee learned of it and what
 * the caller knows combine, and a callee exit that contradicts the
 * caller cannot follow.  The callee writes R only when p() is 1; the
 * caller calls it knowing p() is 0.
 */
/* ---- state rules ("hold Z.F=0 before write W") ---- */

/* a load of memory: the symbol value.c names it by, every bit its own */
static const struct vexpr *vmem(const char *name)
{
	struct vexpr *e = (struct vexpr *)vsym(name);

	e->c = ~0ull;
	return e;
}

static struct event *store(struct function *f, int block, const char *mem,
			   const struct vexpr *v, unsigned line)
{
	struct event *e = add(f, block, EV_STORE, line);

	e->name = mem;
	e->val = v;
	return e;
}

/* Nothing read Z: its state is unknown, and unknown is not reported. */
static void test_state_unknown_is_silent(void **state)
{
	struct function *f = fn("f");

	(void)state;
	wr(f, BLOCK_ENTRY, reg_w, 2);
	cfg_add_edge(f, BLOCK_ENTRY, BLOCK_EXIT);
	analyse();
	assert_int_equal(count_rule("hold-z"), 0);
}

/*
 * Z read and its F bit tested: where F is 1 the write of W is a finding
 * whose origin is the read; where it is 0, none.
 */
static void test_state_read_and_tested(void **state)
{
	struct function *f = fn("f");
	int set = cfg_new_block(&tu, f), clear = cfg_new_block(&tu, f);

	(void)state;
	rd(f, BLOCK_ENTRY, reg_z, 1);
	assign(f, BLOCK_ENTRY, 1, vread(reg_z), 1);
	f->blocks[BLOCK_ENTRY].branch = vand(vlocal(1), vconst(1));
	edge_if(f, BLOCK_ENTRY, set, true);
	edge_if(f, BLOCK_ENTRY, clear, false);
	wr(f, set, reg_w, 3);
	wr(f, clear, reg_w, 4);
	cfg_add_edge(f, set, BLOCK_EXIT);
	cfg_add_edge(f, clear, BLOCK_EXIT);
	analyse();
	assert_int_equal(count_rule("hold-z"), 1);
	assert_int_equal(out.v[0].access->loc.line, 3);
	assert_int_equal(out.v[0].write->loc.line, 1);
	assert_int_equal(out.v[0].write->kind, EV_READ);
}

/* Read and never tested: not known to be 1, so not reported. */
static void test_state_read_untested(void **state)
{
	struct function *f = fn("f");

	(void)state;
	rd(f, BLOCK_ENTRY, reg_z, 1);
	wr(f, BLOCK_ENTRY, reg_w, 2);
	cfg_add_edge(f, BLOCK_ENTRY, BLOCK_EXIT);
	analyse();
	assert_int_equal(count_rule("hold-z"), 0);
}

/*
 * Tested 1, then Z written 0: reported only where the write is not
 * synchronized before W.
 */
static void test_state_written_then_synchronized(void **state)
{
	struct function *f = fn("f"), *g = fn("g");

	(void)state;
	rd(f, BLOCK_ENTRY, reg_z, 1);
	assign(f, BLOCK_ENTRY, 1, vread(reg_z), 1);
	f->blocks[BLOCK_ENTRY].branch = vand(vlocal(1), vconst(1));
	{
		int set = cfg_new_block(&tu, f);

		edge_if(f, BLOCK_ENTRY, set, true);
		edge_if(f, BLOCK_ENTRY, BLOCK_EXIT, false);
		wr_const(f, set, reg_z, 0, 2);
		insn(f, set, "isb", 3);
		wr(f, set, reg_w, 4);
		cfg_add_edge(f, set, BLOCK_EXIT);
	}
	rd(g, BLOCK_ENTRY, reg_z, 11);
	assign(g, BLOCK_ENTRY, 1, vread(reg_z), 11);
	g->blocks[BLOCK_ENTRY].branch = vand(vlocal(1), vconst(1));
	{
		int set = cfg_new_block(&tu, g);

		edge_if(g, BLOCK_ENTRY, set, true);
		edge_if(g, BLOCK_ENTRY, BLOCK_EXIT, false);
		wr_const(g, set, reg_z, 0, 12);
		wr(g, set, reg_w, 13);
		cfg_add_edge(g, set, BLOCK_EXIT);
	}
	analyse();
	assert_int_equal(count_rule("hold-z"), 1);
	assert_int_equal(out.v[0].access->loc.line, 13);
	assert_int_equal(out.v[0].write->loc.line, 12);
}

/* A write that may leave F at 1 is the origin, whatever was known. */
static void test_state_write_may_differ(void **state)
{
	struct function *f = fn("f");

	(void)state;
	wr(f, BLOCK_ENTRY, reg_z, 1);		/* value unknown */
	insn(f, BLOCK_ENTRY, "isb", 2);
	wr(f, BLOCK_ENTRY, reg_w, 3);
	cfg_add_edge(f, BLOCK_ENTRY, BLOCK_EXIT);
	analyse();
	assert_int_equal(count_rule("hold-z"), 1);
	assert_int_equal(out.v[0].write->loc.line, 1);
}

/*
 * The read value stored to memory and the bit tested on a load of it:
 * the store forwards the value, so the test tells F on each branch; a
 * store in between (another value) breaks the link.
 */
static void test_state_through_memory(void **state)
{
	struct function *f = fn("f"), *g = fn("g");
	int set, clear;

	(void)state;
	rd(f, BLOCK_ENTRY, reg_z, 1);
	store(f, BLOCK_ENTRY, "mem:f:saved", vread(reg_z), 1);
	f->blocks[BLOCK_ENTRY].branch = vand(vmem("mem:f:saved"), vconst(1));
	set = cfg_new_block(&tu, f);
	clear = cfg_new_block(&tu, f);
	edge_if(f, BLOCK_ENTRY, set, true);
	edge_if(f, BLOCK_ENTRY, clear, false);
	wr_const(f, set, reg_z, 0, 2);
	insn(f, set, "isb", 3);
	cfg_add_edge(f, set, clear);
	wr(f, clear, reg_w, 4);
	cfg_add_edge(f, clear, BLOCK_EXIT);

	/* the same with the disable's isb missing: one finding */
	rd(g, BLOCK_ENTRY, reg_z, 11);
	store(g, BLOCK_ENTRY, "mem:g:saved", vread(reg_z), 11);
	g->blocks[BLOCK_ENTRY].branch = vand(vmem("mem:g:saved"), vconst(1));
	set = cfg_new_block(&tu, g);
	clear = cfg_new_block(&tu, g);
	edge_if(g, BLOCK_ENTRY, set, true);
	edge_if(g, BLOCK_ENTRY, clear, false);
	wr_const(g, set, reg_z, 0, 12);
	cfg_add_edge(g, set, clear);
	wr(g, clear, reg_w, 14);
	cfg_add_edge(g, clear, BLOCK_EXIT);
	analyse();
	assert_int_equal(count_rule("hold-z"), 1);
	assert_int_equal(out.v[0].access->loc.line, 14);
	assert_int_equal(out.v[0].write->loc.line, 12);
}

static void test_symbols_across_calls(void **state)
{
	struct function *h = fn("maybe_write"), *f = fn("caller");
	int w = cfg_new_block(&tu, h), t = cfg_new_block(&tu, f);
	int e = cfg_new_block(&tu, f);

	(void)state;
	h->blocks[BLOCK_ENTRY].branch = vsym("call:p()");
	edge_if(h, BLOCK_ENTRY, w, true);
	edge_if(h, BLOCK_ENTRY, BLOCK_EXIT, false);
	wr(h, w, reg_r, 1);
	cfg_add_edge(h, w, BLOCK_EXIT);
	f->blocks[BLOCK_ENTRY].branch = vsym("call:p()");
	edge_if(f, BLOCK_ENTRY, t, false);
	edge_if(f, BLOCK_ENTRY, e, true);
	call(f, t, h, 10)->slot = -1;
	rd(f, t, reg_d, 11);
	cfg_add_edge(f, t, BLOCK_EXIT);
	cfg_add_edge(f, e, BLOCK_EXIT);
	analyse();
	assert_int_equal(out.n, 0);
}

/*
 * A call whose exits return 1 with a write pending or 0 with none, made
 * on five paths that know different things (three pure calls each): ten
 * partitions.  Past the bound, the cheapest merge would join one path's
 * two exits, and the read on the side that returned 0 would get the
 * write.  Partitions on different sides of the branch right after the
 * call are not merged.  The twin leaves the write pending on the side
 * that reads.
 */
static void build_exits_apart(bool write_on_zero)
{
	static const char *const names[15] = {
		"call:a1()", "call:a2()", "call:a3()", "call:b1()", "call:b2()",
		"call:b3()", "call:c1()", "call:c2()", "call:c3()", "call:d1()",
		"call:d2()", "call:d3()", "call:e1()", "call:e2()", "call:e3()",
	};
	struct function *h = fn("handle"), *f = fn("run");
	int one = cfg_new_block(&tu, h), zero = cfg_new_block(&tu, h);
	int c = cfg_new_block(&tu, f), t = cfg_new_block(&tu, f);
	int e = cfg_new_block(&tu, f);
	struct event *ev;

	/* handle(): returns 1 or 0, the write R on one side */
	h->nslots = 1;
	h->blocks[BLOCK_ENTRY].branch = vunknown();
	edge_if(h, BLOCK_ENTRY, one, true);
	edge_if(h, BLOCK_ENTRY, zero, false);
	wr(h, write_on_zero ? zero : one, reg_r, 1);
	assign(h, one, SLOT_RETURN, vconst(1), 2);
	assign(h, zero, SLOT_RETURN, vconst(0), 3);
	cfg_add_edge(h, one, BLOCK_EXIT);
	cfg_add_edge(h, zero, BLOCK_EXIT);

	/* run(): five paths, each learning three symbols, then the call */
	f->nslots = 2;
	f->blocks[BLOCK_ENTRY].branch = vlocal(1);
	for (int i = 0; i < 5; i++) {
		int b = cfg_new_block(&tu, f);
		const struct vexpr *v = vsym(names[3 * i]);

		cfg_add_guarded_edge(f, BLOCK_ENTRY, b,
				     (struct guard){ G_CASE, (uint64_t)i });
		for (int k = 1; k < 3; k++)
			v = vx(VX_LAND, 0, 0, v, vsym(names[3 * i + k]));
		f->blocks[b].branch = v;
		edge_if(f, b, c, true);
	}
	ev = call(f, c, h, 10);
	ev->slot = 1;
	f->blocks[c].branch = vlocal(1);
	edge_if(f, c, t, true);
	edge_if(f, c, e, false);
	insn(f, t, "isb", 11);
	rd(f, t, reg_d, 12);
	rd(f, e, reg_d, 13);
	cfg_add_edge(f, t, BLOCK_EXIT);
	cfg_add_edge(f, e, BLOCK_EXIT);
	analyse();
}

static void test_exits_apart_at_branch(void **state)
{
	(void)state;
	build_exits_apart(false);
	assert_int_equal(count_rule("r-f"), 0);
	assert_true(out.stats.merged == 0);
}

static void test_exits_apart_at_branch_twin(void **state)
{
	(void)state;
	build_exits_apart(true);
	assert_int_equal(count_rule("r-f"), 1);
	assert_int_equal(only("r-f")->access->loc.line, 13);
}

#define T(f) cmocka_unit_test_teardown(f, fresh)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_straight_line),
		T(test_not_dependent),
		T(test_isb_clears),
		T(test_isb_in_own_block),
		T(test_diamond_one_branch),
		T(test_diamond_write_on_one_branch),
		T(test_loop_back_edge),
		T(test_self_loop_terminates),
		T(test_may_isb_does_not_clear),
		T(test_may_write_starts),
		T(test_alternative_sides),
		T(test_alternative_sides_write_in_helper),
		T(test_alternative_sides_write_in_caller),
		T(test_alternative_sides_across_plain_call),
		T(test_known_value_unchanged),
		T(test_known_value_differs_only_elsewhere),
		T(test_known_values_meet_at_join),
		T(test_field_value_item),
		T(test_read_modify_write),
		T(test_config_pin),
		T(test_sequence_in_order),
		T(test_sequence_out_of_order),
		T(test_sequence_nothing),
		T(test_write_in_helper),
		T(test_write_two_calls_down),
		T(test_access_in_helper),
		T(test_write_in_one_helper_access_in_another),
		T(test_helper_synchronizes),
		T(test_helper_synchronizes_on_one_path),
		T(test_calls_without_body),
		T(test_noreturn_path),
		T(test_noreturn_branch),
		T(test_call_to_function_that_never_returns),
		T(test_recursion_terminates),
		T(test_mutual_recursion_terminates),
		T(test_findings_sorted),
		T(test_branch_correlation),
		T(test_local_read_modify_write),
		T(test_bit_test_of_read_value),
		T(test_constant_argument_switch),
		T(test_capability_pin),
		T(test_variants),
		T(test_indirect_call),
		T(test_unknown_code_per_path),
		T(test_symbols_across_calls),
		T(test_exits_apart_at_branch),
		T(test_exits_apart_at_branch_twin),
		T(test_state_unknown_is_silent),
		T(test_state_read_and_tested),
		T(test_state_read_untested),
		T(test_state_written_then_synchronized),
		T(test_state_write_may_differ),
		T(test_state_through_memory),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
