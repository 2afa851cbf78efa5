// SPDX-License-Identifier: GPL-2.0
/*
 * livecheck.c - one file as an editor holds it, through the same stages
 * as a command-line run: flags, front end, link, analysis, items,
 * suppressions.
 */
#include "livecheck.h"
#include "flags.h"
#include "frontend.h"
#include "hashidx.h"
#include "infile.h"
#include "source.h"
#include "summary.h"
#include "suppress.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_ERROR_NOTES 20	/* parse errors shown per file */

/* One file's flags and kept parse. */
struct unit {
	char *path;		/* absolute, as the editor names it */
	struct job job;		/* its flags (argv), when found */
	bool have_job;
	uint64_t args_hash;	/* of the arguments the kept TU was made with */
	struct frontend_live fl;
};

struct live {
	struct live_opts o;
	CXIndex index;
	struct unit *units;
	int nunits, units_cap;
	struct tu *others;	/* the other files of the last -p run */
	int nothers;
	bool loaded;
	struct timespec *dir_mtime;	/* of each directory, when loaded */
};

char *live_name(const char *path)
{
	char cwd[PATH_MAX], real[PATH_MAX];
	size_t l;

	if (!realpath(path, real))
		return xstrdup(path);
	if (getcwd(cwd, sizeof(cwd))) {
		l = strlen(cwd);
		if (!strncmp(real, cwd, l) && real[l] == '/')
			return xstrdup(real + l + 1);
	}
	return xstrdup(real);
}

struct live *live_new(const struct live_opts *o)
{
	struct live *lv = xcalloc(1, sizeof(*lv));
	/* preambles in memory: no file to write, none for infile.h to vet */
	CXIndexOptions io = {
		.Size = sizeof(io),
		.StorePreamblesInMemory = 1,
	};

	lv->o = *o;
	lv->index = clang_createIndexWithOptions(&io);
	if (!lv->index)
		lv->index = clang_createIndex(0, 0);
	lv->dir_mtime = xcalloc((size_t)o->ndirs + 1, sizeof(*lv->dir_mtime));
	return lv;
}

static void job_clear(struct job *j)
{
	for (int i = 0; i < j->argc; i++)
		free(j->argv[i]);
	free(j->argv);
	free(j->file);
	free(j->dir);
	memset(j, 0, sizeof(*j));
}

static void unit_drop_tu(struct unit *u)
{
	if (u->fl.tu)
		clang_disposeTranslationUnit(u->fl.tu);
	u->fl.tu = NULL;
}

static struct unit *unit_for(struct live *lv, const char *path)
{
	struct unit u = { 0 };

	for (int i = 0; i < lv->nunits; i++)
		if (!strcmp(lv->units[i].path, path))
			return &lv->units[i];
	u.path = xstrdup(path);
	VEC_PUSH(lv->units, lv->nunits, lv->units_cap, u);
	return &lv->units[lv->nunits - 1];
}

/*
 * The file's flags as the command line finds them (its first job, if a
 * database lists it more than once), cleaned as main.c cleans them.
 */
static int find_flags(struct live *lv, struct unit *u, FILE *err)
{
	struct jobs jobs = { 0 };
	char *files[1] = { u->path };
	struct flag_probe *probe;
	uint64_t h = HASH_SEED;
	int rc;

	rc = flags_jobs(files, 1, lv->o.cflags, lv->o.ncflags,
			lv->o.have_cflags, &jobs, err);
	job_clear(&u->job);
	u->have_job = false;
	if (rc || !jobs.n) {
		jobs_free(&jobs);
		return -1;
	}
	u->job = jobs.v[0];
	memset(&jobs.v[0], 0, sizeof(jobs.v[0]));
	jobs_free(&jobs);
	if (u->job.dir) {
		char *wd = xmalloc(strlen(u->job.dir) + 32);

		sprintf(wd, "-working-directory=%s", u->job.dir);
		VEC_PUSH(u->job.argv, u->job.argc, u->job.cap, wd);
	}
	probe = flag_probe_new(lv->index);
	flag_probe_clean(probe, &u->job);
	flag_probe_report(probe, err);
	flag_probe_free(probe);
	u->have_job = true;
	for (int i = 0; i < u->job.argc; i++)
		h = hash_bytes(u->job.argv[i], strlen(u->job.argv[i]) + 1, h);
	if (h != u->args_hash)
		unit_drop_tu(u);	/* a reparse keeps the old arguments */
	u->args_hash = h;
	return 0;
}

