// SPDX-License-Identifier: GPL-2.0
/*
 * cache.c - an entry is a text file, one record per line, each a word and
 * its fields separated by single spaces.  Strings are one field: bytes
 * that would split a line, '%' and '~' as %XX, "" as %00, NULL as ~.
 *
 *	isbcheck-cache 6
 *	key KEY			the key it is stored under
 *	build ID RULES		buildid.h; the rules' fingerprint
 *	cwd PORTABLE DIR	where isbcheck ran (relative names are relative
 *				to it); PORTABLE 1: usable from anywhere
 *	dep HASH PATH		a file the parse read, and its bytes' hash
 *	absent PATH		a path that would shadow one of them
 *	msg TEXT		what the parse said
 *	tu NERRORS MAIN NMACROS NFILES NFUNCTIONS
 *	caps N NUM...		each capability the rules pin, as the TU
 *				numbers it (-1: not defined)
 *	macro NAME		NMACROS of them, then
 *	file HASH NAME		NFILES (the hash as parsed, for --fix), then
 *	fn NAME FILE LINE COL STATIC TRUNCATED NBLOCKS TAKEN NPARAMS NSLOTS
 *	   TYPE						NFUNCTIONS of them,
 *	block NEVENTS NSUCC BRANCH (SUCC GUARD VALUE)...	each with its
 *							blocks,
 *	ev KIND MAY ALT_CAP ALT_SIDE REG INSN NAME VAL SLOT NARGS ARGS
 *	   FILE LINE COL MACRO BEFORE AFTER INDENT TEXT CALLEE FNTYPE
 *	   MACROFILE MACROLINE				and events
 *	end CHECKSUM		FNV-1a of every byte before this line
 *
 * BRANCH, VAL and ARGS are values (program.h's struct vexpr) as one
 * string: prefix form, parts separated by ',', "-" for none; an operator
 * by number, then a constant in hex, a local by number, a register by
 * name, a symbol with ',' and '%' as %XX.  ARGS is the arguments in turn,
 * each ended by ';'.
 *
 * Reading: each record kind has its reader (the table records[]), which
 * checks its own fields; the order of kinds and the counts declared are
 * checked as records come; check_tu() checks what only the whole TU
 * can say.  A new record kind is a writer, a reader, a row in the table
 * and, if it refers to others, a line in check_tu().
 */
#include "cache.h"
#include "arena.h"
#include "buildid.h"
#include "config.h"
#include "hashidx.h"
#include "incsearch.h"
#include "infile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CACHE_MAGIC "isbcheck-cache 6"
#define MAX_COUNT (1L << 24)	/* blocks, events, functions... per TU */
#define DAY (24 * 60 * 60)
#define UNUSED_DAYS 14		/* an entry not used for so long is removed */

/* What is known of a file this run: files do not change during a run. */
struct memo {
	char *path;
	bool have_exists, exists;
	bool have_hash, readable;
	uint64_t hash;
};

struct cache {
	char *dir;
	enum cache_use use;
	char cwd[PATH_MAX];
	pthread_mutex_t lock;	/* the memo and write_errno */
	struct hashidx idx;
	struct memo *memo;
	int nmemo, memo_cap;
	int write_errno;	/* writing stopped: why */
	bool reported;
	bool stored;		/* an entry was written */
	bool read_only;		/* cache_open_read(): the directory as it is */
};

static const char *const use_noun[] = {
	[CACHE_PARSES] = "cache",
	[CACHE_SUMMARIES] = "summary directory",
};

/* ---- the directory ---- */

/* mkdir -p; 0 or -1 with errno. */
static int make_dirs(const char *dir)
{
	char *p = xstrdup(dir), *s = p;
	struct stat st;
	int rc = 0;

	while (rc == 0 && s) {
		s = strchr(s + 1, '/');
		if (s)
			*s = '\0';
		if (mkdir(p, 0777) && errno != EEXIST)
			rc = -1;
		else if (!s && (stat(p, &st) || !S_ISDIR(st.st_mode))) {
			errno = ENOTDIR;
			rc = -1;
		}
		if (s)
			*s = '/';
	}
	free(p);
	return rc;
}

static struct cache *new_cache(const char *dir, enum cache_use use,
			       bool read_only)
{
	struct cache *c = xcalloc(1, sizeof(*c));

	c->dir = xstrdup(dir);
	c->use = use;
	c->read_only = read_only;
	if (!getcwd(c->cwd, sizeof(c->cwd)))
		strcpy(c->cwd, "/");
	pthread_mutex_init(&c->lock, NULL);
	return c;
}

struct cache *cache_open(const char *dir, enum cache_use use, FILE *err)
{
	char *probe = xmalloc(strlen(dir) + 32);
	int fd;

	sprintf(probe, "%s/.probe-XXXXXX", dir);
	if (make_dirs(dir) || (fd = mkstemp(probe)) < 0) {
		fprintf(err, "isbcheck: note: cannot use %s as the %s (%s); checking without it\n",
			dir, use_noun[use], strerror(errno));
		free(probe);
		return NULL;
	}
	close(fd);
	unlink(probe);
	free(probe);
	return new_cache(dir, use, false);
}

struct cache *cache_open_read(const char *dir, enum cache_use use,
			      FILE *err)
{
	struct stat st;
	int e = stat(dir, &st) ? errno : S_ISDIR(st.st_mode) ? 0 : ENOTDIR;

	if (e) {
		fprintf(err, "isbcheck: note: cannot use %s as the %s (%s); checking without it\n",
			dir, use_noun[use], strerror(e));
		return NULL;
	}
	return new_cache(dir, use, true);
}

void cache_report(struct cache *c, FILE *err)
{
	if (!c || !c->write_errno || c->reported)
		return;
	c->reported = true;
	fprintf(err, "isbcheck: note: cannot write to the %s %s (%s); the rest of the run was not %s\n",
		use_noun[c->use], c->dir, strerror(c->write_errno),
		c->use == CACHE_PARSES ? "cached" : "recorded");
}

/*
 * A cache on by default must not grow without end (every new build of
 * isbcheck, every change of flags makes new keys): after a run that
 * wrote, entries not used for UNUSED_DAYS go, and files a writer left
 * half-written a day ago.  A hit keeps an entry young (load()).
 */
static void prune(struct cache *c)
{
	time_t now = time(NULL);
	DIR *d = opendir(c->dir);
	struct dirent *de;

	while (d && (de = readdir(d))) {
		const char *n = de->d_name;
		size_t l = strlen(n);
		bool entry = n[0] != '.' && l > 4 && !strcmp(n + l - 4, ".cfg");
		bool partial = n[0] == '.' && l == 24 && n[17] == '.';
		char *path;
		struct stat st;

		if (!entry && !partial)
			continue;
		path = xmalloc(strlen(c->dir) + l + 2);
		sprintf(path, "%s/%s", c->dir, n);
		if (!lstat(path, &st) && S_ISREG(st.st_mode) &&
		    st.st_mtime < now - (entry ? UNUSED_DAYS * DAY : DAY))
			unlink(path);
		free(path);
	}
	if (d)
		closedir(d);
}

void cache_close(struct cache *c)
{
	if (!c)
		return;
	if (c->stored)
		prune(c);
	for (int i = 0; i < c->nmemo; i++)
		free(c->memo[i].path);
	free(c->memo);
	hashidx_free(&c->idx);
	pthread_mutex_destroy(&c->lock);
	free(c->dir);
	free(c);
}

