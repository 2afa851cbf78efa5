// SPDX-License-Identifier: GPL-2.0
/*
 * isbcheck - find system-register writes that reach a dependent access
 * with no context synchronization event in between.
 *
 * The driver: arguments in; for each TU, flags -> front end -> analysis ->
 * report; exit status out (0 clean, 1 findings, 2 usage or input error,
 * or a file not fully analysed).
 */
#include "asmfile.h"
#include "baseline.h"
#include "cache.h"
#include "compdb.h"
#include "coverage.h"
#include "dataflow.h"
#include "escape.h"
#include "fix.h"
#include "flags.h"
#include "frontend.h"
#include "infile.h"
#include "lsp.h"
#include "output.h"
#include "pool.h"
#include "progress.h"
#include "report.h"
#include "rules.h"
#include "source.h"
#include "srcroot.h"
#include "summary.h"
#include "suppress.h"
#include "verify.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ISBCHECK_VERSION "0.1"

static const char usage_text[] =
"usage: isbcheck [options] [FILE...] [-- COMPILER-FLAGS...]\n"
"       isbcheck [options] -p BUILD_DIR [--scope=DIR] [FILE...]\n"
"       isbcheck [options] COMPILER-FLAGS... FILE.c   (as Kbuild's CHECK)\n"
"       isbcheck --lsp [options] [-- COMPILER-FLAGS...]   (for an editor)\n"
"\n"
"Checks arm64 hypervisor C sources for system-register writes that reach a\n"
"dependent access with no context synchronization event (isb, exception\n"
"entry or return) in between.  With no FILE, checks the shipped corpus;\n"
"a FILE that is a directory stands for the *.c files under it.\n"
"Each FILE is parsed with the COMPILER-FLAGS after \"--\", or else with\n"
"those of the nearest compile_commands.json (or build/compile_commands.json)\n"
"that lists it or compile_flags.txt, looking up from its directory as\n"
"clangd does.  With -p, the files and their flags come from\n"
"BUILD_DIR/compile_commands.json.  Called like a compiler (flags,\n"
"then the file, as \"make C=1 CHECK=isbcheck\" calls sparse), it checks\n"
"that file with those flags, ignoring sparse's own options.\n"
"\n"
"options:\n"
"  --rules=PATH   rule file or directory of *.rules (repeatable;\n"
"                 default: the rules/ directory shipped with isbcheck)\n"
"  -p BUILD_DIR   read BUILD_DIR/compile_commands.json: every entry, or\n"
"                 the FILEs given, or those under --scope\n"
"  --scope=DIR    with -p: only the entries for files under DIR\n"
"  -j N           parse and analyse N files at a time (the output is the\n"
"                 same, in the same order, whatever N is)\n"
"  --verify       compare the findings with the \"expect: RULE\" comments in\n"
"                 the sources, both ways; exit 1 on any difference\n"
"  --list-rules   print each rule with its citation and exit\n"
"  --stats        print what was analysed and what was cut short\n"
"  --format=FMT   text (gcc-style, the default), json, sarif (2.1.0),\n"
"                 html (a reviewer's page; needs -o DIR) or mail (a\n"
"                 plain-text report with a suggested patch per finding)\n"
"  -o PATH        write the report to PATH (a directory for html)\n"
"                 instead of standard output\n"
"  --fix          insert the missing isb() (or sequence) into the files\n"
"  --fix-patch=FILE  write those insertions as a unified diff, for git\n"
"                 apply in the source root (\"-\": standard output, and\n"
"                 the text report goes to standard error)\n"
"  --source-root=DIR  what the paths of the json, sarif and mail reports,\n"
"                 of patches and of baselines are relative to, and the\n"
"                 only tree --fix and --fix-patch edit (default: the top\n"
"                 of the git work tree holding the files, else the\n"
"                 current directory)\n"
"  --baseline=FILE  report only findings not in FILE (matched by file,\n"
"                 function, rule and registers, not by line)\n"
"  --write-baseline=FILE  record this run's findings in FILE\n"
"  --prune-baseline  rewrite the --baseline FILE without the findings\n"
"                 this run no longer found (in the files it looked at)\n"
"  --cache-dir=DIR  keep each file's parse in DIR (with -p, by default\n"
"                 BUILD_DIR/.cache/isbcheck); a file whose sources, flags\n"
"                 and rules are unchanged is not parsed again\n"
"  --no-cache     neither read nor write a cache (with -p too)\n"
"  --summary-dir=DIR  also analyse with every other file recorded in DIR,\n"
"                 and record this run's files there (for Kbuild, which\n"
"                 checks one file per call: run make twice)\n"
"  --max-visits=N visits per block before the analysis of a function stops\n"
"                 and says so (default: 64 per block plus 10000)\n"
"  -q, --quiet    no progress line: on a terminal, \"[n/N] FILE\" shows\n"
"                 the file being parsed on standard error\n"
"  --allow-incomplete  a file not fully analysed (parse errors, an asm\n"
"                 statement not read, an analysis cut short) is reported\n"
"                 but does not make the exit status 2\n"
"  --fail-build   called like a compiler: exit 1 on findings and 2 on a\n"
"                 file not fully analysed, as otherwise (Kbuild then\n"
"                 stops)\n"
"  --lsp          be a language server on standard input and output: the\n"
"                 findings of the files open in an editor as they are\n"
"                 edited, with quick fixes (docs/editors.md); takes\n"
"                 --rules, --max-visits, \"-- COMPILER-FLAGS\" and, to\n"
"                 see the other files of a -p run, --summary-dir or\n"
"                 --cache-dir (read, never written; no default: name\n"
"                 the run's, e.g. BUILD_DIR/.cache/isbcheck)\n"
"  -h, --help     print this help and exit\n"
"  --version      print the version and exit\n"
"\n"
"A finding is silenced where it is by a comment on the line of its access\n"
"or write, or alone on the line above: /* isbcheck: ignore RULE: REASON */\n"
"(a comment with no reason is ignored, with a warning).\n"
"\n"
"exit status: 0 no findings, 1 findings (with --baseline, only new ones;\n"
"or a --verify mismatch), 2 usage error, unreadable input, invalid rules,\n"
"or a file not fully analysed.  Called like a compiler, as sparse: 0 with\n"
"findings and parse errors (see --fail-build), 2 if a file cannot be read.\n";

