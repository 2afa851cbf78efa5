// SPDX-License-Identifier: GPL-2.0
#include "cache.h"
#include "infile.h"
#include "arena.h"
#include "config.h"
#include "hashidx.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CACHE_MAGIC "isbcheck-cache 3"

uint64_t cache_key(const struct ruleset *rs, const char *file,
		   char *const *argv, int argc)
{
	char cwd[PATH_MAX];
	uint64_t h = hash_bytes(CACHE_MAGIC, strlen(CACHE_MAGIC), HASH_SEED);
	int i;

	h = hash_bytes(&rs->fingerprint, sizeof(rs->fingerprint), h);
	if (getcwd(cwd, sizeof(cwd)))
		h = hash_bytes(cwd, strlen(cwd) + 1, h);
	h = hash_bytes(file, strlen(file) + 1, h);
	for (i = 0; i < argc; i++)
		h = hash_bytes(argv[i], strlen(argv[i]) + 1, h);
	return h;
}

static bool hash_file(const char *path, uint64_t *out)
{
	const char *why;
	FILE *f = infile_fopen(path, INFILE_MAX_BYTES, &why);
	char buf[65536];
	uint64_t h = HASH_SEED;
	size_t n;

	if (!f)
		return false;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		h = hash_bytes(buf, n, h);
	fclose(f);
	*out = h;
	return true;
}

/* Strings as one token: bytes that would split a line are %XX; NULL is ~. */
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

/* Reads the next token of *p; NULL for ~; allocated in the arena. */
static const char *get_str(struct arena *a, char **p, bool *ok)
{
	char *s = *p, *out, *o;

	while (*s == ' ')
		s++;
	if (!*s || *s == '\n') {
		*ok = false;
		return NULL;
	}
	if (*s == '~' && (s[1] == ' ' || s[1] == '\n' || !s[1])) {
		*p = s + 1;
		return NULL;
	}
	out = o = arena_alloc(a, strcspn(s, " \n") + 1);
	while (*s && *s != ' ' && *s != '\n') {
		unsigned v;

		if (*s == '%' && sscanf(s + 1, "%2X", &v) == 1) {
			if (v)
				*o++ = (char)v;
			s += 3;
		} else {
			*o++ = *s++;
		}
	}
	*o = '\0';
	*p = s;
	return out;
}

static long get_num(char **p, bool *ok)
{
	char *end;
	long v = strtol(*p, &end, 10);

	if (end == *p)
		*ok = false;
	*p = end;
	return v;
}

static uint64_t get_u64(char **p, bool *ok)
{
	char *end;
	uint64_t v = strtoull(*p, &end, 16);

	if (end == *p)
		*ok = false;
	*p = end;
	return v;
}

static void entry_path(char *buf, size_t size, const char *dir, uint64_t key)
{
	snprintf(buf, size, "%s/%016llx.cfg", dir, (unsigned long long)key);
}

/* The hash of name's bytes as the parse read them, if known. */
static bool parsed_hash(const struct tu *tu, const char *name, uint64_t *h)
{
	for (int i = 0; tu->hashes && i < tu->nfiles; i++)
		if (tu->hashes[i] && !strcmp(tu->files[i], name)) {
			*h = tu->hashes[i];
			return true;
		}
	return false;
}