const char *cache_dir(const struct cache *c)
{
	return c->dir;
}

/* ---- what is known of files (shared by the threads) ---- */

struct memo_probe {
	const struct memo *v;
	const char *path;
};

static bool memo_eq(int val, void *ctx)
{
	const struct memo_probe *p = ctx;

	return !strcmp(p->v[val].path, p->path);
}

/* path's slot, made if new; under c->lock. */
static struct memo *memo_slot(struct cache *c, const char *path)
{
	uint64_t h = hash_bytes(path, strlen(path), HASH_SEED);
	struct memo_probe p = { c->memo, path };
	int i = hashidx_find(&c->idx, h, memo_eq, &p);

	if (i < 0) {
		struct memo m = { .path = xstrdup(path) };

		VEC_PUSH(c->memo, c->nmemo, c->memo_cap, m);
		i = c->nmemo - 1;
		hashidx_add(&c->idx, h, i);
	}
	return &c->memo[i];
}

/* Would clang read a file at path (one that is not a directory)? */
static bool file_exists(struct cache *c, const char *path)
{
	struct memo *m;
	struct stat st;
	bool e;

	pthread_mutex_lock(&c->lock);
	m = memo_slot(c, path);
	e = m->exists;
	if (m->have_exists) {
		pthread_mutex_unlock(&c->lock);
		return e;
	}
	pthread_mutex_unlock(&c->lock);
	e = !stat(path, &st) && !S_ISDIR(st.st_mode);
	pthread_mutex_lock(&c->lock);
	m = memo_slot(c, path);
	m->have_exists = true;
	m->exists = e;
	pthread_mutex_unlock(&c->lock);
	return e;
}

static bool exists_cb(const char *path, void *ctx)
{
	return file_exists(ctx, path);
}

/* The hash of path's bytes now; false if it cannot be read. */
static bool file_hash(struct cache *c, const char *path, uint64_t *out)
{
	const char *why;
	struct memo *m;
	uint64_t h = HASH_SEED;
	bool ok;
	FILE *f;

	pthread_mutex_lock(&c->lock);
	m = memo_slot(c, path);
	if (m->have_hash) {
		ok = m->readable;
		*out = m->hash;
		pthread_mutex_unlock(&c->lock);
		return ok;
	}
	pthread_mutex_unlock(&c->lock);
	f = infile_fopen(path, INFILE_MAX_BYTES, &why);
	ok = f != NULL;
	if (f) {
		char buf[65536];
		size_t n;

		while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
			h = hash_bytes(buf, n, h);
		ok = !ferror(f);
		fclose(f);
	}
	pthread_mutex_lock(&c->lock);
	m = memo_slot(c, path);
	m->have_hash = true;
	m->readable = ok;
	m->hash = h;
	pthread_mutex_unlock(&c->lock);
	*out = h;
	return ok;
}

/* ---- the key ---- */

uint64_t cache_key(const struct ruleset *rs, const char *file,
		   const char *dir, char *const *argv, int argc)
{
	char cwd[PATH_MAX], real[PATH_MAX];
	uint64_t id = build_identity();
	uint64_t h = hash_bytes(CACHE_MAGIC, strlen(CACHE_MAGIC), HASH_SEED);
	int i;

	h = hash_bytes(&id, sizeof(id), h);
	h = hash_bytes(&rs->fingerprint, sizeof(rs->fingerprint), h);
	/* a FILE with no entry: its flags are relative to where we run */
	if (!dir && getcwd(cwd, sizeof(cwd)))
		h = hash_bytes(cwd, strlen(cwd) + 1, h);
	h = hash_bytes(file, strlen(file) + 1, h);
	if (realpath(file, real))
		h = hash_bytes(real, strlen(real) + 1, h);
	for (i = 0; i < argc; i++)
		h = hash_bytes(argv[i], strlen(argv[i]) + 1, h);
	return h;
}

static void entry_path(char *buf, size_t size, const char *dir, uint64_t key)
{
	snprintf(buf, size, "%s/%016llx.cfg", dir, (unsigned long long)key);
}

/* ---- writing ---- */

/* Strings as one field: bytes that would split a line are %XX; NULL is ~. */
static void put_str(FILE *f, const char *s)
{
	if (!s) {
		fputs(" ~", f);
		return;
	}
	fputc(' ', f);
	if (!*s)
		fputs("%00", f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c <= ' ' || c == '%' || c == '~' || c >= 0x7f)
			fprintf(f, "%%%02X", c);
		else
			fputc(c, f);
	}
}

struct store {
	struct cache *c;
	const struct tu *tu;
	const char *wd;		/* the entry's directory, or NULL */
	bool portable;
	struct hashidx seen;	/* names checked (by pointer) */
	const char **names;
	int nnames, names_cap;
	char **deps;		/* absolute, distinct */
	uint64_t *dep_hashes;
	int ndeps, deps_cap, ndep_hashes, dep_hashes_cap;
};

static bool same_ptr(int val, void *ctx)
{
	const void **p = ctx;

	return ((const char **)p[0])[val] == p[1];
}

/*
 * Is the front end's name for a file the same from any directory, once
 * made absolute (a path resolved, relative to cwd only if under it)?
 */
static void check_name(struct store *s, const char *name)
{
	uint64_t h = hash_bytes(&name, sizeof(name), HASH_SEED);
	const void *p[2] = { s->names, name };
	char *abs;

	if (!name || name[0] == '/' || name[0] == '<' ||
	    hashidx_find(&s->seen, h, same_ptr, p) >= 0)
		return;
	VEC_PUSH(s->names, s->nnames, s->names_cap, name);
	hashidx_add(&s->seen, h, s->nnames - 1);
	abs = xmalloc(strlen(s->c->cwd) + strlen(name) + 2);
	sprintf(abs, "%s/%s", s->c->cwd, name);
	if (!file_exists(s->c, abs))
		s->portable = false;
	free(abs);
}