struct options {
	const struct output_format *format;
	const char *output;		/* -o */
	bool fix;			/* --fix */
	const char *fix_patch;		/* --fix-patch */
	const char *baseline;		/* --baseline */
	const char *write_baseline;	/* --write-baseline */
	bool prune_baseline;		/* --prune-baseline */
	const char **rules;
	int nrules, rules_cap;
	bool verify, list_rules, stats;
	bool allow_incomplete;		/* --allow-incomplete */
	const char *source_root;	/* --source-root */
	bool fail_build;		/* --fail-build */
	bool lsp;			/* --lsp */
	int jobs;
	const char *cache_dir;		/* --cache-dir */
	bool no_cache;			/* --no-cache */
	bool quiet;			/* --quiet */
	const char *summary_dir;	/* --summary-dir */
	int visits;			/* --max-visits */
	char **files;
	int nfiles, files_cap;
	char **cflags;
	int ncflags;
	bool have_cflags;
	const char *build_dir, *scope;
	char **compiler_argv;		/* Kbuild-style invocation */
	int compiler_argc;
};

/*
 * Where rules/ and corpus/ live: the nearest directory above the binary
 * that has a rules/ directory (bin/.. for bin/isbcheck, also for the
 * sanitized build in build-asan/bin/).
 */
static char *data_dir(void)
{
	char exe[PATH_MAX], probe[PATH_MAX + 8];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	struct stat st;
	char *slash;

	if (n <= 0)
		return xstrdup(".");
	exe[n] = '\0';
	for (int i = 0; i < 4; i++) {
		slash = strrchr(exe, '/');
		if (!slash)
			break;
		*slash = '\0';
		snprintf(probe, sizeof(probe), "%s/rules", exe);
		if (!stat(probe, &st) && S_ISDIR(st.st_mode))
			return xstrdup(exe[0] ? exe : "/");
	}
	return xstrdup(".");
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every *.c below dir, sorted, appended to o->files (links to directories
 * not followed). */
static int collect_sources(const char *dir, struct options *o)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	int n = 0, cap = 0, i;

	if (!d) {
		fprintf(stderr, "%s: error: cannot read directory: %s\n", dir,
			strerror(errno));
		return -1;
	}
	while ((de = readdir(d)))
		if (de->d_name[0] != '.')
			VEC_PUSH(names, n, cap, xstrdup(de->d_name));
	closedir(d);
	if (n)
		qsort(names, (size_t)n, sizeof(*names), cmp_str);
	for (i = 0; i < n; i++) {
		char path[PATH_MAX];
		struct stat st;
		size_t l = strlen(names[i]);

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		/* (a link to a directory is not followed: it may loop) */
		if (!lstat(path, &st) && S_ISDIR(st.st_mode))
			collect_sources(path, o);
		else if (l > 2 && (!strcmp(names[i] + l - 2, ".c") ||
				   !strcmp(names[i] + l - 2, ".S")))
			VEC_PUSH(o->files, o->nfiles, o->files_cap,
				 xstrdup(path));
		free(names[i]);
	}
	free(names);
	return 0;
}

/*
 * A directory given as FILE stands for the C files under it (as --scope
 * does with -p); -1 after a message if one has none.
 */
static int expand_dirs(struct options *o)
{
	char **given = o->files;
	int n = o->nfiles, i, rc = 0;
	struct stat st;

	o->files = NULL;
	o->nfiles = o->files_cap = 0;
	for (i = 0; i < n; i++) {
		int before = o->nfiles;

		if (stat(given[i], &st) || !S_ISDIR(st.st_mode)) {
			VEC_PUSH(o->files, o->nfiles, o->files_cap, given[i]);
			continue;
		}
		if (collect_sources(given[i], o)) {
			rc = -1;
		} else if (o->nfiles == before) {
			fprintf(stderr, "%s: error: is a directory with no C files under it\n",
				given[i]);
			rc = -1;
		}
		free(given[i]);
	}
	free(given);
	return rc;
}

static char *relative_to_cwd(const char *path)
{
	char cwd[PATH_MAX], real[PATH_MAX];
	size_t l;

	if (!getcwd(cwd, sizeof(cwd)) || !realpath(path, real))
		return xstrdup(path);
	l = strlen(cwd);
	if (!strncmp(real, cwd, l) && real[l] == '/')
		return xstrdup(real + l + 1);
	return xstrdup(real);
}

/* A whole number from 1 to max for option opt; -1 after reporting. */
static int parse_count(const char *opt, const char *arg, long max, int *out)
{
	char *end;
	long n = strtol(arg, &end, 10);

	if (!*arg || *end || n < 1 || n > max) {
		fprintf(stderr, "isbcheck: error: %s takes a number from 1 to %ld, not '%s'\n",
			opt, max, arg);
		return -1;
	}
	*out = (int)n;
	return 0;
}

