// SPDX-License-Identifier: GPL-2.0
#include "config.h"

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

void config_view_init(struct config_view *v, const struct ruleset *rs,
		      uint64_t selected)
{
	size_t n = (size_t)rs->db.nregs + 1;

	v->rs = rs;
	v->selected = selected;
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