/* name as an absolute path: relative to cwd, else to the entry's dir. */
static char *absolute(struct store *s, const char *name)
{
	char *abs;

	if (name[0] == '/')
		return xstrdup(name);
	abs = xmalloc(strlen(s->c->cwd) + strlen(name) + 2);
	sprintf(abs, "%s/%s", s->c->cwd, name);
	if (s->wd && !file_exists(s->c, abs)) {
		free(abs);
		abs = xmalloc(strlen(s->wd) + strlen(name) + 2);
		sprintf(abs, "%s/%s", s->wd, name);
	}
	return abs;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The files the parse read, absolute, with their hashes as parsed. */
static bool collect_deps(struct store *s)
{
	const struct tu *tu = s->tu;

	for (int i = -1; i < tu->nfiles; i++) {
		const char *name = i < 0 ? tu->main_file : tu->files[i];
		uint64_t h = i >= 0 && tu->hashes ? tu->hashes[i] : 0;
		char *abs;
		int k;

		if (name[0] == '<')
			continue;
		abs = absolute(s, name);
		for (k = 0; k < s->ndeps && strcmp(s->deps[k], abs); k++)
			;
		if (k < s->ndeps) {
			if (h)
				s->dep_hashes[k] = h;
			free(abs);
			continue;
		}
		VEC_PUSH(s->deps, s->ndeps, s->deps_cap, abs);
		VEC_PUSH(s->dep_hashes, s->ndep_hashes, s->dep_hashes_cap, h);
	}
	/* a hash the parse did not give: the bytes now */
	for (int k = 0; k < s->ndeps; k++)
		if (!s->dep_hashes[k] &&
		    !file_hash(s->c, s->deps[k], &s->dep_hashes[k]))
			return false;
	return true;
}

/* e in the value spelling (see the top), appended to m. */
static void put_vexpr(FILE *m, const struct ruleset *rs,
		      const struct vexpr *e)
{
	if (!e) {
		fputc('-', m);
		return;
	}
	fprintf(m, "%d", e->op);
	switch (e->op) {
	case VX_UNKNOWN:
		return;
	case VX_CONST:
		fprintf(m, ",%llx", (unsigned long long)e->c);
		return;
	case VX_LOCAL:
		fprintf(m, ",%d", e->a);
		return;
	case VX_READ:
		fprintf(m, ",%s", rs->db.regs[e->a].name);
		return;
	case VX_SYM:
		fputc(',', m);
		for (const char *c = e->sym; *c; c++)
			if (*c == ',' || *c == '%' || *c == ';')
				fprintf(m, "%%%02X", (unsigned char)*c);
			else
				fputc(*c, m);
		fprintf(m, ",%llx", (unsigned long long)e->c);
		return;
	case VX_COND:
		fputc(',', m);
		put_vexpr(m, rs, e->cond);
		/* fall through */
	default:
		fputc(',', m);
		put_vexpr(m, rs, e->l);
		fputc(',', m);
		put_vexpr(m, rs, e->r);
	}
}

/* A value (or, with n >= 0, n of them each ended by ';') as one field. */
static void put_values(FILE *f, const struct ruleset *rs,
		       const struct vexpr *const *v, int n)
{
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);

	if (!m) {
		put_str(f, "-");
		return;
	}
	if (n < 0) {
		put_vexpr(m, rs, v[0]);
	} else {
		for (int i = 0; i < n; i++) {
			put_vexpr(m, rs, v[i]);
			fputc(';', m);
		}
	}
	fclose(m);
	put_str(f, text ? text : "");
	free(text);
}

static void write_event(FILE *f, struct store *s, const struct ruleset *rs,
			const struct event *ev)
{
	fprintf(f, "ev %d %d %d %d", ev->kind, ev->may, ev->alt_cap,
		ev->alt_side);
	put_str(f, ev->reg >= 0 ? rs->db.regs[ev->reg].name : NULL);
	put_str(f, ev->insn);
	put_str(f, ev->name);
	put_values(f, rs, &ev->val, -1);
	fprintf(f, " %d %d", ev->slot, ev->nargs);
	put_values(f, rs, ev->args, ev->kind == EV_CALL ? ev->nargs : 0);
	put_str(f, ev->loc.file);
	check_name(s, ev->loc.file);
	fprintf(f, " %u %u", ev->loc.line, ev->loc.col);
	put_str(f, ev->macro);
	fprintf(f, " %u %u", ev->before_line, ev->after_line);
	put_str(f, ev->indent);
	put_str(f, ev->text);
	put_str(f, ev->callee ? ev->callee->name : NULL);
	put_str(f, ev->fntype);
	put_str(f, ev->macro_loc.file);
	if (ev->macro_loc.file)
		check_name(s, ev->macro_loc.file);
	fprintf(f, " %u", ev->macro_loc.line);
	fputc('\n', f);
}

/* The model: from "tu" to the last event. */
static void write_model(FILE *f, struct store *s, const struct ruleset *rs)
{
	const struct tu *tu = s->tu;
	int i, b, e, k;

	fprintf(f, "tu %d", tu->nerrors);
	put_str(f, tu->main_file);
	check_name(s, tu->main_file);
	fprintf(f, " %d %d %d\n", tu->nmacros, tu->nfiles, tu->nfns);
	fprintf(f, "caps %d", tu->ncapnum);
	for (i = 0; i < tu->ncapnum; i++)
		fprintf(f, " %lld", tu->capnum[i]);
	fputc('\n', f);
	for (i = 0; i < tu->nmacros; i++) {
		fputs("macro", f);
		put_str(f, tu->macros[i]);
		fputc('\n', f);
	}
	for (i = 0; i < tu->nfiles; i++) {
		fprintf(f, "file %llx", (unsigned long long)
			(tu->hashes ? tu->hashes[i] : 0));
		put_str(f, tu->files[i]);
		check_name(s, tu->files[i]);
		fputc('\n', f);
	}
	for (i = 0; i < tu->nfns; i++) {
		const struct function *fn = tu->fns[i];

		fputs("fn", f);
		put_str(f, fn->name);
		put_str(f, fn->loc.file);
		check_name(s, fn->loc.file);
		fprintf(f, " %u %u %d %d %d %d %d %d", fn->loc.line,
			fn->loc.col, fn->is_static, fn->truncated, fn->nblocks,
			fn->address_taken, fn->nparams, fn->nslots);
		put_str(f, fn->type);
		fputc('\n', f);
		for (b = 0; b < fn->nblocks; b++) {
			const struct block *blk = &fn->blocks[b];

			fprintf(f, "block %d %d", blk->nev, blk->nsucc);
			put_values(f, rs, &blk->branch, -1);
			for (k = 0; k < blk->nsucc; k++)
				fprintf(f, " %d %d %llx", blk->succ[k],
					blk->guards ? blk->guards[k].kind :
						      G_NONE,
					(unsigned long long)(blk->guards ?
						blk->guards[k].value : 0));
			fputc('\n', f);
			for (e = 0; e < blk->nev; e++)
				write_event(f, s, rs, blk->ev[e]);
		}
	}
}

/* The whole entry, its checksum included; NULL if it cannot be made. */
static char *make_entry(struct store *s, uint64_t key,
			const struct ruleset *rs, char *const *argv, int argc,
			const char *msgs, size_t len, size_t *size)
{
	struct incsearch_out absent = { 0 };
	char *model = NULL, *text = NULL, *p;
	size_t model_len = 0, text_len = 0;
	FILE *f;
	bool ok = collect_deps(s);
	int i;

	/* the model first: writing it says whether the entry is portable */
	f = ok ? open_memstream(&model, &model_len) : NULL;
	if (f) {
		write_model(f, s, rs);
		ok = !fclose(f);
	}
	f = ok ? open_memstream(&text, &text_len) : NULL;
	if (f) {
		fprintf(f, "%s\nkey %016llx\nbuild %016llx %016llx\n",
			CACHE_MAGIC, (unsigned long long)key,
			(unsigned long long)build_identity(),
			(unsigned long long)rs->fingerprint);
		/* a message names files as seen from here */
		fprintf(f, "cwd %d", s->portable && !len);
		put_str(f, s->c->cwd);
		fputc('\n', f);
		for (i = 0; i < s->ndeps; i++) {
			fprintf(f, "dep %016llx",
				(unsigned long long)s->dep_hashes[i]);
			put_str(f, s->deps[i]);
			fputc('\n', f);
		}
		incsearch_absent(argv, argc, s->c->cwd,
				 (const char *const *)s->deps, s->ndeps,
				 exists_cb, s->c, &absent);
		if (absent.n > 1)
			qsort(absent.v, (size_t)absent.n, sizeof(*absent.v),
			      cmp_str);
		for (i = 0; i < absent.n; i++)
			if (!i || strcmp(absent.v[i], absent.v[i - 1])) {
				fputs("absent", f);
				put_str(f, absent.v[i]);
				fputc('\n', f);
			}
		fputs("msg", f);
		put_str(f, len ? msgs : "");
		fputc('\n', f);
		fwrite(model, 1, model_len, f);
		ok = !fclose(f);
	} else {
		ok = false;
	}
	for (i = 0; i < absent.n; i++)
		free(absent.v[i]);
	free(absent.v);
	free(model);
	if (!ok || text_len > INFILE_MAX_BYTES - 64) {
		free(text);
		return NULL;
	}
	p = xrealloc(text, text_len + 32);
	text_len += (size_t)sprintf(p + text_len, "end %016llx\n",
				    (unsigned long long)hash_bytes(p, text_len,
								   HASH_SEED));
	*size = text_len;
	return p;
}

