// SPDX-License-Identifier: GPL-2.0
#include "dataflow.h"
#include "config.h"
#include "hashidx.h"

#include <stdlib.h>
#include <string.h>

struct token {
	int rule, clause, step;		/* no limit on the rule count */
	int entry_step;			/* -1: created here or imported */
	const struct event *origin;	/* NULL: obligation from the caller */
	const struct trail *trail;
	uint64_t fields;
	bool by_field;
	/*
	 * Sides of one capability's alternatives that carried the next step:
	 * with both, every CPU has run it (e.g. ALTERNATIVE("nop", "isb", C)
	 * in a helper and ALTERNATIVE("isb", "nop", C) in its caller).
	 */
	int alt_cap;
	unsigned alt_sides;
	bool several;			/* origin stands for other writes too */
};

struct known {
	int reg;
	struct value v;
};

struct state {
	bool reached;
	struct token *t;
	int nt, tcap;
	struct known *k;
	int nk, kcap;
};

struct fire {
	const struct event *access;
	const struct trail *trail;
};

struct effect {
	uint32_t exit_steps;		/* steps an entering token leaves at */
	/* at each of those, the alternative sides seen for that step */
	int exit_cap[MAX_STEPS];
	unsigned exit_sides[MAX_STEPS];
	struct fire *fires;
	int nfires, fires_cap;
};

struct summary {
	bool busy, returns, writes_unknown;
	struct effect *eff;		/* per token kind */
	struct token *exits;		/* obligations left pending */
	int nexits, exits_cap;
	bool *writes;			/* registers possibly written */
	struct hashidx fire_index;	/* (effect, access) -> fire */
	const bool *rule_on;		/* in the callee's own configuration */
};

struct env {
	const struct ruleset *rs;
	struct tu *tu;
	int nregs;
	struct config_view view;	/* the TU's configurations */
	bool *rule_on;
	bool *cse_on;			/* per rs->cses */
	int *kind_base;
	int nkinds;
	struct findings *out;
	int first_finding;
	struct hashidx seen;		/* (rule, write, access) -> finding */
	struct summary **all;
	int nall, all_cap;
	struct env *units;		/* every TU's env, by function->unit */
};

/* ---- configuration ---- */

/* 1 true, 0 false, -1 unknown under the TU's pins */
static int cond_eval(const struct env *env, const struct field_cond *c)
{
	return config_cond(&env->view, c);
}

static void env_init(struct env *env, struct tu *tu, const struct ruleset *rs,
		     struct findings *out)
{
	int i, base = 0;

	memset(env, 0, sizeof(*env));
	env->rs = rs;
	env->tu = tu;
	env->out = out;
	env->first_finding = out->n;
	env->nregs = rs->db.nregs;
	config_view_init(&env->view, rs, tu->configs);
	env->rule_on = xcalloc((size_t)rs->nrules + 1, sizeof(bool));
	env->kind_base = xcalloc((size_t)rs->nrules + 1, sizeof(int));
	env->cse_on = xcalloc((size_t)rs->ncses + 1, sizeof(bool));

	for (i = 0; i < rs->nrules; i++) {
		env->rule_on[i] = cond_eval(env, &rs->rules[i].when) != 0;
		env->kind_base[i] = base;
		base += rs->rules[i].nclauses * rs->rules[i].nneed;
	}
	env->nkinds = base;
	for (i = 0; i < rs->ncses; i++)
		env->cse_on[i] = cond_eval(env, &rs->cses[i].when) == 1;
}

static int kind_of(const struct env *env, int rule, int clause, int step)
{
	return env->kind_base[rule] + clause * env->rs->rules[rule].nneed +
	       step;
}

/* ---- trails ---- */

static const struct trail *trail_add(struct env *env, const struct trail *prev,
				     enum trail_kind kind,
				     const struct event *call)
{
	struct trail *t = arena_alloc(&env->tu->arena, sizeof(*t));

	t->kind = kind;
	t->call = call;
	t->prev = prev;
	return t;
}

