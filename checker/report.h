/* SPDX-License-Identifier: GPL-2.0 */
/*
 * report.h - findings as gcc/clang-style diagnostics, and as items: a
 * finding copied out of its TU with everything an output needs (the
 * path, the fields, the rule's text, the fix), for the other formats.
 *
 * In: findings from the analysis.  Out: items, whose text is:
 *	file:line:col: warning: <access> follows <write> with no ... [rule]
 *	file:line:col: note: ...	(the write, each call on the path, why,
 *					 the citation, where an isb() goes)
 * The driver prints a finding once per run (a header helper is seen from
 * every TU that includes it), by its key.  The reporter never re-runs
 * analysis.
 */
#ifndef ISBCHECK_REPORT_H
#define ISBCHECK_REPORT_H

#include "arena.h"
#include "dataflow.h"
#include "fixplan.h"
#include "hashidx.h"

#include <stdio.h>
#include <string.h>

/* A place in the sources and the function it is in. */
struct item_loc {
	const char *file;
	unsigned line, col;
	const char *function;
};

enum item_step_kind {
	ISTEP_WRITE,		/* the write (or instruction) */
	ISTEP_CALL,		/* a call on the path that reaches the access */
	ISTEP_RETURN,		/* a return on the path, write unsynchronized */
	ISTEP_ACCESS,		/* the dependent access */
};

struct item_step {
	enum item_step_kind kind;
	struct item_loc loc;
	const char *text;	/* "HCR_EL2 written here by write_sysreg()" */
};

/* What a finding's write or access is. */
enum item_event_kind {
	IEV_WRITE,		/* of a register */
	IEV_READ,		/* of a register */
	IEV_INSN,		/* an instruction: tlbi, at, paciasp, ... */
	IEV_CALL,		/* a call the rule names */
};

/*
 * The write or the access, as structured data: outputs read the kind and
 * the names from here and never parse `what` (the words of the message).
 */
struct item_event {
	enum item_event_kind kind;
	struct item_loc loc;
	const char *reg;		/* IEV_WRITE, IEV_READ: "HCR_EL2" */
	const char *insn;		/* IEV_INSN: "tlbi vmalle1is" */
	const char *callee;		/* IEV_CALL: "__sve_restore_state" */
	const char **fields;		/* IEV_WRITE: fields that may change */
	int nfields;			/* (0 when the rule names none) */
	const char *what;		/* "write to HCR_EL2", "call to f()" */
	/*
	 * What baselines and fingerprints match it by: the register, the
	 * instruction, or "call to F()" (the spelling baselines have always
	 * had, kept so that existing baselines still match).
	 */
	const char *key;
};

/* The fields that may change as "E2H, TGE" (in a; "" for none). */
const char *item_fields_text(const struct item_event *e, struct arena *a);

struct report_item;
/*
 * The note at the write: "HCR_EL2 written here by write_sysreg(); TGE may
 * change"; for a state rule, where the state was found ("TRBLIMITR_EL1
 * read here, and E found to be 1 ...").  In a, or a string of the item.
 */
const char *item_write_note(const struct report_item *it, struct arena *a);

/*
 * Another access that the item's write reaches with the same
 * synchronization missing: the same cause, so one finding, listed under
 * its first access (group_items()).
 */
struct item_more {
	struct item_event access;
	struct item_step *steps;	/* as the item's */
	int nsteps;
	struct item_fix fix;
	const char *key;		/* report_key() */
};

/*
 * One finding as the outputs see it.  Strings live in the arena given to
 * item_from_finding().  A suppressed finding or one in the baseline is
 * kept (JSON and SARIF say so) but not shown or counted.
 */
struct report_item {
	const char *key;		/* report_key() */
	const char *rule, *why, *cite;
	const char *message;		/* the warning, without its location */
	const char *need;		/* "context synchronization event" */
	struct item_event write, access;
	const char *fields_text;	/* write's fields, "E2H, TGE", or "" */
	const char *cse_phrase;		/* "an isb()" if one CSE is needed */
	/*
	 * A state rule's finding where the field may not hold its value
	 * (not one where its write is only unsynchronized): what must hold,
	 * "TRBLIMITR_EL1.E=0"; NULL otherwise.  The write is then the read
	 * that found the field set, or a write that may have set it.
	 */
	const char *state;
	bool write_alone;		/* in the access's function, and no
					 * other write pending with it */
	struct item_step *steps;	/* write, then calls/returns, access */
	int nsteps;
	struct item_fix fix;
	/*
	 * The configurations it holds in when its TU is analysed in several
	 * (config.h, variants) and not all of them find it: "hvhe"; NULL.
	 */
	const char *only_in;
	const char *not_in;		/* the others: "nvhe" */
	struct item_more *more;		/* the same cause at other accesses */
	int nmore;
	const char *text;		/* the gcc-style diagnostic and notes */
	const char *suppressed;		/* the reason given, or NULL */
	bool in_baseline;
};

/* Copies f out of its TU (which may then be freed) into item. */
void item_from_finding(const struct ruleset *rs, const struct finding *f,
		       struct arena *a, struct report_item *item);

/* Renders item->text again (after accesses were grouped under it). */
void item_render(struct report_item *item, struct arena *a);

/*
 * One finding per cause: an active item whose rule, write and missing
 * synchronization an earlier active item shares becomes one of that
 * item's `more` accesses.  Compacts items; returns how many remain.
 */
int group_items(struct report_item *items, int n, struct arena *a);

/* Shown to the reader: neither suppressed nor in the baseline. */
static inline bool item_active(const struct report_item *it)
{
	return !it->suppressed && !it->in_baseline;
}

/* What a run's items come to, as every output reports it. */
struct item_counts {
	int findings;		/* every item */
	int shown;		/* item_active() */
	int files;		/* distinct files of the shown ones' accesses */
	int suppressed;
	int baseline;		/* in the baseline and not suppressed */
};

static inline struct item_counts item_count(const struct report_item *items,
					    int n)
{
	struct item_counts c = { .findings = n };

	for (int i = 0; i < n; i++) {
		bool first = true;

		c.suppressed += !!items[i].suppressed;
		c.baseline += items[i].in_baseline && !items[i].suppressed;
		if (!item_active(&items[i]))
			continue;
		c.shown++;
		for (int k = 0; k < i && first; k++)
			first = !item_active(&items[k]) ||
				strcmp(items[k].access.loc.file,
				       items[i].access.loc.file);
		c.files += first;
	}
	return c;
}

/* The findings already printed in this run. */
struct reporter {
	char **seen;
	int nseen, seen_cap;
	struct hashidx index;
};

/* Identifies a finding across TUs: access, rule and write locations. */
void report_key(const struct finding *f, char *buf, size_t size);
/* True if key was seen before; otherwise remembers it. */
bool report_seen(struct reporter *r, const char *key);
void report_free(struct reporter *r);

/* "write to HCR_EL2", "tlbi vmalle1is", ... */
void describe_event(const struct ruleset *rs, const struct event *ev,
		    char *buf, size_t size);

#endif