/* Writes the entry whole, then renames it into place; -1 with errno. */
static int write_entry(struct cache *c, uint64_t key, const char *text,
		       size_t len)
{
	char path[PATH_MAX], tmp[PATH_MAX + 32];
	size_t done = 0;
	bool ok;
	int fd, e = 0;

	entry_path(path, sizeof(path), c->dir, key);
	snprintf(tmp, sizeof(tmp), "%s/.%016llx.XXXXXX", c->dir,
		 (unsigned long long)key);
	fd = mkstemp(tmp);
	if (fd < 0)
		return -1;
	while (done < len) {
		ssize_t n = write(fd, text + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			e = n ? errno : ENOSPC;
			break;
		}
		done += (size_t)n;
	}
	ok = done == len;
	if (ok && fchmod(fd, 0644)) {	/* (mkstemp's 0600) */
		e = errno;
		ok = false;
	}
	if (close(fd) && ok) {
		e = errno;
		ok = false;
	}
	if (ok && !rename(tmp, path))
		return 0;
	if (ok)
		e = errno;
	unlink(tmp);
	errno = e;
	return -1;
}

void cache_store(struct cache *c, uint64_t key, const struct ruleset *rs,
		 const struct tu *tu, char *const *argv, int argc,
		 const char *msgs, size_t len)
{
	struct store s = { .c = c, .tu = tu, .portable = true };
	char *text;
	size_t size;
	bool stopped;

	if (!c || c->read_only)
		return;
	pthread_mutex_lock(&c->lock);
	stopped = c->write_errno != 0;
	pthread_mutex_unlock(&c->lock);
	if (stopped)
		return;
	for (int i = 0; i < argc; i++)
		if (!strncmp(argv[i], "-working-directory=", 19))
			s.wd = argv[i] + 19;
	text = make_entry(&s, key, rs, argv, argc, msgs, len, &size);
	if (text) {
		int rc = write_entry(c, key, text, size), e = errno;

		pthread_mutex_lock(&c->lock);
		if (!rc)
			c->stored = true;
		else if (!c->write_errno)
			c->write_errno = e;
		pthread_mutex_unlock(&c->lock);
	}
	free(text);
	for (int i = 0; i < s.ndeps; i++)
		free(s.deps[i]);
	free(s.deps);
	free(s.dep_hashes);
	free(s.names);
	hashidx_free(&s.seen);
}

/* ---- reading ---- */

enum { READ_OK, READ_DAMAGED = -1, READ_STALE = 1 };

struct reader {
	struct cache *c;	/* NULL: no file is looked at (fuzzing) */
	const struct ruleset *rs;
	struct tu *tu;
	uint64_t key;
	bool check_key;
	int line;
	char *why;		/* what is damaged, when it is */
	size_t why_size;

	char **tok;		/* the current record's fields, tok[0] its word */
	int ntok, tok_cap;
	int phase;
	unsigned once;		/* records met that may come only once */
	bool done;

	const char *stored_cwd;
	bool vbad;		/* parse_vexpr() found damage */
	bool translate;		/* names relative to another directory */
	struct hashidx names;	/* file names read, interned */
	const char **raw, **cooked;
	int nraw, raw_cap, ncooked, cooked_cap;

	const char *msg;
	int want_macros, want_files, want_fns;
	uint64_t *hashes;
	int nhashes, hashes_cap;
	struct function *fn;
	int want_blocks, want_events;
	int block;
	struct event **calls;
	const char **callees;
	int ncalls, calls_cap, ncallees, callees_cap;
};

static int bad(struct reader *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int bad(struct reader *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->why, r->why_size, fmt, ap);
	va_end(ap);
	return READ_DAMAGED;
}

static int want_fields(struct reader *r, int n)
{
	if (r->ntok - 1 != n)
		return bad(r, "%s has %d fields, not %d", r->tok[0],
			   r->ntok - 1, n);
	return READ_OK;
}

/* Field i as a decimal number in [min, max]. */
static int get_long(struct reader *r, int i, long min, long max, long *v,
		    const char *what)
{
	const char *s = r->tok[i];
	char *end;

	const char *digits = s[0] == '-' ? s + 1 : s;

	errno = 0;
	*v = strtol(s, &end, 10);
	/* (as printf writes it: no sign but '-', no leading zero, no -0) */
	if (digits[0] < '0' || digits[0] > '9' ||
	    (digits[0] == '0' && (digits[1] || digits != s)) ||
	    *end || errno || *v < min || *v > max)
		return bad(r, "%s '%.20s' is not a number from %ld to %ld",
			   what, s, min, max);
	return READ_OK;
}

static int get_int(struct reader *r, int i, long min, long max, int *v,
		   const char *what)
{
	long l;

	if (get_long(r, i, min, max, &l, what))
		return READ_DAMAGED;
	*v = (int)l;
	return READ_OK;
}

static int get_uint(struct reader *r, int i, unsigned *v, const char *what)
{
	long l;

	if (get_long(r, i, 0, UINT_MAX, &l, what))
		return READ_DAMAGED;
	*v = (unsigned)l;
	return READ_OK;
}

static int get_bool(struct reader *r, int i, bool *v, const char *what)
{
	long l;

	if (get_long(r, i, 0, 1, &l, what))
		return READ_DAMAGED;
	*v = l;
	return READ_OK;
}

/* Field i as 1 to 16 hexadecimal digits. */
static int get_hex(struct reader *r, int i, uint64_t *v, const char *what)
{
	const char *s = r->tok[i];
	size_t l = strspn(s, "0123456789abcdef");

	if (!l || l > 16 || s[l])
		return bad(r, "%s '%.20s' is not a hexadecimal number", what,
			   s);
	*v = strtoull(s, NULL, 16);
	return READ_OK;
}

static int hex_digit(int c)
{
	return c >= '0' && c <= '9' ? c - '0' :
	       c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/*
 * Field i as a string, decoded in place: exactly as put_str() writes it
 * (so each string has one spelling).  NULL for ~ if nullable.
 */
static int get_str(struct reader *r, int i, bool nullable, const char **v,
		   const char *what)
{
	char *s = r->tok[i], *o = s;
	const char *p;

	if (!strcmp(s, "~")) {
		*v = NULL;
		return nullable ? READ_OK : bad(r, "%s is missing", what);
	}
	if (!strcmp(s, "%00")) {
		*v = "";
		return READ_OK;
	}
	for (p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '%') {
			int hi = hex_digit(p[1]), lo = hi < 0 ? -1 :
							   hex_digit(p[2]);

			c = (unsigned char)(hi * 16 + lo);
			if (lo < 0 || !(c <= ' ' || c == '%' || c == '~' ||
					c >= 0x7f) || !c)
				return bad(r, "%s has a bad escape", what);
			p += 2;
		} else if (c <= ' ' || c == '~' || c >= 0x7f) {
			return bad(r, "%s has a byte that should be escaped",
				   what);
		}
		*o++ = (char)c;
	}
	*o = '\0';
	*v = s;
	return READ_OK;
}

