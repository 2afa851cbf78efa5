/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dataflow.h - the analysis: which dependent accesses can follow a write
 * before the synchronisation its rule needs.
 *
 * In: one TU's program model and the rule set.  Out: findings.
 *
 * State at a program point is a set of obligations ("tokens"): a write
 * (or tlbi/at) that matched a rule's "after", how far along the rule's
 * "need" sequence each path has got, and the calls crossed since.  A
 * token that meets an event matching the rule's "before" is a finding.
 * Known register values (from constant writes and configuration pins)
 * decide which fields a write may change.  Functions are summarised
 * bottom-up: what an obligation entering the function becomes at its exit
 * and which accesses it meets inside, plus obligations the function leaves
 * pending.  May-analysis over all paths; loops run to a fixpoint;
 * recursion is cut (a recursive call is treated as an unknown function).
 */
#ifndef ISBCHECK_DATAFLOW_H
#define ISBCHECK_DATAFLOW_H

#include "program.h"
#include "rules.h"

enum trail_kind {
	TRAIL_ENTER,		/* called a function that does the access */
	TRAIL_RETURN,		/* a function returned, write still pending */
};

/* Calls crossed between a write and an access, newest last via prev. */
struct trail {
	enum trail_kind kind;
	const struct event *call;
	const struct trail *prev;
};

struct finding {
	const struct rule *rule;
	const struct event *write;	/* the "after" event */
	const struct event *access;	/* the "before" event */
	const struct trail *trail;
	uint64_t fields;		/* bits of write's register that may change */
	bool by_field;			/* the rule named those fields */
	int missing;			/* first step of rule->need not seen */
	bool several;			/* other writes are pending with write */
	/*
	 * The variant configurations (bits of rs->configs) of the analyses
	 * that found it, and of all the analyses of its TU: with fewer, it
	 * holds only in some (e.g. hVHE, not nVHE).
	 */
	uint64_t variants, all_variants;
};

/* What was analysed, for --stats. */
struct analysis_stats {
	long functions, blocks, events, visits;
	long cut;		/* functions not fully analysed */
	long contexts;		/* function analyses, one per calling context */
	long fallbacks;		/* calls past MAX_CONTEXTS, in no context */
	long merged;		/* path partitions merged past MAX_PARTS */
};

struct findings {
	struct finding *v;
	int n, cap;
	struct analysis_stats stats;	/* accumulated over TUs */
	int visits_per_block;		/* in: the budget, 0 for the default */
};

/*
 * Work per function is bounded: a state holds at most two obligations per
 * rule step, and a block is visited at most VISITS_PER_BLOCK times (or
 * findings.visits_per_block; plus a constant per function).  A function that needs more is left with what was found so
 * far and its "cut" says so; the driver reports it.
 */
#define VISITS_PER_BLOCK 64
#define VISITS_EXTRA 10000

/* Appends this TU's findings (sorted by access location, then rule). */
void analyse_tu(struct tu *tu, const struct ruleset *rs,
		struct findings *out);

/*
 * The same for TUs whose calls were linked to each other's functions
 * (link_calls()): each function is summarised in its own TU's configuration,
 * and each finding goes to outs[] of the TU of the function it is found in.
 */
void analyse_tus(struct tu **tus, int n, const struct ruleset *rs,
		 struct findings *outs);

#endif