static void free_others(struct live *lv)
{
	for (int i = 0; i < lv->nothers; i++)
		tu_free(&lv->others[i]);
	free(lv->others);
	lv->others = NULL;
	lv->nothers = 0;
	lv->loaded = false;
}

static struct timespec dir_time(const char *dir)
{
	struct stat st;
	struct timespec t = { 0 };

	if (!stat(dir, &st))
		t = st.st_mtim;
	return t;
}

/*
 * Whether the loaded files are stale: a directory was written since (a
 * new -p run renames its entries in), or the saved file is one another
 * file read (its own entry is never analysed: see analyse()).
 */
static bool others_stale(struct live *lv, const char *saved)
{
	char *name = saved ? live_name(saved) : NULL;
	bool stale = false;

	for (int d = 0; d < lv->o.ndirs && !stale; d++) {
		struct timespec t = dir_time(lv->o.dirs[d]);

		stale = t.tv_sec != lv->dir_mtime[d].tv_sec ||
			t.tv_nsec != lv->dir_mtime[d].tv_nsec;
	}
	for (int i = 0; name && i < lv->nothers && !stale; i++) {
		const struct tu *tu = &lv->others[i];

		if (!strcmp(tu->main_file, name))
			continue;	/* the saved file's own entry */
		for (int k = 0; k < tu->nfiles && !stale; k++)
			stale = !strcmp(tu->files[k], name);
	}
	free(name);
	return stale;
}

/*
 * Every directory's files, one TU per main file (the first directory's).
 * Each is opened anew (what it knows of files is kept while it is open),
 * read only: the server never writes them, not even a time stamp.
 */
static void load_others(struct live *lv, FILE *err)
{
	for (int d = 0; d < lv->o.ndirs; d++) {
		struct cache *c;
		struct tu *got;
		int n;

		lv->dir_mtime[d] = dir_time(lv->o.dirs[d]);
		c = cache_open_read(lv->o.dirs[d], lv->o.uses[d], err);
		if (!c)
			continue;
		n = summary_load_latest(c, lv->o.rs, NULL, 0, &got, err);
		cache_close(c);
		for (int i = 0; i < n; i++) {
			bool dup = false;

			for (int k = 0; k < lv->nothers && !dup; k++)
				dup = !strcmp(lv->others[k].main_file,
					      got[i].main_file);
			if (dup) {
				tu_free(&got[i]);
				continue;
			}
			lv->others = xrealloc(lv->others,
					      (size_t)(lv->nothers + 1) *
					      sizeof(*lv->others));
			lv->others[lv->nothers++] = got[i];
		}
		free(got);
		fprintf(err, "isbcheck: %d file%s of %s unchanged since recorded, analysed with this one\n",
			n, n == 1 ? "" : "s", lv->o.dirs[d]);
	}
	lv->loaded = true;
}

/* The calls no definition is linked to yet, to unlink after an analysis. */
struct unlinked {
	struct event **v;
	int n, cap;
};

static void note_unlinked(struct unlinked *ul, struct tu *tu)
{
	for (int f = 0; f < tu->nfns; f++) {
		struct function *fn = tu->fns[f];

		for (int b = 0; b < fn->nblocks; b++)
			for (int e = 0; e < fn->blocks[b].nev; e++) {
				struct event *ev = fn->blocks[b].ev[e];

				if (ev->kind == EV_CALL && !ev->callee)
					VEC_PUSH(ul->v, ul->n, ul->cap, ev);
			}
	}
}

/*
 * Which of tus[] the findings of tus[0] depend on: those whose functions
 * it calls, and theirs, and so on (a function's findings depend on its
 * callees' summaries, never on its callers).  fn->unit is set to each
 * function's TU.  Returns how many, moved to the front of tus[].
 */