/* A string kept with the TU. */
static int get_kept(struct reader *r, int i, bool nullable, const char **v,
		    const char *what)
{
	if (get_str(r, i, nullable, v, what))
		return READ_DAMAGED;
	if (*v)
		*v = arena_strdup(&r->tu->arena, *v);
	return READ_OK;
}

struct name_probe {
	const char *const *raw;
	const char *name;
};

static bool name_eq(int val, void *ctx)
{
	const struct name_probe *p = ctx;

	return !strcmp(p->raw[val], p->name);
}

/*
 * A file name, as the front end would give it from here: relative to
 * the current directory if the file is under it, else absolute (names
 * read from another directory are made so once, then shared).
 */
static int get_name(struct reader *r, int i, const char **v,
		    const char *what)
{
	const char *s, *cwd = r->c ? r->c->cwd : "/";
	struct name_probe p;
	uint64_t h;
	int k;

	if (get_str(r, i, false, &s, what))
		return READ_DAMAGED;
	h = hash_bytes(s, strlen(s), HASH_SEED);
	p = (struct name_probe){ r->raw, s };
	k = hashidx_find(&r->names, h, name_eq, &p);
	if (k >= 0) {
		*v = r->cooked[k];
		return READ_OK;
	}
	if (r->translate && s[0] != '<') {
		size_t cl = strlen(cwd);
		char *abs = s[0] == '/' ? NULL :
			arena_printf(&r->tu->arena, "%s/%s", r->stored_cwd, s);
		const char *a = abs ? abs : s;

		if (!strncmp(a, cwd, cl) && a[cl] == '/')
			*v = arena_strdup(&r->tu->arena, a + cl + 1);
		else
			*v = abs ? abs : arena_strdup(&r->tu->arena, s);
	} else {
		*v = arena_strdup(&r->tu->arena, s);
	}
	VEC_PUSH(r->raw, r->nraw, r->raw_cap, s);
	VEC_PUSH(r->cooked, r->ncooked, r->cooked_cap, *v);
	hashidx_add(&r->names, h, r->nraw - 1);
	return READ_OK;
}

/* The same, or NULL (written ~). */
static int get_opt_name(struct reader *r, int i, const char **v,
			const char *what)
{
	const char *s;

	if (get_str(r, i, true, &s, what))
		return READ_DAMAGED;
	if (!s) {
		*v = NULL;
		return READ_OK;
	}
	return get_name(r, i, v, what);
}

static int read_key(struct reader *r)
{
	uint64_t key;

	if (want_fields(r, 1) || get_hex(r, 1, &key, "the key"))
		return READ_DAMAGED;
	if (r->check_key && key != r->key)
		return bad(r, "it holds the entry of key %016llx",
			   (unsigned long long)key);
	return READ_OK;
}

static int read_build(struct reader *r)
{
	uint64_t id, rules;

	if (want_fields(r, 2) || get_hex(r, 1, &id, "the build") ||
	    get_hex(r, 2, &rules, "the rules' fingerprint"))
		return READ_DAMAGED;
	/* another isbcheck's, or other rules': not ours to read */
	if (r->c && (id != build_identity() || rules != r->rs->fingerprint))
		return READ_STALE;
	return READ_OK;
}

static int read_cwd(struct reader *r)
{
	bool portable;

	if (want_fields(r, 2) || get_bool(r, 1, &portable, "portable") ||
	    get_str(r, 2, false, &r->stored_cwd, "the directory"))
		return READ_DAMAGED;
	if (r->stored_cwd[0] != '/')
		return bad(r, "the directory is not absolute");
	if (r->c && strcmp(r->stored_cwd, r->c->cwd)) {
		if (!portable)
			return READ_STALE;
		r->translate = true;
	}
	return READ_OK;
}

static int read_dep(struct reader *r)
{
	const char *path;
	uint64_t want, have;

	if (want_fields(r, 2) || get_hex(r, 1, &want, "the hash") ||
	    get_str(r, 2, false, &path, "the file"))
		return READ_DAMAGED;
	if (path[0] != '/')
		return bad(r, "the file is not absolute");
	if (r->c && (!file_hash(r->c, path, &have) || have != want))
		return READ_STALE;
	return READ_OK;
}

static int read_absent(struct reader *r)
{
	const char *path;

	if (want_fields(r, 1) || get_str(r, 1, false, &path, "the path"))
		return READ_DAMAGED;
	if (path[0] != '/')
		return bad(r, "the path is not absolute");
	if (r->c && file_exists(r->c, path))
		return READ_STALE;	/* a new header shadows one read */
	return READ_OK;
}

static int read_msg(struct reader *r)
{
	if (want_fields(r, 1) || get_kept(r, 1, false, &r->msg, "the text"))
		return READ_DAMAGED;
	return READ_OK;
}

static int read_tu(struct reader *r)
{
	if (want_fields(r, 5) ||
	    get_int(r, 1, 0, INT_MAX, &r->tu->nerrors, "the error count") ||
	    get_name(r, 2, &r->tu->main_file, "the main file") ||
	    get_int(r, 3, 0, MAX_COUNT, &r->want_macros, "the macro count") ||
	    get_int(r, 4, 0, MAX_COUNT, &r->want_files, "the file count") ||
	    get_int(r, 5, 0, MAX_COUNT, &r->want_fns, "the function count"))
		return READ_DAMAGED;
	return READ_OK;
}

static int read_caps(struct reader *r)
{
	struct tu *tu = r->tu;
	int n;

	if (r->ntok < 2 || get_int(r, 1, 0, MAX_COUNT, &n, "the count") ||
	    want_fields(r, 1 + n))
		return READ_DAMAGED;
	if (n != r->rs->ncapnames)
		return bad(r, "%d capabilities, not the rules' %d", n,
			   r->rs->ncapnames);
	tu->ncapnum = n;
	tu->capnum = arena_alloc(&tu->arena,
				 ((size_t)n + 1) * sizeof(*tu->capnum));
	for (int i = 0; i < n; i++) {
		long v;

		if (get_long(r, 2 + i, -1, LONG_MAX, &v, "a capability"))
			return READ_DAMAGED;
		tu->capnum[i] = v;
	}
	return READ_OK;
}

static int read_macro(struct reader *r)
{
	const char *m;

	if (want_fields(r, 1) || get_kept(r, 1, false, &m, "the macro"))
		return READ_DAMAGED;
	if (r->tu->nmacros == r->want_macros)
		return bad(r, "more than the %d macros declared",
			   r->want_macros);
	VEC_PUSH(r->tu->macros, r->tu->nmacros, r->tu->macros_cap, (char *)m);
	return READ_OK;
}

static int read_file(struct reader *r)
{
	const char *name;
	uint64_t h;

	if (want_fields(r, 2) || get_hex(r, 1, &h, "the hash") ||
	    get_name(r, 2, &name, "the file"))
		return READ_DAMAGED;
	if (r->tu->nfiles == r->want_files)
		return bad(r, "more than the %d files declared",
			   r->want_files);
	VEC_PUSH(r->tu->files, r->tu->nfiles, r->tu->files_cap,
		 (char *)name);
	VEC_PUSH(r->hashes, r->nhashes, r->hashes_cap, h);
	return READ_OK;
}