/* a, then everything in b */
static const struct trail *trail_concat(struct env *env, const struct trail *a,
					const struct trail *b)
{
	if (!b)
		return a;
	return trail_add(env, trail_concat(env, a, b->prev), b->kind, b->call);
}

/* ---- register values ---- */

static struct value known_value(const struct env *env, const struct state *s,
				int reg)
{
	int i;

	for (i = 0; i < s->nk; i++)
		if (s->k[i].reg == reg)
			return s->k[i].v;
	return (struct value){ env->view.pin_known[reg],
			       env->view.pin_bits[reg], -1, 0 };
}

static struct value meet(struct value a, struct value b)
{
	struct value v;

	v.known = a.known & b.known & ~(a.bits ^ b.bits);
	v.bits = a.bits & v.known;
	v.same_reg = -1;
	v.same = 0;
	return v;
}

static void set_known(struct state *s, int reg, struct value v)
{
	struct known k = { reg, v };
	int i;

	for (i = 0; i < s->nk; i++)
		if (s->k[i].reg == reg) {
			s->k[i].v = v;
			return;
		}
	VEC_PUSH(s->k, s->nk, s->kcap, k);
}

/* Bits of reg that a write of ev may change, given what is known. */
static uint64_t changed_bits(const struct env *env, const struct state *s,
			     const struct event *ev)
{
	struct value prior = known_value(env, s, ev->reg);
	uint64_t same = prior.known & ev->val.known &
			~(prior.bits ^ ev->val.bits);

	/* a read-modify-write of this register keeps the bits it keeps */
	if (ev->val.same_reg == ev->reg)
		same |= ev->val.same;
	return ~same & ~env->view.pin_const[ev->reg];
}

static bool field_exists(const struct env *env, const struct field *f)
{
	return cond_eval(env, &f->when) != 0;
}

static bool insn_matches(const struct pattern *p, const struct event *ev)
{
	return ev->kind == EV_INSN && glob_match(p->insn, ev->insn) &&
	       (!p->operand || glob_match(p->operand, ev->name));
}

static bool any_insn_matches(const struct pattern *v, int n,
			     const struct event *ev)
{
	for (int i = 0; i < n; i++)
		if (insn_matches(&v[i], ev))
			return true;
	return false;
}

/*
 * Does ev match pattern p?  For writes, *fields gets the bits that make
 * it match (the field's, if one is named).
 */
static bool pattern_matches(const struct env *env, const struct state *s,
			    const struct pattern *p, const struct event *ev,
			    uint64_t *fields)
{
	uint64_t changed;
	const struct field *f;

	*fields = 0;
	if (cond_eval(env, &p->when) == 0)
		return false;
	switch (p->kind) {
	case PAT_WRITE:
		if (ev->kind != EV_WRITE || ev->reg != p->reg)
			return false;
		changed = changed_bits(env, s, ev);
		if (p->field < 0) {
			*fields = changed;
			return true;
		}
		f = &env->rs->db.regs[p->reg].fields[p->field];
		if (!(changed & f->mask) || !field_exists(env, f))
			return false;
		if (p->has_value && (ev->val.known & f->mask) == f->mask &&
		    ((ev->val.bits & f->mask) >> f->lo) != p->value)
			return false;
		*fields = changed & f->mask;
		return true;
	case PAT_READ:
		return ev->kind == EV_READ && ev->reg == p->reg;
	case PAT_ACCESS:
		return (ev->kind == EV_READ || ev->kind == EV_WRITE) &&
		       ev->reg == p->reg;
	case PAT_INSN:
		return insn_matches(p, ev);
	case PAT_CALL:
		return ev->kind == EV_CALL && ev->name &&
		       !strcmp(p->callee, ev->name);
	}
	return false;
}

static bool is_cse(const struct env *env, const struct event *ev)
{
	const struct fn_attr *a;

	if (ev->kind == EV_CALL) {
		a = ev->name ? rules_find_fn(env->rs, ev->name) : NULL;
		return a && a->cse;
	}
	if (ev->kind != EV_INSN)
		return false;
	for (int i = 0; i < env->rs->ncses; i++)
		if (env->cse_on[i] &&
		    any_insn_matches(env->rs->cses[i].insns,
				     env->rs->cses[i].ninsns, ev))
			return true;
	return false;
}

