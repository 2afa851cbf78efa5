// SPDX-License-Identifier: GPL-2.0
#include "report.h"
#include "config.h"
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
	case EV_ASSIGN:		/* never a write or an access */
	case EV_STORE:
	case EV_FORGET:
		snprintf(buf, size, "assignment");
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
		if (rs->steps[r->need[i]].text)	/* not a state rule's HOLD_READ */
			o += (size_t)snprintf(buf + o, size - o, "%s%s",
					      o ? ", then " : "",
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
	case EV_ASSIGN:
	case EV_FORGET:
	case EV_STORE:
		e->kind = IEV_CALL;
		e->callee = arena_strdup(a, ev->name ? ev->name : "");
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
	{
		struct arena a = { 0 };

		line(out, &it->write.loc, "note: %s", item_write_note(it, &a));
		arena_free(&a);
	}
	for (i = 1; i < it->nsteps - 1; i++)
		line(out, &it->steps[i].loc, "note: %s", it->steps[i].text);
	if (it->only_in)
		line(out, &it->access.loc,
		     "note: found in the %s configuration only, not in %s",
		     it->only_in, it->not_in);
	line(out, &it->access.loc, "note: %s", it->why);
	line(out, &it->access.loc, "note: see %s", it->cite);
	if (it->state)
		line(out, &it->access.loc, "note: before this access: %s",
		     it->need);
	else if (!it->cse_phrase)
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
	if (it->nmore && it->state)
		line(out, &it->write.loc,
		     "note: and %d more access%s that need%s %s, reached from here without it:",
		     it->nmore, it->nmore == 1 ? "" : "es",
		     it->nmore == 1 ? "s" : "", it->state);
	else if (it->nmore)
		line(out, &it->write.loc,
		     "note: and %d more access%s that the same %s reaches with no %s:",
		     it->nmore, it->nmore == 1 ? "" : "es",
		     is_write ? "write" : "instruction", it->need);
	for (i = 0; i < it->nmore; i++)
		line(out, &it->more[i].access.loc, "note: %s here",
		     it->more[i].access.what);
}

void item_render(struct report_item *it, struct arena *a)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	if (!out)
		return;
	render_text(it, out);
	fclose(out);
	if (text)
		it->text = arena_strdup(a, text);
	free(text);
}

static bool same_cause(const struct report_item *a,
		       const struct report_item *b)
{
	return !strcmp(a->rule, b->rule) && !strcmp(a->need, b->need) &&
	       !strcmp(a->write.loc.file, b->write.loc.file) &&
	       a->write.loc.line == b->write.loc.line &&
	       a->write.loc.col == b->write.loc.col &&
	       !strcmp(a->write.what, b->write.what);
}

int group_items(struct report_item *items, int n, struct arena *a)
{
	int m = 0;

	for (int i = 0; i < n; i++) {
		struct report_item *it = &items[i];
		struct report_item *first = NULL;

		for (int k = 0; k < m && !first && !it->suppressed; k++)
			if (!items[k].suppressed && same_cause(&items[k], it))
				first = &items[k];
		if (!first) {
			items[m++] = *it;
			continue;
		}
		{
			struct item_more *v = arena_alloc(a, sizeof(*v) *
						(size_t)(first->nmore + 1));

			if (first->nmore)
				memcpy(v, first->more,
				       sizeof(*v) * (size_t)first->nmore);
			/*
			 * one insertion after the write serves every access
			 * it reaches: the others need none of their own
			 */
			bool served = first->fix.where &&
				!strcmp(first->fix.where, "after the write");

			v[first->nmore] = (struct item_more){
				it->access, it->steps, it->nsteps,
				served ? first->fix : it->fix, it->key,
			};
			first->more = v;
			first->nmore++;
		}
	}
	for (int k = 0; k < m; k++)
		if (items[k].nmore)
			item_render(&items[k], a);
	return m;
}

/*
 * " by write_sysreg()" (C: the macro written there), " by the macro
 * ptrauth_restore_state (kvm_ptrauth.h:33)" (assembly: the assembler
 * macro, and the file and line of its body the instruction came from,
 * see asmfile.h), or "".
 */
static const char *by_macro(struct arena *a, const struct event *w)
{
	if (!w->macro)
		return "";
	if (w->macro_loc.file) {
		/*
		 * the header's name, not its path: a report's paths are
		 * relative to where it is read, text is not
		 */
		const char *base = strrchr(w->macro_loc.file, '/');

		return arena_printf(a, " by the macro %s (%s:%u)", w->macro,
				    base ? base + 1 : w->macro_loc.file,
				    w->macro_loc.line);
	}
	return arena_printf(a, " by %s()", w->macro);
}

