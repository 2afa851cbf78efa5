// SPDX-License-Identifier: GPL-2.0
#include "compdb.h"
#include "arena.h"
#include "infile.h"

#include <clang-c/CXCompilationDatabase.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Options whose value is the next argument. */
static const char *const takes_value[] = {
	"-o", "-MF", "-MT", "-MQ", "-I", "-D", "-U", "-include", "-imacros",
	"-isystem", "-iquote", "-idirafter", "-x", "-target", "-Xclang",
	"--param", "-gcc-base-dir", "-multiarch-dir", "-arch",
};

/*
 * sparse's own warnings (clang would warn that it does not know them) and
 * macros that only make sense to sparse: with __CHECKER__ the kernel uses
 * sparse-only attribute syntax.
 */
static const char *const sparse_only[] = {
	"-D__CHECKER__", "-D__STDC__", "-Wsparse-all", "-Wsparse-error",
	"-Wbitwise", "-Wno-bitwise", "-Wno-return-void", "-Wreturn-void",
	"-Wno-unknown-attribute", "-Wcontext", "-Wno-context", "-Wdecl",
	"-Wno-decl", "-Wcast-to-as", "-Wdefault-bitfield-sign",
	"-Wno-transparent-union", "-Wtransparent-union",
	"-Wptr-subtraction-blows", "-Wtypesign", "-Waddress-space",
	"-Wno-address-space", "-Wenum-mismatch", "-Wnon-pointer-null",
	"-Wold-initializer", "-Wone-bit-signed-bitfield", "-Wparen-string",
	"-Wcast-truncate", "-Wdo-while", "-Wuniversal-initializer",
	"-Wpast-deep-designator", "-Wmemcpy-max-count", "-Wno-memcpy-max-count",
	"-Wconstexpr-not-const", "-Wexternal-function-has-definition",
	"-Wsizeof-bool", "-Winit-cstring", "-Wbitwise-pointer", "-Wshadow",
};

static bool in_list(const char *a, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(a, list[i]))
			return true;
	return false;
}

#define IN(a, list) in_list(a, list, sizeof(list) / sizeof(list[0]))

static bool is_source(const char *a)
{
	size_t l = strlen(a);

	/* C, and assembly with the C preprocessor (asmfile.h) */
	return a[0] != '-' && l > 2 &&
	       (!strcmp(a + l - 2, ".c") || !strcmp(a + l - 2, ".S"));
}

static void push(struct job *j, const char *a)
{
	VEC_PUSH(j->argv, j->argc, j->cap, xstrdup(a));
}

/*
 * Keeps what matters to parsing: drops the compiler name, the source,
 * output and dependency options, -Werror (isbcheck reads the code: a
 * warning must not count as a parse error), and sparse's own options.
 */
static void add_clean_args(struct job *j, char *const *argv, int argc,
			   const char *source)
{
	int i;

	for (i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-c") || !strcmp(a, "-S") || !strcmp(a, "-E") ||
		    !strcmp(a, "-MD") || !strcmp(a, "-MMD") ||
		    !strcmp(a, "-MP") || !strcmp(a, "-M") || !strcmp(a, "-MM") ||
		    !strncmp(a, "-Wp,-M", 6) || !strncmp(a, "--arch=", 7) ||
		    !strncmp(a, "-fmemcpy-max-count=", 19) ||
		    !strncmp(a, "-fdiagnostic-prefix", 19) ||
		    /* a warning is not a parse error here */
		    !strcmp(a, "-Werror") || !strncmp(a, "-Werror=", 8) ||
		    !strcmp(a, "-pedantic-errors") ||
		    IN(a, sparse_only) || (source && is_source(a)))
			continue;	/* (the source: libclang gets it apart) */
		if (!strcmp(a, "-o") || !strcmp(a, "-MF") || !strcmp(a, "-MT") ||
		    !strcmp(a, "-MQ") || !strcmp(a, "-gcc-base-dir") ||
		    !strcmp(a, "-multiarch-dir")) {
			i++;
			continue;
		}
		if (!strncmp(a, "-o", 2) || !strncmp(a, "-MF", 3) ||
		    !strncmp(a, "-MT", 3) || !strncmp(a, "-MQ", 3))
			continue;
		push(j, a);
		if (IN(a, takes_value) && i + 1 < argc)
			push(j, argv[++i]);
	}
}