static bool step_matches(const struct env *env, int step,
			 const struct event *ev)
{
	const struct step_def *st = &env->rs->steps[step];

	if (st->any_cse)
		return is_cse(env, ev);
	return any_insn_matches(st->insns, st->ninsns, ev);
}

/* ---- token sets ---- */

/*
 * Tokens of one rule clause at one step are one obligation, whichever
 * write started it: the first write to arrive stands for the others in
 * the report.  This bounds a state to two tokens per kind (from the
 * caller, or started here), so work is linear in the size of a function
 * however many writes are pending on its paths.
 */
static bool same_token(const struct token *a, const struct token *b)
{
	return a->rule == b->rule && a->clause == b->clause &&
	       a->step == b->step && a->entry_step == b->entry_step &&
	       !a->origin == !b->origin;
}

/* Adds t (or merges its fields); returns true if the set grew. */
static bool add_token(struct state *s, const struct token *t)
{
	int i;

	for (i = 0; i < s->nt; i++) {
		struct token *o = &s->t[i];

		if (!same_token(o, t))
			continue;
		unsigned sides = o->alt_cap == t->alt_cap ?
				 o->alt_sides & t->alt_sides : 0;

		bool several = o->several || t->several ||
			       o->origin != t->origin;

		if ((o->fields | t->fields) == o->fields &&
		    (o->by_field && t->by_field) == o->by_field &&
		    sides == o->alt_sides && several == o->several)
			return false;
		o->several = several;
		if (sides != o->alt_sides) {
			/* t's path is the one still pending: name its write */
			o->origin = t->origin;
			o->trail = t->trail;
		}
		o->fields |= t->fields;
		o->by_field = o->by_field && t->by_field;
		o->alt_sides = sides;	/* only what every path has seen */
		return true;
	}
	VEC_PUSH(s->t, s->nt, s->tcap, *t);
	return true;
}

static void state_copy(struct state *dst, const struct state *src)
{
	dst->reached = src->reached;
	dst->nt = dst->nk = 0;
	for (int i = 0; i < src->nt; i++)
		VEC_PUSH(dst->t, dst->nt, dst->tcap, src->t[i]);
	for (int i = 0; i < src->nk; i++)
		VEC_PUSH(dst->k, dst->nk, dst->kcap, src->k[i]);
}

static void state_free(struct state *s)
{
	free(s->t);
	free(s->k);
}

/* dst := dst join src; returns true if dst changed */
static bool state_join(const struct env *env, struct state *dst,
		       const struct state *src)
{
	bool changed = false;
	int i;

	if (!src->reached)
		return false;
	if (!dst->reached) {
		state_copy(dst, src);
		return true;
	}
	for (i = 0; i < src->nt; i++)
		changed |= add_token(dst, &src->t[i]);
	for (i = 0; i < dst->nk; i++) {
		struct value a = dst->k[i].v;
		struct value m = meet(a, known_value(env, src, dst->k[i].reg));

		if (m.known != a.known || m.bits != a.bits) {
			dst->k[i].v = m;
			changed = true;
		}
	}
	for (i = 0; i < src->nk; i++) {
		int reg = src->k[i].reg, j;
		struct value pin = { env->view.pin_known[reg], env->view.pin_bits[reg], -1, 0 };

		for (j = 0; j < dst->nk; j++)
			if (dst->k[j].reg == reg)
				break;
		if (j == dst->nk) {
			struct value m = meet(pin, src->k[i].v);

			/* dst had the pinned value: only pins survive */
			set_known(dst, reg, m);
		}
	}
	return changed;
}

/* ---- findings and fires ---- */

struct ctx {
	struct env *env;
	struct function *fn;
	struct summary *sum;
};

struct finding_key {
	const struct findings *set;
	const struct finding *f;
};