static int needed(struct tu **tus, int n)
{
	bool *need = xcalloc((size_t)n + 1, sizeof(*need));
	int m = 0;
	bool grew = true;

	for (int u = 0; u < n; u++)
		for (int f = 0; f < tus[u]->nfns; f++)
			tus[u]->fns[f]->unit = u;
	need[0] = true;
	while (grew) {
		grew = false;
		for (int u = 0; u < n; u++)
			for (int f = 0; need[u] && f < tus[u]->nfns; f++) {
				struct function *fn = tus[u]->fns[f];

				for (int b = 0; b < fn->nblocks; b++)
					for (int e = 0; e < fn->blocks[b].nev;
					     e++) {
						struct event *ev =
							fn->blocks[b].ev[e];

						if (ev->callee &&
						    !need[ev->callee->unit])
							grew = need[ev->callee->unit] =
								true;
					}
			}
	}
	for (int u = 0; u < n; u++)
		if (need[u]) {
			struct tu *t = tus[m];

			tus[m++] = tus[u];
			tus[u] = t;
		}
	free(need);
	return m;
}

/*
 * Analyses tu with the other files it calls into, leaving them as they
 * were (their calls linked for this analysis unlinked again).
 */
static void analyse(struct live *lv, struct tu *tu, const char *path,
		    struct findings *out, int *nothers)
{
	struct tu **tus = xcalloc((size_t)lv->nothers + 1, sizeof(*tus));
	struct findings *outs = xcalloc((size_t)lv->nothers + 1,
					sizeof(*outs));
	struct unlinked ul = { 0 };
	char *name = live_name(path);
	int n = 0, m;

	tus[n++] = tu;
	/* the file's own entry is an older version of it */
	for (int i = 0; i < lv->nothers; i++)
		if (strcmp(lv->others[i].main_file, name))
			tus[n++] = &lv->others[i];
	for (int i = 0; i < n; i++)
		note_unlinked(&ul, tus[i]);
	link_calls(tus, n);
	m = needed(tus, n);
	for (int i = 0; i < m; i++)
		outs[i].visits_per_block = lv->o.visits;
	analyse_tus(tus, m, lv->o.rs, outs);
	for (int i = 0; i < ul.n; i++)
		ul.v[i]->callee = NULL;
	*out = outs[0];
	for (int i = 1; i < m; i++)
		free(outs[i].v);	/* others' findings are theirs */
	*nothers = n - 1;
	free(name);
	free(ul.v);
	free(outs);
	free(tus);
}

/* The editor's buffers as the sources suppressions are read from. */
static void unsaved_sources(struct sources *src, struct CXUnsavedFile *u,
			    unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		struct source *s = xcalloc(1, sizeof(*s));

		s->path = live_name(u[i].Filename);
		s->size = u[i].Length;
		s->text = xmalloc(s->size + 1);
		memcpy(s->text, u[i].Contents, s->size);
		s->text[s->size] = '\0';
		s->ok = true;
		source_split(s);
		VEC_PUSH(src->v, src->n, src->cap, s);
	}
}

static void add_note(struct live_result *out, const char *file,
		     unsigned line, unsigned col, const char *text)
{
	struct live_note n = {
		arena_strdup(&out->arena, file), line, col,
		arena_strdup(&out->arena, text),
	};

	VEC_PUSH(out->notes, out->nnotes, out->notes_cap, n);
}

/* The parse's errors in the kept TU, as notes at their places. */
static void error_notes(CXTranslationUnit cx, struct live_result *out)
{
	unsigned n = cx ? clang_getNumDiagnostics(cx) : 0, shown = 0;

	for (unsigned i = 0; i < n && shown < MAX_ERROR_NOTES; i++) {
		CXDiagnostic d = clang_getDiagnostic(cx, i);
		CXFile f = NULL;
		unsigned line = 0, col = 0;

		if (clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error) {
			CXString s = clang_getDiagnosticSpelling(d);
			CXString fs;
			char *name;

			clang_getExpansionLocation(
				clang_getDiagnosticLocation(d), &f, &line,
				&col, NULL);
			fs = clang_getFileName(f);
			name = live_name(clang_getCString(fs) ?
					 clang_getCString(fs) : "");
			add_note(out, name, line, col,
				 arena_printf(&out->arena, "error: %s (isbcheck analyses what could be parsed)",
					      clang_getCString(s)));
			free(name);
			clang_disposeString(fs);
			clang_disposeString(s);
			shown++;
		}
		clang_disposeDiagnostic(d);
	}
}