/*
 * The target a cross compiler's name carries ("aarch64-linux-gnu" of
 * ".../aarch64-linux-gnu-gcc-12"), malloc'ed, or NULL.
 */
static char *target_of(const char *cc)
{
	static const char *const drivers[] = { "gcc", "cc", "clang" };
	const char *base = strrchr(cc, '/'), *end, *v;
	size_t i;

	base = base ? base + 1 : cc;
	end = base + strlen(base);
	/* a version after the name: "-12", "-19.1" */
	for (v = end; v > base && strchr("0123456789.", v[-1]); v--)
		;
	if (v < end && v - 1 > base && v[-1] == '-')
		end = v - 1;
	for (i = 0; i < sizeof(drivers) / sizeof(*drivers); i++) {
		size_t dl = strlen(drivers[i]), tl;
		char *triple;

		if ((size_t)(end - base) <= dl + 1 ||
		    strncmp(end - dl, drivers[i], dl) ||
		    end[-1 - (long)dl] != '-')
			continue;
		tl = (size_t)(end - base) - dl - 1;
		/* "aarch64-linux-gnu": an architecture and a system at least */
		if (!memchr(base, '-', tl))
			return NULL;
		triple = xmalloc(tl + 1);
		memcpy(triple, base, tl);
		triple[tl] = '\0';
		return triple;
	}
	return NULL;
}

static bool has_target(const struct job *j)
{
	for (int i = 0; i < j->argc; i++)
		if (!strncmp(j->argv[i], "--target=", 9) ||
		    !strcmp(j->argv[i], "-target") ||
		    !strcmp(j->argv[i], "--target"))
			return true;
	return false;
}

/*
 * A gcc database names no target: the cross compiler's name does, and
 * libclang, given no program name, would parse for the host instead.
 */
static void add_target(struct job *j, const char *cc)
{
	char *triple, *arg;

	if (has_target(j))
		return;
	triple = target_of(cc);
	if (!triple)
		return;
	arg = xmalloc(strlen(triple) + 10);
	sprintf(arg, "--target=%s", triple);
	free(triple);
	VEC_PUSH(j->argv, j->argc, j->cap, arg);
}

bool compdb_is_compiler_style(char *const *argv, int argc)
{
	int i;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			return false;
		if (argv[i][0] == '-' && argv[i][1] != '-' &&
		    strcmp(argv[i], "-h") && strcmp(argv[i], "-p") &&
		    strcmp(argv[i], "-o") && strcmp(argv[i], "-q") &&
		    strncmp(argv[i], "-j", 2))
			return true;
	}
	return false;
}

int compdb_from_command_line(char *const *argv, int argc, struct jobs *out,
			     FILE *err)
{
	struct job tmpl = { 0 };
	int i, first = out->n;

	add_clean_args(&tmpl, argv, argc, NULL);
	/*
	 * Kbuild gives sparse the architecture (--arch=arm64 in CHECKFLAGS);
	 * a gcc build's flags name no target, so that is where it is.
	 */
	for (i = 0; i < argc && !has_target(&tmpl); i++)
		if (!strcmp(argv[i], "--arch=arm64") ||
		    !strcmp(argv[i], "--arch=aarch64"))
			push(&tmpl, "--target=aarch64-linux-gnu");
	for (i = 0; i < argc; i++) {
		if (IN(argv[i], takes_value)) {
			i++;
			continue;
		}
		if (is_source(argv[i])) {
			struct job j = { .file = xstrdup(argv[i]) };

			for (int k = 0; k < tmpl.argc; k++)
				if (strcmp(tmpl.argv[k], argv[i]))
					push(&j, tmpl.argv[k]);
			VEC_PUSH(out->v, out->n, out->cap, j);
		}
	}
	for (i = 0; i < tmpl.argc; i++)
		free(tmpl.argv[i]);
	free(tmpl.argv);
	if (out->n == first) {
		fprintf(err, "isbcheck: error: no C source file in the compiler command line\n");
		return -1;
	}
	return 0;
}

