// SPDX-License-Identifier: GPL-2.0
#include "flags.h"
#include "infile.h"
#include "arena.h"

#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- compile_flags.txt ---- */

static void push(struct job *j, const char *s)
{
	VEC_PUSH(j->argv, j->argc, j->cap, xstrdup(s));
}

/* Options whose value is a path, joined ("-Ifoo") or separate. */
static const char *const path_opts[] = {
	"-I", "-isystem", "-iquote", "-idirafter", "-include", "-imacros",
};

static void push_relative(struct job *f, const char *dir, const char *opt,
			  const char *path)
{
	char buf[PATH_MAX * 2];

	if (path[0] == '/')
		snprintf(buf, sizeof(buf), "%s%s", opt, path);
	else
		snprintf(buf, sizeof(buf), "%s%s/%s", opt, dir, path);
	push(f, buf);
}

static int read_flags_file(const char *path, struct job *f, FILE *err)
{
	const char *why;
	FILE *in = infile_fopen(path, INFILE_MAX_BYTES, &why);
	char line[4096], dir[PATH_MAX], *slash;
	bool want_path = false;
	unsigned lineno = 0;

	if (!in) {
		fprintf(err, "%s: error: cannot read: %s\n", path, why);
		return -1;
	}
	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	while (fgets(line, sizeof(line), in)) {
		size_t n = strlen(line);
		size_t i;

		lineno++;
		if (n && line[n - 1] != '\n' && !feof(in)) {
			fprintf(err, "%s:%u: error: line too long\n", path,
				lineno);
			fclose(in);
			return -1;
		}
		while (n && (line[n - 1] == '\n' || line[n - 1] == '\r' ||
			     line[n - 1] == ' ' || line[n - 1] == '\t'))
			line[--n] = '\0';
		if (!n)
			continue;
		if (want_path) {
			push_relative(f, dir, "", line);
			want_path = false;
			continue;
		}
		for (i = 0; i < sizeof(path_opts) / sizeof(path_opts[0]); i++)
			if (!strcmp(line, path_opts[i]))
				break;
		if (i < sizeof(path_opts) / sizeof(path_opts[0])) {
			push(f, line);		/* the path is on the next line */
			want_path = true;
		} else if (!strncmp(line, "-I", 2)) {
			push_relative(f, dir, "-I", line + 2);
		} else {
			push(f, line);
		}
	}
	fclose(in);
	return 0;
}


/* ---- compile_commands.json ---- */

/* A compilation database met on the way up, read once per run. */
struct db {
	char *path;		/* DIR/compile_commands.json */
	char *dir;		/* DIR, as compdb_load() takes it */
	bool broken;		/* said so once */
	char **files;		/* its C files: absolute, symlinks resolved */
	int nfiles, files_cap;	/* (sorted) */
	char **want;		/* the files given that it is used for */
	int nwant, want_cap;
	struct jobs jobs;	/* their entries */
};

struct dbs {
	struct db *v;
	int n, cap;
};

/* path, relative to dir unless absolute, with symlinks resolved. */
static char *resolve(const char *path, const char *dir)
{
	char buf[PATH_MAX * 2], real[PATH_MAX];

	if (path[0] == '/' || !dir[0])
		snprintf(buf, sizeof(buf), "%s", path);
	else
		snprintf(buf, sizeof(buf), "%s/%s", dir, path);
	return xstrdup(realpath(buf, real) ? real : buf);
}