enum {
	OPT_RULES = 256, OPT_VERIFY, OPT_LIST, OPT_VERSION, OPT_STATS,
	OPT_SCOPE, OPT_VISITS, OPT_CACHE, OPT_SUMMARY, OPT_FORMAT, OPT_FIX,
	OPT_FIX_PATCH, OPT_BASELINE, OPT_WRITE_BASELINE, OPT_ALLOW_INCOMPLETE,
	OPT_FAIL_BUILD, OPT_SOURCE_ROOT, OPT_PRUNE_BASELINE, OPT_NO_CACHE,
	OPT_LSP,
};

static const struct option longopts[] = {
	{ "rules", required_argument, NULL, OPT_RULES },
	{ "verify", no_argument, NULL, OPT_VERIFY },
	{ "list-rules", no_argument, NULL, OPT_LIST },
	{ "stats", no_argument, NULL, OPT_STATS },
	{ "scope", required_argument, NULL, OPT_SCOPE },
	{ "max-visits", required_argument, NULL, OPT_VISITS },
	{ "cache-dir", required_argument, NULL, OPT_CACHE },
	{ "no-cache", no_argument, NULL, OPT_NO_CACHE },
	{ "quiet", no_argument, NULL, 'q' },
	{ "summary-dir", required_argument, NULL, OPT_SUMMARY },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "output", required_argument, NULL, 'o' },
	{ "fix", no_argument, NULL, OPT_FIX },
	{ "fix-patch", required_argument, NULL, OPT_FIX_PATCH },
	{ "baseline", required_argument, NULL, OPT_BASELINE },
	{ "write-baseline", required_argument, NULL, OPT_WRITE_BASELINE },
	{ "prune-baseline", no_argument, NULL, OPT_PRUNE_BASELINE },
	{ "allow-incomplete", no_argument, NULL, OPT_ALLOW_INCOMPLETE },
	{ "fail-build", no_argument, NULL, OPT_FAIL_BUILD },
	{ "source-root", required_argument, NULL, OPT_SOURCE_ROOT },
	{ "lsp", no_argument, NULL, OPT_LSP },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 },
};

/* One option (getopt's c and optarg); -1 after a message. */
static int take_option(int c, const char *arg, struct options *o)
{
	if (arg && !*arg) {	/* "--baseline=": no file is no baseline */
		const struct option *l = longopts;

		while (l->name && (c < 256 || l->val != c))
			l++;
		if (l->name)
			fprintf(stderr, "isbcheck: error: option '--%s' needs a value\n",
				l->name);
		else
			fprintf(stderr, "isbcheck: error: option '-%c' needs a value\n",
				c);
		return -1;
	}
	switch (c) {
	case OPT_FORMAT:
		o->format = output_find(arg);
		if (!o->format) {
			fputs("isbcheck: error: --format takes ", stderr);
			for (int i = 0; output_formats[i].name; i++)
				fprintf(stderr, "%s%s", i ? (output_formats[i + 1].name ?
					", " : " or ") : "", output_formats[i].name);
			fprintf(stderr, ", not '%s'\n", arg);
			return -1;
		}
		break;
	case 'o':
		o->output = arg;
		break;
	case OPT_FIX:
		o->fix = true;
		break;
	case OPT_FIX_PATCH:
		o->fix_patch = arg;
		break;
	case OPT_BASELINE:
		o->baseline = arg;
		break;
	case OPT_WRITE_BASELINE:
		o->write_baseline = arg;
		break;
	case OPT_PRUNE_BASELINE:
		o->prune_baseline = true;
		break;
	case OPT_RULES:
		VEC_PUSH(o->rules, o->nrules, o->rules_cap, arg);
		break;
	case OPT_ALLOW_INCOMPLETE:
		o->allow_incomplete = true;
		break;
	case OPT_FAIL_BUILD:
		o->fail_build = true;
		break;
	case OPT_SOURCE_ROOT:
		o->source_root = arg;
		break;
	case OPT_LSP:
		o->lsp = true;
		break;
	case OPT_VERIFY:
		o->verify = true;
		break;
	case OPT_LIST:
		o->list_rules = true;
		break;
	case OPT_STATS:
		o->stats = true;
		break;
	case 'p':
		o->build_dir = arg;
		break;
	case 'j':
		return parse_count("-j", arg, 1024, &o->jobs);
	case OPT_SCOPE:
		o->scope = arg;
		break;
	case OPT_CACHE:		/* the last of --cache-dir and --no-cache */
		o->cache_dir = arg;
		o->no_cache = false;
		break;
	case OPT_NO_CACHE:
		o->cache_dir = NULL;
		o->no_cache = true;
		break;
	case 'q':
		o->quiet = true;
		break;
	case OPT_SUMMARY:
		o->summary_dir = arg;
		break;
	case OPT_VISITS:
		return parse_count("--max-visits", arg, 1000000, &o->visits);
	case 'h':
		fputs(usage_text, stdout);
		exit(0);
	case OPT_VERSION:
		printf("isbcheck %s\n", ISBCHECK_VERSION);
		exit(0);
	}
	return 0;
}

/*
 * Kbuild: "--NAME=VALUE" or "--NAME" that isbcheck knows is its own
 * (the same table as the command line's); everything else is the
 * compiler's.  Returns 1 if taken, 0 if not ours, -1 after a message.
 */
static int take_own_option(const char *arg, struct options *o)
{
	const char *eq = strchr(arg, '=');
	size_t len = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);

	if (strncmp(arg, "--", 2))
		return 0;
	for (const struct option *l = longopts; l->name; l++) {
		if (strlen(l->name) != len || strncmp(l->name, arg + 2, len))
			continue;
		if ((l->has_arg == required_argument) != !!eq) {
			fprintf(stderr, "isbcheck: error: called like a compiler, isbcheck's options are --%s%s\n",
				l->name, eq ? "" : "=VALUE");
			return -1;
		}
		return take_option(l->val, eq ? eq + 1 : NULL, o) ? -1 : 1;
	}
	return 0;
}