static bool under(const char *path, const char *dir)
{
	size_t l = strlen(dir);

	while (l > 1 && dir[l - 1] == '/')
		l--;
	return !strncmp(path, dir, l) && (path[l] == '/' || !path[l]);
}

static char *absolute(const char *path, const char *dir)
{
	char buf[PATH_MAX * 2], real[PATH_MAX];

	if (path[0] == '/')
		snprintf(buf, sizeof(buf), "%s", path);
	else
		snprintf(buf, sizeof(buf), "%s/%s", dir, path);
	return xstrdup(realpath(buf, real) ? real : buf);
}

static int cmp_job(const void *a, const void *b)
{
	const struct job *x = a, *y = b;
	int c = strcmp(x->file, y->file);

	return c ? c : strcmp(x->dir ? x->dir : "", y->dir ? y->dir : "");
}

/* build_dir's database; messages name shown's. */
static int load_dir(const char *build_dir, const char *shown,
		    char *const *files, int nfiles, const char *scope,
		    struct jobs *out, FILE *err)
{
	CXCompilationDatabase_Error ec;
	CXCompilationDatabase db;
	CXCompileCommands cmds;
	char **want = NULL, *scope_abs = NULL, cwd[PATH_MAX];
	unsigned i, n;
	int k, rc = 0;
	bool *matched = NULL, *is_dir = NULL;

	db = clang_CompilationDatabase_fromDirectory(build_dir, &ec);
	if (ec != CXCompilationDatabase_NoError || !db) {
		fprintf(err, "%s/compile_commands.json: error: cannot load the compilation database (missing or malformed)\n",
			shown);
		return -1;
	}
	if (!getcwd(cwd, sizeof(cwd)))
		strcpy(cwd, ".");
	if (nfiles) {
		want = xcalloc((size_t)nfiles, sizeof(*want));
		matched = xcalloc((size_t)nfiles, sizeof(*matched));
		is_dir = xcalloc((size_t)nfiles, sizeof(*is_dir));
		for (k = 0; k < nfiles; k++) {
			struct stat st;

			want[k] = absolute(files[k], cwd);
			is_dir[k] = !stat(want[k], &st) && S_ISDIR(st.st_mode);
		}
	}
	if (scope)
		scope_abs = absolute(scope, cwd);

	cmds = clang_CompilationDatabase_getAllCompileCommands(db);
	n = cmds ? clang_CompileCommands_getSize(cmds) : 0;
	for (i = 0; i < n; i++) {
		CXCompileCommand c = clang_CompileCommands_getCommand(cmds, i);
		CXString d = clang_CompileCommand_getDirectory(c);
		CXString f = clang_CompileCommand_getFilename(c);
		unsigned a, na = clang_CompileCommand_getNumArgs(c);
		char *path = absolute(clang_getCString(f), clang_getCString(d));
		char **argv = xcalloc(na + 1, sizeof(*argv));
		CXString *strs = xcalloc(na + 1, sizeof(*strs));
		bool take = !nfiles && !scope;

		/* a directory given as a FILE: its entries, as --scope */
		for (k = 0; k < nfiles; k++)
			if (is_dir[k] ? under(path, want[k]) :
					!strcmp(want[k], path))
				take = matched[k] = true;
		if (scope_abs && under(path, scope_abs))
			take = true;
		if (take && is_source(path)) {
			struct job j = { .file = path,
					 .dir = xstrdup(clang_getCString(d)) };

			for (a = 0; a < na; a++) {
				strs[a] = clang_CompileCommand_getArg(c, a);
				argv[a] = (char *)clang_getCString(strs[a]);
			}
			/* argv[0] is the compiler */
			add_clean_args(&j, argv + 1, (int)na - 1,
				       clang_getCString(f));
			if (na)
				add_target(&j, argv[0]);
			for (a = 0; a < na; a++)
				clang_disposeString(strs[a]);
			VEC_PUSH(out->v, out->n, out->cap, j);
		} else {
			free(path);
		}
		free(argv);
		free(strs);
		clang_disposeString(d);
		clang_disposeString(f);
	}
	if (!n) {
		fprintf(err, "%s/compile_commands.json: error: the compilation database has no entries\n",
			shown);
		rc = -1;
	}
	for (k = 0; k < nfiles; k++) {
		if (!matched[k]) {
			fprintf(err, is_dir[k] ?
				"%s: error: is a directory with no entries under it in %s/compile_commands.json\n" :
				"%s: error: not in %s/compile_commands.json\n",
				files[k], shown);
			rc = -1;
		}
		free(want[k]);
	}
	free(want);
	free(matched);
	free(is_dir);
	free(scope_abs);
	/* the database's order is the build's: the output must not depend on it */
	if (out->n > 1)
		qsort(out->v, (size_t)out->n, sizeof(*out->v), cmp_job);
	if (cmds)
		clang_CompileCommands_dispose(cmds);
	clang_CompilationDatabase_dispose(db);
	return rc;
}

