// SPDX-License-Identifier: GPL-2.0
#include "fix.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CONTEXT 3

/* One insertion: lines before old line `line` of file. */
struct edit {
	const char *file;
	unsigned line;
	const char *indent, *stmts;
	const char *what;	/* what its comment names, joined */
	const char *lines;
	int order;		/* first item asking for it, for a stable sort */
};

static int cmp_edit(const void *a, const void *b)
{
	const struct edit *x = a, *y = b;
	int c = strcmp(x->file, y->file);

	if (c)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->order - y->order;
}

/* Does the joined list of names `list` hold `what` already? */
static bool names(const char *list, const char *what)
{
	size_t l = strlen(what);

	for (const char *p = list; (p = strstr(p, what)); p++)
		if ((p == list ||
		     (p - list >= 9 && !strncmp(p - 9, " and the ", 9))) &&
		    (!p[l] || !strncmp(p + l, " and the ", 9)))
			return true;
	return false;
}

/*
 * The fixes of the active items (or of all), sorted.  Fixes with the same
 * statements at the same place are one insertion whose comment names
 * every write it synchronizes.
 */
static struct edit *collect(const struct report_item *items, int n,
			    bool all, struct arena *a, int *count)
{
	struct edit *v = NULL;
	int m = 0, cap = 0, i, k;

	for (i = 0; i < n; i++) {
		const struct item_fix *fx = &items[i].fix;
		struct edit *same = NULL;

		if (!fx->file || (!all && !item_active(&items[i])))
			continue;
		for (k = 0; k < m && !same; k++)
			if (v[k].line == fx->line &&
			    !strcmp(v[k].file, fx->file) &&
			    !strcmp(v[k].indent, fx->indent) &&
			    !strcmp(v[k].stmts, fx->stmts))
				same = &v[k];
		if (!same) {
			struct edit e = { fx->file, fx->line, fx->indent,
					  fx->stmts, fx->what, NULL, m };

			VEC_PUSH(v, m, cap, e);
		} else if (!names(same->what, fx->what)) {
			same->what = arena_printf(a, "%s and the %s",
						  same->what, fx->what);
		}
	}
	for (k = 0; k < m; k++)
		v[k].lines = fixplan_lines(a, v[k].indent, v[k].what,
				       v[k].stmts);
	if (m)
		qsort(v, (size_t)m, sizeof(*v), cmp_edit);
	*count = m;
	return v;
}

/* Checks the edits of one file against its text; false after a message. */
static bool fits(const struct source *s, const struct edit *e, int n,
		 FILE *err)
{
	for (int i = 0; i < n; i++) {
		if (e[i].line < 1 || e[i].line > s->nlines + 1) {
			fprintf(err, "%s:%u: warning: isbcheck: the fix's place is past the end of the file; not fixed\n",
				e[i].file, e[i].line);
			return false;
		}
		if (e[i].line == s->nlines + 1 && !s->ends_in_newline) {
			fprintf(err, "%s:%u: warning: isbcheck: the file does not end in a newline; not fixed\n",
				e[i].file, e[i].line);
			return false;
		}
	}
	return true;
}


static int count_lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void put_lines(FILE *out, char prefix, const char *lines)
{
	for (const char *p = lines; *p;) {
		const char *nl = strchr(p, '\n');
		size_t l = nl ? (size_t)(nl - p) : strlen(p);

		fprintf(out, "%c%.*s\n", prefix, (int)l, p);
		p += l + (nl ? 1 : 0);
	}
}

/* The hunks of one file's edits e[0..n); path as the patch names it. */
static void diff_file(const struct source *s, const char *path,
		      const struct edit *e, int n, FILE *out)
{
	long shift = 0;
	int i = 0;

	while (*path == '/')
		path++;
	fprintf(out, "--- a/%s\n+++ b/%s\n", path, path);
	while (i < n) {
		unsigned lo, hi, l;
		int j = i, added = 0;

		/* old lines lo..hi, covering every edit close to the first */
		lo = e[i].line > CONTEXT ? e[i].line - CONTEXT : 1;
		hi = e[i].line + CONTEXT - 1;
		while (j + 1 < n && e[j + 1].line <= hi + CONTEXT + 1)
			hi = e[++j].line + CONTEXT - 1;
		if (hi > s->nlines)
			hi = s->nlines;
		for (int k = i; k <= j; k++)
			added += count_lines(e[k].lines);
		if (hi >= lo)
			fprintf(out, "@@ -%u,%u +%ld,%ld @@\n", lo, hi - lo + 1,
				(long)lo + shift, (long)(hi - lo + 1) + added);
		else
			fprintf(out, "@@ -%u,0 +%ld,%d @@\n", lo - 1,
				(long)lo + shift, added);
		for (l = lo; l <= hi + 1; l++) {
			for (int k = i; k <= j; k++)
				if (e[k].line == l)
					put_lines(out, '+', e[k].lines);
			if (l <= hi) {
				fprintf(out, " %s\n", s->lines[l - 1]);
				if (l == s->nlines && !s->ends_in_newline)
					fputs("\\ No newline at end of file\n",
					      out);
			}
		}
		shift += added;
		i = j + 1;
	}
}