/* The entries compdb_load() makes jobs of: C sources. */
static bool is_c(const char *path)
{
	size_t l = strlen(path);

	return l > 2 && !strcmp(path + l - 2, ".c");
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Reads the files d has entries for, or says what is wrong with it (with
 * a line and column when it is not JSON: the editors go there).
 */
static void db_read(struct db *d, FILE *err)
{
	json_error_t je;
	const char *why;
	FILE *in = infile_fopen(d->path, INFILE_NO_LIMIT, &why);
	json_t *root, *e;
	size_t i;

	if (!in) {
		fprintf(err, "%s: error: cannot read the compilation database: %s\n",
			d->path, why);
		d->broken = true;
		return;
	}
	root = json_loadf(in, 0, &je);
	fclose(in);
	if (!root) {
		if (je.line > 0)
			fprintf(err, "%s:%d:%d: error: malformed compilation database: %s\n",
				d->path, je.line, je.column, je.text);
		else
			fprintf(err, "%s: error: cannot read the compilation database: %s\n",
				d->path, je.text);
		d->broken = true;
		return;
	}
	if (!json_is_array(root)) {
		fprintf(err, "%s: error: not a compilation database: not a list of entries\n",
			d->path);
		d->broken = true;
	}
	json_array_foreach(root, i, e) {
		json_t *dir = json_object_get(e, "directory");
		json_t *file = json_object_get(e, "file");
		json_t *args = json_object_get(e, "arguments");
		json_t *cmd = json_object_get(e, "command");
		char *path;

		if (!json_is_string(dir) || !json_is_string(file) ||
		    !(json_is_array(args) || json_is_string(cmd))) {
			fprintf(err, "%s: error: entry %zu of the compilation database has no \"directory\", \"file\" and \"arguments\" or \"command\"\n",
				d->path, i + 1);
			d->broken = true;
			break;
		}
		path = resolve(json_string_value(file), json_string_value(dir));
		if (is_c(path))
			VEC_PUSH(d->files, d->nfiles, d->files_cap, path);
		else
			free(path);
	}
	if (d->nfiles > 1)
		qsort(d->files, (size_t)d->nfiles, sizeof(*d->files), cmp_str);
	json_decref(root);
}

/* The database at path (read the first time it is asked for). */
static int db_get(struct dbs *dbs, const char *path, FILE *err)
{
	struct db d = { 0 };
	char *slash;
	int i;

	for (i = 0; i < dbs->n; i++)
		if (!strcmp(dbs->v[i].path, path))
			return i;
	d.path = xstrdup(path);
	d.dir = xstrdup(path);
	slash = strrchr(d.dir, '/');
	if (slash)
		*slash = '\0';
	db_read(&d, err);
	VEC_PUSH(dbs->v, dbs->n, dbs->cap, d);
	return dbs->n - 1;
}

static bool db_has(const struct db *d, const char *real)
{
	return d->nfiles && bsearch(&real, d->files, (size_t)d->nfiles,
				    sizeof(*d->files), cmp_str);
}

static void dbs_free(struct dbs *dbs)
{
	for (int i = 0; i < dbs->n; i++) {
		struct db *d = &dbs->v[i];

		for (int k = 0; k < d->nfiles; k++)
			free(d->files[k]);
		free(d->files);
		free(d->want);		/* (the strings are the caller's) */
		jobs_free(&d->jobs);
		free(d->path);
		free(d->dir);
	}
	free(dbs->v);
}

/* Makes the jobs of the files d is used for. */
static int db_load(struct db *d, FILE *err)
{
	return compdb_load(d->dir, d->want, d->nwant, NULL, &d->jobs, err);
}

/* ---- the walk up ---- */

enum source_kind {
	SRC_NONE,		/* no arguments */
	SRC_GIVEN,		/* those after "--" */
	SRC_DB,			/* a compilation database's entries */
	SRC_FLAGS,		/* a compile_flags.txt */
	SRC_BROKEN,		/* the nearest database is unusable */
};

struct origin {
	enum source_kind kind;
	char *real;		/* the file, absolute, symlinks resolved */
	char *flags;		/* the compile_flags.txt */
	int db;			/* index in dbs */
};

/* Where the arguments for the file at real come from. */
static void find_source(struct dbs *dbs, struct origin *src, FILE *err)
{
	static const char *const db_names[] = {
		"compile_commands.json", "build/compile_commands.json",
	};
	char dir[PATH_MAX], path[PATH_MAX + 64];
	char *slash;

	snprintf(dir, sizeof(dir), "%s", src->real);
	while ((slash = strrchr(dir, '/'))) {
		*slash = '\0';
		for (size_t k = 0; k < sizeof(db_names) / sizeof(*db_names);
		     k++) {
			int i;

			snprintf(path, sizeof(path), "%s/%s", dir, db_names[k]);
			if (access(path, F_OK))
				continue;
			i = db_get(dbs, path, err);
			if (dbs->v[i].broken) {
				src->kind = SRC_BROKEN;
				return;
			}
			if (db_has(&dbs->v[i], src->real)) {
				src->kind = SRC_DB;
				src->db = i;
				return;
			}
		}
		snprintf(path, sizeof(path), "%s/compile_flags.txt", dir);
		if (!access(path, R_OK)) {
			src->kind = SRC_FLAGS;
			src->flags = xstrdup(path);
			return;
		}
	}
	src->kind = SRC_NONE;
}

static void copy_job(struct jobs *out, const struct job *from)
{
	struct job j = { .file = xstrdup(from->file),
			 .dir = from->dir ? xstrdup(from->dir) : NULL };

	for (int k = 0; k < from->argc; k++)
		push(&j, from->argv[k]);
	VEC_PUSH(out->v, out->n, out->cap, j);
}

int flags_jobs(char *const *files, int nfiles, char *const *given, int ngiven,
	       bool have_given, struct jobs *out, FILE *err)
{
	struct origin *src = xcalloc((size_t)nfiles + 1, sizeof(*src));
	struct dbs dbs = { 0 };
	char real[PATH_MAX];
	int i, k, rc = 0;

	for (i = 0; i < nfiles; i++) {
		if (have_given) {
			src[i].kind = SRC_GIVEN;
			continue;
		}
		/* a file that is not there: no arguments; the parse says so */
		if (!realpath(files[i], real))
			continue;
		src[i].real = xstrdup(real);
		find_source(&dbs, &src[i], err);
		if (src[i].kind == SRC_DB) {
			struct db *d = &dbs.v[src[i].db];

			VEC_PUSH(d->want, d->nwant, d->want_cap, src[i].real);
		}
	}
	/* each database once, for all the files it has */
	for (i = 0; i < dbs.n; i++)
		if (dbs.v[i].nwant && db_load(&dbs.v[i], err))
			rc = -1;

	for (i = 0; i < nfiles; i++) {
		struct job j = { 0 };

		if (src[i].kind == SRC_BROKEN) {
			rc = -1;	/* (said once, naming the database) */
		} else if (src[i].kind == SRC_DB) {
			const struct jobs *dj = &dbs.v[src[i].db].jobs;

			for (k = 0; k < dj->n; k++)
				if (!strcmp(dj->v[k].file, src[i].real))
					copy_job(out, &dj->v[k]);
		} else {
			j.file = xstrdup(files[i]);
			if (src[i].kind == SRC_GIVEN)
				for (k = 0; k < ngiven; k++)
					push(&j, given[k]);
			if (src[i].kind == SRC_FLAGS &&
			    read_flags_file(src[i].flags, &j, err))
				rc = -1;
			VEC_PUSH(out->v, out->n, out->cap, j);
		}
		free(src[i].real);
		free(src[i].flags);
	}
	free(src);
	dbs_free(&dbs);
	return rc;
}
