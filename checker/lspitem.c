// SPDX-License-Identifier: GPL-2.0
#include "lspitem.h"
#include "escape.h"

#include <stdlib.h>
#include <string.h>

json_t *lsp_str(const char *s)
{
	json_t *j = json_string(s ? s : "");
	struct arena a = { 0 };

	if (j)
		return j;
	/* not UTF-8 (a name from the sources): as the text report shows it */
	j = json_string(escape_str(&a, s));
	arena_free(&a);
	return j ? j : json_string("?");
}

/* Bytes of a UTF-8 sequence starting with c, 1 for a byte that starts none. */
static int seq_len(const unsigned char *p, size_t left)
{
	int n = *p < 0x80 ? 1 : *p >= 0xf0 && *p < 0xf5 ? 4 :
		*p >= 0xe0 ? 3 : *p >= 0xc2 ? 2 : 1;

	if ((size_t)n > left)
		return 1;
	for (int i = 1; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 1;
	return n;
}

/* The LSP character of byte offset b of a line. */
static long character(const struct lsp_files *f, const char *line,
		      size_t len, size_t b)
{
	long units = 0;

	if (b > len)
		b = len;
	if (f->utf8)
		return (long)b;
	for (size_t i = 0; i < b;) {
		int n = seq_len((const unsigned char *)line + i, len - i);

		units += n == 4 ? 2 : 1;	/* a surrogate pair past the BMP */
		i += (size_t)n;
	}
	return units;
}

static bool ident(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

static json_t *position(long line, long ch)
{
	return json_pack("{s:I,s:I}", "line", (json_int_t)line, "character",
			 (json_int_t)ch);
}

json_t *lsp_range(struct lsp_files *f, const char *file, unsigned line,
		  unsigned col)
{
	const struct source *s = f->text(f, file);
	long l = line ? (long)line - 1 : 0;
	size_t b = col ? col - 1 : 0, e;
	const char *text;
	size_t len;

	if (!s || !line || line > s->nlines)
		return json_pack("{s:o,s:o}", "start", position(l, (long)b),
				 "end", position(l, (long)b + 1));
	text = s->lines[line - 1];
	len = s->lens[line - 1];
	if (len && text[len - 1] == '\r')
		len--;
	if (b > len)
		b = len;
	/* the token there: a name (the macro, the accessor), else a byte */
	for (e = b; e < len && ident((unsigned char)text[e]); e++)
		;
	if (e == b && e < len)
		e += (size_t)seq_len((const unsigned char *)text + e, len - e);
	return json_pack("{s:o,s:o}",
			 "start", position(l, character(f, text, len, b)),
			 "end", position(l, character(f, text, len, e)));
}

static long pos_field(const json_t *range, const char *which,
		      const char *field)
{
	return (long)json_integer_value(json_object_get(
		json_object_get(range, which), field));
}

bool lsp_range_holds(const json_t *range, long line, long ch)
{
	long sl = pos_field(range, "start", "line");
	long sc = pos_field(range, "start", "character");
	long el = pos_field(range, "end", "line");
	long ec = pos_field(range, "end", "character");

	if (line < sl || line > el)
		return false;
	if (line == sl && ch < sc)
		return false;
	/* the end is exclusive, but a cursor just past a name is on it */
	return !(line == el && ch > ec);
}

bool lsp_ranges_meet(const json_t *a, const json_t *b)
{
	return pos_field(a, "start", "line") <= pos_field(b, "end", "line") &&
	       pos_field(b, "start", "line") <= pos_field(a, "end", "line");
}

static json_t *related(struct lsp_files *f, const struct item_loc *l,
		       const char *text)
{
	return json_pack("{s:{s:o,s:o},s:o}", "location",
			 "uri", f->uri(f, l->file),
			 "range", lsp_range(f, l->file, l->line, l->col),
			 "message", lsp_str(text));
}

json_t *lsp_diagnostic(struct lsp_files *f, const struct report_item *it)
{
	json_t *rel = json_array();
	bool is_write = it->write.kind == IEV_WRITE;
	struct arena a = { 0 };
	char *msg;
	json_t *d;

	/* the notes of the text report, each where it points */
	json_array_append_new(rel, related(f, &it->write.loc,
					   item_write_note(it, &a)));
	for (int i = 1; i < it->nsteps - 1; i++)
		json_array_append_new(rel, related(f, &it->steps[i].loc,
						   it->steps[i].text));
	if (!it->cse_phrase)
		json_array_append_new(rel, related(f, &it->access.loc,
			arena_printf(&a, "%s must come before this access",
				     it->need)));
	else if (it->write_alone)
		json_array_append_new(rel, related(f, &it->write.loc,
			arena_printf(&a, "%s after this %s would synchronize it",
				     it->cse_phrase,
				     is_write ? "write" : "instruction")));
	else
		json_array_append_new(rel, related(f, &it->access.loc,
			arena_printf(&a, "%s before this access would synchronize %s",
				     it->cse_phrase,
				     is_write ? "the write" : "it")));
	msg = arena_printf(&a, "%s; see %s", it->message, it->cite);
	d = json_pack("{s:o,s:i,s:o,s:s,s:o,s:o}",
		      "range", lsp_range(f, it->access.loc.file,
					 it->access.loc.line,
					 it->access.loc.col),
		      "severity", 2,
		      "code", lsp_str(it->rule),
		      "source", "isbcheck",
		      "message", lsp_str(msg),
		      "relatedInformation", rel);
	arena_free(&a);
	return d;
}

json_t *lsp_note_diagnostic(struct lsp_files *f, const struct live_note *n)
{
	return json_pack("{s:o,s:i,s:s,s:o}",
			 "range", lsp_range(f, n->file, n->line, n->col),
			 "severity", 3,
			 "source", "isbcheck",
			 "message", lsp_str(n->text));
}

/* Does an insertion before line `line` fit the file (as fix.c's fits())? */
static bool fits(const struct source *s, unsigned line)
{
	if (!s || line < 1 || line > s->nlines + 1)
		return false;
	return line <= s->nlines || s->ends_in_newline;
}

/* The inserted text: CR LF line ends in a file whose first line has them. */
static char *insert_text(const char *lines, bool crlf)
{
	size_t n = 0;
	char *t, *o;

	for (const char *p = lines; *p; p++)
		n += 1 + (*p == '\n' && crlf);
	t = o = xmalloc(n + 1);
	for (const char *p = lines; *p; p++) {
		if (*p == '\n' && crlf)
			*o++ = '\r';
		*o++ = *p;
	}
	*o = '\0';
	return t;
}

json_t *lsp_edit(struct lsp_files *f, const struct fix_insertion *ins, int n,
		 bool doc_changes)
{
	json_t *changes = json_object(), *docs = json_array();
	int made = 0;

	/* ins is in file order: one list of edits per file */
	for (int i = 0; i < n;) {
		const struct source *s = f->text(f, ins[i].file);
		json_t *edits = json_array();
		int j = i;

		for (; j < n && !strcmp(ins[j].file, ins[i].file); j++) {
			json_t *at;
			char *t;

			if (!fits(s, ins[j].line))
				continue;
			at = position((long)ins[j].line - 1, 0);
			t = insert_text(ins[j].lines, s->crlf);
			json_array_append_new(edits, json_pack(
				"{s:{s:O,s:O},s:o}", "range", "start", at,
				"end", at, "newText", lsp_str(t)));
			json_decref(at);
			free(t);
		}
		if (json_array_size(edits)) {
			json_t *uri = f->uri(f, ins[i].file);
			int v = f->version(f, ins[i].file);

			made++;
			if (doc_changes) {
				json_array_append_new(docs, json_pack(
					"{s:{s:O,s:o},s:O}", "textDocument",
					"uri", uri, "version",
					v >= 0 ? json_integer(v) : json_null(),
					"edits", edits));
			} else {
				json_object_set(changes, json_string_value(uri),
						edits);
			}
			json_decref(uri);
		}
		json_decref(edits);
		i = j;
	}
	if (!made) {
		json_decref(changes);
		json_decref(docs);
		return NULL;
	}
	if (doc_changes) {
		json_decref(changes);
		return json_pack("{s:o}", "documentChanges", docs);
	}
	json_decref(docs);
	return json_pack("{s:o}", "changes", changes);
}

/* s with markdown's punctuation escaped, so that "S1E1*" stays as it is. */
static const char *md(struct arena *a, const char *s, bool markdown)
{
	size_t n = 0;
	char *t, *o;

	if (!markdown)
		return s;
	for (const char *p = s; *p; p++)
		n += strchr("\\`*_[]<>#|~&", *p) ? 2 : 1;
	t = o = arena_alloc(a, n + 1);
	for (const char *p = s; *p; p++) {
		if (strchr("\\`*_[]<>#|~&", *p))
			*o++ = '\\';
		*o++ = *p;
	}
	*o = '\0';
	return t;
}

json_t *lsp_hover_text(const struct report_item *const *its, int n,
		       bool markdown)
{
	struct arena a = { 0 };
	const char *text = "";
	json_t *j;

	for (int i = 0; i < n; i++) {
		const struct report_item *it = its[i];

		text = arena_printf(&a, markdown ?
			"%s%s**isbcheck %s**: %s\n\n%s\n\nSee %s\n" :
			"%s%sisbcheck %s: %s\n\n%s\n\nSee %s\n",
			text, i ? "\n---\n\n" : "", md(&a, it->rule, markdown),
			md(&a, it->message, markdown),
			md(&a, it->why, markdown), md(&a, it->cite, markdown));
	}
	j = json_pack("{s:s,s:o}", "kind", markdown ? "markdown" : "plaintext",
		      "value", lsp_str(text));
	arena_free(&a);
	return j;
}