/* The block before this record has all the events it declared. */
static int end_block(struct reader *r)
{
	if (r->fn && r->block >= 0 &&
	    r->fn->blocks[r->block].nev != r->want_events)
		return bad(r, "block %d of %s() has %d events, not %d",
			   r->block, r->fn->name, r->fn->blocks[r->block].nev,
			   r->want_events);
	return READ_OK;
}

/* The function before this record has all the blocks it declared. */
static int end_function(struct reader *r)
{
	if (end_block(r))
		return READ_DAMAGED;
	if (r->fn && r->fn->nblocks != r->want_blocks)
		return bad(r, "%s() has %d blocks, not %d", r->fn->name,
			   r->fn->nblocks, r->want_blocks);
	return READ_OK;
}

static int read_fn(struct reader *r)
{
	struct function *fn;

	if (end_function(r) || want_fields(r, 11))
		return READ_DAMAGED;
	if (r->tu->nfns == r->want_fns)
		return bad(r, "more than the %d functions declared",
			   r->want_fns);
	fn = arena_alloc(&r->tu->arena, sizeof(*fn));
	fn->built = true;
	/* (in the TU at once, so that tu_free() frees what follows) */
	VEC_PUSH(r->tu->fns, r->tu->nfns, r->tu->fns_cap, fn);
	r->fn = fn;
	r->block = -1;
	if (get_kept(r, 1, false, &fn->name, "the name") ||
	    get_name(r, 2, &fn->loc.file, "the file") ||
	    get_uint(r, 3, &fn->loc.line, "the line") ||
	    get_uint(r, 4, &fn->loc.col, "the column") ||
	    get_bool(r, 5, &fn->is_static, "static") ||
	    get_bool(r, 6, &fn->truncated, "truncated") ||
	    get_int(r, 7, 2, MAX_COUNT, &r->want_blocks, "the block count") ||
	    get_bool(r, 8, &fn->address_taken, "address taken") ||
	    get_int(r, 10, 1, MAX_COUNT, &fn->nslots, "the local count") ||
	    get_int(r, 9, 0, fn->nslots - 1, &fn->nparams,
		    "the parameter count") ||
	    get_kept(r, 11, true, &fn->type, "the type"))
		return READ_DAMAGED;
	return READ_OK;
}

/*
 * A value in its spelling (the top of this file), from *p: parts must be
 * whole (an operator its operands), registers in the database and locals
 * the function's.
 */
static const struct vexpr *parse_vexpr(struct reader *r, const char **p,
				       int depth)
{
	const char *s = *p;
	struct vexpr *e;
	char *end;
	long op;

	if (depth > 256) {
		r->vbad = true;
		bad(r, "a value nested too deep");
		return NULL;
	}
	if (*s == '-') {
		*p = s + 1;
		return NULL;
	}
	errno = 0;
	op = strtol(s, &end, 10);
	if (*s < '0' || *s > '9' || errno || op < VX_UNKNOWN || op > VX_COND) {
		r->vbad = true;
		bad(r, "a value with a bad operator");
		return NULL;
	}
	e = arena_alloc(&r->tu->arena, sizeof(*e));
	e->op = (enum vx_op)op;
	s = end;
	if (e->op == VX_UNKNOWN) {
		*p = s;
		return e;
	}
	if (*s++ != ',') {
		r->vbad = true;
		bad(r, "a value's operator without its parts");
		return NULL;
	}
	switch (e->op) {
	case VX_CONST:
	case VX_LOCAL: {
		size_t l = strspn(s, e->op == VX_CONST ? "0123456789abcdef" :
						       "0123456789");

		if (!l || l > 16) {
			r->vbad = true;
			bad(r, "a value with a bad number");
			return NULL;
		}
		if (e->op == VX_CONST) {
			e->c = strtoull(s, NULL, 16);
		} else {
			long slot = strtol(s, NULL, 10);

			if (l > 9 || slot >= r->fn->nslots) {
				r->vbad = true;
				bad(r, "a value names local %.12s of %d", s,
				    r->fn->nslots);
				return NULL;
			}
			e->a = (int)slot;
		}
		*p = s + l;
		return e;
	}
	case VX_READ:
	case VX_SYM: {
		size_t l = strcspn(s, ",;");
		char *name = arena_alloc(&r->tu->arena, l + 1), *o = name;

		for (size_t i = 0; i < l; i++) {
			int hi, lo;

			if (s[i] != '%') {
				*o++ = s[i];
				continue;
			}
			hi = i + 2 < l ? hex_digit(s[i + 1]) : -1;
			lo = hi < 0 ? -1 : hex_digit(s[i + 2]);
			if (lo < 0) {
				r->vbad = true;
				bad(r, "a value's name has a bad escape");
				return NULL;
			}
			*o++ = (char)(hi * 16 + lo);
			i += 2;
		}
		*o = '\0';
		if (!*name || strlen(name) != (size_t)(o - name)) {
			r->vbad = true;
			bad(r, "a value with an empty name");
			return NULL;
		}
		s += l;
		if (e->op == VX_READ) {
			e->a = regdb_find_name(&r->rs->db, name);
			if (e->a < 0) {
				r->vbad = true;
				bad(r, "a value reads %.40s, not in the register database",
				    name);
				return NULL;
			}
		} else {
			size_t k = *s == ',' ? strspn(s + 1, "0123456789abcdef") : 0;

			if (!k || k > 16) {
				r->vbad = true;
				bad(r, "a symbol without its mask");
				return NULL;
			}
			e->sym = name;
			e->c = strtoull(s + 1, NULL, 16);
			s += 1 + k;
		}
		*p = s;
		return e;
	}
	default:
		break;
	}
	*p = s;
	if (e->op == VX_COND) {
		e->cond = parse_vexpr(r, p, depth + 1);
		if (!e->cond || *(*p)++ != ',') {
			r->vbad = true;
			bad(r, "a conditional value without its condition");
			return NULL;
		}
	}
	e->l = parse_vexpr(r, p, depth + 1);
	if (!e->l || *(*p)++ != ',') {
		r->vbad = true;
		bad(r, "an operator without its operand");
		return NULL;
	}
	e->r = parse_vexpr(r, p, depth + 1);
	/* ~ and ! have one operand; the others two */
	if (!e->r != (e->op == VX_NOT || e->op == VX_LNOT)) {
		r->vbad = true;
		bad(r, "an operator with the wrong operands");
		return NULL;
	}
	return e;
}

/* Field i as one value (or none). */
static int get_vexpr(struct reader *r, int i, const struct vexpr **v,
		     const char *what)
{
	const char *s, *p;

	if (get_str(r, i, false, &s, what))
		return READ_DAMAGED;
	p = s;
	*v = parse_vexpr(r, &p, 0);
	if (r->vbad)
		return READ_DAMAGED;
	if (*p)
		return bad(r, "%s has more than one value", what);
	return READ_OK;
}

/* Field i as n values, each ended by ';'. */
static int get_vexprs(struct reader *r, int i, int n,
		      const struct vexpr ***v, const char *what)
{
	const char *s, *p;

	if (get_str(r, i, false, &s, what))
		return READ_DAMAGED;
	p = s;
	*v = n ? arena_alloc(&r->tu->arena, (size_t)n * sizeof(**v)) : NULL;
	for (int k = 0; k < n; k++) {
		(*v)[k] = parse_vexpr(r, &p, 0);
		if (r->vbad)
			return READ_DAMAGED;
		if (*p++ != ';')
			return bad(r, "%s: value %d is not ended by ';'", what,
				   k);
	}
	if (n ? *p : strcmp(s, ""))
		return bad(r, "%s has more than %d values", what, n);
	return READ_OK;
}