void cache_store(const char *dir, uint64_t key, const struct ruleset *rs,
		 const struct tu *tu, const char *msgs, size_t len)
{
	char path[PATH_MAX], tmp[PATH_MAX + 16];
	FILE *f;
	int i, b, e, k;

	mkdir(dir, 0777);	/* may exist */
	entry_path(path, sizeof(path), dir, key);
	snprintf(tmp, sizeof(tmp), "%s.%d", path, (int)getpid());
	f = fopen(tmp, "w");
	if (!f)
		return;
	fprintf(f, "%s\n", CACHE_MAGIC);
	for (i = -1; i < tu->nfiles; i++) {
		const char *name = i < 0 ? tu->main_file : tu->files[i];
		uint64_t h;

		/* what the parse read, not what is there now */
		if (!parsed_hash(tu, name, &h) && !hash_file(name, &h)) {
			fclose(f);
			unlink(tmp);
			return;
		}
		fprintf(f, "dep %016llx", (unsigned long long)h);
		put_str(f, name);
		fputc('\n', f);
	}
	fputs("msg", f);
	put_str(f, len ? msgs : "");
	fprintf(f, "\ntu %d", tu->nerrors);
	put_str(f, tu->main_file);
	fputc('\n', f);
	for (i = 0; i < tu->nmacros; i++) {
		fputs("macro", f);
		put_str(f, tu->macros[i]);
		fputc('\n', f);
	}
	for (i = 0; i < tu->nfiles; i++) {
		fputs("file", f);
		put_str(f, tu->files[i]);
		fputc('\n', f);
	}
	for (i = 0; i < tu->nfns; i++) {
		const struct function *fn = tu->fns[i];

		fputs("fn", f);
		put_str(f, fn->name);
		put_str(f, fn->loc.file);
		fprintf(f, " %u %u %d %d %d\n", fn->loc.line, fn->loc.col,
			fn->is_static, fn->truncated, fn->nblocks);
		for (b = 0; b < fn->nblocks; b++) {
			const struct block *blk = &fn->blocks[b];

			fprintf(f, "block %d", blk->nsucc);
			for (k = 0; k < blk->nsucc; k++)
				fprintf(f, " %d", blk->succ[k]);
			fputc('\n', f);
			for (e = 0; e < blk->nev; e++) {
				const struct event *ev = blk->ev[e];

				fprintf(f, "ev %d %d %d %d", ev->kind, ev->may,
					ev->alt_cap, ev->alt_side);
				put_str(f, ev->reg >= 0 ?
					rs->db.regs[ev->reg].name : NULL);
				put_str(f, ev->insn);
				put_str(f, ev->name);
				fprintf(f, " %llx %llx",
					(unsigned long long)ev->val.known,
					(unsigned long long)ev->val.bits);
				put_str(f, ev->val.same_reg >= 0 ?
					rs->db.regs[ev->val.same_reg].name : NULL);
				fprintf(f, " %llx",
					(unsigned long long)ev->val.same);
				put_str(f, ev->loc.file);
				fprintf(f, " %u %u", ev->loc.line, ev->loc.col);
				put_str(f, ev->macro);
				fprintf(f, " %u %u", ev->before_line,
					ev->after_line);
				put_str(f, ev->indent);
				put_str(f, ev->text);
				put_str(f, ev->callee ? ev->callee->name : NULL);
				fputc('\n', f);
			}
		}
	}
	fputs("end\n", f);
	if (fclose(f) || rename(tmp, path))
		unlink(tmp);
}

static int reg_by_name(const struct ruleset *rs, const char *name)
{
	return name ? regdb_find_name(&rs->db, name) : -1;
}

bool cache_load(const char *dir, uint64_t key, const struct ruleset *rs,
		struct tu *tu, FILE *msgs)
{
	char path[PATH_MAX];

	entry_path(path, sizeof(path), dir, key);
	return cache_load_path(path, rs, tu, msgs);
}

bool cache_load_path(const char *path, const struct ruleset *rs,
		     struct tu *tu, FILE *msgs)
{
	char *line = NULL, *p;
	size_t cap = 0;
	FILE *f;
	bool ok = true, done = false;
	struct function *fn = NULL;
	int block = -1;
	const char **callees = NULL, *msg = NULL;
	struct event **calls = NULL;
	int ncalls = 0, calls_cap = 0, ncallees = 0, callees_cap = 0;
	struct dep {
		const char *name;
		uint64_t hash;
	} *deps = NULL;
	int ndeps = 0, deps_cap = 0;