static bool same_finding(int i, void *ctx)
{
	const struct finding_key *k = ctx;
	const struct finding *a = &k->set->v[i], *b = k->f;

	return a->rule == b->rule && a->write == b->write &&
	       a->access == b->access;
}

static void record_finding(struct ctx *cx, const struct token *t,
			   const struct event *access,
			   const struct trail *trail)
{
	struct findings *out = cx->env->out;
	const struct rule *rule = &cx->env->rs->rules[t->rule];
	struct finding f;
	struct finding_key key = { out, &f };
	uint64_t h;
	int i;

	f.rule = rule;
	f.write = t->origin;
	f.access = access;
	h = hash_bytes(&f.rule, sizeof(f.rule), HASH_SEED);
	h = hash_bytes(&f.write, sizeof(f.write), h);
	h = hash_bytes(&f.access, sizeof(f.access), h);
	i = hashidx_find(&cx->env->seen, h, same_finding, &key);
	if (i >= 0) {
		out->v[i].fields |= t->fields;
		out->v[i].several |= t->several;
		return;
	}
	hashidx_add(&cx->env->seen, h, out->n);
	f.trail = trail;
	f.fields = t->fields;
	f.by_field = t->by_field;
	f.missing = t->step;
	f.several = t->several;
	VEC_PUSH(out->v, out->n, out->cap, f);
}

struct fire_key {
	const struct effect *e;
	const struct event *access;
};

static bool same_fire(int i, void *ctx)
{
	const struct fire_key *k = ctx;

	return k->e->fires[i].access == k->access;
}

/* t met access; inner is the trail inside a callee (ENTER first). */
static void fire(struct ctx *cx, const struct token *t,
		 const struct event *access, const struct trail *inner)
{
	const struct trail *trail = trail_concat(cx->env, t->trail, inner);

	if (t->origin) {
		record_finding(cx, t, access, trail);
	} else {
		struct effect *e = &cx->sum->eff[kind_of(cx->env, t->rule,
					t->clause, t->entry_step)];
		struct fire f = { access, trail };
		struct fire_key key = { e, access };
		uint64_t h = hash_bytes(&e, sizeof(e), HASH_SEED);

		h = hash_bytes(&access, sizeof(access), h);
		if (hashidx_find(&cx->sum->fire_index, h, same_fire, &key) >= 0)
			return;
		hashidx_add(&cx->sum->fire_index, h, e->nfires);
		VEC_PUSH(e->fires, e->nfires, e->fires_cap, f);
	}
}

/* ---- transfer ---- */

static struct summary *summarise(struct env *env, struct function *fn);

static void check_before(struct ctx *cx, struct state *s,
			 const struct event *ev)
{
	const struct ruleset *rs = cx->env->rs;
	int i, j;

	for (i = 0; i < s->nt; i++) {
		const struct token *t = &s->t[i];
		const struct clause *c = &rs->rules[t->rule].clauses[t->clause];
		uint64_t fields;

		for (j = 0; j < c->nbefore; j++)
			if (pattern_matches(cx->env, s, &c->before[j], ev, &fields)) {
				fire(cx, t, ev, NULL);
				break;
			}
	}
}

static void advance_steps(struct ctx *cx, struct state *s,
			  const struct event *ev)
{
	const struct ruleset *rs = cx->env->rs;
	struct state out = { .reached = true };
	int i;

	for (i = 0; i < s->nt; i++)
		if (step_matches(cx->env, rs->rules[s->t[i].rule].need[s->t[i].step],
				 ev))
			break;
	if (i == s->nt)
		return;
	for (i = 0; i < s->nt; i++) {
		struct token t = s->t[i];
		const struct rule *r = &rs->rules[t.rule];

		if (!step_matches(cx->env, r->need[t.step], ev)) {
			add_token(&out, &t);
			continue;
		}
		if (ev->may && ev->alt_cap >= 0 && ev->alt_side &&
		    (!t.alt_sides || t.alt_cap == ev->alt_cap)) {
			t.alt_cap = ev->alt_cap;
			t.alt_sides |= (unsigned)ev->alt_side;
		}
		if (ev->may && t.alt_sides != 3)
			add_token(&out, &t);	/* a may-event may not run */
		t.step++;
		t.alt_sides = 0;
		t.alt_cap = 0;
		if (t.step < r->nneed)
			add_token(&out, &t);
	}
	free(s->t);
	s->t = out.t;
	s->nt = out.nt;
	s->tcap = out.tcap;
}

