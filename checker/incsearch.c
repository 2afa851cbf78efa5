// SPDX-License-Identifier: GPL-2.0
#include "incsearch.h"
#include "arena.h"
#include "hashidx.h"
#include "infile.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

struct dirs {
	char **v;
	int n, cap;
};

struct search {
	struct dirs quote;	/* -iquote */
	struct dirs angled;	/* -I, then -isystem, then -idirafter */
	bool (*exists)(const char *path, void *ctx);
	void *ctx;
	struct incsearch_out *out;
	struct hashidx seen;	/* directives already followed */
	char **keys;
	int nkeys, keys_cap;
};

/* dir/name, without a doubled slash or a leading "./" of name. */
static char *join(const char *dir, const char *name)
{
	size_t l = strlen(dir);
	char *s;

	while (l > 1 && dir[l - 1] == '/')
		l--;
	while (name[0] == '.' && name[1] == '/')
		for (name += 2; *name == '/'; name++)
			;
	s = xmalloc(l + strlen(name) + 2);
	memcpy(s, dir, l);
	s[l] = '/';
	strcpy(s + l + 1, name);
	return s;
}

static void add_dir(struct dirs *d, const char *dir, const char *wd)
{
	char *abs = dir[0] == '/' ? xstrdup(dir) : join(wd, dir);

	VEC_PUSH(d->v, d->n, d->cap, abs);
}

/* The value of option opt in argv[*i] (joined or the next argument). */
static const char *value_of(char *const *argv, int argc, int *i,
			    const char *opt)
{
	size_t l = strlen(opt);
	const char *a = argv[*i];

	if (strncmp(a, opt, l))
		return NULL;
	if (a[l] == '=' && opt[1] == '-')	/* --include-directory=DIR */
		return a + l + 1;
	if (a[l])
		return opt[1] == '-' ? NULL : a + l;
	if (*i + 1 < argc)
		return argv[++*i];
	return NULL;
}

static void read_args(struct search *s, char *const *argv, int argc,
		      const char *cwd)
{
	struct dirs in = { 0 }, sys = { 0 }, after = { 0 };
	char wd[PATH_MAX * 2];
	int i;

	snprintf(wd, sizeof(wd), "%s", cwd);
	for (i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (!strncmp(a, "-working-directory=", 19)) {
			if (a[19] == '/')
				snprintf(wd, sizeof(wd), "%s", a + 19);
			else
				snprintf(wd, sizeof(wd), "%s/%s", cwd, a + 19);
		}
	}
	for (i = 0; i < argc; i++) {
		const char *v;

		if ((v = value_of(argv, argc, &i, "-iquote")))
			add_dir(&s->quote, v, wd);
		else if ((v = value_of(argv, argc, &i, "-isystem")))
			add_dir(&sys, v, wd);
		else if ((v = value_of(argv, argc, &i, "-idirafter")) ||
			 (v = value_of(argv, argc, &i,
				       "--include-directory-after")))
			add_dir(&after, v, wd);
		else if ((v = value_of(argv, argc, &i, "--include-directory")))
			add_dir(&in, v, wd);
		else if (strcmp(argv[i], "-I-") &&
			 (v = value_of(argv, argc, &i, "-I")))
			add_dir(&in, v, wd);
	}
	for (i = 0; i < in.n; i++)
		VEC_PUSH(s->angled.v, s->angled.n, s->angled.cap, in.v[i]);
	for (i = 0; i < sys.n; i++)
		VEC_PUSH(s->angled.v, s->angled.n, s->angled.cap, sys.v[i]);
	for (i = 0; i < after.n; i++)
		VEC_PUSH(s->angled.v, s->angled.n, s->angled.cap, after.v[i]);
	free(in.v);
	free(sys.v);
	free(after.v);
}

struct probe {
	char *const *keys;
	const char *key;
};

static bool same_key(int val, void *ctx)
{
	const struct probe *p = ctx;

	return !strcmp(p->keys[val], p->key);
}

/* True the first time a directive (kind, where, name) is met. */
static bool first_time(struct search *s, const char *key)
{
	uint64_t h = hash_bytes(key, strlen(key), HASH_SEED);
	struct probe p = { s->keys, key };

	if (hashidx_find(&s->seen, h, same_key, &p) >= 0)
		return false;
	VEC_PUSH(s->keys, s->nkeys, s->keys_cap, xstrdup(key));
	hashidx_add(&s->seen, h, s->nkeys - 1);
	return true;
}

static bool is_file(const char *cand, const char *path)
{
	char real[PATH_MAX];

	return realpath(cand, real) && !strcmp(real, path);
}

/*
 * The search for name, included from the file at path (in directory
 * dir): its candidates, in order, until one exists; those that do not
 * go to the output.
 */