	f = infile_fopen(path, INFILE_NO_LIMIT, &msg);
	msg = NULL;
	if (!f)
		return false;
	if (getline(&line, &cap, f) < 0 || strncmp(line, CACHE_MAGIC,
						     strlen(CACHE_MAGIC)))
		ok = false;
	while (ok && !done && getline(&line, &cap, f) >= 0) {
		p = line;
		if (!strncmp(p, "dep ", 4)) {
			uint64_t want, have;
			const char *name;

			p += 4;
			want = get_u64(&p, &ok);
			name = get_str(&tu->arena, &p, &ok);
			if (!ok || !name || !hash_file(name, &have) ||
			    have != want)
				ok = false;
			else
				VEC_PUSH(deps, ndeps, deps_cap,
					 ((struct dep){ name, want }));
		} else if (!strncmp(p, "msg ", 4)) {
			p += 3;
			msg = get_str(&tu->arena, &p, &ok);
		} else if (!strncmp(p, "tu ", 3)) {
			p += 2;
			tu->nerrors = (int)get_num(&p, &ok);
			tu->main_file = get_str(&tu->arena, &p, &ok);
		} else if (!strncmp(p, "macro ", 6)) {
			char *m;

			p += 5;
			m = (char *)get_str(&tu->arena, &p, &ok);
			VEC_PUSH(tu->macros, tu->nmacros, tu->macros_cap, m);
		} else if (!strncmp(p, "file ", 5)) {
			char *m;

			p += 4;
			m = (char *)get_str(&tu->arena, &p, &ok);
			VEC_PUSH(tu->files, tu->nfiles, tu->files_cap, m);
		} else if (!strncmp(p, "fn ", 3)) {
			p += 2;
			fn = arena_alloc(&tu->arena, sizeof(*fn));
			fn->name = get_str(&tu->arena, &p, &ok);
			fn->loc.file = get_str(&tu->arena, &p, &ok);
			fn->loc.line = (unsigned)get_num(&p, &ok);
			fn->loc.col = (unsigned)get_num(&p, &ok);
			fn->is_static = get_num(&p, &ok);
			fn->truncated = get_num(&p, &ok);
			fn->built = true;
			get_num(&p, &ok);	/* block count, for readers */
			block = -1;
			VEC_PUSH(tu->fns, tu->nfns, tu->fns_cap, fn);
		} else if (!strncmp(p, "block ", 6) && fn) {
			int n;

			p += 5;
			block = cfg_new_block(tu, fn);
			n = (int)get_num(&p, &ok);
			for (int k = 0; k < n && ok; k++)
				cfg_add_edge(fn, block, (int)get_num(&p, &ok));
		} else if (!strncmp(p, "ev ", 3) && fn && block >= 0) {
			struct event *ev = arena_alloc(&tu->arena, sizeof(*ev));
			const char *callee;

			p += 2;
			ev->kind = (enum event_kind)get_num(&p, &ok);
			ev->may = get_num(&p, &ok);
			ev->alt_cap = (int)get_num(&p, &ok);
			ev->alt_side = (int)get_num(&p, &ok);
			ev->reg = reg_by_name(rs, get_str(&tu->arena, &p, &ok));
			ev->insn = get_str(&tu->arena, &p, &ok);
			ev->name = get_str(&tu->arena, &p, &ok);
			ev->val.known = get_u64(&p, &ok);
			ev->val.bits = get_u64(&p, &ok);
			ev->val.same_reg = reg_by_name(rs, get_str(&tu->arena,
								   &p, &ok));
			ev->val.same = get_u64(&p, &ok);
			ev->loc.file = get_str(&tu->arena, &p, &ok);
			ev->loc.line = (unsigned)get_num(&p, &ok);
			ev->loc.col = (unsigned)get_num(&p, &ok);
			ev->macro = get_str(&tu->arena, &p, &ok);
			ev->before_line = (unsigned)get_num(&p, &ok);
			ev->after_line = (unsigned)get_num(&p, &ok);
			ev->indent = get_str(&tu->arena, &p, &ok);
			ev->text = get_str(&tu->arena, &p, &ok);
			callee = get_str(&tu->arena, &p, &ok);
			ev->fn = fn;
			cfg_add_event(fn, block, ev);
			if (callee) {
				VEC_PUSH(calls, ncalls, calls_cap, ev);
				VEC_PUSH(callees, ncallees, callees_cap, callee);
			}
		} else if (!strcmp(p, "end\n")) {
			done = true;
		} else {
			ok = false;
		}
	}
	free(line);
	fclose(f);
	/* each file's hash: its bytes now, checked above, as parsed then */
	tu->hashes = xcalloc((size_t)tu->files_cap + 1, sizeof(*tu->hashes));
	for (int i = 0; i < tu->nfiles; i++)
		for (int k = 0; k < ndeps; k++)
			if (!strcmp(deps[k].name, tu->files[i]))
				tu->hashes[i] = deps[k].hash;
	free(deps);
	/* calls to the TU's own functions, by name */
	for (int i = 0; ok && done && i < ncalls; i++)
		for (int k = 0; k < tu->nfns; k++)
			if (!strcmp(tu->fns[k]->name, callees[i])) {
				calls[i]->callee = tu->fns[k];
				break;
			}
	free(calls);
	free(callees);
	if (!ok || !done || !tu->main_file) {
		tu_free(tu);
		return false;
	}
	tu->configs = config_select(rs, tu);
	if (msg)
		fputs(msg, msgs);	/* what the parse said, said again */
	return true;
}
