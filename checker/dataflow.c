// SPDX-License-Identifier: GPL-2.0
/*
 * The analysis (see dataflow.h).  A program point's state is a short list
 * of partitions: paths that agree on what is known (register contents,
 * symbols, the function's locals) are one partition, whose obligations
 * are joined; paths that disagree stay apart, up to MAX_PARTS (per side
 * of the branch that ends a block, within it), so that a condition
 * tested twice takes the same branch both times.  A function is
 * summarised once per calling context (what its caller knows of the
 * symbols it uses and of its arguments), up to MAX_CONTEXTS, then in a
 * context that knows nothing.
 */
#include "dataflow.h"
#include "config.h"
#include "domain.h"
#include "hashidx.h"

#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* ---- symbols: registers first, then "cap:N", "call:f(x)", ... ---- */

struct symbols {
	int nregs;
	char **names;		/* index - nregs */
	uint64_t *masks;	/* bits the symbol can have (0: all) */
	int n, cap, mcap;
	struct hashidx index;
};

struct sym_key {
	const struct symbols *s;
	const char *name;
};

static bool same_sym(int i, void *ctx)
{
	const struct sym_key *k = ctx;

	return !strcmp(k->s->names[i - k->s->nregs], k->name);
}

static int sym_intern(struct symbols *s, const char *name, uint64_t mask)
{
	struct sym_key k = { s, name };
	uint64_t h = hash_bytes(name, strlen(name), HASH_SEED);
	int i = hashidx_find(&s->index, h, same_sym, &k);

	if (i >= 0) {
		/* a store names a memory symbol before its type is known */
		if (mask && !s->masks[i - s->nregs])
			s->masks[i - s->nregs] = mask;
		return i;
	}
	VEC_PUSH(s->names, s->n, s->cap, xstrdup(name));
	s->n--;
	VEC_PUSH(s->masks, s->n, s->mcap, mask);
	hashidx_add(&s->index, h, s->nregs + s->n - 1);
	return s->nregs + s->n - 1;
}

static int cap_sym(struct symbols *s, int cap)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "cap:%d", cap);
	return sym_intern(s, buf, 1);
}

/* ---- obligations ---- */

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

/* ---- states ---- */

struct fact {
	int sym;			/* first: the key (key_index()) */
	uint64_t known, bits;
};

/* A local that is not unknown: slots are kept sparse, sorted. */
struct slotval {
	int slot;		/* first: the key (key_index()) */
	struct aval v;
};

struct part {
	struct token *t;
	int nt, tcap;
	struct fact *f;			/* sorted by sym */
	int nf, fcap;
	struct slotval *loc;		/* sorted by slot */
	int nloc, loccap;
	/*
	 * Unknown code ran on the way here (since the function's entry): it
	 * may have written registers the function never names, so a caller
	 * forgets what it knew of those.  Per partition, so that a path that
	 * ends in a panic does not make its siblings forget.
	 */
	bool unknown;
};

struct state {
	bool reached;
	struct part *p;
	int np, pcap;
	int changes;			/* how often state_add() changed it */
	/*
	 * Within a block, the value its branch tests (NULL at a block's
	 * entry): partitions on different sides of it are not merged.
	 */
	const struct vexpr *branch;
};

struct fire {
	const struct event *access;
	const struct trail *trail;
};

/* What an obligation entering at one step leaves at on one exit. */
struct kexit {
	uint32_t steps;
	int cap[MAX_STEPS];
	unsigned sides[MAX_STEPS];
};

/* One partition at a function's exit, as its callers see it. */
struct xpart {
	struct fact *f;			/* the symbols the function uses */
	int nf;
	struct aval ret;
	bool unknown;			/* unknown code ran on its paths */
	struct token *exits;		/* obligations it leaves pending */
	int nexits, exits_cap;
	struct kexit *kx;		/* per token kind */
};

struct context {
	struct aval *params;
	int nparams;
	struct fact *f;
	int nf;
	uint64_t hash;
};

struct summary {
	struct function *fn;
	struct context ctx;
	bool busy;
	struct xpart *x;
	int nx, xcap;
	struct fire **fires;		/* per token kind */
	int *nfires, *fires_cap;
	struct hashidx fire_index;	/* (kind, access) -> fire_at[] */
	struct fire_at {
		int kind, i;
	} *fire_at;
	int nfire_at, fire_at_cap;
	struct hashidx found_index;	/* (rule, access) -> finding */
	const bool *rule_on;		/* in the callee's own configuration */
};

/* What a function (and everything it calls) reads or writes. */
struct refs {
	const struct function *fn;
	int *syms;			/* sorted */
	int n;
	bool done, busy;
	bool incomplete;		/* recursion: unknown beyond */
	bool stores;			/* it or a callee may store memory */
};

struct analysis {
	const struct ruleset *rs;
	struct symbols syms;
	struct refs *refs;
	int nrefs, refs_cap;
	struct hashidx refs_index;	/* function -> refs */
	struct tu **tus;		/* by unit */
	struct env *envs;		/* one per (unit, variant) */
	int nenvs;
	int nkinds;
	int *kind_base;
	struct function **taken;	/* address taken: indirect call targets */
	int ntaken, taken_cap;
	uint64_t *relevant;		/* per register: the bits a rule reads */
};

struct env {
	struct analysis *an;
	const struct ruleset *rs;
	struct tu *tu;
	int unit;
	uint64_t variant;		/* its variant configurations (bits) */
	struct config_view view;
	struct pinned_cap {		/* capabilities the configuration pins */
		int sym;
		int value;
	} *capsyms;
	int ncapsyms;
	bool *rule_on;
	int *rule_cap;			/* a rule's "when cap" symbol, or -1 */
	bool *cse_on;
	struct findings *out;
	int first_finding;
	struct hashidx *seen;		/* (rule, write, access) -> finding */
	struct summary **sums;
	int nsums, sums_cap;
	struct hashidx sum_index;	/* (function, context) -> summary */
	struct hashidx count_index;	/* function -> contexts so far */
	struct fn_count {
		const struct function *fn;
		int n;
	} *counts;
	int ncounts, counts_cap;
};

#define MAX_PARTS 8
#define WIDEN_AFTER (4 * MAX_PARTS)
#define MAX_CONTEXTS 32

/* ---- configuration ---- */

static int cond_eval(const struct env *env, const struct field_cond *c)
{
	return config_cond(&env->view, c);
}