static void follow(struct search *s, const char *path, const char *dir,
		   bool quoted, bool next, const char *name)
{
	const char **order;
	int n = 0, start = 0, i;
	char *key;

	if (name[0] == '/' || !name[0])
		return;		/* no search */
	key = xmalloc(strlen(name) + strlen(path) + 8);
	sprintf(key, "%c%c %s %s", quoted ? 'q' : 'a', next ? 'n' : 'i',
		quoted || next ? path : "", name);
	if (!first_time(s, key)) {
		free(key);
		return;
	}
	free(key);
	order = xcalloc((size_t)(1 + s->quote.n + s->angled.n), sizeof(*order));
	if (quoted && !next)
		order[n++] = dir;
	for (i = 0; quoted && i < s->quote.n; i++)
		order[n++] = s->quote.v[i];
	for (i = 0; i < s->angled.n; i++)
		order[n++] = s->angled.v[i];
	/* #include_next: after the directory the includer was found in */
	for (i = 0; next && i < n; i++) {
		char *cand = join(order[i], name);
		bool here = s->exists(cand, s->ctx) && is_file(cand, path);

		free(cand);
		if (here) {
			start = i + 1;
			break;
		}
	}
	for (i = start; i < n; i++) {
		char *cand = join(order[i], name);

		if (s->exists(cand, s->ctx)) {
			free(cand);
			break;
		}
		VEC_PUSH(s->out->v, s->out->n, s->out->cap, cand);
	}
	free(order);
}

static bool word_at(const char *p, const char *end, const char *w)
{
	size_t l = strlen(w);

	return (size_t)(end - p) >= l && !memcmp(p, w, l);
}

static const char *skip_blanks(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/* The "name" or <name> at p, to dir; false if there is none. */
static bool spelled(const char *p, const char *end, bool *quoted,
		    char *buf, size_t size)
{
	const char *close;
	char want;

	if (p >= end || (*p != '"' && *p != '<'))
		return false;
	*quoted = *p == '"';
	want = *quoted ? '"' : '>';
	close = memchr(p + 1, want, (size_t)(end - p - 1));
	if (!close || (size_t)(close - p - 1) >= size ||
	    memchr(p + 1, '\0', (size_t)(close - p - 1)))
		return false;
	memcpy(buf, p + 1, (size_t)(close - p - 1));
	buf[close - p - 1] = '\0';
	return true;
}

/* Every directive and __has_include of one line. */
static void scan_line(struct search *s, const char *path, const char *dir,
		      const char *p, const char *end)
{
	char name[PATH_MAX];
	bool quoted;
	const char *q = skip_blanks(p, end);

	if (q < end && *q == '#') {
		bool next = false;

		q = skip_blanks(q + 1, end);
		if (word_at(q, end, "include_next")) {
			next = true;
			q += 12;
		} else if (word_at(q, end, "include")) {
			q += 7;
		} else {
			q = NULL;
		}
		if (q && spelled(skip_blanks(q, end), end, &quoted, name,
				 sizeof(name)))
			follow(s, path, dir, quoted, next, name);
	}
	/* __has_include(<x.h>): a new x.h changes the condition */
	for (q = p; q < end; q++) {
		bool next = false;

		if (*q != '_' || !word_at(q, end, "__has_include"))
			continue;
		q += 13;
		if (word_at(q, end, "_next")) {
			next = true;
			q += 5;
		}
		q = skip_blanks(q, end);
		if (q < end && *q == '(' &&
		    spelled(skip_blanks(q + 1, end), end, &quoted, name,
			    sizeof(name)))
			follow(s, path, dir, quoted, next, name);
	}
}

static void scan_file(struct search *s, const char *path)
{
	char *text, *dir, *slash;
	const char *p, *end, *nl, *why;
	size_t len;

	if (infile_read(path, &text, &len, &why))
		return;		/* unreadable now: its hash says so */
	dir = xstrdup(path);
	slash = strrchr(dir, '/');
	if (slash)
		*(slash == dir ? slash + 1 : slash) = '\0';
	for (p = text, end = text + len; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		if (memchr(p, '#', (size_t)(nl - p)) ||
		    memchr(p, '_', (size_t)(nl - p)))
			scan_line(s, path, dir, p, nl);
	}
	free(dir);
	free(text);
}

void incsearch_absent(char *const *argv, int argc, const char *cwd,
		      const char *const *files, int nfiles,
		      bool (*exists)(const char *path, void *ctx), void *ctx,
		      struct incsearch_out *out)
{
	struct search s = { .exists = exists, .ctx = ctx, .out = out };
	int i;

	read_args(&s, argv, argc, cwd);
	for (i = 0; i < nfiles; i++)
		if (files[i][0] == '/')
			scan_file(&s, files[i]);
	for (i = 0; i < s.quote.n; i++)
		free(s.quote.v[i]);
	for (i = 0; i < s.angled.n; i++)
		free(s.angled.v[i]);
	for (i = 0; i < s.nkeys; i++)
		free(s.keys[i]);
	free(s.quote.v);
	free(s.angled.v);
	free(s.keys);
	hashidx_free(&s.seen);
}