static void start_obligations(struct ctx *cx, struct state *s,
			      const struct event *ev)
{
	const struct ruleset *rs = cx->env->rs;
	int r, c, j;

	if (ev->kind != EV_WRITE && ev->kind != EV_INSN)
		return;
	for (r = 0; r < rs->nrules; r++) {
		if (!cx->env->rule_on[r])
			continue;
		for (c = 0; c < rs->rules[r].nclauses; c++) {
			const struct clause *cl = &rs->rules[r].clauses[c];
			struct token t = { .rule = r, .clause = c,
					   .entry_step = -1, .origin = ev };
			bool any = false;

			for (j = 0; j < cl->nafter; j++) {
				uint64_t f;

				if (pattern_matches(cx->env, s, &cl->after[j], ev,
						 &f)) {
					t.by_field = any ? t.by_field &&
						cl->after[j].field >= 0 :
						cl->after[j].field >= 0;
					t.fields |= f;
					any = true;
				}
			}
			if (any)
				add_token(s, &t);
		}
	}
}

static void update_known(struct ctx *cx, struct state *s,
			 const struct event *ev)
{
	const struct env *env = cx->env;
	struct value v = ev->val;
	int reg = ev->reg;

	if (ev->kind != EV_WRITE || reg < 0)
		return;
	cx->sum->writes[reg] = true;
	/* pinned fields keep their pinned value whatever is written */
	/* what is written becomes the content: "same as before" bits keep theirs */
	if (v.same_reg == reg) {
		struct value prior = known_value(env, s, reg);

		v.known |= v.same & prior.known;
		v.bits |= v.same & prior.known & prior.bits;
	}
	v.same_reg = -1;
	v.same = 0;
	v.known = (v.known & ~env->view.pin_const[reg]) | env->view.pin_known[reg];
	v.bits = (v.bits & ~env->view.pin_const[reg]) |
		 (env->view.pin_bits[reg] & env->view.pin_known[reg]);
	v.bits &= v.known;
	if (ev->may)
		v = meet(v, known_value(env, s, reg));
	set_known(s, reg, v);
}

static void forget_known(struct state *s, const bool *writes)
{
	int i;

	for (i = 0; i < s->nk; i++)
		if (!writes || writes[s->k[i].reg])
			s->k[i--] = s->k[--s->nk];
}

static void apply_summary(struct ctx *cx, struct state *s,
			  const struct event *call, const struct summary *sum)
{
	struct env *env = cx->env;
	struct state out = { .reached = true };
	const struct trail *enter = trail_add(env, NULL, TRAIL_ENTER, call);
	int i, j;

	for (i = 0; i < s->nt; i++) {
		const struct token *t = &s->t[i];
		const struct effect *e =
			&sum->eff[kind_of(env, t->rule, t->clause, t->step)];

		if (!sum->rule_on[t->rule]) {
			/* a callee built where the rule is off: unknown code */
			add_token(&out, t);
			continue;
		}

		for (j = 0; j < e->nfires; j++)
			fire(cx, t, e->fires[j].access,
			     trail_concat(env, enter, e->fires[j].trail));
		for (j = 0; j < MAX_STEPS; j++)
			if (e->exit_steps & (1u << j)) {
				const struct rule *r = &env->rs->rules[t->rule];
				struct token n = *t;

				n.step = j;
				if (j != t->step) {
					/* a new step began in the callee */
					n.alt_cap = e->exit_cap[j];
					n.alt_sides = e->exit_sides[j];
				} else if (e->exit_sides[j] &&
					   (!t->alt_sides ||
					    t->alt_cap == e->exit_cap[j])) {
					/* sides seen before the call and in it */
					n.alt_cap = e->exit_cap[j];
					n.alt_sides |= e->exit_sides[j];
				}	/* else the caller's record stands */
				if (n.alt_sides == 3) {
					/* every CPU ran the step */
					n.step++;
					n.alt_sides = 0;
					n.alt_cap = 0;
					if (n.step >= r->nneed)
						continue;
				}
				add_token(&out, &n);
			}
	}
	for (i = 0; i < sum->nexits; i++) {
		struct token n = sum->exits[i];

		n.entry_step = -1;
		n.trail = trail_add(env, n.trail, TRAIL_RETURN, call);
		add_token(&out, &n);
	}
	free(s->t);
	s->t = out.t;
	s->nt = out.nt;
	s->tcap = out.tcap;
	if (sum->writes_unknown)
		forget_known(s, NULL);
	else
		forget_known(s, sum->writes);
	for (i = 0; i < env->nregs; i++)
		if (sum->writes[i])
			cx->sum->writes[i] = true;
	cx->sum->writes_unknown |= sum->writes_unknown;
	if (!sum->returns)
		s->reached = false;
}

