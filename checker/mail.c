// SPDX-License-Identifier: GPL-2.0
/*
 * mail.c - the findings as plain text to paste into a reply on a mailing
 * list: a summary line, then for each finding shown its place, what is
 * wrong, why, where the architecture says so, the path with the source
 * lines quoted, and a patch for that finding alone that git am takes:
 *
 *	-- >8 --
 *	Subject: f(): synchronize the write to HCR_EL2
 *
 *	(what isbcheck found, why, what the patch inserts, the rule and
 *	its citation)
 *
 *	Fixes: 0123456789ab ("the commit that last changed the write")
 *	---
 *	--- a/file ...
 *
 * "git am --scissors" on a mail holding one finding's block drops what
 * comes before the scissors line.  Paths are relative to the source root
 * (the patch applies there); the Fixes: line comes from git blame of the
 * write when the source root is a git work tree.  No Signed-off-by: the
 * one who applies the patch signs it.
 *
 * Prose is wrapped at WIDTH columns; code, paths and diffs never are.
 * Nothing in it depends on the machine or the day.  Names, messages and
 * quoted lines are escaped (escape.h); a patch whose lines would need it
 * is left out, since escaping would keep it from applying.
 */
#include "blame.h"
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
static void step(FILE *out, const struct run *r, const struct item_step *st,
		 struct arena *a)
{
	char *lead = NULL, *path = srcroot_path(r->root, st->loc.file);
	size_t len = 0, hang;
	FILE *m = open_memstream(&lead, &len);

	if (m) {
		fprintf(m, "%s:%u  ", escape_str(a, path), st->loc.line);
		fclose(m);
		hang = len <= MAX_HANG ? len : QUOTE_AT;
		wrap(out, lead, hang, escape_str(a, st->text));
		quote(out, r->src, st->loc.file, st->loc.line);
	}
	free(lead);
	free(path);
}

/* "isb()", "psb_csync(), then dsb(sy)": the statements a fix inserts. */
static void put_stmts(FILE *out, const char *stmts)
{
	int n = 0;

	for (const char *p = stmts; *p;) {
		size_t l = strcspn(p, "\n");

		if (l) {
			fputs(n++ ? ", then " : "", out);
			escape_put(out, p, l - (p[l - 1] == ';'), false);
		}
		p += l + (p[l] == '\n');
	}
}

/* The function the fix goes in: the write's or the access's. */
static bool fix_after_write(const struct report_item *it)
{
	return it->fix.where && !strcmp(it->fix.where, "after the write");
}

static const char *fix_function(const struct report_item *it)
{
	const struct item_loc *l = fix_after_write(it) ? &it->write.loc :
				   &it->access.loc;

	return l->function && l->function[0] ? l->function : NULL;
}

/*
 * The commit message: the finding, why, the change, the rule and its
 * citation, and Fixes: (the commit that last changed the write's line).
 */
static void message(FILE *out, const struct run *r,
		    const struct report_item *it, struct arena *a)
{
	char *path = srcroot_path(r->root, it->access.loc.file);
	char *wpath = srcroot_path(r->root, it->write.loc.file);
	const char *fn = fix_function(it);
	bool after = fix_after_write(it);
	char *what = NULL;
	size_t len = 0;
	struct blame b;
	FILE *m;

	fprintf(out, "Subject: %s%ssynchronize the %s\n\n",
		fn ? escape_str(a, fn) : "", fn ? "(): " : "",
		escape_str(a, it->fix.what));
	if (it->access.loc.function && it->access.loc.function[0])
		wrapf(out, "", 0, "isbcheck reports in %s() (%s:%u): %s.",
		      escape_str(a, it->access.loc.function),
		      escape_str(a, path), it->access.loc.line,
		      escape_str(a, it->message));
	else
		wrapf(out, "", 0, "isbcheck reports at %s:%u: %s.",
		      escape_str(a, path), it->access.loc.line,
		      escape_str(a, it->message));
	fputc('\n', out);
	if (it->nmore) {
		/* the other accesses of the same cause */
		wrapf(out, "", 0, "The same write reaches %d more access%s with no %s:",
		      it->nmore, it->nmore == 1 ? "" : "es",
		      escape_str(a, it->need));
		for (int k = 0; k < it->nmore; k++) {
			char *mp = srcroot_path(r->root,
						it->more[k].access.loc.file);

			wrapf(out, "  ", 2, "- %s (%s:%u)",
			      escape_str(a, it->more[k].access.what),
			      escape_str(a, mp), it->more[k].access.loc.line);
			free(mp);
		}
		fputc('\n', out);
	}
	wrap(out, "", 0, escape_str(a, it->why));
	fputc('\n', out);
	m = open_memstream(&what, &len);
	if (m) {
		put_stmts(m, it->fix.stmts);
		if (!fclose(m))
			wrapf(out, "", 0, "Insert %s %s the %s.", what,
			      after ? "after" : "before",
			      escape_str(a, after ? it->fix.what :
					 it->access.what));
		free(what);
		fputc('\n', out);
	}
	wrapf(out, "", 0, "isbcheck's rule %s; see %s.",
	      escape_str(a, it->rule), escape_str(a, it->cite));
	if (r->root && r->root->git && wpath[0] != '/' &&
	    blame_line(r->root->dir, wpath, it->write.loc.line, &b)) {
		fprintf(out, "\nFixes: %s (\"%s\")\n", b.hash,
			escape_str(a, b.subject));
		free(b.subject);
	}
	free(path);
	free(wpath);
}

