// SPDX-License-Identifier: GPL-2.0
#include "report.h"

#include <stdlib.h>
#include <string.h>

void describe_event(const struct ruleset *rs, const struct event *ev,
		    char *buf, size_t size)
{
	(void)rs;
	switch (ev->kind) {
	case EV_WRITE:
		snprintf(buf, size, "write to %s", ev->name);
		break;
	case EV_READ:
		snprintf(buf, size, "read of %s", ev->name);
		break;
	case EV_TLBI:
		snprintf(buf, size, "tlbi %s", ev->name);
		break;
	case EV_AT:
		snprintf(buf, size, "at %s", ev->name);
		break;
	case EV_CALL:
		snprintf(buf, size, "call to %s()", ev->name);
		break;
	default:
		snprintf(buf, size, "%s", ev->text ? ev->text : "instruction");
	}
}

static void loc_prefix(FILE *out, const struct srcloc *l)
{
	fprintf(out, "%s:%u:%u: ", l->file, l->line, l->col);
}

static void need_text(const struct rule *r, int from, char *buf, size_t size)
{
	size_t o = 0;
	int i;

	buf[0] = '\0';
	for (i = from; i < r->nneed && o < size; i++)
		o += (size_t)snprintf(buf + o, size - o, "%s%s",
				      i > from ? ", then " : "",
				      step_name(r->need[i]));
}

static void print_trail(FILE *out, const struct trail *t)
{
	if (!t)
		return;
	print_trail(out, t->prev);
	loc_prefix(out, &t->call->loc);
	if (t->kind == TRAIL_RETURN)
		fprintf(out, "note: %s() returns here with the write not yet synchronized\n",
			t->call->name);
	else
		fprintf(out, "note: %s() is called here and reaches the access\n",
			t->call->name);
}

struct seen_key {
	const struct reporter *r;
	const char *key;
};

static bool same_key(int i, void *ctx)
{
	const struct seen_key *k = ctx;

	return !strcmp(k->r->seen[i], k->key);
}

void report_key(const struct finding *f, char *buf, size_t size)
{
	const struct event *w = f->write, *a = f->access;

	snprintf(buf, size, "%s:%u:%u:%s:%s:%u:%u", a->loc.file, a->loc.line,
		 a->loc.col, f->rule->id, w->loc.file, w->loc.line,
		 w->loc.col);
}

bool report_seen(struct reporter *r, const char *key)
{
	uint64_t h = hash_bytes(key, strlen(key), HASH_SEED);
	struct seen_key k = { r, key };

	if (hashidx_find(&r->index, h, same_key, &k) >= 0)
		return true;
	hashidx_add(&r->index, h, r->nseen);
	VEC_PUSH(r->seen, r->nseen, r->seen_cap, xstrdup(key));
	return false;
}

void report_render(const struct ruleset *rs, const struct finding *f,
		   FILE *out)
{
	const struct rule *rule = f->rule;
	const struct event *w = f->write, *a = f->access;
	char adesc[128], wdesc[160], fields[256], need[256];

	describe_event(rs, a, adesc, sizeof(adesc));
	describe_event(rs, w, wdesc, sizeof(wdesc));
	fields[0] = '\0';
	if (w->kind == EV_WRITE && w->reg >= 0 && f->by_field)
		sysreg_describe_fields(&rs->db.regs[w->reg], f->fields,
				       fields, sizeof(fields));
	need_text(rule, f->missing, need, sizeof(need));

	loc_prefix(out, &a->loc);
	fprintf(out, "warning: %s follows %s%s%s%s%s with no %s in between [%s]\n",
		adesc, w->kind == EV_WRITE ? "the " : "", wdesc,
		fields[0] ? " (" : "", fields, fields[0] ? ")" : "", need,
		rule->id);

	loc_prefix(out, &w->loc);
	if (w->kind == EV_WRITE)
		fprintf(out, "note: %s written here%s%s%s%s%s%s\n", w->name,
			w->macro ? " by " : "", w->macro ? w->macro : "",
			w->macro ? "()" : "",
			fields[0] ? "; " : "", fields,
			fields[0] ? " may change" : "");
	else
		fprintf(out, "note: %s issued here\n", wdesc);
	print_trail(out, f->trail);

	loc_prefix(out, &a->loc);
	fprintf(out, "note: %s\n", rule->why);
	loc_prefix(out, &a->loc);
	fprintf(out, "note: see %s\n", rule->cite);
	if (rule->nneed == 1 && rule->need[0] == STEP_CSE) {
		if (!f->trail && w->fn == a->fn) {
			loc_prefix(out, &w->loc);
			fprintf(out, "note: an isb() after this %s would synchronize it\n",
				w->kind == EV_WRITE ? "write" : "instruction");
		} else {
			loc_prefix(out, &a->loc);
			fprintf(out, "note: an isb() before this access would synchronize %s\n",
				w->kind == EV_WRITE ? "the write" : "it");
		}
	} else {
		loc_prefix(out, &a->loc);
		fprintf(out, "note: %s must come before this access\n", need);
	}
}

void report_free(struct reporter *r)
{
	int i;

	for (i = 0; i < r->nseen; i++)
		free(r->seen[i]);
	free(r->seen);
	hashidx_free(&r->index);
	r->seen = NULL;
	r->nseen = r->seen_cap = 0;
}