typedef void per_file_fn(const struct source *s, const char *path,
			 const struct edit *e, int n, void *ctx);

/*
 * Runs fn on each file's run of edits, with the file's path relative to
 * the root; returns the edits handled.  A file outside the root is left
 * alone, with a note for each of its edits.
 */
static int per_file(struct edit *e, int n, struct sources *src,
		    const struct srcroot *root, FILE *err, per_file_fn *fn,
		    void *ctx)
{
	int i = 0, done = 0;

	while (i < n) {
		int j = i;
		const struct source *s;

		while (j < n && !strcmp(e[j].file, e[i].file))
			j++;
		if (!srcroot_holds(root, e[i].file)) {
			for (int k = i; k < j; k++)
				fprintf(err, "%s:%u: note: isbcheck: not fixed: the file is outside the source root %s (--source-root)\n",
					e[k].file, e[k].line, root->dir);
			i = j;
			continue;
		}
		s = source_get(src, e[i].file);
		if (!s) {
			fprintf(err, "%s: warning: isbcheck: cannot read the file to fix it\n",
				e[i].file);
		} else if (fits(s, e + i, j - i, err)) {
			char *path = srcroot_path(root, e[i].file);

			fn(s, path, e + i, j - i, ctx);
			free(path);
			done += j - i;
		}
		i = j;
	}
	return done;
}

void fix_warn_unfixed(const struct report_item *items, int n, FILE *err)
{
	for (int i = 0; i < n; i++)
		if (item_active(&items[i]) && !items[i].fix.file)
			fprintf(err, "%s:%u:%u: warning: isbcheck: no fix for this finding: %s [%s]\n",
				items[i].access.loc.file, items[i].access.loc.line,
				items[i].access.loc.col, items[i].fix.why_not,
				items[i].rule);
}

static void diff_cb(const struct source *s, const char *path,
		    const struct edit *e, int n, void *ctx)
{
	diff_file(s, path, e, n, ctx);
}

int fix_diff(const struct report_item *items, int n, struct sources *src,
	     const struct srcroot *root, FILE *out, FILE *err)
{
	struct arena a = { 0 };
	int m, done;
	struct edit *e = collect(items, n, false, &a, &m);

	done = per_file(e, m, src, root, err, diff_cb, out);
	free(e);
	arena_free(&a);
	return done;
}

int fix_diff_one(const struct report_item *item, struct sources *src,
		 const struct srcroot *root, FILE *out, FILE *err)
{
	struct arena a = { 0 };
	int m, done;
	struct edit *e = collect(item, 1, true, &a, &m);

	done = per_file(e, m, src, root, err, diff_cb, out);
	free(e);
	arena_free(&a);
	return done;
}

struct apply_ctx {
	FILE *err;
	int failed;
};

static void apply_cb(const struct source *s, const char *path,
		     const struct edit *e, int n, void *ctx)
{
	struct apply_ctx *a = ctx;
	char *tmp = xmalloc(strlen(s->path) + 16);
	struct stat st;
	FILE *f;
	unsigned l;
	int k = 0;

	(void)path;	/* edited where the findings name it */
	sprintf(tmp, "%s.isbcheck~", s->path);
	f = fopen(tmp, "w");
	if (!f) {
		fprintf(a->err, "%s: error: isbcheck: cannot write the fixed file\n",
			s->path);
		a->failed++;
		free(tmp);
		return;
	}
	for (l = 1; l <= s->nlines + 1; l++) {
		for (; k < n && e[k].line == l; k++)
			fputs(e[k].lines, f);
		if (l <= s->nlines)
			fprintf(f, "%s%s", s->lines[l - 1],
				l < s->nlines || s->ends_in_newline ? "\n" : "");
	}
	if (!stat(s->path, &st))
		chmod(tmp, st.st_mode & 07777);	/* keep the file's mode */
	if (fclose(f) || rename(tmp, s->path)) {
		fprintf(a->err, "%s: error: isbcheck: cannot write the fixed file\n",
			s->path);
		unlink(tmp);
		a->failed++;
	}
	free(tmp);
}

int fix_apply(const struct report_item *items, int n, struct sources *src,
	      const struct srcroot *root, FILE *err)
{
	struct apply_ctx a = { err, 0 };
	struct arena ar = { 0 };
	int m, done;
	struct edit *e = collect(items, n, false, &ar, &m);

	done = per_file(e, m, src, root, err, apply_cb, &a);
	free(e);
	arena_free(&ar);
	return a.failed ? -1 : done;
}