static void transfer(struct ctx *cx, struct state *s, const struct event *ev)
{
	check_before(cx, s, ev);
	if (ev->kind == EV_CALL && !is_cse(cx->env, ev)) {
		struct summary *sum = ev->callee ?
			summarise(&cx->env->units[ev->callee->unit],
				  ev->callee) : NULL;

		if (sum) {
			apply_summary(cx, s, ev, sum);
		} else {
			/* unknown code may write any register */
			forget_known(s, NULL);
			cx->sum->writes_unknown = true;
		}
		return;
	}
	advance_steps(cx, s, ev);
	start_obligations(cx, s, ev);
	update_known(cx, s, ev);
}

/* ---- per function ---- */

static struct summary *summarise(struct env *env, struct function *fn)
{
	const struct ruleset *rs = env->rs;
	struct summary *sum = fn->summary;
	struct ctx cx = { env, fn, NULL };
	struct state *in, work = { 0 };
	int *queue, qh = 0, qt = 0, nb = fn->nblocks, r, c, s, i;
	long visits = 0;
	long limit = env->out->visits_per_block ?
		(long)env->out->visits_per_block * nb :
		(long)VISITS_PER_BLOCK * nb + VISITS_EXTRA;
	bool *queued;

	if (sum)
		return sum->busy ? NULL : sum;	/* recursion is cut */
	sum = xcalloc(1, sizeof(*sum));
	sum->eff = xcalloc((size_t)env->nkinds + 1, sizeof(*sum->eff));
	sum->writes = xcalloc((size_t)env->nregs + 1, sizeof(bool));
	sum->busy = true;
	sum->rule_on = env->rule_on;
	fn->summary = sum;
	VEC_PUSH(env->all, env->nall, env->all_cap, sum);
	cx.sum = sum;

	in = xcalloc((size_t)nb, sizeof(*in));
	queue = xcalloc((size_t)nb + 1, sizeof(int));
	queued = xcalloc((size_t)nb, sizeof(bool));

	in[BLOCK_ENTRY].reached = true;
	for (r = 0; r < rs->nrules; r++) {
		if (!env->rule_on[r])
			continue;
		for (c = 0; c < rs->rules[r].nclauses; c++)
			for (s = 0; s < rs->rules[r].nneed; s++) {
				struct token t = {
					.rule = r, .clause = c,
					.step = s,
					.entry_step = s,
				};

				add_token(&in[BLOCK_ENTRY], &t);
			}
	}
	queue[qt++] = BLOCK_ENTRY;
	queued[BLOCK_ENTRY] = true;
	/* a circular FIFO: each block is in it at most once */
	while (qh != qt) {
		int b = queue[qh];
		const struct block *blk = &fn->blocks[b];

		if (++visits > limit) {
			fn->cut = "its dataflow did not settle within the visit budget";
			break;
		}
		env->out->stats.visits++;

		qh = (qh + 1) % (nb + 1);
		queued[b] = false;
		state_copy(&work, &in[b]);
		for (i = 0; i < blk->nev && work.reached; i++)
			transfer(&cx, &work, blk->ev[i]);
		if (!work.reached)
			continue;
		for (i = 0; i < blk->nsucc; i++) {
			int to = blk->succ[i];

			if (to < 0 || to >= nb)	/* (a model is checked on load) */
				continue;
			if (state_join(env, &in[to], &work) && !queued[to]) {
				queued[to] = true;
				queue[qt] = to;
				qt = (qt + 1) % (nb + 1);
			}
		}
	}