/* --lsp takes the options that say how to check, none of a run's. */
static int check_lsp_args(const struct options *o)
{
	const char *bad = o->nfiles ? "FILE (the editor names the files)" :
		o->build_dir ? "-p" : o->scope ? "--scope" :
		o->format != &output_formats[0] ? "--format" :
		o->output ? "-o" : o->fix ? "--fix" :
		o->fix_patch ? "--fix-patch" : o->baseline ? "--baseline" :
		o->write_baseline ? "--write-baseline" :
		o->prune_baseline ? "--prune-baseline" :
		o->verify ? "--verify" : o->list_rules ? "--list-rules" :
		o->stats ? "--stats" : o->jobs != 1 ? "-j" :
		o->source_root ? "--source-root" :
		o->allow_incomplete ? "--allow-incomplete" :
		o->fail_build ? "--fail-build" :
		o->no_cache ? "--no-cache (it reads no cache but --cache-dir's)" :
		o->quiet ? "-q" : NULL;

	if (!bad)
		return 0;
	fprintf(stderr, "isbcheck: error: --lsp takes no %s\n", bad);
	return -1;
}

static int parse_args(int argc, char **argv, struct options *o)
{
	int c, i, dashdash = argc;

	o->format = &output_formats[0];
	if (compdb_is_compiler_style(argv + 1, argc - 1)) {
		/* Kbuild: our own --options, then what the compiler gets */
		o->compiler_argv = xcalloc((size_t)argc, sizeof(char *));
		for (i = 1; i < argc; i++) {
			int own = take_own_option(argv[i], o);

			if (own < 0)
				return -1;
			if (!own)
				o->compiler_argv[o->compiler_argc++] = argv[i];
		}
		return 0;
	}

	/* everything after "--" is for the compiler */
	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--")) {
			dashdash = i;
			o->have_cflags = true;
			o->cflags = argv + i + 1;
			o->ncflags = argc - i - 1;
			break;
		}
	opterr = 0;
	/* (the leading ':' tells a missing value from an unknown option) */
	while ((c = getopt_long(dashdash, argv, ":hqp:j:o:", longopts,
				NULL)) != -1) {
		if (c == ':') {
			fprintf(stderr, "isbcheck: error: option '%s' needs a value\n"
				"Try 'isbcheck --help'.\n", argv[optind - 1]);
			return -1;
		}
		if (c == '?') {
			fprintf(stderr, "isbcheck: error: unknown option '%s'\n"
				"Try 'isbcheck --help'.\n", argv[optind - 1]);
			return -1;
		}
		if (take_option(c, optarg, o))
			return -1;
	}
	if (o->scope && !o->build_dir) {
		fprintf(stderr, "isbcheck: error: --scope needs -p BUILD_DIR\n");
		return -1;
	}
	if (o->format->to_dir && !o->output) {
		fprintf(stderr, "isbcheck: error: --format=%s needs -o DIR\n",
			o->format->name);
		return -1;
	}
	if (o->fix_patch && !strcmp(o->fix_patch, "-") &&
	    o->format->to_stream && !o->format->diagnostics &&
	    (!o->output || !strcmp(o->output, "-"))) {
		fprintf(stderr, "isbcheck: error: --fix-patch=- and the report would share standard output; give the report -o FILE\n");
		return -1;
	}
	if (o->prune_baseline && (!o->baseline || o->write_baseline)) {
		fprintf(stderr, "isbcheck: error: --prune-baseline rewrites the --baseline file%s\n",
			o->baseline ? "; --write-baseline rewrites one too: give one of them" :
			", which is missing");
		return -1;
	}
	if (o->verify && o->format != &output_formats[0]) {
		fprintf(stderr, "isbcheck: error: --verify prints text; it takes no --format\n");
		return -1;
	}
	for (i = optind; i < dashdash; i++)
		VEC_PUSH(o->files, o->nfiles, o->files_cap, xstrdup(argv[i]));
	return o->lsp ? check_lsp_args(o) : 0;
}

static void list_rules(const struct ruleset *rs)
{
	int i;

	for (i = 0; i < rs->nrules; i++) {
		const struct rule *r = &rs->rules[i];

		printf("%s\n  %s\n  see %s\n", r->id, r->why, r->cite);
		if (r->state)
			printf("  state: %s, written and synchronized, before each event the rule names\n",
			       r->hold_text);
		if (r->when_cap >= 0)
			printf("  only where %s may be %s\n",
			       rs->capnames[r->when_cap],
			       r->when_no_cap ? "clear" : "set");
	}
}

/*
 * A job for each FILE, with the flags after "--", or those of the nearest
 * compile_commands.json entry or compile_flags.txt (flags.h).
 */
static int file_jobs(const struct options *o, struct jobs *jobs)
{
	return flags_jobs(o->files, o->nfiles, o->cflags, o->ncflags,
			  o->have_cflags, jobs, stderr);
}

/* What one TU produced, kept until every TU before it has been printed. */
struct result {
	struct tu tu;		/* parsed, kept until every TU is analysed */
	bool parsed;
	bool cached;		/* loaded from the cache, not parsed */
	bool extra;		/* another run's file from --summary-dir */
	char *note;		/* about its cache entry, for stderr */
	size_t notelen;
	char *err;		/* its messages while parsing, for stderr */
	size_t errlen;
	char *err2;		/* and while analysing */
	size_t err2len;
	struct report_item *items;	/* its findings, in report order */
	int nitems, items_cap;
	char **files;		/* every file it read, for --verify */
	int nfiles, files_cap;
	struct analysis_stats stats;
	int rc;
};

