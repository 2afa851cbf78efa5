/* SPDX-License-Identifier: GPL-2.0 */
/*
 * config.h - what the rule set's build configurations say about one TU.
 *
 * In: the rule set and a TU's -D names.  Out: which configurations apply
 * (a bit set, tu->configs, computed once when the TU is built or loaded
 * and read by the front end, the linker and the analysis alike), the
 * register fields they pin, and the functions whose result they fix.
 */
#ifndef ISBCHECK_CONFIG_H
#define ISBCHECK_CONFIG_H

#include "program.h"
#include "rules.h"

/* Bit k set: rs->configs[k] applies to tu (from its -D names). */
uint64_t config_select(const struct ruleset *rs, const struct tu *tu);

/*
 * The ways to analyse a TU whose configurations are selected: one
 * selection per configuration of each variant group it matches (the
 * group's other configurations left out), every other selected
 * configuration in each.  A member that pins a capability to 1 which tu
 * does not define is left out (that kernel has no such mode), unless no
 * member is left.  Returns how many (at least 1; at most max).
 */
int config_variants(const struct ruleset *rs, const struct tu *tu,
		    uint64_t selected, uint64_t *out, int max);
#define MAX_VARIANTS 8

/* A variant's name for messages: its variant configurations' names. */
const char *config_variant_name(const struct ruleset *rs, uint64_t variant,
				char *buf, size_t size);

/* What the selected configurations pin, per register index. */
struct config_view {
	const struct ruleset *rs;
	uint64_t selected;
	uint64_t *pin_const;	/* bits that never change */
	uint64_t *pin_known;	/* bits whose value is known ... */
	uint64_t *pin_bits;	/* ... and that value */
	/* capabilities pinned, by the TU's number for them */
	struct cap_value {
		long long num;
		int value;
	} *caps;
	int ncaps;
};

/* tu: whose capability numbers the "cap" pins use (NULL: none) */
void config_view_init(struct config_view *v, const struct ruleset *rs,
		      uint64_t selected, const struct tu *tu);
void config_view_free(struct config_view *v);

/* "REG.FIELD == V" under the pins: 1 true, 0 false, -1 unknown. */
int config_cond(const struct config_view *v, const struct field_cond *c);

/* Does a selected configuration say fn() always returns *value? */
bool config_returns(const struct ruleset *rs, uint64_t selected,
		    const char *fn, long long *value);

#endif
