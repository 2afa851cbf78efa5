// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE		/* mkostemp */
#include "fix.h"
#include "escape.h"
#include "infile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
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

/* Adds fx to the edits v, or names its write in the same edit there. */
static void add_edit(struct edit **v, int *m, int *cap,
		     const struct item_fix *fx, struct arena *a)
{
	struct edit *same = NULL;

	for (int k = 0; k < *m && !same; k++)
		if ((*v)[k].line == fx->line &&
		    !strcmp((*v)[k].file, fx->file) &&
		    !strcmp((*v)[k].indent, fx->indent) &&
		    !strcmp((*v)[k].stmts, fx->stmts))
			same = &(*v)[k];
	if (!same) {
		struct edit e = { fx->file, fx->line, fx->indent,
				  fx->stmts, fx->what, NULL, *m };

		VEC_PUSH(*v, *m, *cap, e);
	} else if (!names(same->what, fx->what)) {
		same->what = arena_printf(a, "%s and the %s", same->what,
					  fx->what);
	}
}

/*
 * The fixes of the active items (or of all), sorted: each item's, and
 * those of the accesses grouped under it.  Fixes with the same
 * statements at the same place are one insertion whose comment names
 * every write it synchronizes.
 */
static struct edit *collect(const struct report_item *items, int n,
			    bool all, struct arena *a, int *count)
{
	struct edit *v = NULL;
	int m = 0, cap = 0, i, k;

	for (i = 0; i < n; i++) {
		if (!all && !item_active(&items[i]))
			continue;
		if (items[i].fix.file)
			add_edit(&v, &m, &cap, &items[i].fix, a);
		for (k = 0; k < items[i].nmore; k++)
			if (items[i].more[k].fix.file)
				add_edit(&v, &m, &cap, &items[i].more[k].fix,
					 a);
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

/* Inserted lines, each after prefix (if any); CR LF in a CR LF file. */
static void put_lines(FILE *out, int prefix, const char *lines, bool crlf)
{
	for (const char *p = lines; *p;) {
		const char *nl = strchr(p, '\n');
		size_t l = nl ? (size_t)(nl - p) : strlen(p);

		if (prefix)
			putc(prefix, out);
		fwrite(p, 1, l, out);
		fputs(crlf ? "\r\n" : "\n", out);
		p += l + (nl ? 1 : 0);
	}
}

/* Line l (from 1) of s as it is, NUL bytes and all, without its '\n'. */
static void put_line(FILE *out, const struct source *s, unsigned l)
{
	fwrite(s->lines[l - 1], 1, s->lens[l - 1], out);
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
					put_lines(out, '+', e[k].lines,
						  s->crlf);
			if (l <= hi) {
				putc(' ', out);
				put_line(out, s, l);
				putc('\n', out);
				if (l == s->nlines && !s->ends_in_newline)
					fputs("\\ No newline at end of file\n",
					      out);
			}
		}
		shift += added;
		i = j + 1;
	}
}