static void add_stats(struct analysis_stats *to, const struct analysis_stats *s)
{
	to->functions += s->functions;
	to->blocks += s->blocks;
	to->events += s->events;
	to->visits += s->visits;
	to->cut += s->cut;
	to->contexts += s->contexts;
	to->fallbacks += s->fallbacks;
	to->merged += s->merged;
}

/*
 * Parses one TU (or loads it); touches nothing shared but the rule set
 * and the cache (which is thread-safe).
 */
static void run_job(CXIndex index, const struct ruleset *rs, struct job *job,
		    struct cache *cache, struct result *res)
{
	FILE *err = open_memstream(&res->err, &res->errlen);
	const char *file = job->file, *why;
	uint64_t key = 0;

	if (!err) {
		res->rc = -1;
		return;
	}
	if (cache) {
		/* (a damaged entry's note is not one of the parse's messages) */
		FILE *notes = open_memstream(&res->note, &res->notelen);

		key = cache_key(rs, file, job->dir, job->argv, job->argc);
		if (notes && cache_load(cache, key, rs, &res->tu, err, notes))
			res->parsed = res->cached = true;
		if (notes)
			fclose(notes);
		if (res->cached) {
			fclose(err);
			return;
		}
	}
	if ((why = infile_why_not(file, INFILE_MAX_BYTES))) {
		fprintf(err, "%s: error: %s\n", file, why);
		res->rc = -1;
	} else if (srcfile_is_asm(file) ?
		   asmfile_parse(rs, file, (const char *const *)job->argv,
				 job->argc, &res->tu, err) :
		   frontend_parse(index, rs, file,
				  (const char *const *)job->argv, job->argc,
				  &res->tu, err)) {
		res->rc = -1;
	} else {
		res->parsed = true;
	}
	fclose(err);
	if (cache && res->parsed)
		cache_store(cache, key, rs, &res->tu, job->argv, job->argc,
			    res->err, res->errlen);
}

/*
 * Records this run's TUs in the summary directory, then adds the others
 * recorded there (unchanged since), for the analysis only.  Returns the
 * new result count.
 */
static int add_summaries(struct cache *dir, const struct ruleset *rs,
			 struct result **resp, int n, struct jobs *jobs)
{
	struct result *res = *resp;
	const char **mine = xcalloc((size_t)n + 1, sizeof(*mine));
	struct tu *others;
	int nmine = 0, nothers, i;

	for (i = 0; i < n; i++)
		if (res[i].parsed) {
			struct job *j = &jobs->v[i];

			summary_record(dir, cache_key(rs, j->file, j->dir,
						      j->argv, j->argc),
				       rs, &res[i].tu, j->argv, j->argc,
				       res[i].err, res[i].errlen);
			mine[nmine++] = res[i].tu.main_file;
		}
	nothers = summary_load_others(dir, rs, mine, nmine, &others, stderr);
	free(mine);
	if (!nothers)
		return n;
	res = xrealloc(res, (size_t)(n + nothers) * sizeof(*res));
	for (i = 0; i < nothers; i++)
		res[n + i] = (struct result){ .tu = others[i], .parsed = true,
					      .extra = true };
	free(others);
	*resp = res;
	return n + nothers;
}

/*
 * Analyses every parsed TU together (calls between them linked), then
 * renders each TU's findings and messages into its result, and notes the
 * lines it looked at (lk, if not NULL) in this run's own TUs.
 */
static void analyse_all(const struct ruleset *rs, struct result *res, int n,
			int visits, struct arena *items, struct looked *lk)
{
	struct tu **tus = xcalloc((size_t)n + 1, sizeof(*tus));
	struct findings *outs = xcalloc((size_t)n + 1, sizeof(*outs));
	int *unit = xcalloc((size_t)n + 1, sizeof(*unit));
	int i, k, m = 0;

	for (i = 0; i < n; i++)
		if (res[i].parsed) {
			unit[m] = i;
			outs[m].visits_per_block = visits;
			tus[m++] = &res[i].tu;
		}
	link_calls(tus, m);
	analyse_tus(tus, m, rs, outs);
	for (k = 0; k < m; k++) {
		struct result *r = &res[unit[k]];
		struct tu *tu = tus[k];
		FILE *err = open_memstream(&r->err2, &r->err2len);

		if (lk && !r->extra)
			looked_add_tu(lk, tu);
		VEC_PUSH(r->files, r->nfiles, r->files_cap,
			 xstrdup(tu->main_file));
		for (i = 0; i < tu->nfiles; i++)
			VEC_PUSH(r->files, r->nfiles, r->files_cap,
				 xstrdup(tu->files[i]));
		for (i = 0; err && i < tu->nfns; i++)
			if (tu->fns[i]->cut)
				fprintf(err, "%s:%u:%u: warning: %s() is not fully analysed: %s\n",
					tu->fns[i]->loc.file, tu->fns[i]->loc.line,
					tu->fns[i]->loc.col, tu->fns[i]->name,
					tu->fns[i]->cut);
		if (err)
			fclose(err);
		r->stats = outs[k].stats;
		for (i = 0; i < outs[k].n; i++) {
			struct report_item it;

			item_from_finding(rs, &outs[k].v[i], items, &it);
			VEC_PUSH(r->items, r->nitems, r->items_cap, it);
		}
		free(outs[k].v);
	}
	free(tus);
	free(outs);
	free(unit);
}

struct parse_ctx {
	const struct ruleset *rs;
	struct cache *cache;
	struct jobs *jobs;
	struct result *res;
	struct progress *progress;
};

static void *thread_index(void *ctx)
{
	(void)ctx;
	return clang_createIndex(0, 0);		/* one per thread */
}

static void parse_one(void *index, int i, void *ctx)
{
	struct parse_ctx *p = ctx;

	if (p->progress) {
		char *rel = relative_to_cwd(p->jobs->v[i].file);

		progress_show(p->progress, rel);
		free(rel);
	}
	run_job(index, p->rs, &p->jobs->v[i], p->cache, &p->res[i]);
}

