// SPDX-License-Identifier: GPL-2.0
/*
 * mail.c - the findings as plain text to paste into a reply on a mailing
 * list: a summary line, then for each finding shown its place, what is
 * wrong, why, where the architecture says so, the path with the source
 * lines quoted, and a patch for that finding alone between scissors lines:
 *
 *	8<-- patch for finding N of M --
 *	--- a/file ...
 *	8<-- end of patch --
 *
 * Prose is wrapped at WIDTH columns; code, paths and diffs never are.
 * Nothing in it depends on the machine or the day.  Names, messages and
 * quoted lines are escaped (escape.h); a patch whose lines would need it
 * is left out, since escaping would keep it from applying.
 */
#include "escape.h"
#include "fix.h"
#include "output.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define WIDTH 72
/* A hanging indent wider than this leaves too little room: use QUOTE_AT. */
#define MAX_HANG 40
#define QUOTE_AT 4

/*
 * Writes lead, then the words of text filling lines of at most WIDTH
 * columns; the lines after the first start with hang spaces.  A word
 * longer than a line gets a line of its own rather than being cut.
 */
static void wrap(FILE *out, const char *lead, size_t hang, const char *text)
{
	size_t col = strlen(lead);
	bool first = true;

	fputs(lead, out);
	for (const char *p = text;;) {
		size_t n;

		p += strspn(p, " \n");
		if (!*p)
			break;
		n = strcspn(p, " \n");
		if (!first && col + 1 + n > WIDTH) {
			fprintf(out, "\n%*s", (int)hang, "");
			col = hang;
		} else if (!first) {
			fputc(' ', out);
			col++;
		}
		fwrite(p, 1, n, out);
		col += n;
		p += n;
		first = false;
	}
	fputc('\n', out);
}

/* wrap() of a formatted text. */
__attribute__((format(printf, 4, 5)))
static void wrapf(FILE *out, const char *lead, size_t hang, const char *fmt,
		  ...)
{
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);
	va_list ap;

	if (!m)
		return;
	va_start(ap, fmt);
	vfprintf(m, fmt, ap);
	va_end(ap);
	fclose(m);
	wrap(out, lead, hang, text);
	free(text);
}

/* "Why: ..." with the text under its first word. */
static void labelled(FILE *out, const char *label, const char *text)
{
	wrap(out, label, strlen(label), text);
}

/* The source line, quoted as "    NN  code" (tabs kept), if readable. */
static void quote(FILE *out, struct sources *src, const char *file,
		  unsigned line)
{
	const struct source *s = file ? source_get(src, file) : NULL;
	const char *text = s ? source_line(s, line) : NULL;

	if (text) {
		fprintf(out, "%6u  ", line);
		escape_put(out, text, s->lens[line - 1], false);
		fputc('\n', out);
	}
}

/* A step: "file:line  text" (the text wrapped), then its source line. */
static void step(FILE *out, struct sources *src, const struct item_step *st,
		 struct arena *a)
{
	char *lead = NULL;
	size_t len = 0, hang;
	FILE *m = open_memstream(&lead, &len);

	if (!m)
		return;
	fprintf(m, "%s:%u  ", escape_str(a, st->loc.file), st->loc.line);
	fclose(m);
	hang = len <= MAX_HANG ? len : QUOTE_AT;
	wrap(out, lead, hang, escape_str(a, st->text));
	free(lead);
	quote(out, src, st->loc.file, st->loc.line);
}

/*
 * The item's fix as a patch between scissors lines, or why there is
 * none.  The diff is made in memory first so that a fix that cannot be
 * made (its file unreadable or changed) leaves no empty scissors.
 */
static void patch(FILE *out, const struct report_item *it, int nr, int total,
		  struct sources *src, FILE *err)
{
	char *diff = NULL;
	size_t len = 0;
	FILE *m;
	int done = 0;

	if (!it->fix.file) {
		wrapf(out, "", 0, "No patch: %s. What is missing between the write and the access: %s.",
		      it->fix.why_not ? it->fix.why_not :
		      "isbcheck has no place for one", it->need);
		return;
	}
	m = open_memstream(&diff, &len);
	if (!m)
		return;
	done = fix_diff_one(it, src, m, err);
	fclose(m);
	if (done > 0 && len && escape_needed(diff, len, true)) {
		wrap(out, "", 0,
		     "No patch here: the lines around the fix hold control characters or bytes that are not UTF-8, which a mail would not carry intact; --fix-patch writes it.");
	} else if (done > 0 && len) {
		fprintf(out, "Suggested fix (%s):\n\n", it->fix.where ?
			it->fix.where : "at the place below");
		fprintf(out, "8<-- patch for finding %d of %d --\n", nr, total);
		fputs(diff, out);
		fputs("8<-- end of patch --\n", out);
	} else {
		wrap(out, "", 0,
		     "No patch: isbcheck could not make one here (see its warnings); --fix-patch says the same.");
	}
	free(diff);
}

static void finding(FILE *out, const struct report_item *it, int nr,
		    int total, struct sources *src, FILE *err, struct arena *a)
{
	const char *file = escape_str(a, it->access.loc.file);

	char bar[WIDTH + 1];
	int n;

	n = snprintf(bar, sizeof(bar), "=== %d of %d ", nr, total);
	if (n < 0 || n > WIDTH)
		n = 0;
	memset(bar + n, '=', (size_t)(WIDTH - n));
	bar[WIDTH] = '\0';
	fprintf(out, "%s\n\n", bar);

	if (it->access.loc.function && it->access.loc.function[0])
		fprintf(out, "%s:%u %s()\n", file, it->access.loc.line,
			escape_str(a, it->access.loc.function));
	else
		fprintf(out, "%s:%u\n", file, it->access.loc.line);
	wrapf(out, "", 0, "%s [%s]", escape_str(a, it->message),
	      escape_str(a, it->rule));
	fputc('\n', out);
	labelled(out, "Why: ", escape_str(a, it->why));
	labelled(out, "See: ", escape_str(a, it->cite));
	fputs("\nPath:\n", out);
	for (int k = 0; k < it->nsteps; k++)
		step(out, src, &it->steps[k], a);
	fputc('\n', out);
	patch(out, it, nr, total, src, err);
	fputc('\n', out);
}

int output_mail(const struct run *r, FILE *out, FILE *err)
{
	struct item_counts c = item_count(r->items, r->nitems);
	int shown = c.shown, quiet = c.suppressed, old = c.baseline;
	int files = c.files, nr = 0;
	struct arena a = { 0 };

	if (shown)
		fprintf(out, "isbcheck %s: %d finding%s in %d file%s.\n",
			r->version ? r->version : "", shown,
			shown == 1 ? "" : "s", files, files == 1 ? "" : "s");
	else
		fprintf(out, "isbcheck %s: no findings.\n",
			r->version ? r->version : "");
	if (quiet || old)
		wrapf(out, "", 0, "Not shown: %d suppressed in the sources, %d in the baseline.",
		      quiet, old);

	if (shown) {
		fputc('\n', out);
		wrap(out, "", 0,
		     "Each finding gives the access, the rule and why it holds, the path from the write to the access with its source lines, and a patch for that finding alone (--fix-patch makes one patch for all of them).");
		fputc('\n', out);
	}
	for (int i = 0; i < r->nitems; i++)
		if (item_active(&r->items[i]))
			finding(out, &r->items[i], ++nr, shown, r->src, err,
				&a);
	arena_free(&a);

	if (ferror(out)) {
		fputs("isbcheck: error: cannot write the mail report\n", err);
		return -1;
	}
	return 0;
}