static int kind_of(const struct env *env, int rule, int clause, int step)
{
	return env->an->kind_base[rule] +
	       clause * env->rs->rules[rule].nneed + step;
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

/* ---- facts ---- */

/*
 * Facts and locals are arrays sorted by an int key, their first member:
 * where key is (-1 if absent), and the element at i taken out.
 */
static int key_index(const void *v, int n, size_t size, int key)
{
	int lo = 0, hi = n - 1;

	while (lo <= hi) {
		int mid = (lo + hi) / 2, k;

		memcpy(&k, (const char *)v + (size_t)mid * size, sizeof(k));
		if (k == key)
			return mid;
		if (k < key)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

static void key_drop(void *v, int *n, size_t size, int i)
{
	memmove((char *)v + (size_t)i * size, (char *)v + (size_t)(i + 1) * size,
		(size_t)(*n - i - 1) * size);
	(*n)--;
}

/* e added to arr (sorted by member key, e's key not in it) in its place */
#define SORTED_ADD(arr, n, cap, key, e) do {				\
	int j_;								\
	VEC_PUSH(arr, n, cap, e);					\
	for (j_ = (n) - 1; j_ > 0 && (arr)[j_ - 1].key > (e).key; j_--) \
		(arr)[j_] = (arr)[j_ - 1];				\
	(arr)[j_] = (e);						\
} while (0)

static int fact_index(const struct part *p, int sym)
{
	return key_index(p->f, p->nf, sizeof(*p->f), sym);
}

/* What the configuration says of sym when nothing else is known. */
static struct aval pinned(const struct env *env, int sym)
{
	const struct symbols *s = &env->an->syms;
	uint64_t mask;

	if (sym < s->nregs)
		return aval_sym(sym, env->view.pin_known[sym],
				env->view.pin_bits[sym]);
	for (int i = 0; i < env->ncapsyms; i++)
		if (env->capsyms[i].sym == sym)
			return aval_sym(sym, ~0ull,
					(uint64_t)env->capsyms[i].value);
	mask = s->masks[sym - s->nregs];
	return aval_sym(sym, mask ? ~mask : 0, 0);
}

static struct aval fact_get(const struct env *env, const struct part *p,
			    int sym)
{
	int i = fact_index(p, sym);
	struct aval v = pinned(env, sym);

	if (i >= 0) {
		v.known |= p->f[i].known;
		v.bits = (v.bits & ~p->f[i].known) | p->f[i].bits;
	}
	return v;
}

static void fact_drop(struct part *p, int i)
{
	key_drop(p->f, &p->nf, sizeof(*p->f), i);
}

static void fact_set(struct part *p, int sym, uint64_t known, uint64_t bits)
{
	int i = fact_index(p, sym);
	struct fact f = { sym, known, bits & known };

	if (!known) {
		/* knowing nothing is no fact: partitions differ by what they know */
		if (i >= 0)
			fact_drop(p, i);
		return;
	}
	if (i >= 0) {
		p->f[i] = f;
		return;
	}
	SORTED_ADD(p->f, p->nf, p->fcap, sym, f);
}


static void loc_set(struct part *p, int slot, struct aval v);

/* Unknown code may have written any register. */
static void forget_registers(const struct env *env, struct part *p)
{
	int nregs = env->an->syms.nregs;

	for (int i = p->nf - 1; i >= 0; i--)
		if (p->f[i].sym < nregs)
			fact_drop(p, i);
	for (int i = p->nloc - 1; i >= 0; i--)
		if (p->loc[i].v.sym >= 0 && p->loc[i].v.sym < nregs) {
			struct aval l = p->loc[i].v;

			l.sym = -1;
			l.same = 0;
			loc_set(p, p->loc[i].slot, l);
		}
}

/*
 * A symbol for what a read of memory gave ("mem:FN:KEY", value.c): it
 * holds until memory may have changed.  What the function itself stored
 * there last is kept as a local would be, in slot MEM_SLOT_BASE + the
 * symbol (past any local's), so that "*p = read_sysreg(r); if (*p & F)"
 * tests r's field F; it goes with the next store or call that may store.
 */
#define MEM_SLOT_BASE (1 << 24)

static bool sym_is_mem(const struct symbols *s, int sym)
{
	return sym >= s->nregs && !strncmp(s->names[sym - s->nregs], "mem:", 4);
}

/* A store, or code that may store: what memory held is not known now. */
static void forget_memory(const struct env *env, struct part *p)
{
	const struct symbols *s = &env->an->syms;

	for (int i = p->nf - 1; i >= 0; i--)
		if (sym_is_mem(s, p->f[i].sym))
			fact_drop(p, i);
	for (int i = p->nloc - 1; i >= 0; i--)
		if (p->loc[i].slot >= MEM_SLOT_BASE)
			loc_set(p, p->loc[i].slot, AVAL_UNKNOWN);
		else if (p->loc[i].v.sym >= 0 &&
			 sym_is_mem(s, p->loc[i].v.sym)) {
			struct aval l = p->loc[i].v;

			l.sym = -1;
			l.same = 0;
			loc_set(p, p->loc[i].slot, l);
		}
}

struct cx {
	struct env *env;
	struct function *fn;
	struct summary *sum;
};

static struct aval eval(struct cx *cx, const struct part *p,
			const struct vexpr *e, int depth);

/* ---- partitions ---- */

static int loc_index(const struct part *p, int slot)
{
	return key_index(p->loc, p->nloc, sizeof(*p->loc), slot);
}

static struct aval loc_get(const struct part *p, int slot)
{
	int i = loc_index(p, slot);

	return i >= 0 ? p->loc[i].v : AVAL_UNKNOWN;
}

static bool aval_unknown(struct aval v)
{
	return !v.known && v.sym < 0;
}

static void loc_set(struct part *p, int slot, struct aval v)
{
	int i = loc_index(p, slot);
	struct slotval sv = { slot, v };

	if (slot < 0)
		return;
	if (aval_unknown(v)) {
		if (i >= 0)
			key_drop(p->loc, &p->nloc, sizeof(*p->loc), i);
		return;
	}
	sv.v.bits &= sv.v.known;
	if (i >= 0) {
		p->loc[i] = sv;
		return;
	}
	SORTED_ADD(p->loc, p->nloc, p->loccap, slot, sv);
}

static void part_init(struct part *p)
{
	memset(p, 0, sizeof(*p));
}

static void part_copy(struct part *dst, const struct part *src)
{
	part_init(dst);
	for (int i = 0; i < src->nt; i++)
		VEC_PUSH(dst->t, dst->nt, dst->tcap, src->t[i]);
	for (int i = 0; i < src->nf; i++)
		VEC_PUSH(dst->f, dst->nf, dst->fcap, src->f[i]);
	for (int i = 0; i < src->nloc; i++)
		VEC_PUSH(dst->loc, dst->nloc, dst->loccap, src->loc[i]);
	dst->unknown = src->unknown;
}

static void part_free(struct part *p)
{
	free(p->t);
	free(p->f);
	free(p->loc);
}

static void state_free(struct state *s)
{
	for (int i = 0; i < s->np; i++)
		part_free(&s->p[i]);
	free(s->p);
	memset(s, 0, sizeof(*s));
}

/*
 * Tokens of one rule clause at one step are one obligation, whichever
 * write started it: the first write to arrive stands for the others in
 * the report.  This bounds a partition to two tokens per kind (from the
 * caller, or started here).
 */
static bool same_token(const struct token *a, const struct token *b)
{
	return a->rule == b->rule && a->clause == b->clause &&
	       a->step == b->step && a->entry_step == b->entry_step &&
	       !a->origin == !b->origin;
}

/* Would add_token(s, t) leave s as it is? */
static bool token_covered(const struct part *s, const struct token *t)
{
	for (int i = 0; i < s->nt; i++) {
		const struct token *o = &s->t[i];
		unsigned sides;

		if (!same_token(o, t))
			continue;
		sides = o->alt_cap == t->alt_cap ? o->alt_sides & t->alt_sides : 0;
		return (o->fields | t->fields) == o->fields &&
		       (o->by_field && t->by_field) == o->by_field &&
		       sides == o->alt_sides &&
		       (o->several || t->several || o->origin != t->origin) ==
		       o->several;
	}
	return false;
}

/* Adds t (or merges its fields); returns true if the set grew. */
static bool add_token(struct part *s, const struct token *t)
{
	for (int i = 0; i < s->nt; i++) {
		struct token *o = &s->t[i];
		unsigned sides;
		bool several;

		if (!same_token(o, t))
			continue;
		sides = o->alt_cap == t->alt_cap ? o->alt_sides & t->alt_sides : 0;
		several = o->several || t->several || o->origin != t->origin;
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

static bool facts_equal(const struct part *a, const struct part *b)
{
	if (a->nf != b->nf || a->unknown != b->unknown)
		return false;
	for (int i = 0; i < a->nf; i++)
		if (a->f[i].sym != b->f[i].sym || a->f[i].known != b->f[i].known ||
		    a->f[i].bits != b->f[i].bits)
			return false;
	if (a->nloc != b->nloc)
		return false;
	for (int i = 0; i < a->nloc; i++)
		if (a->loc[i].slot != b->loc[i].slot ||
		    !aval_equal(a->loc[i].v, b->loc[i].v))
			return false;
	return true;
}

/*
 * What merging two partitions would lose, to choose which two to merge:
 * each register bit a rule reads (a field an "after" pattern or a
 * condition names) that one knows and the merge would not, and each
 * symbol (a capability, a pure call's result) they do not agree on,
 * count the same; a local counts less, and register bits no rule reads
 * not at all.  A merge that loses a trap field, or the branch that chose
 * it, may report a write that changes nothing; one that loses which way
 * an unrelated static key went costs less.
 */
static int merge_cost(const struct env *env, const struct part *a,
		      const struct part *b)
{
	const struct analysis *an = env->an;
	int n = 0, nregs = an->syms.nregs, i = 0, j = 0;

	/* both fact lists are sorted by symbol */
	while (i < a->nf || j < b->nf) {
		const struct fact *x = i < a->nf ? &a->f[i] : NULL;
		const struct fact *y = j < b->nf ? &b->f[j] : NULL;
		int sym;
		uint64_t known, kept;

		if (x && (!y || x->sym < y->sym)) {
			sym = x->sym, known = x->known, kept = 0, i++;
		} else if (y && (!x || y->sym < x->sym)) {
			sym = y->sym, known = y->known, kept = 0, j++;
		} else {
			sym = x->sym;
			known = x->known | y->known;
			kept = x->known & y->known & ~(x->bits ^ y->bits);
			i++, j++;
		}
		if (sym < nregs)
			n += 8 * __builtin_popcountll(known & ~kept &
						      an->relevant[sym]);
		else if (kept != known)
			n += 8;
	}
	for (int k = 0; k < a->nloc; k++)
		n += !aval_equal(a->loc[k].v, loc_get(b, a->loc[k].slot));
	for (int k = 0; k < b->nloc; k++)
		n += loc_index(a, b->loc[k].slot) < 0;
	/*
	 * An obligation one has and the other not costs most: the merge
	 * would carry a pending write onto paths that never made it.
	 */
	for (int k = 0; k < a->nt; k++)
		n += token_covered(b, &a->t[k]) ? 0 : a->t[k].origin ? 32 : 1;
	for (int k = 0; k < b->nt; k++)
		n += token_covered(a, &b->t[k]) ? 0 : b->t[k].origin ? 32 : 1;
	return n;
}

/* dst := what dst and src both know, with src's obligations too. */
static bool part_meet(const struct env *env, struct part *dst,
		      const struct part *src)
{
	bool changed = false;

	if (src->unknown && !dst->unknown) {
		dst->unknown = true;
			changed = true;
	}
	for (int i = 0; i < src->nt; i++)
		changed |= add_token(dst, &src->t[i]);
	for (int i = dst->nf - 1; i >= 0; i--) {
		struct aval a = fact_get(env, dst, dst->f[i].sym);
		struct aval m = aval_meet(a, fact_get(env, src, dst->f[i].sym));
		struct aval pin = pinned(env, dst->f[i].sym);

		if (m.known == a.known)
			continue;
		changed = true;
		if ((m.known & ~pin.known) == 0)
			fact_drop(dst, i);
		else
			dst->f[i].known = m.known, dst->f[i].bits = m.bits;
	}
	for (int i = dst->nloc - 1; i >= 0; i--) {
		struct aval m = aval_meet(dst->loc[i].v,
					  loc_get(src, dst->loc[i].slot));

		if (!aval_equal(m, dst->loc[i].v)) {
			loc_set(dst, dst->loc[i].slot, m);
			changed = true;
		}
	}
	return changed;
}

/*
 * Does p already stand for src: everything p knows src knows too, and
 * src's obligations are p's?  Then adding src changes nothing.
 */
static bool part_covers(const struct env *env, const struct part *p,
			const struct part *src)
{
	if (src->unknown && !p->unknown)
		return false;
	for (int i = 0; i < p->nf; i++) {
		struct aval v = fact_get(env, src, p->f[i].sym);

		if ((v.known & p->f[i].known) != p->f[i].known ||
		    ((v.bits ^ p->f[i].bits) & p->f[i].known))
			return false;
	}
	for (int i = 0; i < p->nloc; i++)
		if (!aval_equal(p->loc[i].v, loc_get(src, p->loc[i].slot)))
			return false;
	for (int i = 0; i < src->nt; i++)
		if (!token_covered(p, &src->t[i]))
			return false;
	return true;
}

/*
 * Which side of the block's branch p takes: 2 the nonzero one, 1 the
 * zero one, 0 either (or s is not within a block that branches).
 */
static int branch_side(const struct env *env, const struct state *s,
		       const struct part *p)
{
	struct cx cx = { (struct env *)env, NULL, NULL };

	if (!s->branch)
		return 0;
	return aval_truth(eval(&cx, p, s->branch, 0)) + 1;
}

/*
 * Adds partition src (taken: the state owns it now) to s: joined with
 * the partition that knows the same, or kept apart; past MAX_PARTS, the
 * two partitions (src among them) whose merge loses least are merged.
 * Within a block that branches, the bound holds for each side of the
 * branch apart: a merge never joins a path that takes one side with one
 * that takes the other (a call's exits that return 1 with a write
 * pending and 0 with none, tested right after the call), so a state
 * holds at most three times MAX_PARTS there (either side, and both).
 * A src some partition already stands for changes nothing (so that a
 * loop settles).  Returns true if s changed.
 */
static bool state_add(const struct env *env, struct state *s, struct part *src)
{
	int bi = -1, bj = -1, best = INT_MAX, side, n = 0;

	s->reached = true;
	for (int i = 0; i < s->np; i++)
		if (facts_equal(&s->p[i], src)) {
			bool changed = part_meet(env, &s->p[i], src);

			part_free(src);
			return changed;
		}
	for (int i = 0; i < s->np; i++)
		if (part_covers(env, &s->p[i], src)) {
			part_free(src);
			return false;
		}
	s->changes++;
	VEC_PUSH(s->p, s->np, s->pcap, *src);
	side = branch_side(env, s, &s->p[s->np - 1]);
	for (int i = 0; i < s->np; i++)
		n += branch_side(env, s, &s->p[i]) == side;
	if (n <= MAX_PARTS)
		return true;
	/*
	 * A state that keeps changing (a loop whose locals count up) merges
	 * what comes in with the partition it is nearest to, which can only
	 * lose knowledge, so that the loop settles.
	 */
	for (int i = 0; i < s->np; i++)
		for (int j = i + 1; j < s->np; j++) {
			int c;

			if (s->changes > WIDEN_AFTER && j != s->np - 1)
				continue;	/* only with what came in */
			if (branch_side(env, s, &s->p[i]) != side ||
			    branch_side(env, s, &s->p[j]) != side)
				continue;
			c = merge_cost(env, &s->p[i], &s->p[j]);

			if (c < best) {
				best = c;
				bi = i;
				bj = j;
			}
		}
	env->out->stats.merged++;
	part_meet(env, &s->p[bi], &s->p[bj]);
	part_free(&s->p[bj]);
	memmove(s->p + bj, s->p + bj + 1,
		(size_t)(s->np - bj - 1) * sizeof(*s->p));
	s->np--;
	return true;
}

static bool state_join(const struct env *env, struct state *dst,
		       const struct state *src)
{
	bool changed = false;

	for (int i = 0; i < src->np; i++) {
		struct part p;

		part_copy(&p, &src->p[i]);
		changed |= state_add(env, dst, &p);
	}
	return changed;
}

/* ---- values ---- */

static struct aval eval(struct cx *cx, const struct part *p,
			const struct vexpr *e, int depth)
{
	struct aval l, r;

	if (!e || depth > 128)
		return AVAL_UNKNOWN;
	switch (e->op) {
	case VX_UNKNOWN:
		return AVAL_UNKNOWN;
	case VX_CONST:
		return aval_const(e->c);
	case VX_LOCAL:
		return loc_get(p, e->a);
	case VX_READ:
		return e->a >= 0 ? fact_get(cx->env, p, e->a) : AVAL_UNKNOWN;
	case VX_SYM: {
		int sym = sym_intern(&cx->env->an->syms, e->sym, e->c);

		if (loc_index(p, MEM_SLOT_BASE + sym) >= 0)
			return loc_get(p, MEM_SLOT_BASE + sym);
		return fact_get(cx->env, p, sym);
	}
	case VX_COND: {
		int t = aval_truth(eval(cx, p, e->cond, depth + 1));

		l = eval(cx, p, e->l, depth + 1);
		r = eval(cx, p, e->r, depth + 1);
		return t > 0 ? l : !t ? r : aval_meet(l, r);
	}
	default:
		break;
	}
	l = eval(cx, p, e->l, depth + 1);
	r = e->r ? eval(cx, p, e->r, depth + 1) : AVAL_UNKNOWN;
	switch (e->op) {
	case VX_NOT:
		return aval_not(l);
	case VX_LNOT:
		return aval_lnot(l);
	case VX_AND:
		return aval_and(l, r);
	case VX_OR:
		return aval_or(l, r);
	case VX_XOR:
		return aval_xor(l, r);
	case VX_SHL:
		return aval_shl(l, r);
	case VX_SHR:
		return aval_shr(l, r);
	case VX_ADD:
		return aval_add(l, r);
	case VX_SUB:
		return aval_sub(l, r);
	case VX_EQ:
		return aval_eq(l, r);
	case VX_NE:
		return aval_ne(l, r);
	case VX_LAND:
		return aval_land(l, r);
	case VX_LOR:
		return aval_lor(l, r);
	default:
		return AVAL_UNKNOWN;
	}
}

/* The symbol behind a fact we may learn about: sym of e's value's bits. */
static bool learn_sym(struct cx *cx, struct part *p, int sym, uint64_t mask,
		      uint64_t bits)
{
	struct aval v = fact_get(cx->env, p, sym);

	if (!mask)
		return true;
	if (!aval_learn(&v, mask, bits))
		return false;
	fact_set(p, sym, v.known, v.bits);
	return true;
}

/* The same for what a local (or memory the function stored) holds. */
static bool learn_slot(struct cx *cx, struct part *p, int slot, uint64_t mask,
		       uint64_t bits)
{
	struct aval l = loc_get(p, slot);

	aval_learn(&l, mask, bits);
	loc_set(p, slot, l);
	return l.sym < 0 || learn_sym(cx, p, l.sym, mask & l.same, bits);
}

/*
 * The bits in mask of e's value are bits: recorded where e's value lives
 * (a local, a register, a symbol) and in the symbol it equals.  False if
 * that contradicts what is known: the path is impossible.
 */
static bool learn(struct cx *cx, struct part *p, const struct vexpr *e,
		  uint64_t mask, uint64_t bits)
{
	struct aval v = eval(cx, p, e, 0);

	if (!aval_learn(&v, mask, bits))
		return false;
	switch (e->op) {
	case VX_LOCAL:
		return learn_slot(cx, p, e->a, mask, bits);
	case VX_READ:
		return learn_sym(cx, p, e->a, mask, bits);
	case VX_SYM: {
		int sym = sym_intern(&cx->env->an->syms, e->sym, e->c);

		if (loc_index(p, MEM_SLOT_BASE + sym) >= 0)
			return learn_slot(cx, p, MEM_SLOT_BASE + sym, mask,
					  bits);
		return learn_sym(cx, p, sym, mask, bits);
	}
	default:
		return true;
	}
}

static bool single_bit(uint64_t m)
{
	return m && !(m & (m - 1));
}

static bool refine(struct cx *cx, struct part *p, const struct vexpr *e,
		   int want, int depth);

/* e == v on this path */
static bool refine_eq(struct cx *cx, struct part *p, const struct vexpr *e,
		      uint64_t v, int depth)
{
	const struct vexpr *x = NULL;
	uint64_t m = 0;

	if (!aval_may_equal(eval(cx, p, e, 0), v))
		return false;
	if (depth > 32)
		return true;
	switch (e->op) {
	case VX_LOCAL:
	case VX_READ:
	case VX_SYM:
		return learn(cx, p, e, ~0ull, v);
	case VX_AND:
		if (e->r->op == VX_CONST)
			x = e->l, m = e->r->c;
		else if (e->l->op == VX_CONST)
			x = e->r, m = e->l->c;
		if (!x)
			return true;
		return !(v & ~m) && learn(cx, p, x, m, v);
	case VX_EQ:
	case VX_NE:
	case VX_LNOT:
	case VX_LAND:
	case VX_LOR:
		if (v > 1)
			return false;
		return refine(cx, p, e, (int)v, depth + 1);
	default:
		return true;
	}
}

/* e is nonzero (want 1) or zero (want 0) on this path */
static bool refine(struct cx *cx, struct part *p, const struct vexpr *e,
		   int want, int depth)
{
	struct aval v = eval(cx, p, e, 0);
	int t = aval_truth(v);
	const struct vexpr *x = NULL, *c = NULL;

	if (t >= 0 && t != want)
		return false;
	if (depth > 32)
		return true;
	switch (e->op) {
	case VX_LNOT:
		return refine(cx, p, e->l, !want, depth + 1);
	case VX_LAND:
		return !want || (refine(cx, p, e->l, 1, depth + 1) &&
				 refine(cx, p, e->r, 1, depth + 1));
	case VX_LOR:
		return want || (refine(cx, p, e->l, 0, depth + 1) &&
				refine(cx, p, e->r, 0, depth + 1));
	case VX_EQ:
	case VX_NE:
		if (e->r->op == VX_CONST)
			x = e->l, c = e->r;
		else if (e->l->op == VX_CONST)
			x = e->r, c = e->l;
		if (!x || want != (e->op == VX_EQ))
			return true;
		return refine_eq(cx, p, x, c->c, depth + 1);
	case VX_AND:
		if (e->r->op == VX_CONST)
			x = e->l, c = e->r;
		else if (e->l->op == VX_CONST)
			x = e->r, c = e->l;
		if (!x)
			return true;
		if (!want)
			return learn(cx, p, x, c->c, 0);
		return !single_bit(c->c) || learn(cx, p, x, c->c, c->c);
	case VX_LOCAL:
	case VX_READ:
	case VX_SYM:
		if (!want)
			return learn(cx, p, e, ~0ull, 0);
		/* nonzero with one bit unknown and the rest 0: that bit */
		if (single_bit(~v.known) && !v.bits)
			return learn(cx, p, e, ~v.known, ~v.known);
		return true;
	default:
		return true;
	}
}

/* Does the edge's guard hold, and what does it teach?  False: infeasible. */
static bool guard_holds(struct cx *cx, struct part *p, const struct block *b,
			int i)
{
	struct guard g = b->guards ? b->guards[i] :
				     (struct guard){ G_NONE, 0 };
	struct aval v;

	if (!b->branch)
		return true;
	switch (g.kind) {
	case G_NONE:
		return true;
	case G_TRUE:
		return refine(cx, p, b->branch, 1, 0);
	case G_FALSE:
		return refine(cx, p, b->branch, 0, 0);
	case G_CASE:
		return refine_eq(cx, p, b->branch, g.value, 0);
	case G_DEFAULT:
		v = eval(cx, p, b->branch, 0);
		if (!aval_is_const(v))
			return true;
		for (int j = 0; j < b->nsucc; j++)
			if (b->guards[j].kind == G_CASE &&
			    b->guards[j].value == v.bits)
				return false;
		return true;
	}
	return true;
}

static void settle(struct cx *cx, struct part *p);

/* The edge's guard, and what a state rule's field then is. */
static bool take_edge(struct cx *cx, struct part *p, const struct block *b,
		      int i)
{
	if (!guard_holds(cx, p, b, i))
		return false;
	settle(cx, p);
	return true;
}

/* ---- rules ---- */

/* Bits of reg that a write of value v may change, given what is known. */
static uint64_t changed_bits(const struct env *env, const struct part *p,
			     const struct event *ev, struct aval v)
{
	struct aval prior = fact_get(env, p, ev->reg);
	uint64_t same = prior.known & v.known & ~(prior.bits ^ v.bits);

	/* a read-modify-write of this register keeps the bits it keeps */
	if (v.sym == ev->reg)
		same |= v.same;
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
 * Does ev match pattern pat?  For writes, *fields gets the bits that make
 * it match (the field's, if one is named); val is the value written.
 */
static bool pattern_matches(const struct env *env, const struct part *p,
			    const struct pattern *pat, const struct event *ev,
			    struct aval val, uint64_t *fields)
{
	uint64_t changed;
	const struct field *f;

	*fields = 0;
	if (cond_eval(env, &pat->when) == 0)
		return false;
	switch (pat->kind) {
	case PAT_WRITE:
		if (ev->kind != EV_WRITE || ev->reg != pat->reg)
			return false;
		changed = changed_bits(env, p, ev, val);
		if (pat->field < 0) {
			*fields = changed;
			return true;
		}
		f = &env->rs->db.regs[pat->reg].fields[pat->field];
		if (!(changed & f->mask) || !field_exists(env, f))
			return false;
		if (pat->has_value && (val.known & f->mask) == f->mask &&
		    ((val.bits & f->mask) >> f->lo) != pat->value)
			return false;
		*fields = changed & f->mask;
		return true;
	case PAT_READ:
		return ev->kind == EV_READ && ev->reg == pat->reg;
	case PAT_ACCESS:
		return (ev->kind == EV_READ || ev->kind == EV_WRITE) &&
		       ev->reg == pat->reg;
	case PAT_INSN:
		return insn_matches(pat, ev);
	case PAT_CALL:
		return ev->kind == EV_CALL && ev->name &&
		       !strcmp(pat->callee, ev->name);
	}
	return false;
}

/* Does rule r apply on p's path: its "when cap" not known to be clear? */
static bool rule_may_apply(const struct env *env, const struct part *p,
			   int r)
{
	struct aval v;

	if (env->rule_cap[r] < 0)
		return true;
	v = fact_get(env, p, env->rule_cap[r]);
	if (env->rs->rules[r].when_no_cap)
		return !(v.known & 1) || !(v.bits & 1);
	return !(v.known & 1) || (v.bits & 1);
}

static bool is_cse(const struct env *env, const struct event *ev)
{
	const struct fn_attr *a;

	if (ev->kind == EV_CALL) {
		/* a body, where the run has one, says it better (asmfile.h) */
		a = ev->name && !ev->callee ?
			rules_find_fn(env->rs, ev->name) : NULL;
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

/* ---- findings and fires ---- */

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

static bool same_access(int i, void *ctx)
{
	const struct finding_key *k = ctx;
	const struct finding *a = &k->set->v[i], *b = k->f;

	return a->rule == b->rule && a->access == b->access;
}

static void record_finding(struct cx *cx, const struct token *t,
			   const struct event *access,
			   const struct trail *trail)
{
	struct findings *out = cx->env->out;
	struct finding f;
	struct finding_key key = { out, &f };
	uint64_t h;
	int i;

	f.rule = &cx->env->rs->rules[t->rule];
	f.write = t->origin;
	f.access = access;
	/*
	 * Paths of one analysis that reach the access with different writes
	 * pending are one finding, as one partition's obligation would be:
	 * the first write names them all.
	 */
	h = hash_bytes(&f.rule, sizeof(f.rule), HASH_SEED);
	h = hash_bytes(&f.access, sizeof(f.access), h);
	i = hashidx_find(&cx->sum->found_index, h, same_access, &key);
	if (i >= 0) {
		out->v[i].fields |= t->fields;
		out->v[i].several |= t->several || out->v[i].write != t->origin;
		out->v[i].variants |= cx->env->variant;
		return;
	}
	hashidx_add(&cx->sum->found_index, h, out->n);
	h = hash_bytes(&f.rule, sizeof(f.rule), HASH_SEED);
	h = hash_bytes(&f.write, sizeof(f.write), h);
	h = hash_bytes(&f.access, sizeof(f.access), h);
	i = hashidx_find(cx->env->seen, h, same_finding, &key);
	if (i >= 0) {
		out->v[i].fields |= t->fields;
		out->v[i].several |= t->several;
		out->v[i].variants |= cx->env->variant;
		return;
	}
	hashidx_add(cx->env->seen, h, out->n);
	f.trail = trail;
	f.fields = t->fields;
	f.by_field = t->by_field;
	f.missing = t->step;
	f.several = t->several;
	f.variants = cx->env->variant;
	f.all_variants = 0;
	VEC_PUSH(out->v, out->n, out->cap, f);
}

struct fire_key {
	const struct summary *s;
	int kind;
	const struct event *access;
};

static bool same_fire(int i, void *ctx)
{
	const struct fire_key *k = ctx;
	const struct fire_at *at = &k->s->fire_at[i];

	return at->kind == k->kind &&
	       k->s->fires[at->kind][at->i].access == k->access;
}

/* t met access; inner is the trail inside a callee (ENTER first). */
static void fire(struct cx *cx, const struct token *t,
		 const struct event *access, const struct trail *inner)
{
	const struct trail *trail = trail_concat(cx->env, t->trail, inner);
	struct summary *s = cx->sum;
	int kind;
	struct fire f = { access, trail };
	struct fire_key key;
	uint64_t h;

	if (t->origin) {
		record_finding(cx, t, access, trail);
		return;
	}
	kind = kind_of(cx->env, t->rule, t->clause, t->entry_step);
	key = (struct fire_key){ s, kind, access };
	h = hash_bytes(&kind, sizeof(kind), HASH_SEED);
	h = hash_bytes(&access, sizeof(access), h);
	if (hashidx_find(&s->fire_index, h, same_fire, &key) >= 0)
		return;
	hashidx_add(&s->fire_index, h, s->nfire_at);
	VEC_PUSH(s->fire_at, s->nfire_at, s->fire_at_cap,
		 ((struct fire_at){ kind, s->nfires[kind] }));
	VEC_PUSH(s->fires[kind], s->nfires[kind], s->fires_cap[kind], f);
}

/* ---- transfer ---- */

static void check_before(struct cx *cx, struct part *p,
			 const struct event *ev, struct aval val)
{
	const struct ruleset *rs = cx->env->rs;

	for (int i = 0; i < p->nt; i++) {
		const struct token *t = &p->t[i];
		const struct clause *c = &rs->rules[t->rule].clauses[t->clause];
		uint64_t fields;

		if (!rule_may_apply(cx->env, p, t->rule) ||
		    rs->steps[rs->rules[t->rule].need[t->step]].hold == HOLD_READ)
			continue;	/* read, but not yet known to differ */
		for (int j = 0; j < c->nbefore; j++)
			if (pattern_matches(cx->env, p, &c->before[j], ev, val,
					    &fields)) {
				fire(cx, t, ev, NULL);
				break;
			}
	}
}

/*
 * The side of capability cap's alternatives that a rule with "when cap"
 * on that capability need not see run: on that side the capability is
 * not what the rule applies to (ALTERNATIVE("nop", "isb", C) completes a
 * "when cap C" rule's step by itself).  0 for any other capability.
 */
static unsigned moot_side(struct env *env, int r, int cap)
{
	if (cap < 0 || env->rule_cap[r] < 0 ||
	    cap_sym(&env->an->syms, cap) != env->rule_cap[r])
		return 0;
	return env->rs->rules[r].when_no_cap ? 2u : 1u;
}

static void advance_steps(struct cx *cx, struct part *p,
			  const struct event *ev, bool may)
{
	const struct ruleset *rs = cx->env->rs;
	struct part out = { 0 };
	int i;

	for (i = 0; i < p->nt; i++)
		if (step_matches(cx->env, rs->rules[p->t[i].rule].need[p->t[i].step],
				 ev))
			break;
	if (i == p->nt)
		return;
	for (i = 0; i < p->nt; i++) {
		struct token t = p->t[i];
		const struct rule *r = &rs->rules[t.rule];

		if (!step_matches(cx->env, r->need[t.step], ev)) {
			add_token(&out, &t);
			continue;
		}
		if (may && ev->alt_cap >= 0 && ev->alt_side &&
		    (!t.alt_sides || t.alt_cap == ev->alt_cap)) {
			t.alt_cap = ev->alt_cap;
			t.alt_sides |= (unsigned)ev->alt_side |
				       moot_side(cx->env, t.rule, ev->alt_cap);
		}
		if (may && t.alt_sides != 3)
			add_token(&out, &t);	/* a may-event may not run */
		t.step++;
		t.alt_sides = 0;
		t.alt_cap = 0;
		if (t.step < r->nneed)
			add_token(&out, &t);
	}
	free(p->t);
	p->t = out.t;
	p->nt = out.nt;
	p->tcap = out.tcap;
}

/*
 * A write on one side of an alternative (may: its capability not known
 * here) starts obligations only on that side: on the other, where it did
 * not run, they are already met, so a CSE on its own side completes the
 * step as one on both sides would.
 */
static void start_obligations(struct cx *cx, struct part *p,
			      const struct event *ev, struct aval val,
			      bool may)
{
	const struct ruleset *rs = cx->env->rs;

	if (ev->kind != EV_WRITE && ev->kind != EV_INSN)
		return;

	for (int r = 0; r < rs->nrules; r++) {
		if (!cx->env->rule_on[r] || !rule_may_apply(cx->env, p, r))
			continue;
		for (int c = 0; c < rs->rules[r].nclauses; c++) {
			const struct clause *cl = &rs->rules[r].clauses[c];
			struct token t = { .rule = r, .clause = c,
					   .entry_step = -1, .origin = ev };
			bool any = false;

			for (int j = 0; j < cl->nafter; j++) {
				uint64_t f;

				if (pattern_matches(cx->env, p, &cl->after[j],
						    ev, val, &f)) {
					t.by_field = any ? t.by_field &&
						cl->after[j].field >= 0 :
						cl->after[j].field >= 0;
					t.fields |= f;
					any = true;
				}
			}
			if (any && may && ev->alt_cap >= 0 &&
			    (ev->alt_side == 1 || ev->alt_side == 2)) {
				t.alt_cap = ev->alt_cap;
				t.alt_sides = 3u ^ (unsigned)ev->alt_side;
			}
			if (any)
				add_token(p, &t);
		}
	}
}

/* ---- state rules ("hold") ---- */

static int hold_of(const struct ruleset *rs, const struct token *t)
{
	const struct rule *r = &rs->rules[t->rule];

	return r->state ? (int)rs->steps[r->need[t->step]].hold : HOLD_NONE;
}

/* State rule r's field on p's path: 1 it holds the value, 0 not, -1 unknown. */
static int hold_known(const struct env *env, const struct part *p,
		      const struct rule *r)
{
	const struct field *f =
		&env->rs->db.regs[r->hold.reg].fields[r->hold.field];
	struct aval v = fact_get(env, p, r->hold.reg);

	if ((v.known & f->mask) != f->mask)
		return -1;
	return ((v.bits & f->mask) >> f->lo) == r->hold.value;
}

static void set_tokens(struct part *p, struct part *from)
{
	free(p->t);
	p->t = from->t;
	p->nt = from->nt;
	p->tcap = from->tcap;
}

/*
 * What is now known of a state rule's field moves its obligations on: a
 * field that was read and is now known to hold the value asks nothing; one
 * known to differ must be written.  A field written with a value not known
 * then, and now known to hold the value, still needs that write
 * synchronized: the old value may have been the other one.
 */
static void settle(struct cx *cx, struct part *p)
{
	const struct ruleset *rs = cx->env->rs;
	struct part out = { 0 };
	int i;

	for (i = 0; i < p->nt && !hold_of(rs, &p->t[i]); i++)
		;
	if (i == p->nt)
		return;
	for (i = 0; i < p->nt; i++) {
		struct token t = p->t[i];
		const struct rule *r = &rs->rules[t.rule];
		int hold = hold_of(rs, &t), k;

		if (!hold || (k = hold_known(cx->env, p, r)) < 0) {
			add_token(&out, &t);
			continue;
		}
		if (!k) {
			t.step = 1;		/* HOLD_MAY */
			add_token(&out, &t);
			continue;
		}
		if (hold == HOLD_READ ||
		    (t.origin && t.origin->kind == EV_READ))
			continue;		/* it holds, and nothing wrote it */
		t.step = 2;
		if (t.step < r->nneed)
			add_token(&out, &t);
	}
	set_tokens(p, &out);
}

/*
 * A read of a state rule's register: from here on, what the path learns
 * of the field counts (a test of it, a later write), so an obligation
 * begins at HOLD_READ, which no "before" event meets until the field is
 * known to differ.  A path that never looks at the register says nothing
 * of it (the unit may be absent or unused there).
 */
static void state_read(struct cx *cx, struct part *p, const struct event *ev)
{
	const struct ruleset *rs = cx->env->rs;

	for (int r = 0; r < rs->nrules; r++) {
		const struct rule *rule = &rs->rules[r];
		struct token t = { .rule = r, .entry_step = -1, .origin = ev,
				   .by_field = true };

		if (!rule->state || rule->hold.reg != ev->reg ||
		    !cx->env->rule_on[r] || !rule_may_apply(cx->env, p, r))
			continue;
		t.fields = rs->db.regs[ev->reg].fields[rule->hold.field].mask;
		add_token(p, &t);
	}
	settle(cx, p);
}

/*
 * A write of a state rule's register replaces whatever was pending for
 * the field: written with the value held, the write must be synchronized
 * (the steps after the hold steps); with any other, or one not known, the
 * field may differ (HOLD_MAY).  A write that may not happen (one side of
 * an alternative) keeps what was pending too.
 */
static void state_write(struct cx *cx, struct part *p, const struct event *ev,
			struct aval val, bool may)
{
	const struct ruleset *rs = cx->env->rs;

	for (int r = 0; r < rs->nrules; r++) {
		const struct rule *rule = &rs->rules[r];
		const struct field *f;
		struct token t = { .rule = r, .entry_step = -1, .origin = ev,
				   .by_field = true };
		bool holds;

		if (!rule->state || rule->hold.reg != ev->reg ||
		    !cx->env->rule_on[r] || !rule_may_apply(cx->env, p, r))
			continue;
		f = &rs->db.regs[ev->reg].fields[rule->hold.field];
		if ((cx->env->view.pin_const[ev->reg] & f->mask) == f->mask)
			continue;	/* a pinned field: the write keeps it */
		holds = (val.known & f->mask) == f->mask &&
			((val.bits & f->mask) >> f->lo) == rule->hold.value;
		if (!may) {
			struct part out = { 0 };

			for (int i = 0; i < p->nt; i++)
				if (p->t[i].rule != r)
					add_token(&out, &p->t[i]);
			set_tokens(p, &out);
		}
		t.fields = f->mask;
		t.step = holds ? 2 : 1;
		if (t.step < rule->nneed)
			add_token(p, &t);
	}
}

/* The register's content after a write of v: what is then known of it. */
static void update_known(struct cx *cx, struct part *p,
			 const struct event *ev, struct aval v, bool may)
{
	const struct env *env = cx->env;
	int reg = ev->reg;
	struct aval prior;

	if (ev->kind != EV_WRITE || reg < 0)
		return;
	prior = fact_get(env, p, reg);
	/* what is written becomes the content: "same as before" bits keep theirs */
	if (v.sym == reg) {
		v.known |= v.same & prior.known;
		v.bits |= v.same & prior.known & prior.bits;
	}
	/* pinned fields keep their pinned value whatever is written */
	v.known = (v.known & ~env->view.pin_const[reg]) |
		  env->view.pin_known[reg];
	v.bits = (v.bits & ~env->view.pin_const[reg]) |
		 (env->view.pin_bits[reg] & env->view.pin_known[reg]);
	v.bits &= v.known;
	if (may)
		v = aval_meet(v, prior);
	fact_set(p, reg, v.known, v.bits);
	/* a local that held the register's content holds the old one now */
	for (int i = p->nloc - 1; i >= 0; i--)
		if (p->loc[i].v.sym == reg) {
			struct aval l = p->loc[i].v;

			l.sym = -1;
			l.same = 0;
			loc_set(p, p->loc[i].slot, l);
		}
}

/*
 * An event in a kernel alternative runs on one side of a capability:
 * 1 it runs, 0 it does not, -1 it may (the capability is not known).
 */
static int runs(struct cx *cx, const struct part *p, const struct event *ev)
{
	struct aval cap;

	if (!ev->may)
		return 1;
	if (ev->alt_cap < 0 || !ev->alt_side)
		return -1;
	cap = fact_get(cx->env, p, cap_sym(&cx->env->an->syms, ev->alt_cap));
	if (!(cap.known & 1))
		return -1;
	return (ev->alt_side == 2) == (cap.bits & 1);
}

static struct summary *summarise(struct env *env, struct function *fn,
				 const struct context *ctx);
static const struct refs *refs_of(struct analysis *an,
				  const struct function *fn);
static struct env *env_of(struct env *caller, const struct function *fn);
static void context_of(struct cx *cx, const struct part *p,
		       const struct event *call, const struct function *fn,
		       struct context *ctx);

/* The value a call returns when nothing in the callee says otherwise. */
static struct aval call_result(struct cx *cx, const struct part *p,
			       const struct event *ev, bool *fixed)
{
	long long v;

	*fixed = true;
	if (ev->val)
		return eval(cx, p, ev->val, 0);
	if (ev->name && config_returns(cx->env->rs, cx->env->view.selected,
				       ev->name, &v))
		return aval_const((uint64_t)v);
	*fixed = false;
	return AVAL_UNKNOWN;
}

static void set_slot(struct part *p, int slot, struct aval v)
{
	loc_set(p, slot, v);
}

/* The callee's exit partition x applied to a copy of caller partition p. */
static bool apply_exit(struct cx *cx, struct part *out, const struct part *p,
		       const struct event *call, const struct summary *sum,
		       const struct xpart *x, const struct refs *refs,
		       struct aval result, bool fixed)
{
	struct env *env = cx->env;
	int nregs = env->an->syms.nregs;

	part_init(out);
	out->unknown = p->unknown;
	for (int i = 0; i < p->nloc; i++)
		VEC_PUSH(out->loc, out->nloc, out->loccap, p->loc[i]);
	/*
	 * The caller's facts, but for the registers the callee uses: those
	 * are what its exit says.  Other symbols (a capability, a pure
	 * call's result) are fixed for the run, so the callee cannot change
	 * them: what both know of one holds, and an exit that contradicts
	 * the caller is a path that cannot run from here.
	 */
	for (int i = 0; i < p->nf; i++) {
		bool used = false;

		for (int j = 0; j < refs->n && !used && p->f[i].sym < nregs; j++)
			used = refs->syms[j] == p->f[i].sym;
		if (!used && !(refs->incomplete && p->f[i].sym < nregs))
			VEC_PUSH(out->f, out->nf, out->fcap, p->f[i]);
	}
	/*
	 * Unknown code in the callee may have written any register; what
	 * the callee knew at its exit already allows for it.
	 */
	if (x->unknown) {
		forget_registers(env, out);
		out->unknown = true;
	}
	/* what the caller read from memory, the callee may have changed */
	if (refs->stores)
		forget_memory(env, out);
	for (int i = 0; i < x->nf; i++) {
		struct aval v;

		if (x->f[i].sym < nregs) {
			fact_set(out, x->f[i].sym, x->f[i].known, x->f[i].bits);
			continue;
		}
		v = fact_get(env, out, x->f[i].sym);
		if (!aval_learn(&v, x->f[i].known, x->f[i].bits)) {
			part_free(out);
			return false;
		}
		fact_set(out, x->f[i].sym, v.known, v.bits);
	}
	for (int i = out->nloc - 1; i >= 0; i--) {
		struct aval l = out->loc[i].v;

		if (l.sym < 0 || l.sym >= env->an->syms.nregs)
			continue;
		/* a register the callee may have written */
		for (int j = 0; j < refs->n; j++)
			if (refs->syms[j] == l.sym) {
				l.sym = -1;
				l.same = 0;
				loc_set(out, out->loc[i].slot, l);
				break;
			}
	}
	set_slot(out, call->slot, fixed ? result : x->ret);

	for (int i = 0; i < p->nt; i++) {
		const struct token *t = &p->t[i];
		const struct rule *r = &env->rs->rules[t->rule];
		const struct kexit *k = &x->kx[kind_of(env, t->rule, t->clause,
						       t->step)];

		if (!sum->rule_on[t->rule]) {
			/* a callee built where the rule is off: unknown code */
			add_token(out, t);
			continue;
		}
		for (int j = 0; j < MAX_STEPS; j++) {
			struct token n = *t;

			if (!(k->steps & (1u << j)))
				continue;
			n.step = j;
			if (j != t->step) {
				/* a new step began in the callee */
				n.alt_cap = k->cap[j];
				n.alt_sides = k->sides[j];
			} else if (k->sides[j] &&
				   (!t->alt_sides || t->alt_cap == k->cap[j])) {
				/* sides seen before the call and in it */
				n.alt_cap = k->cap[j];
				n.alt_sides |= k->sides[j];
			}	/* else the caller's record stands */
			if (n.alt_sides)
				n.alt_sides |= moot_side(env, t->rule,
							 n.alt_cap);
			if (n.alt_sides == 3) {
				/* every CPU ran the step */
				n.step++;
				n.alt_sides = 0;
				n.alt_cap = 0;
				if (n.step >= r->nneed)
					continue;
			}
			add_token(out, &n);
		}
	}
	for (int i = 0; i < x->nexits; i++) {
		struct token n = x->exits[i];

		n.entry_step = -1;
		n.trail = trail_add(env, n.trail, TRAIL_RETURN, call);
		add_token(out, &n);
	}
	settle(cx, out);	/* the callee may have tested a field */
	return true;
}

/*
 * A call to fn (a function with a body) in the context p gives: each of
 * fn's exits becomes a partition of out.  p is taken.
 */
static void apply_call(struct cx *cx, struct state *out, struct part *p,
		       const struct event *call, struct function *fn)
{
	struct env *callee_env = env_of(cx->env, fn);
	struct context ctx;
	struct summary *sum;
	const struct refs *refs;
	struct aval result;
	bool fixed;

	result = call_result(cx, p, call, &fixed);
	context_of(cx, p, call, fn, &ctx);
	sum = summarise(callee_env, fn, &ctx);
	free(ctx.params);
	free(ctx.f);
	if (!sum) {
		/* recursion: unknown code */
		forget_registers(cx->env, p);
		forget_memory(cx->env, p);
		p->unknown = true;
		set_slot(p, call->slot, result);
		state_add(cx->env, out, p);
		return;
	}
	refs = refs_of(cx->env->an, fn);
	/* what the callee's own accesses do to the obligations entering it */
	for (int i = 0; i < p->nt; i++) {
		const struct token *t = &p->t[i];
		int k = kind_of(cx->env, t->rule, t->clause, t->step);
		const struct trail *enter;

		if (!sum->rule_on[t->rule] || !sum->nfires[k] ||
		    !rule_may_apply(cx->env, p, t->rule))
			continue;
		enter = trail_add(cx->env, NULL, TRAIL_ENTER, call);
		for (int j = 0; j < sum->nfires[k]; j++)
			fire(cx, t, sum->fires[k][j].access,
			     trail_concat(cx->env, enter,
					  sum->fires[k][j].trail));
	}

	for (int i = 0; i < sum->nx; i++) {
		struct part n;

		if (apply_exit(cx, &n, p, call, sum, &sum->x[i], refs,
			       result, fixed))
			state_add(cx->env, out, &n);
	}
	part_free(p);
}

/*
 * May a call through a pointer in unit reach fn?  fn's address is taken
 * and its type is the pointer's, and it is in the same image: a TU built
 * with the same configuration (an nVHE object never calls into the VHE
 * one).  Static or not: a pointer to a static function escapes its TU in
 * the structures that carry it (a page-table walker's mm_ops).
 */
static bool indirect_target(const struct analysis *an, int unit,
			    const struct event *call, const struct function *fn)
{
	if (!call->fntype || strcmp(fn->type, call->fntype))
		return false;
	if (fn->unit == unit)
		return true;
	return an->tus[fn->unit]->configs == an->tus[unit]->configs;
}

/*
 * A call through a pointer may call any function indirect_target()
 * allows (an exit-handler table's entries); with none, unknown code.
 * Returns false for unknown code.
 */
static bool apply_indirect(struct cx *cx, struct state *out, struct part *p,
			   const struct event *call)
{
	struct analysis *an = cx->env->an;
	int n = 0;

	for (int i = 0; i < an->ntaken; i++)
		n += indirect_target(an, cx->env->unit, call, an->taken[i]);
	if (!n)
		return false;
	for (int i = 0; i < an->ntaken; i++) {
		struct part q;

		if (!indirect_target(an, cx->env->unit, call, an->taken[i]))
			continue;
		part_copy(&q, p);
		apply_call(cx, out, &q, call, an->taken[i]);
	}
	part_free(p);
	return true;
}


/*
 * A compiler builtin (__builtin_expect, __builtin_ctzll, ...) writes no
 * system register; the ACLE ones that do (__builtin_arm_wsr64, ...) stay
 * unknown code.
 */
static bool is_builtin(const struct event *ev)
{
	return ev->name && !strncmp(ev->name, "__builtin_", 10) &&
	       strncmp(ev->name, "__builtin_arm_", 14);
}

/* An instruction that stores to memory (inline asm: str, stp, swp, ...). */
static bool is_store_insn(const struct event *ev)
{
	static const char *const stores[] = {
		"st", "swp", "cas", "ldadd", "ldclr", "ldeor", "ldset",
		"ldsmax", "ldsmin", "ldumax", "ldumin",
	};

	if (!ev->insn)
		return false;
	if (!strcmp(ev->insn, "dc") && ev->name && !strcmp(ev->name, "zva"))
		return true;
	for (size_t i = 0; i < sizeof(stores) / sizeof(*stores); i++)
		if (!strncmp(ev->insn, stores[i], strlen(stores[i])))
			return true;
	return false;
}

/*
 * A call to code with no body in the run: what the rules say it writes,
 * or else any register.
 */
static void call_unknown(struct cx *cx, struct part *p,
			 const struct event *ev)
{
	const struct fn_attr *a = ev->name ?
		rules_find_fn(cx->env->rs, ev->name) : NULL;

	if (a && a->writes_known) {
		for (int i = 0; i < a->nwrites; i++) {
			int k = fact_index(p, a->writes[i]);

			if (k >= 0)
				fact_drop(p, k);
			for (k = p->nloc - 1; k >= 0; k--)
				if (p->loc[k].v.sym == a->writes[i]) {
					struct aval l = p->loc[k].v;

					l.sym = -1;
					l.same = 0;
					loc_set(p, p->loc[k].slot, l);
				}
		}
		return;
	}
	forget_registers(cx->env, p);
	p->unknown = true;
}

/*
 * A store: what was read from memory may have changed, but where the
 * front end names what is stored where (value.c), that memory holds it.
 */
static void store_memory(struct cx *cx, struct part *p,
			 const struct event *ev)
{
	struct symbols *s = &cx->env->an->syms;
	struct aval v = ev->val ? eval(cx, p, ev->val, 0) : AVAL_UNKNOWN;

	forget_memory(cx->env, p);
	if (!ev->name || !ev->val || strncmp(ev->name, "mem:", 4))
		return;
	if (v.sym >= 0 && sym_is_mem(s, v.sym)) {
		v.sym = -1;	/* what memory held before this store */
		v.same = 0;
	}
	loc_set(p, MEM_SLOT_BASE + sym_intern(s, ev->name, 0), v);
}

/* Runs one event on every partition of s. */
static void transfer(struct cx *cx, struct state *s, const struct event *ev)
{
	struct state out = { .branch = s->branch };


	if (ev->kind == EV_CALL && !is_cse(cx->env, ev) &&
	    (ev->callee || ev->fntype)) {
		for (int i = 0; i < s->np; i++) {
			check_before(cx, &s->p[i], ev, AVAL_UNKNOWN);
			if (ev->callee) {
				apply_call(cx, &out, &s->p[i], ev, ev->callee);
			} else if (!apply_indirect(cx, &out, &s->p[i], ev)) {
				/* unknown code may write any register */
				forget_registers(cx->env, &s->p[i]);
				forget_memory(cx->env, &s->p[i]);
				s->p[i].unknown = true;
				state_add(cx->env, &out, &s->p[i]);
			}
		}
		free(s->p);
		*s = out;
		s->reached = s->np > 0;
		return;
	}
	for (int i = 0; i < s->np; i++) {
		struct part *p = &s->p[i];
		struct aval val = AVAL_UNKNOWN;
		bool fixed;
		int r = runs(cx, p, ev);

		if (!r)
			continue;	/* the other side of the alternative */
		switch (ev->kind) {
		case EV_ASSIGN:
			set_slot(p, ev->slot, eval(cx, p, ev->val, 0));
			continue;
		case EV_FORGET:
			for (int k = 0; k < ev->nargs; k++)
				set_slot(p, ev->slot + k, AVAL_UNKNOWN);
			continue;
		case EV_STORE:
			store_memory(cx, p, ev);
			continue;
		case EV_CALL:
			check_before(cx, p, ev, val);
			advance_steps(cx, p, ev, false);
			/*
			 * A call the rules or its declaration call pure (its
			 * result is a symbol) has no effect beyond its value;
			 * any other may store to memory.
			 */
			if (!is_builtin(ev) && !(ev->val && ev->val->op == VX_SYM)) {
				forget_memory(cx->env, p);
				if (!is_cse(cx->env, ev))
					call_unknown(cx, p, ev);
			}
			set_slot(p, ev->slot, call_result(cx, p, ev, &fixed));
			continue;
		case EV_INSN:
			if (is_store_insn(ev))
				forget_memory(cx->env, p);
			break;
		case EV_WRITE:
			val = eval(cx, p, ev->val, 0);
			break;
		default:
			break;
		}
		check_before(cx, p, ev, val);
		advance_steps(cx, p, ev, r < 0);
		start_obligations(cx, p, ev, val, r < 0);
		update_known(cx, p, ev, val, r < 0);
		if (ev->kind == EV_WRITE && ev->reg >= 0)
			state_write(cx, p, ev, val, r < 0);
		else if (ev->kind == EV_READ && ev->reg >= 0)
			state_read(cx, p, ev);
	}
}

/* ---- what a function uses ---- */

static bool same_fn(int i, void *ctx)
{
	const struct analysis *an = ((const void **)ctx)[0];
	const struct function *fn = ((const void **)ctx)[1];

	return an->refs[i].fn == fn;
}

static void add_ref(int **v, int *n, int *cap, int sym)
{
	for (int i = 0; i < *n; i++)
		if ((*v)[i] == sym)
			return;
	VEC_PUSH(*v, *n, *cap, sym);
}

static void vexpr_refs(struct analysis *an, const struct vexpr *e, int **v,
		       int *n, int *cap, int depth)
{
	if (!e || depth > 128)
		return;
	if (e->op == VX_READ && e->a >= 0)
		add_ref(v, n, cap, e->a);
	if (e->op == VX_SYM)
		add_ref(v, n, cap, sym_intern(&an->syms, e->sym, e->c));
	vexpr_refs(an, e->l, v, n, cap, depth + 1);
	vexpr_refs(an, e->r, v, n, cap, depth + 1);
	vexpr_refs(an, e->cond, v, n, cap, depth + 1);
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/*
 * The symbols fn and everything it calls may read or change: its calling
 * context is what its caller knows of these, and its summary says what
 * they are at its exit.
 */
static const struct refs *refs_of(struct analysis *an,
				  const struct function *fn)
{
	const void *key[2] = { an, fn };
	uint64_t h = hash_bytes(&fn, sizeof(fn), HASH_SEED);
	int i = hashidx_find(&an->refs_index, h, same_fn, key), cap = 0;
	struct refs r = { fn, NULL, 0, false, true, false, false };
	bool stores = false;
	int *v = NULL, n = 0;

	if (i >= 0) {
		if (an->refs[i].busy)
			an->refs[i].incomplete = true;
		return &an->refs[i];
	}
	VEC_PUSH(an->refs, an->nrefs, an->refs_cap, r);
	i = an->nrefs - 1;
	hashidx_add(&an->refs_index, h, i);
	for (int b = 0; b < fn->nblocks; b++) {
		const struct block *blk = &fn->blocks[b];

		vexpr_refs(an, blk->branch, &v, &n, &cap, 0);
		for (int e = 0; e < blk->nev; e++) {
			const struct event *ev = blk->ev[e];

			if ((ev->kind == EV_WRITE || ev->kind == EV_READ) &&
			    ev->reg >= 0)
				add_ref(&v, &n, &cap, ev->reg);
			if (ev->kind == EV_CALL && !ev->callee && ev->name) {
				const struct fn_attr *a =
					rules_find_fn(an->rs, ev->name);
				bool targets = false;

				for (int w = 0; a && w < a->nwrites; w++)
					add_ref(&v, &n, &cap, a->writes[w]);
				for (int t = 0; ev->fntype && t < an->ntaken; t++)
					targets |= indirect_target(an, fn->unit, ev,
								   an->taken[t]);
				/*
				 * code with no body may store, but for pure
				 * calls and those that never return
				 */
				if (!targets && !is_builtin(ev) &&
				    !(ev->val && ev->val->op == VX_SYM) &&
				    !(a && a->noreturn))
					stores = true;
			}
			if (ev->kind == EV_STORE || is_store_insn(ev))
				stores = true;
			if (ev->may && ev->alt_cap >= 0)
				add_ref(&v, &n, &cap,
					cap_sym(&an->syms, ev->alt_cap));
			vexpr_refs(an, ev->val, &v, &n, &cap, 0);
			for (int a = 0; ev->kind == EV_CALL && a < ev->nargs; a++)
				vexpr_refs(an, ev->args[a], &v, &n, &cap, 0);
			for (int t = -1; ev->kind == EV_CALL &&
			     t < (ev->callee ? 0 : an->ntaken); t++) {
				const struct function *callee = t < 0 ?
					ev->callee : an->taken[t];
				const struct refs *c;

				if (!callee || (t >= 0 &&
				    !indirect_target(an, fn->unit, ev, callee)))
					continue;
				c = refs_of(an, callee);
				for (int k = 0; k < c->n; k++)
					add_ref(&v, &n, &cap, c->syms[k]);
				stores |= c->stores || c->incomplete;
				/* refs_of() may have grown an->refs */
				if (an->refs[i].incomplete || c->incomplete)
					an->refs[i].incomplete = true;
			}
		}
	}
	if (n > 1)
		qsort(v, (size_t)n, sizeof(*v), cmp_int);
	an->refs[i].syms = v;
	an->refs[i].n = n;
	an->refs[i].stores = stores || an->refs[i].incomplete;
	an->refs[i].busy = false;
	an->refs[i].done = true;
	return &an->refs[i];
}

/* ---- contexts and summaries ---- */

static uint64_t context_hash(const struct function *fn,
			     const struct context *c)
{
	uint64_t h = hash_bytes(&fn, sizeof(fn), HASH_SEED);

	for (int i = 0; i < c->nparams; i++) {
		struct aval v = c->params[i];

		v.bits &= v.known;
		h = hash_bytes(&v.known, sizeof(v.known), h);
		h = hash_bytes(&v.bits, sizeof(v.bits), h);
		h = hash_bytes(&v.sym, sizeof(v.sym), h);
	}
	/* field by field: a struct's padding is not part of its value */
	for (int i = 0; i < c->nf; i++) {
		h = hash_bytes(&c->f[i].sym, sizeof(c->f[i].sym), h);
		h = hash_bytes(&c->f[i].known, sizeof(c->f[i].known), h);
		h = hash_bytes(&c->f[i].bits, sizeof(c->f[i].bits), h);
	}
	return h;
}

static void context_of(struct cx *cx, const struct part *p,
		       const struct event *call, const struct function *fn,
		       struct context *ctx)
{
	const struct refs *refs = refs_of(cx->env->an, fn);

	memset(ctx, 0, sizeof(*ctx));
	ctx->nparams = fn->nparams;
	ctx->params = xcalloc((size_t)fn->nparams + 1, sizeof(*ctx->params));
	for (int i = 0; i < fn->nparams; i++)
		ctx->params[i] = i < call->nargs ?
			eval(cx, p, call->args[i], 0) : AVAL_UNKNOWN;
	/*
	 * What the caller knows of the symbols the callee uses; of a
	 * register, only the bits a rule reads, so that callers that differ
	 * in nothing the rules look at share the callee's analysis.
	 */
	ctx->f = xcalloc((size_t)refs->n + 1, sizeof(*ctx->f));
	for (int i = 0; i < refs->n; i++) {
		int j = fact_index(p, refs->syms[i]), sym = refs->syms[i];
		struct fact f;

		if (j < 0)
			continue;
		f = p->f[j];
		if (sym < cx->env->an->syms.nregs) {
			f.known &= cx->env->an->relevant[sym];
			f.bits &= f.known;
			if (!f.known)
				continue;
		}
		ctx->f[ctx->nf++] = f;
	}
	ctx->hash = context_hash(fn, ctx);

}

static bool same_context(const struct context *a, const struct context *b)
{
	if (a->nparams != b->nparams || a->nf != b->nf)
		return false;
	for (int i = 0; i < a->nparams; i++)
		if (!aval_equal(a->params[i], b->params[i]))
			return false;
	for (int i = 0; i < a->nf; i++)
		if (a->f[i].sym != b->f[i].sym ||
		    a->f[i].known != b->f[i].known ||
		    a->f[i].bits != b->f[i].bits)
			return false;
	return true;
}

/* The context that knows nothing of the caller. */
static bool context_is_top(const struct context *c)
{
	if (c->nf)
		return false;
	for (int i = 0; i < c->nparams; i++)
		if (!aval_unknown(c->params[i]))
			return false;
	return true;
}

struct sum_key {
	const struct env *env;
	const struct function *fn;
	const struct context *ctx;
};

static bool same_summary(int i, void *ctx)
{
	const struct sum_key *k = ctx;
	const struct summary *s = k->env->sums[i];

	return s->fn == k->fn && same_context(&s->ctx, k->ctx);
}

struct count_key {
	const struct env *env;
	const struct function *fn;
};

static bool same_count(int i, void *ctx)
{
	const struct count_key *k = ctx;

	return k->env->counts[i].fn == k->fn;
}

/* How many contexts fn has had in env (a counter to bump). */
static int *context_count(struct env *env, const struct function *fn)
{
	struct count_key key = { env, fn };
	uint64_t h = hash_bytes(&fn, sizeof(fn), HASH_SEED);
	int i = hashidx_find(&env->count_index, h, same_count, &key);

	if (i >= 0)
		return &env->counts[i].n;
	VEC_PUSH(env->counts, env->ncounts, env->counts_cap,
		 ((struct fn_count){ fn, 0 }));
	hashidx_add(&env->count_index, h, env->ncounts - 1);
	return &env->counts[env->ncounts - 1].n;
}

/* fn's unit analysed in the caller's variant, or in its first. */
static struct env *env_of(struct env *caller, const struct function *fn)
{
	struct analysis *an = caller->an;
	struct env *first = NULL;

	if (fn->unit == caller->unit)
		return caller;
	for (int i = 0; i < an->nenvs; i++) {
		if (an->envs[i].unit != fn->unit)
			continue;
		if (an->envs[i].variant == caller->variant)
			return &an->envs[i];
		if (!first)
			first = &an->envs[i];
	}
	return first ? first : caller;
}

static struct summary *summary_new(struct env *env, struct function *fn,
				   const struct context *ctx)
{
	struct summary *s = xcalloc(1, sizeof(*s));
	int nk = env->an->nkinds + 1;

	s->fn = fn;
	s->ctx.nparams = ctx->nparams;
	s->ctx.params = xcalloc((size_t)ctx->nparams + 1, sizeof(struct aval));
	if (ctx->nparams)
		memcpy(s->ctx.params, ctx->params,
		       (size_t)ctx->nparams * sizeof(struct aval));
	s->ctx.nf = ctx->nf;
	s->ctx.f = xcalloc((size_t)ctx->nf + 1, sizeof(struct fact));
	if (ctx->nf)
		memcpy(s->ctx.f, ctx->f, (size_t)ctx->nf * sizeof(struct fact));
	s->ctx.hash = ctx->hash;
	s->fires = xcalloc((size_t)nk, sizeof(*s->fires));
	s->nfires = xcalloc((size_t)nk, sizeof(int));
	s->fires_cap = xcalloc((size_t)nk, sizeof(int));
	s->rule_on = env->rule_on;
	return s;
}

/* The state at fn's entry in context ctx. */
static void entry_state(struct env *env, const struct context *ctx,
			struct state *in)
{
	const struct ruleset *rs = env->rs;
	struct part p;

	part_init(&p);
	for (int i = 0; i < ctx->nparams; i++)
		loc_set(&p, 1 + i, ctx->params[i]);
	for (int i = 0; i < ctx->nf; i++)
		fact_set(&p, ctx->f[i].sym, ctx->f[i].known, ctx->f[i].bits);
	for (int r = 0; r < rs->nrules; r++) {
		if (!env->rule_on[r])
			continue;
		for (int c = 0; c < rs->rules[r].nclauses; c++)
			for (int s = 0; s < rs->rules[r].nneed; s++) {
				struct token t = {
					.rule = r, .clause = c, .step = s,
					.entry_step = s,
				};

				add_token(&p, &t);
			}
	}
	state_add(env, in, &p);
}

/* The exit partitions, as the summary keeps them. */
static void record_exits(struct env *env, struct summary *sum,
			 const struct state *exit, const struct refs *refs)
{
	for (int i = 0; i < exit->np; i++) {
		const struct part *p = &exit->p[i];
		struct xpart x = { 0 };

		x.kx = xcalloc((size_t)env->an->nkinds + 1, sizeof(*x.kx));
		x.f = xcalloc((size_t)refs->n + 1, sizeof(*x.f));
		for (int j = 0; j < refs->n; j++) {
			int k = fact_index(p, refs->syms[j]);

			/* its own reads of memory mean nothing to a caller */
			if (k >= 0 && !sym_is_mem(&env->an->syms, p->f[k].sym))
				x.f[x.nf++] = p->f[k];
		}
		x.ret = loc_get(p, SLOT_RETURN);
		x.unknown = p->unknown;
		for (int j = 0; j < p->nt; j++) {
			const struct token *t = &p->t[j];
			struct kexit *k;

			if (t->origin) {
				VEC_PUSH(x.exits, x.nexits, x.exits_cap, *t);
				continue;
			}
			k = &x.kx[kind_of(env, t->rule, t->clause,
					  t->entry_step)];
			/* one such token per step: already what all paths share */
			k->steps |= 1u << t->step;
			k->cap[t->step] = t->alt_cap;
			k->sides[t->step] = t->alt_sides;
		}
		VEC_PUSH(sum->x, sum->nx, sum->xcap, x);
	}
}

static void summary_free(struct env *env, struct summary *s)
{
	for (int k = 0; k <= env->an->nkinds; k++)
		free(s->fires[k]);
	free(s->fires);
	free(s->nfires);
	free(s->fires_cap);
	for (int i = 0; i < s->nx; i++) {
		free(s->x[i].f);
		free(s->x[i].exits);
		free(s->x[i].kx);
	}
	free(s->x);
	free(s->ctx.params);
	free(s->ctx.f);
	hashidx_free(&s->fire_index);
	free(s);
}

/* ---- which locals are live ---- */

/*
 * A local's value matters only where something may still read it: a
 * partition that knows a dead local's value is kept apart from one that
 * knows another for nothing, so what enters a block is cut to the locals
 * live there.  The usual backward dataflow, as bitsets over fn's slots.
 */
struct liveness {
	int words;		/* per block */
	uint64_t *in;		/* live on entry to each block */
};

static void live_gen(const struct vexpr *e, uint64_t *set, int nslots,
		     int depth)
{
	if (!e || depth > 128)
		return;
	if (e->op == VX_LOCAL && e->a >= 0 && e->a < nslots)
		set[e->a / 64] |= 1ull << (e->a % 64);
	live_gen(e->l, set, nslots, depth + 1);
	live_gen(e->r, set, nslots, depth + 1);
	live_gen(e->cond, set, nslots, depth + 1);
}

static void live_kill(uint64_t *set, int slot, int nslots)
{
	if (slot >= 0 && slot < nslots)
		set[slot / 64] &= ~(1ull << (slot % 64));
}

/* set := what is live before blk, given what is live after it */
static void live_through(const struct block *blk, uint64_t *set, int nslots)
{
	live_gen(blk->branch, set, nslots, 0);
	for (int e = blk->nev - 1; e >= 0; e--) {
		const struct event *ev = blk->ev[e];

		switch (ev->kind) {
		case EV_ASSIGN:
			live_kill(set, ev->slot, nslots);
			break;
		case EV_FORGET:
			for (int k = 0; k < ev->nargs; k++)
				live_kill(set, ev->slot + k, nslots);
			break;
		case EV_CALL:
			live_kill(set, ev->slot, nslots);
			for (int a = 0; a < ev->nargs; a++)
				live_gen(ev->args[a], set, nslots, 0);
			break;
		default:
			break;
		}
		live_gen(ev->val, set, nslots, 0);
	}
}

static void liveness_init(struct liveness *lv, const struct function *fn)
{
	int nb = fn->nblocks, n = fn->nslots, w = (n + 63) / 64 + 1;
	uint64_t *set = xcalloc((size_t)w, sizeof(*set));
	bool changed = true;

	lv->words = w;
	lv->in = xcalloc((size_t)nb * (size_t)w, sizeof(*lv->in));
	while (changed) {
		changed = false;
		for (int b = nb - 1; b >= 0; b--) {
			const struct block *blk = &fn->blocks[b];

			memset(set, 0, (size_t)w * sizeof(*set));
			if (b == BLOCK_EXIT)
				set[SLOT_RETURN / 64] |= 1ull << (SLOT_RETURN % 64);
			for (int i = 0; i < blk->nsucc; i++)
				for (int k = 0; k < w; k++)
					set[k] |= lv->in[(size_t)blk->succ[i] * w + k];
			live_through(blk, set, n);
			for (int k = 0; k < w; k++) {
				uint64_t *in = &lv->in[(size_t)b * w + k];

				if ((*in | set[k]) != *in) {
					*in |= set[k];
					changed = true;
				}
			}
		}
	}
	free(set);
}

/* Drops from p the locals not live on entry to block b. */
static void drop_dead(const struct liveness *lv, int b, struct part *p)
{
	const uint64_t *in = &lv->in[(size_t)b * lv->words];

	for (int i = p->nloc - 1; i >= 0; i--) {
		int s = p->loc[i].slot;

		if (s / 64 < lv->words && !(in[s / 64] >> (s % 64) & 1))
			loc_set(p, s, AVAL_UNKNOWN);
	}
}

/* Runs fn's dataflow in ctx to its fixpoint (or the visit budget). */
static void analyse_function(struct env *env, struct function *fn,
			     struct summary *sum, const struct context *ctx)
{
	struct cx cx = { env, fn, sum };
	struct liveness lv;
	struct state *in, work;
	int *queue, qh = 0, qt = 0, nb = fn->nblocks, i;
	long visits = 0;
	long limit = env->out->visits_per_block ?
		(long)env->out->visits_per_block * nb :
		(long)VISITS_PER_BLOCK * nb + VISITS_EXTRA;
	bool *queued;

	liveness_init(&lv, fn);
	in = xcalloc((size_t)nb, sizeof(*in));
	queue = xcalloc((size_t)nb + 1, sizeof(int));
	queued = xcalloc((size_t)nb, sizeof(bool));
	entry_state(env, ctx, &in[BLOCK_ENTRY]);
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
		memset(&work, 0, sizeof(work));
		work.branch = blk->branch;
		state_join(env, &work, &in[b]);
		for (i = 0; i < blk->nev && work.np; i++)
			transfer(&cx, &work, blk->ev[i]);
		for (i = 0; i < blk->nsucc && work.np; i++) {
			int to = blk->succ[i];
			bool changed = false;

			if (to < 0 || to >= nb)	/* (a model is checked on load) */
				continue;
			for (int j = 0; j < work.np; j++) {
				struct part p;

				part_copy(&p, &work.p[j]);
				if (!take_edge(&cx, &p, blk, i)) {
					part_free(&p);
					continue;
				}
				drop_dead(&lv, to, &p);
				changed |= state_add(env, &in[to], &p);
			}
			if (changed && !queued[to]) {
				queued[to] = true;
				queue[qt] = to;
				qt = (qt + 1) % (nb + 1);
			}
		}
		state_free(&work);
	}
	env->out->stats.contexts++;
	env->out->stats.blocks += nb;
	for (i = 0; i < nb; i++)
		env->out->stats.events += fn->blocks[i].nev;
	record_exits(env, sum, &in[BLOCK_EXIT], refs_of(env->an, fn));
	for (i = 0; i < nb; i++)
		state_free(&in[i]);
	free(in);
	free(queue);
	free(queued);
	free(lv.in);
	hashidx_free(&sum->fire_index);	/* only needed while it is built */
	hashidx_free(&sum->found_index);
	free(sum->fire_at);
	sum->fire_at = NULL;
}

/*
 * fn's summary in ctx: the one made before, or a new one; past
 * MAX_CONTEXTS, the one that knows nothing of its caller.  NULL for a
 * recursive call.
 */
static struct summary *summarise(struct env *env, struct function *fn,
				 const struct context *ctx)
{
	struct context top = { 0 };
	struct sum_key key = { env, fn, ctx };
	int i = hashidx_find(&env->sum_index, ctx->hash, same_summary, &key);
	int *count;
	struct summary *sum;

	if (i >= 0)
		return env->sums[i]->busy ? NULL : env->sums[i];
	count = context_count(env, fn);
	if (*count >= MAX_CONTEXTS && !context_is_top(ctx)) {
		top.nparams = fn->nparams;
		top.params = xcalloc((size_t)fn->nparams + 1,
				     sizeof(*top.params));
		for (int k = 0; k < fn->nparams; k++)
			top.params[k] = AVAL_UNKNOWN;
		top.hash = context_hash(fn, &top);
		env->out->stats.fallbacks++;
		sum = summarise(env, fn, &top);
		free(top.params);
		return sum;
	}
	(*count)++;
	if (*count == 1)
		env->out->stats.functions++;
	sum = summary_new(env, fn, ctx);
	sum->busy = true;
	VEC_PUSH(env->sums, env->nsums, env->sums_cap, sum);
	hashidx_add(&env->sum_index, ctx->hash, env->nsums - 1);
	analyse_function(env, fn, sum, ctx);
	if (fn->cut || fn->truncated)
		env->out->stats.cut++;
	sum->busy = false;
	return sum;
}

/* ---- the whole run ---- */

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

static void env_init(struct env *env, struct analysis *an, struct tu *tu,
		     int unit, uint64_t selected, struct findings *out,
		     struct hashidx *seen)
{
	const struct ruleset *rs = an->rs;

	memset(env, 0, sizeof(*env));
	env->an = an;
	env->rs = rs;
	env->tu = tu;
	env->unit = unit;
	env->out = out;
	env->seen = seen;
	env->first_finding = out->n;
	config_view_init(&env->view, rs, selected, tu);
	for (int k = 0; k < rs->nconfigs && k < MAX_CONFIGS; k++)
		if ((selected & (1ull << k)) && rs->configs[k].variant)
			env->variant |= 1ull << k;
	env->capsyms = xcalloc((size_t)env->view.ncaps + 1,
			       sizeof(*env->capsyms));
	for (int k = 0; k < env->view.ncaps; k++) {
		env->capsyms[k].sym = cap_sym(&an->syms,
					      (int)env->view.caps[k].num);
		env->capsyms[k].value = env->view.caps[k].value;
	}
	env->ncapsyms = env->view.ncaps;
	env->rule_on = xcalloc((size_t)rs->nrules + 1, sizeof(bool));
	env->rule_cap = xcalloc((size_t)rs->nrules + 1, sizeof(int));
	env->cse_on = xcalloc((size_t)rs->ncses + 1, sizeof(bool));
	for (int i = 0; i < rs->nrules; i++) {
		int c = rs->rules[i].when_cap;
		long long num = c >= 0 && c < tu->ncapnum ? tu->capnum[c] : -1;

		env->rule_on[i] = cond_eval(env, &rs->rules[i].when) != 0;
		env->rule_cap[i] = -1;
		/*
		 * An erratum's rule where the TU does not define its
		 * capability: this kernel has no such workaround, so nothing
		 * to check ("when !cap": never set, so always checked).
		 */
		if (c >= 0 && num < 0)
			env->rule_on[i] = rs->rules[i].when_no_cap;
		else if (c >= 0)
			env->rule_cap[i] = cap_sym(&an->syms, (int)num);
	}
	for (int i = 0; i < rs->ncses; i++)
		env->cse_on[i] = cond_eval(env, &rs->cses[i].when) == 1;
}

static void env_free(struct env *env)
{
	for (int i = 0; i < env->nsums; i++)
		summary_free(env, env->sums[i]);
	free(env->sums);
	hashidx_free(&env->sum_index);
	hashidx_free(&env->count_index);
	free(env->counts);
	config_view_free(&env->view);
	free(env->capsyms);
	free(env->rule_cap);
	free(env->cse_on);
	free(env->rule_on);
}

struct fn_set {
	const struct function **v;
	int n, cap;
	struct hashidx index;
};

static bool same_ptr(int i, void *ctx)
{
	const void **k = ctx;

	return ((const struct fn_set *)k[0])->v[i] == k[1];
}

static bool fn_set_has(const struct fn_set *s, const struct function *fn)
{
	const void *key[2] = { s, fn };

	return hashidx_find(&s->index, hash_bytes(&fn, sizeof(fn), HASH_SEED),
			    same_ptr, key) >= 0;
}

static void fn_set_add(struct fn_set *s, const struct function *fn)
{
	if (fn_set_has(s, fn))
		return;
	hashidx_add(&s->index, hash_bytes(&fn, sizeof(fn), HASH_SEED), s->n);
	VEC_PUSH(s->v, s->n, s->cap, fn);
}

/* The functions something else in the run calls directly. */
static void called_fns(struct tu **tus, int n, struct fn_set *called)
{
	for (int u = 0; u < n; u++)
		for (int f = 0; f < tus[u]->nfns; f++) {
			const struct function *fn = tus[u]->fns[f];

			for (int b = 0; b < fn->nblocks; b++)
				for (int e = 0; e < fn->blocks[b].nev; e++) {
					const struct event *ev =
						fn->blocks[b].ev[e];

					if (ev->kind == EV_CALL && ev->callee &&
					    ev->callee != fn)
						fn_set_add(called, ev->callee);
				}
		}
}

static void relevant_cond(const struct ruleset *rs, uint64_t *rel,
			  const struct field_cond *c)
{
	if (c->present)
		rel[c->reg] |= rs->db.regs[c->reg].fields[c->field].mask;
}

/*
 * Per register, the bits the rules read: the fields "after" patterns
 * name (the whole register for one that names none) and those rule,
 * pattern, CSE and field-layout conditions test.
 */
static uint64_t *relevant_bits(const struct ruleset *rs)
{
	uint64_t *rel = xcalloc((size_t)rs->db.nregs + 1, sizeof(*rel));

	for (int r = 0; r < rs->nrules; r++) {
		const struct rule *rule = &rs->rules[r];

		relevant_cond(rs, rel, &rule->when);
		if (rule->state)
			rel[rule->hold.reg] |=
				rs->db.regs[rule->hold.reg].fields[rule->hold.field].mask;
		for (int c = 0; c < rule->nclauses; c++) {
			const struct clause *cl = &rule->clauses[c];

			for (int k = 0; k < cl->nafter; k++) {
				const struct pattern *pat = &cl->after[k];

				relevant_cond(rs, rel, &pat->when);
				if (pat->kind != PAT_WRITE)
					continue;
				rel[pat->reg] |= pat->field < 0 ? ~0ull :
					rs->db.regs[pat->reg].fields[pat->field].mask;
			}
			for (int k = 0; k < cl->nbefore; k++)
				relevant_cond(rs, rel, &cl->before[k].when);
		}
	}
	for (int i = 0; i < rs->ncses; i++)
		relevant_cond(rs, rel, &rs->cses[i].when);
	for (int i = 0; i < rs->db.nregs; i++)
		for (int f = 0; f < rs->db.regs[i].nfields; f++)
			relevant_cond(rs, rel, &rs->db.regs[i].fields[f].when);
	return rel;
}

void analyse_tus(struct tu **tus, int n, const struct ruleset *rs,
		 struct findings *outs)
{
	struct analysis an = { .rs = rs };
	struct hashidx *seen = xcalloc((size_t)n + 1, sizeof(*seen));
	int *first;
	uint64_t *all;
	struct fn_set called = { 0 };
	int kinds = 0;

	an.syms.nregs = rs->db.nregs;
	an.kind_base = xcalloc((size_t)rs->nrules + 1, sizeof(int));
	for (int i = 0; i < rs->nrules; i++) {
		an.kind_base[i] = kinds;
		kinds += rs->rules[i].nclauses * rs->rules[i].nneed;
	}
	an.nkinds = kinds;
	an.tus = tus;
	an.relevant = relevant_bits(rs);
	an.envs = xcalloc((size_t)n * MAX_VARIANTS + 1, sizeof(*an.envs));
	first = xcalloc((size_t)n + 1, sizeof(*first));
	all = xcalloc((size_t)n + 1, sizeof(*all));
	for (int u = 0; u < n; u++) {
		uint64_t sel[MAX_VARIANTS];
		int nv = config_variants(rs, tus[u], tus[u]->configs, sel,
					 MAX_VARIANTS);

		first[u] = outs[u].n;
		for (int v = 0; v < nv; v++) {
			struct env *env = &an.envs[an.nenvs++];

			env_init(env, &an, tus[u], u, sel[v], &outs[u],
				 &seen[u]);
			all[u] |= env->variant;
		}
		for (int i = 0; i < tus[u]->nfns; i++)
			tus[u]->fns[i]->unit = u;
	}
	called_fns(tus, n, &called);
	for (int u = 0; u < n; u++)
		for (int i = 0; i < tus[u]->nfns; i++)
			if (tus[u]->fns[i]->address_taken && tus[u]->fns[i]->type)
				VEC_PUSH(an.taken, an.ntaken, an.taken_cap,
					 tus[u]->fns[i]);
	/*
	 * The entries: what something may call from outside (not static, or
	 * its address taken) and what nothing in the run calls; a static
	 * helper is analysed where it is called, with what its caller knows.
	 */
	for (int e = 0; e < an.nenvs; e++) {
		struct tu *tu = an.envs[e].tu;

		for (int i = 0; i < tu->nfns; i++) {
			struct function *fn = tu->fns[i];
			struct context top = { 0 };

			if (fn->is_static && !fn->address_taken &&
			    fn_set_has(&called, fn))
				continue;
			top.nparams = fn->nparams;
			top.params = xcalloc((size_t)fn->nparams + 1,
					     sizeof(*top.params));
			for (int k = 0; k < fn->nparams; k++)
				top.params[k] = AVAL_UNKNOWN;
			top.hash = context_hash(fn, &top);
			summarise(&an.envs[e], fn, &top);
			free(top.params);
		}
	}
	for (int u = 0; u < n; u++) {
		struct findings *out = &outs[u];

		for (int i = first[u]; i < out->n; i++)
			out->v[i].all_variants = all[u];
		if (out->n > first[u])
			qsort(out->v + first[u], (size_t)(out->n - first[u]),
			      sizeof(*out->v), cmp_finding);
		hashidx_free(&seen[u]);
	}
	for (int e = 0; e < an.nenvs; e++)
		env_free(&an.envs[e]);
	free(first);
	free(all);
	for (int i = 0; i < an.nrefs; i++)
		free(an.refs[i].syms);
	free(an.refs);
	hashidx_free(&an.refs_index);
	for (int i = 0; i < an.syms.n; i++)
		free(an.syms.names[i]);
	free(an.syms.names);
	free(an.syms.masks);
	hashidx_free(&an.syms.index);
	free(an.envs);
	free(an.taken);
	free(an.relevant);
	free(an.kind_base);
	free(called.v);
	hashidx_free(&called.index);
	free(seen);
}

void analyse_tu(struct tu *tu, const struct ruleset *rs,
		struct findings *out)
{
	analyse_tus(&tu, 1, rs, out);
}