/* In assembly an instruction is named as such: "an isb", not "an isb()". */
static const char *in_asm(struct arena *a, const char *phrase,
			  const char *file)
{
	size_t p = strcspn(phrase, "(");

	if (!file || !srcfile_is_asm(file) || !phrase[p])
		return phrase;
	return arena_printf(a, "%.*s", (int)p, phrase);
}

/*
 * A state rule's finding where its field may not hold the value: the
 * message says what must hold at the access; returns the note at the
 * "write": what the code did that says the field may not hold it.
 */
static const char *state_text(const struct ruleset *rs,
			      const struct finding *f, struct arena *a,
			      struct report_item *it)
{
	const struct rule *rule = f->rule;
	const struct sysreg *reg = &rs->db.regs[rule->hold.reg];
	const struct field *fl = &reg->fields[rule->hold.field];
	const struct event *w = f->write;
	const char *other = fl->mask >> fl->lo == 1 ?
		arena_printf(a, "%llu", (unsigned long long)!rule->hold.value) :
		arena_printf(a, "other than %llu",
			     (unsigned long long)rule->hold.value);

	it->state = rule->hold_text;
	it->message = arena_printf(a, "%s while %s.%s may be %s (it must be %llu, and synchronized, before it)",
				   it->access.what, reg->name, fl->name, other,
				   (unsigned long long)rule->hold.value);
	return w->kind == EV_READ ?
		arena_printf(a, "%s read here, and %s found to be %s on the path from it",
			     reg->name, fl->name, other) :
		arena_printf(a, "%s written here%s; %s may be %s", reg->name,
			     by_macro(a, w), fl->name, other);
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
	const char *state_note = NULL;
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
	if (rule->state && rs->steps[rule->need[f->missing]].hold) {
		state_note = state_text(rs, f, a, it);
	} else {
		it->message = arena_printf(a, "%s follows %s%s%s%s%s with no %s in between",
					   it->access.what,
					   w->kind == EV_WRITE ? "the " : "",
					   it->write.what,
					   it->write.nfields ? " (" : "",
					   it->fields_text,
					   it->write.nfields ? ")" : "", it->need);
		/* one CSE left to add: say where an isb() goes */
		if (rule->nneed - f->missing == 1 &&
		    rs->steps[rule->need[f->missing]].any_cse)
			it->cse_phrase = fixplan_phrase(rs, rule, f->missing, a);
	}
	if (f->variants && f->variants != f->all_variants) {
		char names[256];

		it->only_in = arena_strdup(a, config_variant_name(rs,
					   f->variants, names, sizeof(names)));
		it->not_in = arena_strdup(a, config_variant_name(rs,
					  f->all_variants & ~f->variants,
					  names, sizeof(names)));
	}
	it->write_alone = w->fn == ac->fn && !f->several;
	if (it->cse_phrase)
		it->cse_phrase = in_asm(a, it->cse_phrase, it->write_alone ?
					f->write->loc.file :
					f->access->loc.file);

	for (t = f->trail; t; t = t->prev)
		n++;
	it->nsteps = n + 2;
	it->steps = arena_alloc(a, (size_t)it->nsteps * sizeof(*it->steps));
	it->steps[0].kind = ISTEP_WRITE;
	it->steps[0].loc = it->write.loc;
	it->steps[0].text = state_note ? state_note :
		w->kind == EV_WRITE ?
		arena_printf(a, "%s written here%s", w->name,
			     by_macro(a, w)) :
		arena_printf(a, "%s issued here", it->write.what);
	/* the trail is innermost first: walk it into place backwards */
	for (t = f->trail, k = n; t; t = t->prev, k--) {
		struct item_step *s = &it->steps[k];

		item_loc(a, t->call, &s->loc);
		s->kind = t->kind == TRAIL_RETURN ? ISTEP_RETURN : ISTEP_CALL;
		s->text = t->kind == TRAIL_RETURN && it->state ?
			arena_printf(a, "%s() returns here with %s not known to hold",
				     t->call->name, it->state) :
			t->kind == TRAIL_RETURN ?
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

const char *item_write_note(const struct report_item *it, struct arena *a)
{
	if (it->state || !it->write.nfields)
		return it->steps[0].text;
	return arena_printf(a, "%s; %s may change", it->steps[0].text,
			    it->fields_text);
}
