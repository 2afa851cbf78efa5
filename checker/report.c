// SPDX-License-Identifier: GPL-2.0
#include "report.h"
#include "escape.h"

#include <stdarg.h>
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

const char *item_fields_text(const struct item_event *e, struct arena *a)
{
	const char *s = "";

	for (int i = 0; i < e->nfields; i++)
		s = arena_printf(a, "%s%s%s", s, i ? ", " : "", e->fields[i]);
	return s;
}

/* The names of reg's fields whose bits intersect mask, in bit order. */
static void item_fields(const struct sysreg *reg, uint64_t mask,
			struct arena *a, struct item_event *e)
{
	char buf[1024];
	char *p, *save = NULL;

	sysreg_describe_fields(reg, mask, buf, sizeof(buf));
	e->fields = arena_alloc(a, (strlen(buf) / 2 + 1) * sizeof(char *));
	for (p = strtok_r(buf, ", ", &save); p; p = strtok_r(NULL, ", ", &save))
		e->fields[e->nfields++] = arena_strdup(a, p);
}

/* ev as a typed item event (fields left to the caller). */
static void item_event(const struct ruleset *rs, const struct event *ev,
		       struct arena *a, struct item_event *e)
{
	char buf[1024];

	memset(e, 0, sizeof(*e));
	item_loc(a, ev, &e->loc);
	describe_event(rs, ev, buf, sizeof(buf));
	e->what = arena_strdup(a, buf);
	switch (ev->kind) {
	case EV_WRITE:
		e->kind = IEV_WRITE;
		e->key = e->reg = arena_strdup(a, ev->name);
		break;
	case EV_READ:
		e->kind = IEV_READ;
		e->key = e->reg = arena_strdup(a, ev->name);
		break;
	case EV_INSN:
		e->kind = IEV_INSN;
		e->key = e->insn = e->what;
		break;
	case EV_CALL:
		e->kind = IEV_CALL;
		e->callee = arena_strdup(a, ev->name);
		e->key = arena_printf(a, "call to %s()", e->callee);
		break;
	}
}

/*
 * One line of the diagnostic, "file:line:col: " then the text, escaped
 * (escape.h): names and asm text come from the sources.
 */
__attribute__((format(printf, 3, 4)))
static void line(FILE *out, const struct item_loc *l, const char *fmt, ...)
{
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);
	va_list ap;

	if (!m)
		return;
	fprintf(m, "%s:%u:%u: ", l->file, l->line, l->col);
	va_start(ap, fmt);
	vfprintf(m, fmt, ap);
	va_end(ap);
	fclose(m);
	escape_put(out, text, len, false);
	fputc('\n', out);
	free(text);
}

/* The diagnostic and its notes, from the item alone. */
static void render_text(const struct report_item *it, FILE *out)
{
	bool is_write = it->write.kind == IEV_WRITE;
	int i;

	line(out, &it->access.loc, "warning: %s [%s]", it->message, it->rule);
	line(out, &it->write.loc, "note: %s%s%s%s", it->steps[0].text,
	     it->write.nfields ? "; " : "", it->fields_text,
	     it->write.nfields ? " may change" : "");
	for (i = 1; i < it->nsteps - 1; i++)
		line(out, &it->steps[i].loc, "note: %s", it->steps[i].text);
	line(out, &it->access.loc, "note: %s", it->why);
	line(out, &it->access.loc, "note: see %s", it->cite);
	if (!it->cse_phrase)
		line(out, &it->access.loc,
		     "note: %s must come before this access", it->need);
	else if (it->write_alone)
		line(out, &it->write.loc,
		     "note: %s after this %s would synchronize it",
		     it->cse_phrase, is_write ? "write" : "instruction");
	else
		line(out, &it->access.loc,
		     "note: %s before this access would synchronize %s",
		     it->cse_phrase, is_write ? "the write" : "it");
}

void item_from_finding(const struct ruleset *rs, const struct finding *f,
		       struct arena *a, struct report_item *it)
{
	const struct event *w = f->write, *ac = f->access;
	const struct rule *rule = f->rule;
	const struct trail *t;
	char buf[1024];
	char *text = NULL;
	size_t len = 0;
	FILE *out;
	int n = 0, k;

	memset(it, 0, sizeof(*it));
	report_key(f, buf, sizeof(buf));
	it->key = arena_strdup(a, buf);
	it->rule = rule->id;
	it->why = rule->why;
	it->cite = rule->cite;
	item_event(rs, w, a, &it->write);
	item_event(rs, ac, a, &it->access);
	if (w->kind == EV_WRITE && w->reg >= 0 && f->by_field)
		item_fields(&rs->db.regs[w->reg], f->fields, a, &it->write);
	it->fields_text = item_fields_text(&it->write, a);
	need_text(rs, rule, f->missing, buf, sizeof(buf));
	it->need = arena_strdup(a, buf);
	it->message = arena_printf(a, "%s follows %s%s%s%s%s with no %s in between",
				   it->access.what,
				   w->kind == EV_WRITE ? "the " : "",
				   it->write.what,
				   it->write.nfields ? " (" : "",
				   it->fields_text,
				   it->write.nfields ? ")" : "", it->need);
	if (rule->nneed == 1 && rs->steps[rule->need[0]].any_cse)
		it->cse_phrase = fixplan_phrase(rs, rule, a);
	it->write_alone = w->fn == ac->fn && !f->several;

	for (t = f->trail; t; t = t->prev)
		n++;
	it->nsteps = n + 2;
	it->steps = arena_alloc(a, (size_t)it->nsteps * sizeof(*it->steps));
	it->steps[0].kind = ISTEP_WRITE;
	it->steps[0].loc = it->write.loc;
	it->steps[0].text = w->kind == EV_WRITE ?
		arena_printf(a, "%s written here%s%s%s", w->name,
			     w->macro ? " by " : "", w->macro ? w->macro : "",
			     w->macro ? "()" : "") :
		arena_printf(a, "%s issued here", it->write.what);
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
	it->steps[n + 1].loc = it->access.loc;
	it->steps[n + 1].text = arena_printf(a, "%s here", it->access.what);

	fixplan_make(rs, f, w->kind == EV_WRITE ?
		     arena_printf(a, "write to %s", w->name) : it->write.what,
		     a, &it->fix);

	out = open_memstream(&text, &len);
	if (out) {
		render_text(it, out);
		fclose(out);
		it->text = arena_strdup(a, text);
	}
	free(text);
	if (!it->text)
		it->text = arena_printf(a, "%s:%u:%u: warning: %s [%s]\n",
					it->access.loc.file, it->access.loc.line,
					it->access.loc.col, it->message, it->rule);
}