static int read_block(struct reader *r)
{
	struct function *fn = r->fn;
	int nsucc, b;

	if (!fn)
		return bad(r, "a block outside a function");
	if (end_block(r) || r->ntok < 4 ||
	    get_int(r, 1, 0, MAX_COUNT, &r->want_events, "the event count") ||
	    get_int(r, 2, 0, MAX_COUNT, &nsucc, "the successor count") ||
	    want_fields(r, 3 + 3 * nsucc))
		return READ_DAMAGED;
	if (fn->nblocks == r->want_blocks)
		return bad(r, "%s() has more than the %d blocks declared",
			   fn->name, r->want_blocks);
	b = r->block = cfg_new_block(r->tu, fn);
	if (get_vexpr(r, 3, &fn->blocks[b].branch, "the branch"))
		return READ_DAMAGED;
	for (int k = 0; k < nsucc; k++) {
		struct guard g;
		int to, kind;

		if (get_int(r, 4 + 3 * k, 0, r->want_blocks - 1, &to,
			    "a successor") ||
		    get_int(r, 5 + 3 * k, G_NONE, G_DEFAULT, &kind,
			    "a guard") ||
		    get_hex(r, 6 + 3 * k, &g.value, "a case"))
			return READ_DAMAGED;
		g.kind = (enum guard_kind)kind;
		if (g.kind && !fn->blocks[b].branch)
			return bad(r, "a guarded edge with no branch");
		for (int j = 0; j < fn->blocks[b].nsucc; j++)
			if (fn->blocks[b].succ[j] == to &&
			    fn->blocks[b].guards[j].kind == g.kind &&
			    fn->blocks[b].guards[j].value == g.value)
				return bad(r, "successor %d twice", to);
		cfg_add_guarded_edge(fn, b, to, g);
	}
	return READ_OK;
}

/* A register by name: -1 for ~; an unknown one is damage. */
static int get_reg(struct reader *r, int i, int *reg, const char *what)
{
	const char *name;

	if (get_str(r, i, true, &name, what))
		return READ_DAMAGED;
	*reg = name ? regdb_find_name(&r->rs->db, name) : -1;
	if (name && *reg < 0)
		return bad(r, "%s %.40s is not in the register database",
			   what, name);
	return READ_OK;
}

static int read_event(struct reader *r)
{
	struct event *ev;
	const char *callee;
	int kind;

	if (!r->fn || r->block < 0)
		return bad(r, "an event outside a block");
	if (r->fn->blocks[r->block].nev == r->want_events)
		return bad(r, "block %d of %s() has more than the %d events declared",
			   r->block, r->fn->name, r->want_events);
	ev = arena_alloc(&r->tu->arena, sizeof(*ev));
	if (want_fields(r, 23) ||
	    get_int(r, 1, EV_WRITE, EV_STORE, &kind, "the kind") ||
	    get_bool(r, 2, &ev->may, "may") ||
	    get_int(r, 3, -1, INT_MAX, &ev->alt_cap, "the capability") ||
	    get_int(r, 4, 0, 2, &ev->alt_side, "the side") ||
	    get_reg(r, 5, &ev->reg, "the register") ||
	    get_kept(r, 6, kind != EV_INSN && kind != EV_WRITE &&
			   kind != EV_READ, &ev->insn, "the instruction") ||
	    get_kept(r, 7, kind >= EV_CALL, &ev->name, "the name") ||
	    get_vexpr(r, 8, &ev->val, "the value") ||
	    get_int(r, 9, -1, r->fn->nslots - 1, &ev->slot, "the local") ||
	    get_int(r, 10, 0, kind == EV_FORGET ? r->fn->nslots : 255,
		    &ev->nargs, "the argument count") ||
	    get_vexprs(r, 11, kind == EV_CALL ? ev->nargs : 0, &ev->args,
		       "the arguments") ||
	    get_name(r, 12, &ev->loc.file, "the file") ||
	    get_uint(r, 13, &ev->loc.line, "the line") ||
	    get_uint(r, 14, &ev->loc.col, "the column") ||
	    get_kept(r, 15, true, &ev->macro, "the macro") ||
	    get_uint(r, 16, &ev->before_line, "the line before") ||
	    get_uint(r, 17, &ev->after_line, "the line after") ||
	    get_kept(r, 18, true, &ev->indent, "the indent") ||
	    get_kept(r, 19, true, &ev->text, "the text") ||
	    get_kept(r, 20, true, &callee, "the callee") ||
	    get_kept(r, 21, true, &ev->fntype, "the pointer's type") ||
	    get_opt_name(r, 22, &ev->macro_loc.file, "the macro's file") ||
	    get_uint(r, 23, &ev->macro_loc.line, "the macro's line"))
		return READ_DAMAGED;
	ev->kind = (enum event_kind)kind;
	if (kind >= EV_CALL && ev->insn)
		return bad(r, "a call or assignment with an instruction");
	if (kind == EV_ASSIGN && ev->slot < 0)
		return bad(r, "an assignment to no local");
	if (kind == EV_FORGET &&
	    (ev->slot < 0 || ev->slot + ev->nargs > r->fn->nslots))
		return bad(r, "locals %d and on are not the function's",
			   ev->slot);
	if (callee && kind != EV_CALL)
		return bad(r, "a callee for an event that is not a call");
	ev->fn = r->fn;
	cfg_add_event(r->fn, r->block, ev);
	if (callee) {
		VEC_PUSH(r->calls, r->ncalls, r->calls_cap, ev);
		VEC_PUSH(r->callees, r->ncallees, r->callees_cap, callee);
	}
	return READ_OK;
}

static int read_end(struct reader *r)
{
	uint64_t sum;

	if (end_function(r) || want_fields(r, 1) ||
	    get_hex(r, 1, &sum, "the checksum"))
		return READ_DAMAGED;
	r->done = true;
	return READ_OK;
}

/*
 * The records, in the order they come (a kind's phase is not below the
 * one before it); once: at most one of them, and it must be there.
 */
static const struct record {
	const char *word;
	int phase;
	bool once;
	int (*read)(struct reader *r);
} records[] = {
	{ "key", 0, true, read_key },
	{ "build", 1, true, read_build },
	{ "cwd", 2, true, read_cwd },
	{ "dep", 3, false, read_dep },
	{ "absent", 4, false, read_absent },
	{ "msg", 5, true, read_msg },
	{ "tu", 6, true, read_tu },
	{ "caps", 7, true, read_caps },
	{ "macro", 8, false, read_macro },
	{ "file", 9, false, read_file },
	{ "fn", 10, false, read_fn },
	{ "block", 10, false, read_block },
	{ "ev", 10, false, read_event },
	{ "end", 11, true, read_end },
};
#define NRECORDS (int)(sizeof(records) / sizeof(records[0]))

static bool same_fn(int val, void *ctx)
{
	const void **p = ctx;

	return !strcmp(((struct function *const *)p[0])[val]->name, p[1]);
}

