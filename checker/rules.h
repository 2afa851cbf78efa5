/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rules.h - the rule language: parse rule files into a rule set.
 *
 * In: rule files (or directories of *.rules, read in name order).
 * Out: the register database, build configurations and their pins, what
 * counts as a context synchronisation event, functions with known
 * behaviour, and the rules.  Any error is reported as file:line:col and
 * the whole load fails: nothing is analysed with a half-read rule set.
 * The language is described in README.md ("Rule language").
 */
#ifndef ISBCHECK_RULES_H
#define ISBCHECK_RULES_H

#include "arena.h"
#include "regdb.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum item_kind {
	ITEM_WRITE,	/* msr to the register (may change the field) */
	ITEM_READ,	/* mrs of the register */
	ITEM_ACCESS,	/* either */
	ITEM_TLBI,	/* tlbi <op>, op matched by glob */
	ITEM_AT,	/* at <op> */
	ITEM_CALL,	/* call to a named function */
};

struct item {
	enum item_kind kind;
	int reg;		/* register items */
	int field;		/* -1: the whole register */
	bool has_value;		/* "REG.FIELD=V": the new value may be V */
	uint64_t value;
	const char *pattern;	/* tlbi/at glob (lower case), callee name */
	struct field_cond when;	/* "... when R.F == V" on its line */
	struct srcpos pos;
};

/* One "after -> before" pairing; "pair A B" makes two of them. */
struct clause {
	struct item *after, *before;
	int nafter, nbefore;
};

enum step_kind {
	STEP_CSE,		/* any context synchronisation event */
	STEP_ISB,
	STEP_TSB_CSYNC,
	STEP_PSB_CSYNC,
	STEP_DSB,
};

#define MAX_STEPS 4

struct rule {
	const char *id;
	struct clause *clauses;
	int nclauses, clauses_cap;
	enum step_kind need[MAX_STEPS];
	int nneed;
	struct field_cond when;
	const char *cite, *why;
	struct srcpos pos;
};

enum cse_kind {
	CSE_ISB,
	CSE_ERET,
	CSE_EXCEPTION_ENTRY,	/* hvc, svc; smc only if a rule says so */
	CSE_KINDS
};

struct cse_def {
	enum cse_kind kind;
	struct field_cond when;
	const char *cite, *why;
	struct srcpos pos;
};

struct fn_attr {
	const char *name;
	bool cse, noreturn;
	const char *cite, *why;
	struct srcpos pos;
};

/* build configuration condition: defined(X), !, &&, || */
struct cfg_expr {
	enum { CFG_DEFINED, CFG_NOT, CFG_AND, CFG_OR } op;
	const char *macro;
	struct cfg_expr *l, *r;
};

struct pin {
	int reg, field;
	bool has_value;		/* "pin R.F": never changes, value unknown */
	uint64_t value;
	struct srcpos pos;
};

/* "returns F V": in this configuration F() always returns V */
struct fn_value {
	const char *name;
	long long value;
};

struct config {
	const char *name;
	struct cfg_expr *cond;
	struct pin *pins;
	int npins, pins_cap;
	struct fn_value *returns;
	int nreturns, returns_cap;
	struct srcpos pos;
};

struct ruleset {
	struct arena arena;
	struct regdb db;
	struct rule *rules;
	int nrules, rules_cap;
	struct cse_def *cses;
	int ncses, cses_cap;
	struct fn_attr *fns;
	int nfns, fns_cap;
	struct config *configs;
	int nconfigs, configs_cap;
	int nerrors;
	uint64_t fingerprint;	/* of every rule text read, for caches */
};

/*
 * Loads every path (a file, or a directory whose *.rules files are read
 * in name order).  Errors go to err as "file:line:col: error: ...".
 * Returns 0, or -1 if anything was wrong.
 */
int rules_load(struct ruleset *rs, const char *const *paths, int npaths,
	       FILE *err);
/* The same for one in-memory rule file (tests, fuzzing); name is for errors. */
int rules_load_text(struct ruleset *rs, const char *name, const char *text,
		    size_t len, FILE *err);
void rules_free(struct ruleset *rs);

bool cfg_expr_eval(const struct cfg_expr *e,
		   bool (*defined)(const char *macro, void *ctx), void *ctx);

const char *step_name(enum step_kind s);
const struct fn_attr *rules_find_fn(const struct ruleset *rs,
				    const char *name);
bool glob_match(const char *pattern, const char *s);

#endif