/*
 * The item's fix as a patch git am takes, or why there is none.  The
 * diff is made in memory first so that a fix that cannot be made (its
 * file unreadable or changed, or outside the source root) leaves no
 * empty patch; one whose lines hold bytes a mail would not carry intact
 * is left to --fix-patch.
 */
static void patch(FILE *out, const struct run *r, const struct report_item *it,
		  FILE *err, struct arena *a)
{
	char *diff = NULL;
	size_t len = 0;
	FILE *m;
	int done = 0;

	if (!it->fix.file) {
		wrapf(out, "", 0, it->state ?
		      "No patch: %s. What is missing before the access: %s." :
		      "No patch: %s. What is missing between the write and the access: %s.",
		      it->fix.why_not ? it->fix.why_not :
		      "isbcheck has no place for one", it->need);
		return;
	}
	m = open_memstream(&diff, &len);
	if (!m)
		return;
	done = fix_diff_one(it, r->src, r->root, m, err);
	fclose(m);
	if (done > 0 && len && escape_needed(diff, len, true)) {
		wrap(out, "", 0,
		     "No patch here: the lines around the fix hold control characters or bytes that are not UTF-8, which a mail would not carry intact; --fix-patch writes it.");
	} else if (done > 0 && len) {
		fprintf(out, "Suggested fix (%s), for git am --scissors:\n\n",
			it->fix.where ? it->fix.where : "at the place below");
		fputs("-- >8 --\n", out);
		message(out, r, it, a);
		fputs("---\n", out);
		fputs(diff, out);
	} else {
		wrap(out, "", 0,
		     "No patch: isbcheck could not make one here (see its warnings); --fix-patch says the same.");
	}
	free(diff);
}

static void finding(FILE *out, const struct run *r,
		    const struct report_item *it, int nr, int total, FILE *err,
		    struct arena *a)
{
	char bar[WIDTH + 1], *path;
	int n;

	n = snprintf(bar, sizeof(bar), "=== %d of %d ", nr, total);
	if (n < 0 || n > WIDTH)
		n = 0;
	memset(bar + n, '=', (size_t)(WIDTH - n));
	bar[WIDTH] = '\0';
	fprintf(out, "%s\n\n", bar);

	path = srcroot_path(r->root, it->access.loc.file);
	if (it->access.loc.function && it->access.loc.function[0])
		fprintf(out, "%s:%u %s()\n", escape_str(a, path),
			it->access.loc.line,
			escape_str(a, it->access.loc.function));
	else
		fprintf(out, "%s:%u\n", escape_str(a, path),
			it->access.loc.line);
	free(path);
	wrapf(out, "", 0, "%s [%s]", escape_str(a, it->message),
	      escape_str(a, it->rule));
	fputc('\n', out);
	labelled(out, "Why: ", escape_str(a, it->why));
	labelled(out, "See: ", escape_str(a, it->cite));
	fputs("\nPath:\n", out);
	for (int k = 0; k < it->nsteps; k++)
		step(out, r, &it->steps[k], a);
	fputc('\n', out);
	patch(out, r, it, err, a);
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
					escape_str(&a, inc->gaps[k].text));
			if (m && !fclose(m))
				wrapf(out, "  ", 4, "%s: %s",
				      escape_str(&a, file), why);
			free(why);
			free(file);
		}
	}

	if (shown) {
		fputc('\n', out);
		wrap(out, "", 0,
		     "Each finding gives the access, the rule and why it holds, the path from the write to the access with its source lines, and a patch for that finding alone: save a mail holding one finding and apply it with git am --scissors (--fix-patch makes one patch for all of them).");
		fputc('\n', out);
	}
	for (int i = 0; i < r->nitems; i++)
		if (item_active(&r->items[i]))
			finding(out, r, &r->items[i], ++nr, shown, err, &a);
	arena_free(&a);

	if (ferror(out)) {
		fputs("isbcheck: error: cannot write the mail report\n", err);
		return -1;
	}
	return 0;
}