/* What only the whole TU can say: counts, every record, every callee. */
static int check_tu(struct reader *r)
{
	struct tu *tu = r->tu;
	struct hashidx byname = { 0 };
	int i, rc = READ_OK;

	for (i = 0; i < NRECORDS; i++)
		if (records[i].once && !(r->once & (1u << i)))
			return bad(r, "no %s record", records[i].word);
	if (tu->nmacros != r->want_macros || tu->nfiles != r->want_files ||
	    tu->nfns != r->want_fns)
		return bad(r, "%d macros, %d files and %d functions, not %d, %d and %d",
			   tu->nmacros, tu->nfiles, tu->nfns, r->want_macros,
			   r->want_files, r->want_fns);
	for (i = 0; i < tu->nfns && !rc; i++) {
		const char *name = tu->fns[i]->name;
		uint64_t h = hash_bytes(name, strlen(name), HASH_SEED);
		const void *p[2] = { tu->fns, name };

		if (hashidx_find(&byname, h, same_fn, p) >= 0)
			rc = bad(r, "function %.60s twice", name);
		else
			hashidx_add(&byname, h, i);
	}
	/* calls to the TU's own functions, by name */
	for (i = 0; i < r->ncalls && !rc; i++) {
		const char *name = r->callees[i];
		uint64_t h = hash_bytes(name, strlen(name), HASH_SEED);
		const void *p[2] = { tu->fns, name };
		int k = hashidx_find(&byname, h, same_fn, p);

		if (k < 0)
			rc = bad(r, "callee %.60s is not a function of the TU",
				 name);
		else
			r->calls[i]->callee = tu->fns[k];
	}
	hashidx_free(&byname);
	if (rc)
		return rc;
	/* each file's hash as parsed, for --fix */
	tu->hashes = xcalloc((size_t)tu->files_cap + 1, sizeof(*tu->hashes));
	for (i = 0; i < tu->nfiles; i++)
		tu->hashes[i] = r->hashes[i];
	return READ_OK;
}

/* The record on the current line (split into r->tok). */
static int read_record(struct reader *r)
{
	for (int i = 0; i < NRECORDS; i++) {
		const struct record *k = &records[i];

		if (strcmp(r->tok[0], k->word))
			continue;
		if (r->done)
			return bad(r, "a record after the end");
		if (k->phase < r->phase)
			return bad(r, "%s out of order", k->word);
		if (k->once && (r->once & (1u << i)))
			return bad(r, "a second %s record", k->word);
		r->phase = k->phase;
		r->once |= 1u << i;
		return k->read(r);
	}
	return bad(r, "unknown record '%.20s'", r->tok[0]);
}

/* Splits a line (NUL-terminated, no newline) at single spaces. */
static int split(struct reader *r, char *line)
{
	r->ntok = 0;
	for (char *p = line;;) {
		char *sp = strchr(p, ' ');

		if (sp)
			*sp = '\0';
		if (!*p)
			return bad(r, "an empty field");
		VEC_PUSH(r->tok, r->ntok, r->tok_cap, p);
		if (!sp)
			return READ_OK;
		p = sp + 1;
	}
}

/* The checksum on the last line covers every byte before it. */
static int check_sum(struct reader *r, const char *text, size_t len)
{
	const char *last = text + len - 1, *end;
	unsigned long long want;
	char *stop;

	while (last > text && last[-1] != '\n')
		last--;
	end = last + 4;
	if (strncmp(last, "end ", 4))
		return bad(r, "cut short (no end record)");
	want = strtoull(end, &stop, 16);
	if (stop - end != 16 || *stop != '\n' ||
	    want != hash_bytes(text, (size_t)(last - text), HASH_SEED))
		return bad(r, "its checksum does not match");
	return READ_OK;
}

static int read_entry(struct reader *r, char *text, size_t len, bool sum)
{
	char *p, *end = text + len, *nl;
	int rc;

	if (memchr(text, '\0', len))
		return bad(r, "a NUL byte");
	nl = memchr(text, '\n', len);
	r->line = 1;
	if (!nl || strncmp(text, "isbcheck-cache ", 15))
		return bad(r, "not an isbcheck cache entry");
	*nl = '\0';
	if (strcmp(text, CACHE_MAGIC))
		return READ_STALE;	/* another version's */
	*nl = '\n';
	if (text[len - 1] != '\n')
		return bad(r, "cut short (no end record)");
	if (sum && check_sum(r, text, len))
		return READ_DAMAGED;
	for (p = nl + 1; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		*nl = '\0';
		r->line++;
		rc = split(r, p);
		if (!rc)
			rc = read_record(r);
		if (rc)
			return rc;
	}
	if (!r->done)
		return bad(r, "cut short (no end record)");
	return check_tu(r);
}

static void reader_free(struct reader *r)
{
	free(r->tok);
	free(r->raw);
	free(r->cooked);
	hashidx_free(&r->names);
	free(r->hashes);
	free(r->calls);
	free(r->callees);
}

static int parse(struct reader *r, char *text, size_t len, bool sum,
		 FILE *msgs)
{
	int rc = read_entry(r, text, len, sum);

	if (rc) {
		tu_free(r->tu);
	} else {
		r->tu->configs = config_select(r->rs, r->tu);
		if (r->msg)
			fputs(r->msg, msgs);	/* what the parse said, again */
	}
	reader_free(r);
	return rc;
}

int cache_parse(char *text, size_t len, const struct ruleset *rs,
		struct tu *tu, FILE *msgs, int *line, char *why, size_t size)
{
	struct reader r = { .rs = rs, .tu = tu, .why = why,
			    .why_size = size };
	int rc;

	if (!len) {
		snprintf(why, size, "empty");
		*line = 0;
		return -1;
	}
	rc = parse(&r, text, len, false, msgs);
	*line = r.line;
	if (rc > 0)
		snprintf(why, size, "another version's");
	return rc ? -1 : 0;
}

/* Reads the entry at path; a damaged one is noted. */
static bool load(struct cache *c, const char *path, const uint64_t *key,
		 const struct ruleset *rs, struct tu *tu, FILE *msgs,
		 FILE *notes)
{
	char why[160];
	struct reader r = { .c = c, .rs = rs, .tu = tu, .why = why,
			    .why_size = sizeof(why) };
	/* (a reader of other files, as the language server is, parses none) */
	bool reparsed = c->use == CACHE_PARSES && !c->read_only;
	const char *cant;
	struct stat st;
	char *text;
	size_t len;
	int rc;

	if (key) {
		r.key = *key;
		r.check_key = true;
	}
	if (infile_read(path, &text, &len, &cant)) {
		if (errno != ENOENT)
			fprintf(notes, "%s: note: damaged %s entry (%s); %s\n",
				path, c->use == CACHE_PARSES ? "cache" :
				"summary", cant, reparsed ? "parsed again" :
				"left out");
		return false;
	}
	rc = parse(&r, text, len, true, msgs);
	free(text);
	if (!rc && !c->read_only && !stat(path, &st) &&
	    st.st_mtime < time(NULL) - DAY)
		utimensat(AT_FDCWD, path, NULL, 0);	/* used: keep it */
	if (rc < 0)
		fprintf(notes, "%s: note: damaged %s entry (line %d: %s); %s\n",
			path, c->use == CACHE_PARSES ? "cache" : "summary",
			r.line, why, reparsed ? "parsed again" : "left out");
	return rc == READ_OK;
}

bool cache_load(struct cache *c, uint64_t key, const struct ruleset *rs,
		struct tu *tu, FILE *msgs, FILE *notes)
{
	char path[PATH_MAX];

	if (!c)
		return false;
	entry_path(path, sizeof(path), c->dir, key);
	return load(c, path, &key, rs, tu, msgs, notes);
}

bool cache_load_path(struct cache *c, const char *path,
		     const struct ruleset *rs, struct tu *tu, FILE *msgs,
		     FILE *notes)
{
	return load(c, path, NULL, rs, tu, msgs, notes);
}