/* ---- rejected arguments ---- */

struct verdict {
	char *arg;
	bool ok;
};

struct flag_probe {
	CXIndex index;
	struct verdict *v;
	int n, cap;
};

struct flag_probe *flag_probe_new(CXIndex index)
{
	struct flag_probe *p = xcalloc(1, sizeof(*p));

	p->index = index;
	return p;
}

/* The TU's diagnostics of severity error or worse. */
static unsigned errors(CXTranslationUnit tu)
{
	unsigned i, n = clang_getNumDiagnostics(tu), e = 0;

	for (i = 0; i < n; i++) {
		CXDiagnostic d = clang_getDiagnostic(tu, i);

		e += clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error;
		clang_disposeDiagnostic(d);
	}
	return e;
}

/*
 * Does the driver accept args?  Parses an empty in-memory file, without
 * the forced includes (they are the expensive part and cannot be wrong
 * in the driver's eyes).
 */
static bool accepted(struct flag_probe *p, char *const *args, int n)
{
	struct CXUnsavedFile empty = { "isbcheck-probe.c", "", 0 };
	CXTranslationUnit tu = NULL;
	enum CXErrorCode ec;
	char **a = xcalloc((size_t)n + 1, sizeof(*a));
	int i, m = 0;
	bool ok;

	for (i = 0; i < n; i++) {
		if ((!strcmp(args[i], "-include") ||
		     !strcmp(args[i], "-imacros")) && i + 1 < n) {
			i++;
			continue;
		}
		a[m++] = args[i];
	}
	ec = clang_parseTranslationUnit2(p->index, "isbcheck-probe.c",
					 (const char *const *)a, m, &empty,
					 1, CXTranslationUnit_Incomplete, &tu);
	free(a);
	if (ec != CXError_Success || !tu)
		return false;
	/*
	 * The driver's "unknown argument" is a diagnostic on a TU that is
	 * made all the same: an empty file has no error of its own.
	 */
	ok = errors(tu) == 0;
	clang_disposeTranslationUnit(tu);
	return ok;
}

static bool probe_one(struct flag_probe *p, const char *target,
		      const char *arg)
{
	char *args[3];
	struct verdict v;
	int i, n = 0;

	for (i = 0; i < p->n; i++)
		if (!strcmp(p->v[i].arg, arg))
			return p->v[i].ok;
	if (target)
		args[n++] = (char *)target;
	args[n++] = (char *)arg;
	args[n++] = "-Wno-unknown-warning-option";
	v.arg = xstrdup(arg);
	v.ok = accepted(p, args, n);
	VEC_PUSH(p->v, p->n, p->cap, v);
	return v.ok;
}

