/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rules.h - the rule language: parse rule files into a rule set.
 *
 * In: rule files (or directories of *.rules, read in name order).
 * Out: the register database, build configurations and their pins, what
 * counts as a context synchronisation event, the steps a rule may need
 * (and how the kernel spells each), functions with known behaviour, the
 * kernel's naming conventions, and the rules.  Any error is reported as file:line:col and
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

/* An event a rule, a step or a CSE names: "write HCR_EL2.TGE", ... */
enum pattern_kind {
	PAT_WRITE,	/* msr to the register (may change the field) */
	PAT_READ,	/* mrs of the register */
	PAT_ACCESS,	/* either */
	PAT_INSN,	/* an instruction: "insn tlbi vmalle1*", "insn paci*" */
	PAT_CALL,	/* call to a named function */
};

struct pattern {
	enum pattern_kind kind;
	int reg;		/* register patterns */
	int field;		/* -1: the whole register */
	bool has_value;		/* "REG.FIELD=V": the new value may be V */
	uint64_t value;
	const char *insn;	/* PAT_INSN: mnemonic glob, lower case */
	const char *operand;	/* PAT_INSN: first-operand glob, or NULL */
	const char *callee;	/* PAT_CALL */
	struct field_cond when;	/* "... when R.F == V" on its line */
	struct srcpos pos;
};

/* One "after -> before" pairing; "pair A B" makes two of them. */
struct clause {
	struct pattern *after, *before;
	int nafter, nbefore;
};

/*
 * A step a rule's "need" may name: "cse" (any context synchronisation
 * event) or the instructions that complete it, with the statement a fix
 * inserts for it as the kernel spells it ("tsb_csync();").
 */
struct step_def {
	const char *name;	/* "tsb-csync" */
	bool any_cse;		/* "cse": completed by any CSE */
	struct pattern *insns;
	int ninsns, insns_cap;
	const char *insert;	/* "tsb_csync();" */
	const char *text;	/* in messages: "tsb csync" (NULL: none) */
	/*
	 * A state rule's first two steps, made for it and in no "need" line
	 * (rule.hold): HOLD_READ, the field was read and its value is not
	 * known yet; HOLD_MAY, it may differ from the value the rule holds.
	 * Only a write of that value leaves them.
	 */
	enum { HOLD_NONE, HOLD_READ, HOLD_MAY } hold;
	struct srcpos pos;
};

#define MAX_STEPS 4

struct rule {
	const char *id;
	struct clause *clauses;
	int nclauses, clauses_cap;
	int need[MAX_STEPS];	/* indices into ruleset.steps */
	int nneed;
	struct field_cond when;
	/*
	 * "when cap NAME": only where capability rs->capnames[when_cap] may
	 * be set (an erratum's workaround); -1 for none.
	 */
	int when_cap;
	bool when_no_cap;	/* "when !cap NAME": only where it may be clear */
	/*
	 * "hold REG.FIELD=V": a state rule.  Its one clause has only
	 * "before" events, at which the field must hold V, written and then
	 * synchronized by the "need" steps; need[0] and need[1] are the
	 * HOLD_READ and HOLD_MAY steps, the rule file's steps follow.
	 */
	bool state;
	struct pattern hold;
	const char *hold_text;	/* "TRBLIMITR_EL1.E=0", for messages */
	const char *cite, *why;
	struct srcpos pos;
};

/* A context synchronisation event: the instructions that are one. */
struct cse_def {
	const char *name;	/* "isb", "eret", "exception-entry" */
	struct pattern *insns;
	int ninsns, insns_cap;
	struct field_cond when;
	const char *cite, *why;
	struct srcpos pos;
};

struct fn_attr {
	const char *name;
	bool cse, noreturn;
	/*
	 * "resumes G": an exception return (eret) in this function's body
	 * comes back, when the exception taken from where it returned to
	 * ends, through G, whose return is this function's return (KVM's
	 * __guest_enter and __guest_exit).  NULL: the eret ends the path.
	 */
	const char *resumes;
	/*
	 * "writes R, ...": a function with no body in the run (assembly,
	 * another part of the kernel) that writes these system registers
	 * and no other ("writes none": no system register at all).
	 */
	bool writes_known;
	int *writes;
	int nwrites, writes_cap;
	const char *cite, *why;
	struct srcpos pos;
};

/* build configuration condition: defined(X), !, &&, || */
struct config_cond {
	enum { COND_DEFINED, COND_NOT, COND_AND, COND_OR } op;
	const char *macro;
	struct config_cond *l, *r;
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

/* "cap NAME V": capability rs->capnames[name] is V in this configuration */
struct cap_pin {
	int name;
	int value;
};

/*
 * A build configuration: what holds in every TU whose -D names satisfy
 * cond.  Configurations of one variant group are alternatives: a TU that
 * several of them match is analysed once with each (hVHE and nVHE run the
 * same objects), with the group's other configurations left out.
 */
struct config {
	const char *name;
	struct config_cond *cond;
	struct pin *pins;
	int npins, pins_cap;
	struct fn_value *returns;
	int nreturns, returns_cap;
	struct cap_pin *caps;
	int ncaps, caps_cap;
	const char *variant;	/* its variant group, or NULL */
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
	int nconfigs, configs_cap;	/* at most MAX_CONFIGS */
	struct step_def *steps;
	int nsteps, steps_cap;
	/* functions by name (globs), what a call to one is for the analysis */
	const char **pures;		/* same result along a whole run */
	int npures, pures_cap;
	const char **captests;		/* whether capability arg 1 is set */
	int ncaptests, captests_cap;
	const char **keytests;		/* a static key's state */
	int nkeytests, keytests_cap;
	/* every capability a configuration pins: each TU says its number */
	const char **capnames;
	int ncapnames, capnames_cap;
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

/* A TU's configurations are a bit set (struct tu's configs). */
#define MAX_CONFIGS 64

bool config_cond_eval(const struct config_cond *e,
		      bool (*defined)(const char *macro, void *ctx), void *ctx);

const struct fn_attr *rules_find_fn(const struct ruleset *rs,
				    const char *name);
/* Is mnemonic named by some instruction pattern (any rule, step or CSE)? */
bool rules_names_insn(const struct ruleset *rs, const char *mnemonic);
bool glob_match(const char *pattern, const char *s);

#endif
