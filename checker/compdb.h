/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compdb.h - the TUs to check and their compiler arguments, from a build:
 * a compile_commands.json (through libclang's compilation database), or a
 * compiler-style command line as Kbuild's "make C=1 CHECK=isbcheck"
 * passes it to a checker (flags, then the file).
 *
 * Out: jobs, each a source file, the directory its command runs in, and
 * arguments cleaned for libclang: no compiler name, -c, -o, dependency
 * output (-MD, -Wp,-MMD,...), -Werror, or sparse's own options; a cross
 * compiler's target (aarch64-linux-gnu-gcc) as --target= when the
 * arguments name none.  Arguments clang rejects (gcc-only options in a
 * gcc-built tree: its driver's "unknown argument", or an error on an
 * empty file) are found by probing and dropped, with one note per run.
 */
#ifndef ISBCHECK_COMPDB_H
#define ISBCHECK_COMPDB_H

#include <clang-c/Index.h>
#include <stdbool.h>
#include <stdio.h>

struct job {
	char *file;
	char *dir;		/* NULL: the current directory */
	char **argv;
	int argc, cap;
};

struct jobs {
	struct job *v;
	int n, cap;
};

/*
 * Every entry of BUILD_DIR/compile_commands.json, or those for files (if
 * nfiles), or those under scope (if not NULL).  Returns 0 or -1.
 */
int compdb_load(const char *build_dir, char *const *files, int nfiles,
		const char *scope, struct jobs *out, FILE *err);

/* True if argv (after the program name) looks like a compiler's. */
bool compdb_is_compiler_style(char *const *argv, int argc);
/* Splits a compiler-style command line into one job per source file. */
int compdb_from_command_line(char *const *argv, int argc, struct jobs *out,
			     FILE *err);

/* Drops arguments libclang's driver rejects; each is probed once a run. */
struct flag_probe;
struct flag_probe *flag_probe_new(CXIndex index);
void flag_probe_clean(struct flag_probe *p, struct job *j);
/* One note naming every argument dropped, if any. */
void flag_probe_report(const struct flag_probe *p, FILE *err);
void flag_probe_free(struct flag_probe *p);

void jobs_free(struct jobs *jobs);

#endif
