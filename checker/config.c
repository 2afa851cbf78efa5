// SPDX-License-Identifier: GPL-2.0
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

uint64_t config_select(const struct ruleset *rs, const struct tu *tu)
{
	uint64_t sel = 0;

	/* the rule parser refuses more than MAX_CONFIGS */
	for (int k = 0; k < rs->nconfigs && k < MAX_CONFIGS; k++)
		if (config_cond_eval(rs->configs[k].cond, tu_defines,
				     (void *)tu))
			sel |= 1ull << k;
	return sel;
}

/*
 * A variant that needs a capability set ("cap NAME 1") which the TU does
 * not define cannot run in that kernel: a tree older than hVHE has no
 * ARM64_KVM_HVHE, so its nVHE objects only run as nVHE.
 */
static bool variant_impossible(const struct ruleset *rs, int k,
			       const struct tu *tu)
{
	const struct config *c = &rs->configs[k];

	if (!tu)
		return false;
	for (int i = 0; i < c->ncaps; i++)
		if (c->caps[i].value == 1 &&
		    (c->caps[i].name >= tu->ncapnum ||
		     tu->capnum[c->caps[i].name] < 0))
			return true;
	return false;
}

int config_variants(const struct ruleset *rs, const struct tu *tu,
		    uint64_t selected, uint64_t *out, int max)
{
	int n = 1;

	out[0] = selected;
	for (int g = 0; g < rs->nconfigs && g < MAX_CONFIGS; g++) {
		const char *group = rs->configs[g].variant;
		uint64_t members = 0;
		int first = 1, m;

		if (!group || !(selected & (1ull << g)))
			continue;
		/* the group's first selected configuration stands for it */
		for (int k = 0; k < g; k++)
			if (rs->configs[k].variant && (selected & (1ull << k)) &&
			    !strcmp(rs->configs[k].variant, group))
				first = 0;
		if (!first)
			continue;
		for (int k = g; k < rs->nconfigs && k < MAX_CONFIGS; k++)
			if (rs->configs[k].variant && (selected & (1ull << k)) &&
			    !strcmp(rs->configs[k].variant, group))
				members |= 1ull << k;
		{
			uint64_t possible = members;

			for (int k = g; k < rs->nconfigs && k < MAX_CONFIGS; k++)
				if ((members & (1ull << k)) &&
				    variant_impossible(rs, k, tu))
					possible &= ~(1ull << k);
			/* none possible: the rules are not this tree's */
			if (possible) {
				for (int i = 0; i < n; i++)
					out[i] &= ~(members & ~possible);
				members = possible;
			}
		}
		/* each selection so far, once per member */
		m = n;
		for (int i = 0; i < m; i++) {
			uint64_t base = out[i] & ~members;
			bool firstm = true;

			for (int k = g; k < MAX_CONFIGS; k++) {
				if (!(members & (1ull << k)))
					continue;
				if (firstm) {
					out[i] = base | (1ull << k);
					firstm = false;
				} else if (n < max) {
					out[n++] = base | (1ull << k);
				}
			}
		}
	}
	return n;
}

const char *config_variant_name(const struct ruleset *rs, uint64_t variant,
				char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	for (int k = 0; k < rs->nconfigs && k < MAX_CONFIGS; k++)
		if ((variant & (1ull << k)) && rs->configs[k].variant &&
		    len < size)
			len += (size_t)snprintf(buf + len, size - len, "%s%s",
						len ? "+" : "",
						rs->configs[k].name);
	return buf;
}

void config_view_init(struct config_view *v, const struct ruleset *rs,
		      uint64_t selected, const struct tu *tu)
{
	size_t n = (size_t)rs->db.nregs + 1;

	v->rs = rs;
	v->selected = selected;
	v->caps = NULL;
	v->ncaps = 0;
	for (int i = 0; i < rs->nconfigs && i < MAX_CONFIGS; i++) {
		const struct config *c = &rs->configs[i];

		if (!(selected & (1ull << i)))
			continue;
		for (int j = 0; j < c->ncaps; j++) {
			int name = c->caps[j].name;
			long long num = tu && name < tu->ncapnum ?
					tu->capnum[name] : -1;

			if (num < 0)
				continue;	/* the TU does not define it */
			v->caps = xrealloc(v->caps, sizeof(*v->caps) *
					   ((size_t)v->ncaps + 1));
			v->caps[v->ncaps].num = num;
			v->caps[v->ncaps++].value = c->caps[j].value;
		}
	}
	v->pin_const = xcalloc(n, sizeof(uint64_t));
	v->pin_known = xcalloc(n, sizeof(uint64_t));
	v->pin_bits = xcalloc(n, sizeof(uint64_t));
	for (int i = 0; i < rs->nconfigs && i < MAX_CONFIGS; i++) {
		const struct config *c = &rs->configs[i];

		if (!(selected & (1ull << i)))
			continue;
		for (int j = 0; j < c->npins; j++) {
			const struct pin *p = &c->pins[j];
			const struct field *f =
				&rs->db.regs[p->reg].fields[p->field];

			v->pin_const[p->reg] |= f->mask;
			if (p->has_value) {
				v->pin_known[p->reg] |= f->mask;
				v->pin_bits[p->reg] =
					(v->pin_bits[p->reg] & ~f->mask) |
					((p->value << f->lo) & f->mask);
			}
		}
	}
}

void config_view_free(struct config_view *v)
{
	free(v->pin_const);
	free(v->pin_known);
	free(v->pin_bits);
	free(v->caps);
	memset(v, 0, sizeof(*v));
}

int config_cond(const struct config_view *v, const struct field_cond *c)
{
	const struct field *f;
	uint64_t val;

	if (!c->present)
		return 1;
	f = &v->rs->db.regs[c->reg].fields[c->field];
	if ((v->pin_known[c->reg] & f->mask) != f->mask)
		return -1;
	val = (v->pin_bits[c->reg] & f->mask) >> f->lo;
	return val == c->value;
}

bool config_returns(const struct ruleset *rs, uint64_t selected,
		    const char *fn, long long *value)
{
	for (int i = 0; i < rs->nconfigs && i < MAX_CONFIGS; i++) {
		const struct config *c = &rs->configs[i];

		if (!(selected & (1ull << i)))
			continue;
		for (int j = 0; j < c->nreturns; j++)
			if (!strcmp(c->returns[j].name, fn)) {
				*value = c->returns[j].value;
				return true;
			}
	}
	return false;
}