static void dispose_index(void *index)
{
	clang_disposeIndex(index);
}

/*
 * Parses (or loads) every job on nthreads threads; results in job order.
 * progress: NULL, or where to show which file is being parsed.
 */
static void run_jobs(const struct ruleset *rs, struct jobs *jobs,
		     struct result *res, int nthreads, struct cache *cache,
		     struct progress *progress)
{
	struct parse_ctx p = { rs, cache, jobs, res, progress };
	struct pool_work w = { thread_index, parse_one, dispose_index, &p };

	pool_run(jobs->n, nthreads, &w);
}

static void result_free(struct result *r)
{
	int i;

	tu_free(&r->tu);
	free(r->note);
	free(r->err);
	free(r->err2);
	free(r->items);
	for (i = 0; i < r->nfiles; i++)
		free(r->files[i]);
	free(r->files);
}

/*
 * --cache-dir, or with -p BUILD_DIR/.cache/isbcheck (where clangd keeps
 * .cache/clangd) unless --no-cache; NULL if none or after a note.
 */
static struct cache *open_cache(const struct options *o)
{
	struct cache *c;
	char *dir;

	if (o->cache_dir)
		return cache_open(o->cache_dir, CACHE_PARSES, stderr);
	if (o->no_cache || !o->build_dir)
		return NULL;
	dir = xmalloc(strlen(o->build_dir) + 32);
	sprintf(dir, "%s/.cache/isbcheck", o->build_dir);
	c = cache_open(dir, CACHE_PARSES, stderr);
	free(dir);
	return c;
}

/* --source-root, or the default from the files checked; -1 after a message. */
static int source_root(const struct options *o, const struct jobs *jobs,
		       struct srcroot *root)
{
	const char **files = xcalloc((size_t)jobs->n + 1, sizeof(*files));
	int rc;

	for (int i = 0; i < jobs->n; i++)
		files[i] = jobs->v[i].file;
	rc = srcroot_init(root, o->source_root, files, jobs->n, stderr);
	free(files);
	return rc;
}

/* Opens -o's file, or stdout; NULL after a message. */
static FILE *open_output(const char *path)
{
	FILE *f;

	if (!path || !strcmp(path, "-"))
		return stdout;
	f = fopen(path, "w");
	if (!f)
		fprintf(stderr, "%s: error: cannot write: %s\n", path,
			strerror(errno));
	return f;
}