/* Are one file's edits e[0..n) outside the root?  Then says so for each. */
static bool outside_root(const struct srcroot *root, const struct edit *e,
			 int n, FILE *err)
{
	struct arena a = { 0 };

	if (srcroot_holds(root, e[0].file))
		return false;
	for (int k = 0; k < n; k++)
		fprintf(err, "%s:%u: note: isbcheck: not fixed: the file is outside the source root %s (--source-root)\n",
			escape_str(&a, e[k].file), e[k].line,
			escape_str(&a, root->dir));
	arena_free(&a);
	return true;
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
		if (outside_root(root, e + i, j - i, err)) {
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
	struct arena a = { 0 };

	for (int i = 0; i < n; i++) {
		if (!item_active(&items[i]))
			continue;
		/* the finding's own access, then those grouped under it */
		for (int g = -1; g < items[i].nmore; g++) {
			const struct item_event *ac = g < 0 ? &items[i].access :
						      &items[i].more[g].access;
			const struct item_fix *fx = g < 0 ? &items[i].fix :
						    &items[i].more[g].fix;

			if (fx->file)
				continue;
			fprintf(err, "%s:%u:%u: warning: isbcheck: no fix for this %s: %s [%s]\n",
				escape_str(&a, ac->loc.file), ac->loc.line,
				ac->loc.col, g < 0 ? "finding" : "access",
				fx->why_not, escape_str(&a, items[i].rule));
		}
	}
	arena_free(&a);
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

/*
 * --fix.  Each file is read again and must hold what the parse read; the
 * new text goes to a temporary file made exclusively beside it (never
 * through a link planted there), removed if SIGINT or SIGTERM ends the
 * run, then renamed over the file with its owner and mode.  A file with
 * other hard links, or whose owner the temporary file cannot be given,
 * is rewritten in place through its own inode once the temporary copy is
 * complete (signals held off meanwhile), so every link sees the fix and
 * owner, mode and links stay as they were.
 */

static char tmp_path[PATH_MAX + 32];
static volatile sig_atomic_t tmp_live;

static void on_signal(int sig)
{
	if (tmp_live)
		unlink(tmp_path);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void hold_signals(bool hold)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigprocmask(hold ? SIG_BLOCK : SIG_UNBLOCK, &set, NULL);
}

/* Writes all of buf at offset 0 of fd; false with errno. */
static bool write_all(int fd, const char *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = pwrite(fd, buf + done, len - done, (off_t)done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		done += (size_t)n;
	}
	return true;
}

/* The file's text with the edits e[0..n) made. */
static char *edited(const struct source *s, const struct edit *e, int n,
		    size_t *len)
{
	char *text = NULL;
	FILE *f = open_memstream(&text, len);
	unsigned l;
	int k = 0;

	if (!f)
		return NULL;
	for (l = 1; l <= s->nlines + 1; l++) {
		for (; k < n && e[k].line == l; k++)
			put_lines(f, 0, e[k].lines, s->crlf);
		if (l <= s->nlines) {
			put_line(f, s, l);
			if (l < s->nlines || s->ends_in_newline)
				putc('\n', f);
		}
	}
	if (fclose(f)) {
		free(text);
		return NULL;
	}
	return text;
}

/* Is the file at path still st (the one read)? */
static bool same_file(int fd, const char *path, const struct stat *st)
{
	struct stat now;

	if (fd >= 0 ? fstat(fd, &now) : lstat(path, &now))
		return false;
	return now.st_dev == st->st_dev && now.st_ino == st->st_ino &&
	       now.st_size == st->st_size &&
	       now.st_mtim.tv_sec == st->st_mtim.tv_sec &&
	       now.st_mtim.tv_nsec == st->st_mtim.tv_nsec;
}

/* Rewrites real through its own inode with text; false after a message. */
static bool write_in_place(const char *shown, const char *real,
			   const struct stat *st, const char *text,
			   size_t len, FILE *err)
{
	int fd = open(real, O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
	bool ok;

	if (fd < 0 || !same_file(fd, real, st)) {
		fprintf(err, "%s: error: isbcheck: %s; not fixed\n", shown,
			fd < 0 ? strerror(errno) :
			"the file changed while it was being fixed");
		if (fd >= 0)
			close(fd);
		return false;
	}
	hold_signals(true);
	ok = write_all(fd, text, len) && !ftruncate(fd, (off_t)len) &&
	     !fsync(fd);
	if (!ok) {
		fprintf(err, "%s: error: isbcheck: cannot rewrite the file: %s; its fixed text is in %s\n",
			shown, strerror(errno), tmp_path);
		tmp_live = 0;	/* the only whole copy now */
	}
	close(fd);
	hold_signals(false);
	return ok;
}

struct apply_ctx {
	const struct file_hashes *parsed;
	FILE *err;
	int failed;
};

/* Applies the edits e[0..n) of one file; the count made, -1 on error. */
static int apply_file(const char *name, const struct edit *e, int n,
		      struct apply_ctx *a)
{
	char real[PATH_MAX], *text = NULL;
	struct source cur = { 0 };
	const char *why;
	struct stat st;
	size_t len;
	int fd, tfd = -1, rc = -1, match;
	bool owned = false;
	struct arena ea = { 0 };
	const char *shown = escape_str(&ea, name);	/* for messages */

	if (!realpath(name, real)) {
		fprintf(a->err, "%s: error: isbcheck: cannot read the file to fix it: %s\n",
			shown, strerror(errno));
		arena_free(&ea);
		return -1;
	}
	fd = infile_open(real, INFILE_MAX_BYTES, &why);
	if (fd < 0 || fstat(fd, &st)) {
		fprintf(a->err, "%s: error: isbcheck: cannot read the file to fix it: %s\n",
			shown, fd < 0 ? why : strerror(errno));
		if (fd >= 0)
			close(fd);
		arena_free(&ea);
		return -1;
	}
	close(fd);
	if (infile_read(real, &cur.text, &cur.size, &why)) {
		fprintf(a->err, "%s: error: isbcheck: cannot read the file to fix it: %s\n",
			shown, why);
		arena_free(&ea);
		return -1;
	}
	source_split(&cur);
	match = file_hashes_match(a->parsed, name, cur.hash);
	if (match < 0) {
		fprintf(a->err, "%s: error: isbcheck: no parse of this run read the file; not fixed\n",
			shown);
		goto out;
	}
	if (!match || (size_t)st.st_size != cur.size) {
		fprintf(a->err, "%s: error: isbcheck: the file changed since it was parsed; not fixed (run isbcheck again)\n",
			shown);
		goto out;
	}
	if (!fits(&cur, e, n, a->err) ||
	    !(text = edited(&cur, e, n, &len)))
		goto out;

	snprintf(tmp_path, sizeof(tmp_path), "%s.isbcheck-XXXXXX", real);
	hold_signals(true);
	tfd = mkostemp(tmp_path, O_CLOEXEC);	/* O_CREAT | O_EXCL */
	tmp_live = tfd >= 0;
	hold_signals(false);
	if (tfd < 0) {
		fprintf(a->err, "%s: error: isbcheck: cannot make a temporary file beside it: %s\n",
			shown, strerror(errno));
		goto out;
	}
	if (!write_all(tfd, text, len) || fsync(tfd)) {
		fprintf(a->err, "%s: error: isbcheck: cannot write the fixed file: %s\n",
			shown, strerror(errno));
		goto out;
	}
	/* (owner first: a change of owner clears the set-id bits) */
	owned = (st.st_uid == geteuid() && st.st_gid == getegid()) ||
		!fchown(tfd, st.st_uid, st.st_gid);
	if (st.st_nlink > 1 || !owned) {
		if (write_in_place(shown, real, &st, text, len, a->err))
			rc = n;
		goto out;
	}
	errno = 0;
	if (fchmod(tfd, st.st_mode & 07777) || !same_file(-1, real, &st)) {
		fprintf(a->err, "%s: error: isbcheck: %s; not fixed\n", shown,
			errno ? strerror(errno) :
			"the file changed while it was being fixed");
		goto out;
	}
	if (rename(tmp_path, real)) {
		fprintf(a->err, "%s: error: isbcheck: cannot replace the file: %s\n",
			shown, strerror(errno));
		goto out;
	}
	tmp_live = 0;
	rc = n;
out:
	if (tfd >= 0)
		close(tfd);
	hold_signals(true);
	if (tmp_live)
		unlink(tmp_path);
	tmp_live = 0;
	hold_signals(false);
	free(text);
	free(cur.text);
	free(cur.lines);
	free(cur.lens);
	arena_free(&ea);
	return rc;
}

int fix_apply(const struct report_item *items, int n,
	      const struct file_hashes *parsed, const struct srcroot *root,
	      FILE *err)
{
	struct apply_ctx a = { parsed, err, 0 };
	struct sigaction sa = { .sa_handler = on_signal }, old_int, old_term;
	struct arena ar = { 0 };
	int m, done = 0, i = 0;
	struct edit *e = collect(items, n, false, &ar, &m);

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	while (i < m) {
		int j = i, r;

		while (j < m && !strcmp(e[j].file, e[i].file))
			j++;
		if (!outside_root(root, e + i, j - i, err)) {
			r = apply_file(e[i].file, e + i, j - i, &a);
			if (r < 0)
				a.failed++;
			else
				done += r;
		}
		i = j;
	}
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	free(e);
	arena_free(&ar);
	return a.failed ? -1 : done;
}

int fix_insertions(const struct report_item *items, int n, struct arena *a,
		   struct fix_insertion **out)
{
	int m;
	struct edit *e = collect(items, n, false, a, &m);

	*out = xcalloc((size_t)m + 1, sizeof(**out));
	for (int i = 0; i < m; i++)
		(*out)[i] = (struct fix_insertion){ e[i].file, e[i].line,
						    e[i].lines };
	free(e);
	return m;
}
