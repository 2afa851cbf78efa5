// SPDX-License-Identifier: GPL-2.0
#include "report.h"
#include "fix.h"

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
	case EV_INSN:
		snprintf(buf, size, "%s%s%s", ev->insn,
			 ev->name && ev->name[0] ? " " : "",
			 ev->name ? ev->name : "");
		break;
	case EV_CALL:
		snprintf(buf, size, "call to %s()", ev->name);
		break;
	default:
		snprintf(buf, size, "%s", ev->text ? ev->text : "instruction");
	}
}

static void need_text(const struct ruleset *rs, const struct rule *r,
		      int from, char *buf, size_t size)
{
	size_t o = 0;
	int i;

	buf[0] = '\0';
	for (i = from; i < r->nneed && o < size; i++)
		o += (size_t)snprintf(buf + o, size - o, "%s%s",
				      i > from ? ", then " : "",
				      rs->steps[r->need[i]].text);
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

static const char *fn_name(const struct event *ev)
{
	return ev->fn && ev->fn->name ? ev->fn->name : "";
}

static void item_loc(struct arena *a, const struct event *ev,
		     struct item_loc *l)
{
	l->file = arena_strdup(a, ev->loc.file);
	l->line = ev->loc.line;
	l->col = ev->loc.col;
	l->function = arena_strdup(a, fn_name(ev));
}

/*
 * After the write when it and the access are in one function and no step
 * of the sequence was seen: every path from the write then passes the new
 * lines, and one insertion serves every access that write reaches.
 * Otherwise just before the access, after whatever steps were seen: a
 * write in a helper is synchronized where a caller relies on it, not for
 * every caller; and when other writes are pending with this one (the
 * report names the first), after the last of them.
 */
static void plan_fix(const struct ruleset *rs, const struct finding *f,
		     struct arena *a, struct item_fix *fix, const char *what)
{
	const struct event *w = f->write, *ac = f->access;
	const struct event *at = NULL;
	const char *indent;
	unsigned line = 0;
	char stmts[256];
	size_t o;
	int i;

	if (!f->missing && !f->several && w->fn == ac->fn && w->after_line) {
		at = w;
		line = w->after_line + 1;
		fix->where = "after the write";
	} else if (ac->before_line) {
		at = ac;
		line = ac->before_line;
		fix->where = "before the access";
	}
	if (!at) {
		fix->why_not = "the access does not start a line of its own";
		return;
	}
	indent = at->indent ? at->indent : "\t";
	for (i = f->missing, o = 0; i < f->rule->nneed && o < sizeof(stmts);
	     i++)
		o += (size_t)snprintf(stmts + o, sizeof(stmts) - o, "%s\n",
				      rs->steps[f->rule->need[i]].insert);
	fix->file = arena_strdup(a, at->loc.file);
	fix->line = line;
	fix->indent = arena_strdup(a, indent);
	fix->what = arena_strdup(a, what);
	fix->stmts = arena_strdup(a, stmts);
	fix->lines = fix_lines(a, indent, what, stmts);
}

static void loc_prefix(FILE *out, const struct item_loc *l)
{
	fprintf(out, "%s:%u:%u: ", l->file, l->line, l->col);
}

/* The diagnostic and its notes, from the item f was copied into. */
static void render_text(const struct ruleset *rs, const struct finding *f,
			const struct report_item *it, FILE *out)
{
	const struct rule *rule = f->rule;
	const struct event *w = f->write;
	int i;

	loc_prefix(out, &it->access);
	fprintf(out, "warning: %s [%s]\n", it->message, it->rule);
	loc_prefix(out, &it->write);
	fprintf(out, "note: %s%s%s%s\n", it->steps[0].text,
		it->fields[0] ? "; " : "", it->fields,
		it->fields[0] ? " may change" : "");
	for (i = 1; i < it->nsteps - 1; i++) {
		loc_prefix(out, &it->steps[i].loc);
		fprintf(out, "note: %s\n", it->steps[i].text);
	}
	loc_prefix(out, &it->access);
	fprintf(out, "note: %s\n", it->why);
	loc_prefix(out, &it->access);
	fprintf(out, "note: see %s\n", it->cite);
	if (rule->nneed == 1 && rs->steps[rule->need[0]].any_cse) {
		/* "isb();" -> "an isb()" */
		const char *ins = rs->steps[rule->need[0]].insert;
		int len = (int)strcspn(ins, ";");
		const char *an = strchr("aeiou", ins[0]) ? "an" : "a";

		if (w->fn == f->access->fn && !f->several) {
			loc_prefix(out, &it->write);
			fprintf(out, "note: %s %.*s after this %s would synchronize it\n",
				an, len, ins,
				w->kind == EV_WRITE ? "write" : "instruction");
		} else {
			loc_prefix(out, &it->access);
			fprintf(out, "note: %s %.*s before this access would synchronize %s\n",
				an, len, ins,
				w->kind == EV_WRITE ? "the write" : "it");
		}
	} else {
		loc_prefix(out, &it->access);
		fprintf(out, "note: %s must come before this access\n",
			it->need);
	}
}

void item_from_finding(const struct ruleset *rs, const struct finding *f,
		       struct arena *a, struct report_item *it)
{
	const struct event *w = f->write, *ac = f->access;
	const struct trail *t;
	char buf[1024], what[192];
	char *text = NULL;
	size_t len = 0;
	FILE *out;
	int n = 0, k;

	memset(it, 0, sizeof(*it));
	report_key(f, buf, sizeof(buf));
	it->key = arena_strdup(a, buf);
	it->rule = f->rule->id;
	it->why = f->rule->why;
	it->cite = f->rule->cite;
	describe_event(rs, w, buf, sizeof(buf));
	it->write_what = arena_strdup(a, buf);
	describe_event(rs, ac, buf, sizeof(buf));
	it->access_what = arena_strdup(a, buf);
	it->write_reg = arena_strdup(a, w->kind == EV_WRITE ? w->name :
				     it->write_what);
	it->access_reg = arena_strdup(a, ac->kind == EV_READ ||
					 ac->kind == EV_WRITE ? ac->name :
					 it->access_what);
	buf[0] = '\0';
	if (w->kind == EV_WRITE && w->reg >= 0 && f->by_field)
		sysreg_describe_fields(&rs->db.regs[w->reg], f->fields, buf,
				       sizeof(buf));
	it->fields = arena_strdup(a, buf);
	need_text(rs, f->rule, f->missing, buf, sizeof(buf));
	it->need = arena_strdup(a, buf);
	it->message = arena_printf(a, "%s follows %s%s%s%s%s with no %s in between",
				   it->access_what,
				   w->kind == EV_WRITE ? "the " : "",
				   it->write_what, it->fields[0] ? " (" : "",
				   it->fields, it->fields[0] ? ")" : "",
				   it->need);
	item_loc(a, w, &it->write);
	item_loc(a, ac, &it->access);

	for (t = f->trail; t; t = t->prev)
		n++;
	it->nsteps = n + 2;
	it->steps = arena_alloc(a, (size_t)it->nsteps * sizeof(*it->steps));
	it->steps[0].kind = ISTEP_WRITE;
	it->steps[0].loc = it->write;
	it->steps[0].text = w->kind == EV_WRITE ?
		arena_printf(a, "%s written here%s%s%s", w->name,
			     w->macro ? " by " : "", w->macro ? w->macro : "",
			     w->macro ? "()" : "") :
		arena_printf(a, "%s issued here", it->write_what);
	/* the trail is innermost first: walk it into place backwards */
	for (t = f->trail, k = n; t; t = t->prev, k--) {
		struct item_step *s = &it->steps[k];

		item_loc(a, t->call, &s->loc);
		s->kind = t->kind == TRAIL_RETURN ? ISTEP_RETURN : ISTEP_CALL;
		s->text = t->kind == TRAIL_RETURN ?
			arena_printf(a, "%s() returns here with the write not yet synchronized",
				     t->call->name) :
			arena_printf(a, "%s() is called here and reaches the access",
				     t->call->name);
	}
	it->steps[n + 1].kind = ISTEP_ACCESS;
	it->steps[n + 1].loc = it->access;
	it->steps[n + 1].text = arena_printf(a, "%s here", it->access_what);

	snprintf(what, sizeof(what), "%s%s", w->kind == EV_WRITE ?
		 "write to " : "", w->kind == EV_WRITE ? w->name :
		 it->write_what);
	plan_fix(rs, f, a, &it->fix, what);

	out = open_memstream(&text, &len);
	if (out) {
		render_text(rs, f, it, out);
		fclose(out);
		it->text = arena_strdup(a, text);
	}
	free(text);
	if (!it->text)
		it->text = arena_printf(a, "%s:%u:%u: warning: %s [%s]\n",
					it->access.file, it->access.line,
					it->access.col, it->message, it->rule);
}