static int close_output(FILE *f, const char *path)
{
	if (f == stdout)
		return fflush(f) ? -1 : 0;
	if (fclose(f)) {
		fprintf(stderr, "%s: error: cannot write: %s\n", path,
			strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Everything after the analysis: suppressions, the baseline, the report
 * in its format, the fixes.  a is the items' arena (the suppressions'
 * reasons go there).  Returns the exit status; *shown is the number of
 * findings shown (neither suppressed nor in the baseline).
 */
static int report_all(const struct options *o, const struct ruleset *rs,
		      struct report_item *items, int n, struct arena *a,
		      const struct file_hashes *parsed,
		      const struct gaps *gaps, const struct srcroot *root,
		      const struct looked *looked, struct verifier *vf,
		      int status, int argc, char **argv, int *shown)
{
	struct sources src = { 0 };
	struct baseline bl = { 0 };
	struct run run = { .rs = rs, .items = items, .nitems = n,
			   .src = &src, .version = ISBCHECK_VERSION,
			   .argc = argc, .argv = argv,
			   .incomplete = gaps->v, .nincomplete = gaps->n,
			   .root = root };
	/* under Kbuild, findings are warnings, as sparse's are */
	bool judge = !o->compiler_argv || o->fail_build;
	struct item_counts counts;
	int i, found, old, quiet, gone = 0, nfiles = 0;
	char **files;
	bool patch_to_stdout = o->fix_patch && !strcmp(o->fix_patch, "-");
	FILE *out;

	suppress_apply(items, n, rs, &src, a, looked->v, looked->n, stderr);
	/* one finding per write and missing synchronization */
	n = group_items(items, n, a);
	run.nitems = n;
	files = looked_files(looked, root, &nfiles);
	if (o->baseline) {
		if (baseline_read(o->baseline, &bl, root, stderr)) {
			status = 2;
		} else {
			baseline_apply(&bl, items, n, root);
			gone = baseline_gone(&bl, files, nfiles);
			run.baseline_gone = gone;
		}
		run.baseline = true;
	}
	counts = item_count(items, n);
	found = counts.shown;
	old = counts.baseline;
	quiet = counts.suppressed;
	*shown = found;
	if (o->verify) {
		for (i = 0; i < n; i++) {
			if (!item_active(&items[i]))
				continue;
			fputs(items[i].text, stdout);
			verify_finding(vf, items[i].access.loc.file,
				       items[i].access.loc.line,
				       items[i].access.loc.col,
				       items[i].rule, false, stdout);
			/* every access counts, grouped or not */
			for (int k = 0; k < items[i].nmore; k++)
				verify_finding(vf,
					items[i].more[k].access.loc.file,
					items[i].more[k].access.loc.line,
					items[i].more[k].access.loc.col,
					items[i].rule, true, stdout);
		}
		fflush(stdout);
		if (verify_finish(vf, stdout) && status < 1)
			status = 1;
	} else if (found && status < 1 && judge) {
		status = 1;
	}
	/* a file not fully analysed may hide findings: not a clean run */
	if (gaps->n && judge && !o->allow_incomplete)
		status = 2;
	run.status = status;

	if (o->write_baseline && baseline_write(o->write_baseline, items, n,
						root, stderr))
		status = 2;
	if (o->prune_baseline && status < 2 && gone &&
	    baseline_prune(o->baseline, &bl, files, nfiles, stderr))
		status = 2;
	if (!o->verify) {
		int rc = 0;

		const struct output_format *fmt = o->format;

		if (fmt->to_dir) {
			rc = fmt->to_dir(&run, o->output, stderr);
		} else {
			out = open_output(o->output);
			if (out == stdout && patch_to_stdout)
				out = stderr;	/* "--fix-patch=- | git apply" */
			rc = out ? fmt->to_stream(&run, out, stderr) : -1;
			if (!out || (out != stderr &&
				     close_output(out, o->output)))
				rc = -1;
		}
		if (rc)
			status = 2;
	}
	if (o->fix_patch || o->fix)
		fix_warn_unfixed(items, n, stderr);
	if (o->fix_patch) {
		out = open_output(o->fix_patch);
		if (!out || fix_diff(items, n, &src, root, out, stderr) < 0 ||
		    close_output(out, o->fix_patch))
			status = 2;
	}
	if (o->fix) {
		int fixed = fix_apply(items, n, parsed, root, stderr);

		if (fixed < 0)
			status = 2;
		else
			fprintf(stderr, "isbcheck: %d fix%s applied\n", fixed,
				fixed == 1 ? "" : "es");
	}
	if (found && !o->verify && !o->compiler_argv)
		fprintf(stderr, "%d finding%s\n", found, found == 1 ? "" : "s");
	if ((old || quiet) && !o->compiler_argv)
		fprintf(stderr, "isbcheck: not shown: %d in the baseline, %d suppressed\n",
			old, quiet);
	if (gone)
		fprintf(stderr, "isbcheck: %d finding%s of the baseline no longer found%s%s\n",
			gone, gone == 1 ? "" : "s", o->prune_baseline ?
			"; removed from " : " (--prune-baseline removes them)",
			o->prune_baseline ? o->baseline : "");
	if (gaps->n && judge)
		fprintf(stderr, "isbcheck: %s: %d file%s not fully analysed (see the warnings above); %s\n",
			o->allow_incomplete ? "warning" : "error", gaps->n,
			gaps->n == 1 ? "" : "s", o->allow_incomplete ?
			"--allow-incomplete keeps the exit status 0 or 1" :
			"exit status 2 (--allow-incomplete keeps 0 or 1)");
	baseline_free(&bl);
	sources_free(&src);
	for (i = 0; i < nfiles; i++)
		free(files[i]);
	free(files);
	return status;
}

/* An absolute path for a directory the server is given (it may not exist). */
static char *absolute(const char *path)
{
	char cwd[PATH_MAX], *r;

	if (path[0] == '/' || !getcwd(cwd, sizeof(cwd)))
		return xstrdup(path);
	r = xmalloc(strlen(cwd) + strlen(path) + 2);
	sprintf(r, "%s/%s", cwd, path);
	return r;
}

/*
 * --lsp: the protocol on standard input and a copy of standard output;
 * standard output itself then goes to standard error, so that nothing
 * else written there can break a message.
 */
static int serve_lsp(const struct options *o, const struct ruleset *rs)
{
	struct live_opts lo = {
		.rs = rs, .cflags = o->cflags, .ncflags = o->ncflags,
		.have_cflags = o->have_cflags, .visits = o->visits,
	};
	char *dirs[2];
	enum cache_use uses[2];
	int out = dup(STDOUT_FILENO), status;

	if (out < 0 || dup2(STDERR_FILENO, STDOUT_FILENO) < 0) {
		fprintf(stderr, "isbcheck: error: --lsp: %s\n", strerror(errno));
		return 2;
	}
	if (o->summary_dir) {
		uses[lo.ndirs] = CACHE_SUMMARIES;
		dirs[lo.ndirs++] = absolute(o->summary_dir);
	}
	/* only the one named: with no -p, there is no default cache */
	if (o->cache_dir) {
		uses[lo.ndirs] = CACHE_PARSES;
		dirs[lo.ndirs++] = absolute(o->cache_dir);
	}
	lo.dirs = dirs;
	lo.uses = uses;
	status = lsp_serve(STDIN_FILENO, out, &lo, ISBCHECK_VERSION);
	for (int i = 0; i < lo.ndirs; i++)
		free(dirs[i]);
	close(out);
	return status;
}

int main(int argc, char **argv)
{
	struct options o = { .jobs = 1 };
	struct ruleset rs = { 0 };
	struct reporter rep = { 0 };
	struct verifier vf = { 0 };
	struct analysis_stats stats = { 0 };
	struct jobs jobs = { 0 };
	struct flag_probe *probe;
	struct result *res;
	struct arena items_arena = { 0 };
	struct file_hashes parsed = { 0 };	/* for --fix */
	struct report_item *items = NULL;
	int nitems = 0, items_cap = 0;
	struct gaps gaps = { 0 };
	struct srcroot root = { 0 };
	struct looked looked = { .a = &items_arena };
	struct cache *cache = NULL, *summaries = NULL;
	struct progress *progress = NULL;
	int cached = 0, nres;
	char *dir, *path = NULL;
	CXIndex index;
	int i, found = 0, status = 0;

	if (parse_args(argc, argv, &o)) {
		/* (--lsp refuses FILEs after they are taken) */
		for (i = 0; i < o.nfiles; i++)
			free(o.files[i]);
		free(o.files);
		free(o.rules);
		return 2;
	}
	/*
	 * libclang parses on the calling thread, not on a thread of its own,
	 * so that a file it was refused (infile.h) is reported with its TU.
	 * Set before any thread starts: the pool's threads have the stack
	 * libclang's own would have had.
	 */
	setenv("LIBCLANG_NOTHREADS", "1", 0);
	dir = data_dir();
	if (!o.nrules) {
		path = xmalloc(strlen(dir) + 8);
		sprintf(path, "%s/rules", dir);
		VEC_PUSH(o.rules, o.nrules, o.rules_cap, path);
	}
	if (rules_load(&rs, o.rules, o.nrules, stderr)) {
		fprintf(stderr, "isbcheck: error: invalid rules; nothing was checked\n");
		status = 2;
		goto out;
	}
	if (o.list_rules) {
		list_rules(&rs);
		goto out;
	}
	if (o.lsp) {
		status = serve_lsp(&o, &rs);
		goto out;
	}
	index = clang_createIndex(0, 0);
	if (o.compiler_argv) {
		if (compdb_from_command_line(o.compiler_argv, o.compiler_argc,
					     &jobs, stderr))
			status = 2;
	} else if (o.build_dir) {
		if (compdb_load(o.build_dir, o.files, o.nfiles, o.scope, &jobs,
				stderr))
			status = 2;
	} else {
		if (!o.nfiles) {
			char corpus[PATH_MAX], *rel;

			snprintf(corpus, sizeof(corpus), "%s/corpus", dir);
			rel = relative_to_cwd(corpus);
			if (collect_sources(rel, &o))
				status = 2;
			free(rel);
		} else if (expand_dirs(&o)) {
			status = 2;
		}
		if (file_jobs(&o, &jobs))
			status = 2;
	}

	/* driver probing and working directories first, in the main thread */
	probe = flag_probe_new(index);
	for (i = 0; i < jobs.n; i++) {
		struct job *j = &jobs.v[i];

		if (j->dir) {
			char *wd = xmalloc(strlen(j->dir) + 32);

			sprintf(wd, "-working-directory=%s", j->dir);
			VEC_PUSH(j->argv, j->argc, j->cap, wd);
		}
		flag_probe_clean(probe, j);
	}
	flag_probe_report(probe, stderr);
	flag_probe_free(probe);
	clang_disposeIndex(index);
	if (source_root(&o, &jobs, &root)) {
		status = 2;
		goto out;
	}

	if (jobs.n)
		cache = open_cache(&o);
	if (o.summary_dir)
		summaries = cache_open(o.summary_dir, CACHE_SUMMARIES, stderr);
	/* (under Kbuild, make shows its own progress) */
	if (!o.quiet && !o.compiler_argv)
		progress = progress_start(stderr, jobs.n);
	res = xcalloc((size_t)jobs.n + 1, sizeof(*res));
	run_jobs(&rs, &jobs, res, o.jobs, cache, progress);
	progress_end(progress);
	cache_report(cache, stderr);
	nres = jobs.n;
	if (summaries) {
		nres = add_summaries(summaries, &rs, &res, jobs.n, &jobs);
		cache_report(summaries, stderr);
	}
	/* Kbuild checks a file per call: too little to call a comment stale */
	analyse_all(&rs, res, nres, o.visits, &items_arena,
		    o.compiler_argv ? NULL : &looked);
	for (i = jobs.n; i < nres; i++)
		result_free(&res[i]);	/* others' findings are theirs */
	if (o.verify)
		for (i = 0; i < jobs.n; i++)
			for (int k = 0; k < res[i].nfiles; k++)
				if (verify_scan_file(&vf, res[i].files[k], stderr))
					status = 2;
	for (i = 0; i < jobs.n; i++) {
		struct result *r = &res[i];

		/* (they quote names from the sources: escape.h) */
		if (r->note)
			escape_put(stderr, r->note, r->notelen, true);
		if (r->err)
			escape_put(stderr, r->err, r->errlen, true);
		if (r->err2)
			escape_put(stderr, r->err2, r->err2len, true);
		if (r->rc)
			status = 2;
		cached += r->cached;
		add_stats(&stats, &r->stats);
		if (r->parsed) {
			gaps_add_tu(&gaps, &r->tu, NULL, &items_arena);
		} else {
			char *rel = relative_to_cwd(jobs.v[i].file);

			gaps_add_tu(&gaps, NULL, rel, &items_arena);
			free(rel);
		}
		for (int k = 0; k < r->nitems; k++)
			if (!report_seen(&rep, r->items[k].key))
				VEC_PUSH(items, nitems, items_cap,
					 r->items[k]);
		for (int k = 0; o.fix && r->parsed && k < r->tu.nfiles; k++)
			file_hashes_add(&parsed, r->tu.files[k],
					r->tu.hashes ? r->tu.hashes[k] : 0);
		result_free(r);
	}
	free(res);
	status = report_all(&o, &rs, items, nitems, &items_arena, &parsed,
			    &gaps, &root, &looked, &vf, status, argc, argv,
			    &found);
	file_hashes_free(&parsed);
	if (o.stats)
		fprintf(stderr, "isbcheck: stats: %d files, %ld functions in %ld contexts (%ld calls past the bound), %ld blocks, %ld events, %ld block visits, %ld path partitions merged past the bound, %d findings; %ld functions not fully analysed; %d files from the cache\n",
			jobs.n, stats.functions, stats.contexts,
			stats.fallbacks, stats.blocks, stats.events,
			stats.visits, stats.merged, found, stats.cut, cached);
	free(items);
	gaps_free(&gaps);
	looked_free(&looked);
	arena_free(&items_arena);
out:
	cache_close(cache);
	cache_close(summaries);
	srcroot_free(&root);
	jobs_free(&jobs);
	free(o.compiler_argv);
	for (i = 0; i < o.nfiles; i++)
		free(o.files[i]);
	free(o.files);
	free(o.rules);
	free(path);
	free(dir);
	report_free(&rep);
	verify_free(&vf);
	rules_free(&rs);
	return status;
}