static bool is_unsaved(const char *path, struct CXUnsavedFile *u, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (!strcmp(u[i].Filename, path))
			return true;
	return false;
}

int live_check(struct live *lv, const char *path,
	       struct CXUnsavedFile *unsaved, unsigned nunsaved,
	       bool refresh, const char *saved, struct live_result *out)
{
	struct unit *u = unit_for(lv, path);
	FILE *err;
	struct tu tu = { 0 };
	struct findings found = { 0 };
	struct reporter rep = { 0 };
	struct sources src = { 0 };
	const char *why;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	err = open_memstream(&out->msgs, &out->msglen);
	if (!err) {
		out->failed = true;
		return -1;
	}
	if (srcfile_is_asm(path)) {
		/* the preprocessor reads the file on disk, not the buffer */
		fprintf(err, "%s: error: assembly is checked from the command line (or a -p run), not as the editor holds it\n",
			path);
		goto fail;
	}
	if ((!u->have_job || refresh) && find_flags(lv, u, err))
		goto fail;
	if (!is_unsaved(path, unsaved, nunsaved) &&
	    (why = infile_why_not(path, INFILE_MAX_BYTES))) {
		fprintf(err, "%s: error: %s\n", path, why);
		goto fail;
	}
	u->fl.unsaved = unsaved;
	u->fl.nunsaved = nunsaved;
	if (frontend_parse_live(lv->index, lv->o.rs, path,
				(const char *const *)u->job.argv, u->job.argc,
				&u->fl, &tu, err))
		goto fail;
	if (lv->loaded && refresh && others_stale(lv, saved))
		free_others(lv);
	if (!lv->loaded)
		load_others(lv, err);

	analyse(lv, &tu, path, &found, &out->nothers);
	out->main_file = arena_strdup(&out->arena, tu.main_file);
	out->nerrors = tu.nerrors;
	VEC_PUSH(out->files, out->nfiles, out->files_cap, out->main_file);
	for (int i = 0; i < tu.nfiles; i++)
		VEC_PUSH(out->files, out->nfiles, out->files_cap,
			 arena_strdup(&out->arena, tu.files[i]));
	for (int i = 0; i < found.n; i++) {
		struct report_item it;

		item_from_finding(lv->o.rs, &found.v[i], &out->arena, &it);
		if (!report_seen(&rep, it.key))
			VEC_PUSH(out->items, out->nitems, out->items_cap, it);
	}
	unsaved_sources(&src, unsaved, nunsaved);
	suppress_apply(out->items, out->nitems, lv->o.rs, &src, &out->arena,
		       NULL, 0, err);
	{
		int k = 0;

		for (int i = 0; i < out->nitems; i++)
			if (item_active(&out->items[i]))
				out->items[k++] = out->items[i];
		out->nitems = k;
	}
	for (int i = 0; i < tu.nfns; i++)
		if (tu.fns[i]->cut)
			add_note(out, tu.fns[i]->loc.file, tu.fns[i]->loc.line,
				 tu.fns[i]->loc.col,
				 arena_printf(&out->arena, "%s() is not fully analysed: %s",
					      tu.fns[i]->name, tu.fns[i]->cut));
	error_notes(u->fl.tu, out);
	rc = 0;
	free(found.v);
	sources_free(&src);
	report_free(&rep);
	tu_free(&tu);
fail:
	out->failed = rc != 0;
	fclose(err);
	return rc;
}

void live_forget(struct live *lv, const char *path)
{
	for (int i = 0; i < lv->nunits; i++)
		if (!strcmp(lv->units[i].path, path)) {
			unit_drop_tu(&lv->units[i]);
			job_clear(&lv->units[i].job);
			free(lv->units[i].path);
			lv->units[i] = lv->units[--lv->nunits];
			return;
		}
}

void live_result_free(struct live_result *r)
{
	free(r->items);
	free(r->notes);
	free(r->files);
	free(r->msgs);
	arena_free(&r->arena);
	memset(r, 0, sizeof(*r));
}

void live_free(struct live *lv)
{
	if (!lv)
		return;
	while (lv->nunits)
		live_forget(lv, lv->units[0].path);
	free(lv->units);
	free_others(lv);
	free(lv->dir_mtime);
	clang_disposeIndex(lv->index);
	free(lv);
}
