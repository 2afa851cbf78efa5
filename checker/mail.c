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
 * Nothing in it depends on the machine or the day.
 */
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

	if (text)
		fprintf(out, "%6u  %s\n", line, text);
}

/* A step: "file:line  text" (the text wrapped), then its source line. */
static void step(FILE *out, struct sources *src, const struct item_step *st)
{
	char *lead = NULL;
	size_t len = 0, hang;
	FILE *m = open_memstream(&lead, &len);

	if (!m)
		return;
	fprintf(m, "%s:%u  ", st->loc.file, st->loc.line);
	fclose(m);
	hang = len <= MAX_HANG ? len : QUOTE_AT;
	wrap(out, lead, hang, st->text);
	free(lead);
	quote(out, src, st->loc.file, st->loc.line);
}

/*
 * The item's fix as a patch between scissors lines, or why there is
 * none.  The diff is made in memory first so that a fix that cannot be
 * made (its file unreadable or changed) leaves no empty scissors.
 */
static void patch(FILE *out, const struct run *r, const struct report_item *it,
		  int nr, int total, FILE *err)
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
	done = fix_diff_one(it, r->src, r->root, m, err);
	fclose(m);
	if (done > 0 && len) {
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

static void finding(FILE *out, const struct run *r,
		    const struct report_item *it, int nr, int total, FILE *err)
{
	char bar[WIDTH + 1];
	int n;

	n = snprintf(bar, sizeof(bar), "=== %d of %d ", nr, total);
	if (n < 0 || n > WIDTH)
		n = 0;
	memset(bar + n, '=', (size_t)(WIDTH - n));
	bar[WIDTH] = '\0';
	fprintf(out, "%s\n\n", bar);

	if (it->access.loc.function && it->access.loc.function[0])
		fprintf(out, "%s:%u %s()\n", it->access.loc.file, it->access.loc.line,
			it->access.loc.function);
	else
		fprintf(out, "%s:%u\n", it->access.loc.file, it->access.loc.line);
	wrapf(out, "", 0, "%s [%s]", it->message, it->rule);
	fputc('\n', out);
	labelled(out, "Why: ", it->why);
	labelled(out, "See: ", it->cite);
	fputs("\nPath:\n", out);
	for (int k = 0; k < it->nsteps; k++)
		step(out, r->src, &it->steps[k]);
	fputc('\n', out);
	patch(out, r, it, nr, total, err);
	fputc('\n', out);
}

int output_mail(const struct run *r, FILE *out, FILE *err)
{
	struct item_counts c = item_count(r->items, r->nitems);
	int shown = c.shown, quiet = c.suppressed, old = c.baseline;
	int files = c.files, nr = 0;

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
	if (r->nincomplete) {
		wrapf(out, "", 0, "%d file%s not fully analysed; findings in %s may be missing:",
		      r->nincomplete, r->nincomplete == 1 ? "" : "s",
		      r->nincomplete == 1 ? "it" : "them");
		for (int i = 0; i < r->nincomplete; i++) {
			const struct incomplete *inc = &r->incomplete[i];
			char *file = srcroot_path(r->root, inc->file);
			char *why = NULL;
			size_t len = 0;
			FILE *m = open_memstream(&why, &len);

			for (int k = 0; m && k < inc->ngaps; k++)
				fprintf(m, "%s%s", k ? "; " : "",
					inc->gaps[k].text);
			if (m && !fclose(m))
				wrapf(out, "  ", 4, "%s: %s", file, why);
			free(why);
			free(file);
		}
	}

	if (shown) {
		fputc('\n', out);
		wrap(out, "", 0,
		     "Each finding gives the access, the rule and why it holds, the path from the write to the access with its source lines, and a patch for that finding alone (--fix-patch makes one patch for all of them).");
		fputc('\n', out);
	}
	for (int i = 0; i < r->nitems; i++)
		if (item_active(&r->items[i]))
			finding(out, r, &r->items[i], ++nr, shown, err);

	if (ferror(out)) {
		fputs("isbcheck: error: cannot write the mail report\n", err);
		return -1;
	}
	return 0;
}
