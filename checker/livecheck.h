/* SPDX-License-Identifier: GPL-2.0 */
/*
 * livecheck.h - the pipeline run on one file as an editor holds it (for
 * the language server, lsp.h).
 *
 * In: the file's path and the editor's unsaved buffers (every open
 * document: the file's own text, and any header being edited).  The
 * file's flags are found as the command line finds them (flags.h), once
 * and again on refresh; its libclang TU is kept and reparsed with a
 * precompiled preamble (frontend.h).  The other files of the last -p run
 * come from the entries of --summary-dir and --cache-dir directories
 * (summary.h), each checked whole as a run checks it and the directory
 * left as it is (cache_open_read()), loaded once and again when a file
 * they read is saved or a new run rewrote the directory; calls are
 * linked to them for each analysis and unlinked after, as they are
 * shared by every check.
 *
 * Out: the file's findings as report items (suppression comments of the
 * unsaved text applied; a suppressed item is left out), the functions
 * not fully analysed, and what the parse said.  Paths are the front
 * end's: relative to the current directory when below it.
 */
#ifndef ISBCHECK_LIVECHECK_H
#define ISBCHECK_LIVECHECK_H

#include "cache.h"
#include "report.h"
#include "rules.h"

#include <clang-c/Index.h>
#include <stdbool.h>
#include <stdio.h>

struct live_opts {
	const struct ruleset *rs;
	char **dirs;		/* summary and cache directories, absolute */
	const enum cache_use *uses;	/* which each is (its notes' words) */
	int ndirs;
	char **cflags;		/* flags for every file (isbcheck --lsp -- ...) */
	int ncflags;
	bool have_cflags;
	int visits;		/* --max-visits, 0 for the default */
};

/* A place and a sentence: a function not fully analysed, a parse error. */
struct live_note {
	const char *file;
	unsigned line, col;
	const char *text;
};

struct live_result {
	struct arena arena;		/* everything below */
	struct report_item *items;	/* active findings, in report order */
	int nitems, items_cap;
	struct live_note *notes;	/* cut functions, parse errors */
	int nnotes, notes_cap;
	const char *main_file;		/* as the items name it */
	const char **files;		/* every file the parse read */
	int nfiles, files_cap;
	int nerrors;			/* parse errors */
	bool failed;			/* not parsed at all (see msgs) */
	char *msgs;			/* parse and flag messages, malloc'd */
	size_t msglen;
	int nothers;			/* other files analysed with it */
};

struct live;

/* Rules and options must outlive the returned state. */
struct live *live_new(const struct live_opts *o);

/*
 * Checks path (absolute) with the editor's buffers.  refresh: a file was
 * saved (named by saved, if not NULL), so look for its flags again and
 * reload the other files if one of them read it.  Returns 0, or -1
 * (with out->failed and out->msgs saying why).
 */
int live_check(struct live *lv, const char *path,
	       struct CXUnsavedFile *unsaved, unsigned nunsaved,
	       bool refresh, const char *saved, struct live_result *out);

/* The front end's name for path (relative when below the current dir). */
char *live_name(const char *path);

/* Drops path's kept parse (the document was closed). */
void live_forget(struct live *lv, const char *path);

void live_result_free(struct live_result *r);
void live_free(struct live *lv);

#endif