	env->out->stats.functions++;
	env->out->stats.blocks += nb;
	for (i = 0; i < nb; i++)
		env->out->stats.events += fn->blocks[i].nev;
	if (fn->cut || fn->truncated)
		env->out->stats.cut++;
	sum->returns = in[BLOCK_EXIT].reached;
	for (i = 0; i < in[BLOCK_EXIT].nt; i++) {
		const struct token *t = &in[BLOCK_EXIT].t[i];

		if (t->origin)
			VEC_PUSH(sum->exits, sum->nexits, sum->exits_cap, *t);
		else {
			struct effect *e = &sum->eff[kind_of(env, t->rule,
							     t->clause,
							     t->entry_step)];

			/* one such token per step: already what all paths share */
			e->exit_steps |= 1u << t->step;
			e->exit_cap[t->step] = t->alt_cap;
			e->exit_sides[t->step] = t->alt_sides;
		}
	}
	for (i = 0; i < nb; i++)
		state_free(&in[i]);
	state_free(&work);
	free(in);
	free(queue);
	free(queued);
	hashidx_free(&sum->fire_index);	/* only needed while it is built */
	sum->busy = false;
	return sum;
}

static int cmp_loc(const struct srcloc *a, const struct srcloc *b)
{
	int c = strcmp(a->file, b->file);

	if (c)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	return 0;
}

static int cmp_finding(const void *pa, const void *pb)
{
	const struct finding *a = pa, *b = pb;
	int c = cmp_loc(&a->access->loc, &b->access->loc);

	if (c)
		return c;
	c = strcmp(a->rule->id, b->rule->id);
	if (c)
		return c;
	return cmp_loc(&a->write->loc, &b->write->loc);
}

void analyse_tus(struct tu **tus, int n, const struct ruleset *rs,
		 struct findings *outs)
{
	struct env *envs = xcalloc((size_t)n + 1, sizeof(*envs));
	int u, i, j;

	for (u = 0; u < n; u++) {
		env_init(&envs[u], tus[u], rs, &outs[u]);
		envs[u].units = envs;
		for (i = 0; i < tus[u]->nfns; i++)
			tus[u]->fns[i]->unit = u;
	}
	for (u = 0; u < n; u++)
		for (i = 0; i < tus[u]->nfns; i++)
			summarise(&envs[u], tus[u]->fns[i]);

	for (u = 0; u < n; u++) {
		struct env *env = &envs[u];
		struct findings *out = env->out;

		if (out->n > env->first_finding)
			qsort(out->v + env->first_finding,
			      (size_t)(out->n - env->first_finding),
			      sizeof(*out->v), cmp_finding);
		for (i = 0; i < env->nall; i++) {
			struct summary *s = env->all[i];

			for (j = 0; j < env->nkinds; j++)
				free(s->eff[j].fires);
			free(s->eff);
			free(s->exits);
			free(s->writes);
			free(s);
		}
		for (i = 0; i < tus[u]->nfns; i++)
			tus[u]->fns[i]->summary = NULL;
		free(env->all);
		hashidx_free(&env->seen);
		config_view_free(&env->view);
		free(env->cse_on);
		free(env->rule_on);
		free(env->kind_base);
	}
	free(envs);
}

void analyse_tu(struct tu *tu, const struct ruleset *rs,
		struct findings *out)
{
	analyse_tus(&tu, 1, rs, out);
}
