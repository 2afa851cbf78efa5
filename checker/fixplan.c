// SPDX-License-Identifier: GPL-2.0
#include "fixplan.h"

#include <stdio.h>
#include <string.h>

const char *fixplan_lines(struct arena *a, const char *indent,
			  const char *what, const char *stmts)
{
	char *text = arena_printf(a, "%s/* Synchronize the %s. */\n", indent,
				  what);

	for (const char *p = stmts; *p;) {
		const char *nl = strchr(p, '\n');
		int l = nl ? (int)(nl - p) : (int)strlen(p);

		text = arena_printf(a, "%s%s%.*s\n", text, indent, l, p);
		p += l + (nl ? 1 : 0);
	}
	return text;
}

/*
 * A statement the rules spell in C as assembly: "isb();" is "isb",
 * "tsb_csync();" "tsb csync", "dsb(sy);" "dsb sy".
 */
static const char *asm_spelling(struct arena *a, const char *c)
{
	size_t n = strcspn(c, "(;");
	const char *args = c[n] == '(' ? c + n + 1 : "";
	size_t alen = strcspn(args, ")");
	char *name = arena_strndup(a, c, n);

	for (char *p = name; *p; p++)
		if (*p == '_')
			*p = ' ';
	return alen ? arena_printf(a, "%s %.*s", name, (int)alen, args) :
		      name;
}

const char *fixplan_phrase(const struct ruleset *rs, const struct rule *r,
			   int step, struct arena *a)
{
	/* "isb();" -> "an isb()" */
	const char *ins = rs->steps[r->need[step]].insert;

	return arena_printf(a, "%s %.*s", strchr("aeiou", ins[0]) ? "an" : "a",
			    (int)strcspn(ins, ";"), ins);
}

/*
 * After the write when it and the access are in one function and no step
 * of the sequence was seen: every path from the write then passes the new
 * lines, and one insertion serves every access that write reaches.
 * Otherwise just before the access, after whatever steps were seen: a
 * write in a helper is synchronized where a caller relies on it, not for
 * every caller; and when other writes are pending with this one (the
 * report names the first), after the last of them.  An access at the
 * entry of its function (the PACIASP that return-address signing puts
 * there), before which no line of that function comes, falls back to
 * after the write, wherever that is.
 */
/* Is ev at the line that defines its function, before its body? */
static bool at_entry(const struct event *ev)
{
	return ev->fn && ev->fn->loc.file && ev->loc.file &&
	       ev->loc.line == ev->fn->loc.line &&
	       !strcmp(ev->loc.file, ev->fn->loc.file);
}

void fixplan_make(const struct ruleset *rs, const struct finding *f,
		  const char *what, struct arena *a, struct item_fix *fix)
{
	const struct event *w = f->write, *ac = f->access;
	const struct event *at = NULL;
	const char *indent;
	unsigned line = 0;
	char stmts[256];
	size_t o;
	int i;

	memset(fix, 0, sizeof(*fix));
	if (!f->missing && !f->several && w->fn == ac->fn && w->after_line) {
		at = w;
		line = w->after_line + 1;
		fix->where = "after the write";
	} else if (ac->before_line) {
		at = ac;
		line = ac->before_line;
		fix->where = "before the access";
	} else if (!f->missing && !f->several && w->after_line &&
		   at_entry(ac)) {
		at = w;
		line = w->after_line + 1;
		fix->where = "after the write";
	}
	if (!at) {
		fix->why_not = "the access does not start a line of its own";
		return;
	}
	for (i = f->missing; i < f->rule->nneed; i++)
		if (!rs->steps[f->rule->need[i]].insert) {
			/*
			 * A state rule's field may be set: only the code's
			 * author knows where its write goes (after a drain,
			 * the old value saved for the way back).
			 */
			const char *t = NULL;

			for (int j = i; j < f->rule->nneed && !t; j++)
				t = rs->steps[f->rule->need[j]].text;
			fix->why_not = arena_printf(a, "what is missing is %s, which isbcheck does not write for you",
						    t ? t : "a write");
			return;
		}
	indent = at->indent ? at->indent : "\t";
	for (i = f->missing, o = 0; i < f->rule->nneed && o < sizeof(stmts);
	     i++) {
		const char *ins = rs->steps[f->rule->need[i]].insert;

		o += (size_t)snprintf(stmts + o, sizeof(stmts) - o, "%s\n",
				      srcfile_is_asm(at->loc.file) ?
				      asm_spelling(a, ins) : ins);
	}
	fix->file = arena_strdup(a, at->loc.file);
	fix->line = line;
	fix->indent = arena_strdup(a, indent);
	fix->what = arena_strdup(a, what);
	fix->stmts = arena_strdup(a, stmts);
	fix->lines = fixplan_lines(a, indent, what, stmts);
}