void flag_probe_clean(struct flag_probe *p, struct job *j)
{
	const char *target = NULL;
	int i, o = 0;

	/*
	 * gcc's warning options clang does not know are harmless, but
	 * libclang prints its warning about each, with no file name, on
	 * stderr: isbcheck does not compile, so it silences them.
	 */
	VEC_PUSH(j->argv, j->argc, j->cap,
		 xstrdup("-Wno-unknown-warning-option"));
	if (accepted(p, j->argv, j->argc))
		return;
	for (i = 0; i < j->argc; i++)
		if (!strncmp(j->argv[i], "--target=", 9))
			target = j->argv[i];
	for (i = 0; i < j->argc; i++) {
		char *a = j->argv[i];

		if (IN(a, takes_value) && i + 1 < j->argc) {
			j->argv[o++] = a;
			j->argv[o++] = j->argv[++i];
			continue;
		}
		if (a[0] == '-' && a != target && !probe_one(p, target, a)) {
			free(a);
			continue;
		}
		j->argv[o++] = a;
	}
	j->argc = o;
}

void flag_probe_report(const struct flag_probe *p, FILE *err)
{
	int i, n = 0;

	for (i = 0; i < p->n; i++) {
		if (p->v[i].ok)
			continue;
		fprintf(err, "%s'%s'", n++ ? ", " :
			"isbcheck: note: dropping what clang does not accept: ",
			p->v[i].arg);
	}
	if (n)
		fputc('\n', err);
}

void flag_probe_free(struct flag_probe *p)
{
	int i;

	if (!p)
		return;
	for (i = 0; i < p->n; i++)
		free(p->v[i].arg);
	free(p->v);
	free(p);
}

void jobs_free(struct jobs *jobs)
{
	int i, k;

	for (i = 0; i < jobs->n; i++) {
		for (k = 0; k < jobs->v[i].argc; k++)
			free(jobs->v[i].argv[k]);
		free(jobs->v[i].argv);
		free(jobs->v[i].file);
		free(jobs->v[i].dir);
	}
	free(jobs->v);
	jobs->v = NULL;
	jobs->n = jobs->cap = 0;
}

/*
 * libclang's loader takes a compile_flags.txt beside a
 * compile_commands.json in preference to it (and then finds no entries):
 * such a database is read through a temporary directory holding only a
 * link to it.
 */
int compdb_load(const char *build_dir, char *const *files, int nfiles,
		const char *scope, struct jobs *out, FILE *err)
{
	char path[PATH_MAX + 32], db[PATH_MAX + 32], tmp[PATH_MAX];
	const char *base = getenv("TMPDIR"), *why;
	int rc;

	/* libclang would wait on a FIFO, or read a device to no end */
	snprintf(db, sizeof(db), "%s/compile_commands.json", build_dir);
	why = infile_why_not(db, INFILE_NO_LIMIT);
	if (why && errno != ENOENT) {
		fprintf(err, "%s: error: cannot load the compilation database: %s\n",
			db, why);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/compile_flags.txt", build_dir);
	if (access(path, F_OK))
		return load_dir(build_dir, build_dir, files, nfiles, scope,
				out, err);
	snprintf(db, sizeof(db), "%s/compile_commands.json", build_dir);
	if (!realpath(db, tmp)) {
		fprintf(err, "%s: error: cannot load the compilation database: %s\n",
			db, strerror(errno));
		return -1;
	}
	snprintf(db, sizeof(db), "%s", tmp);
	snprintf(tmp, sizeof(tmp), "%s/isbcheck-db-XXXXXX",
		 base && base[0] ? base : "/tmp");
	if (!mkdtemp(tmp)) {
		fprintf(err, "%s: error: cannot make a directory to read it from, apart from the compile_flags.txt beside it: %s\n",
			db, strerror(errno));
		return -1;
	}
	snprintf(path, sizeof(path), "%s/compile_commands.json", tmp);
	if (symlink(db, path)) {
		fprintf(err, "%s: error: cannot link to it from %s: %s\n", db,
			tmp, strerror(errno));
		rc = -1;
	} else {
		rc = load_dir(tmp, build_dir, files, nfiles, scope, out, err);
		unlink(path);
	}
	rmdir(tmp);
	return rc;
}
