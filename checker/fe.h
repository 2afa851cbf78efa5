/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fe.h - what the front end's own modules share, not a contract for the
 * rest of isbcheck (that is frontend.h): the state of one TU's walk.
 *
 *	frontend.c	the libclang session: parse, diagnostics, files and
 *			locations, which functions to build
 *	build.c		statement builders, one per statement kind: the CFG
 *	asmtmpl.c	asm templates from the printed function; an asm
 *			statement's instructions as events
 *	value.c		what a written value and a branch condition are known
 *			to be
 *	span.c		where a line can be inserted around a statement (fixes)
 *	reparse.c	the libclang TU parsed once, or kept and reparsed
 *			(an editor's unsaved buffers)
 */
#ifndef ISBCHECK_FE_H
#define ISBCHECK_FE_H

#include "frontend.h"

#include <limits.h>
#include <stdbool.h>

#define MAX_INSNS 64		/* instructions read per asm statement */
#define MAX_DEPTH 1000		/* statement nesting the builder follows */

struct label {
	const char *name;
	int block;
};

struct pending_goto {
	int block;
	const char *label;	/* NULL: computed goto */
};

struct fn_entry {
	const char *name;
	CXCursor def;
	struct function *fn;
};

struct asm_tmpl {
	CXCursor cursor;
	char *tmpl;
};

struct file_name {
	CXFile file;
	const char *name;
};

/* Where a line could go before or after a statement; see struct event. */
struct span {
	unsigned before_line, after_line;
	const char *indent;
};

struct fe {
	CXTranslationUnit tu_cx;
	struct tu *tu;
	const struct ruleset *rs;
	FILE *err;
	char cwd[PATH_MAX];
	const char *wd;		/* -working-directory: what clang's names are
				 * relative to, or NULL */

	struct fn_entry *defs;
	int ndefs, defs_cap;
	struct function **todo;
	int ntodo, todo_cap;
	struct file_name *names;
	int nnames, names_cap;

	/* per function */
	struct function *fn;
	struct span span;	/* the statement being built, for new_event() */
	int cur;
	int break_to, continue_to;
	int switch_block;
	bool switch_default;
	int depth;
	struct label *labels;
	int nlabels, labels_cap;
	struct pending_goto *gotos;
	int ngotos, gotos_cap;
	struct asm_tmpl *asms;
	int nasms, asms_cap;
	int next_asm;
	bool asm_ok;
};

struct kids {
	CXCursor *v;
	int n, cap;
};

/* ---- frontend.c ---- */

struct srcloc fe_location(struct fe *fe, CXCursor c);
char *fe_cursor_name(struct fe *fe, CXCursor c);
/* c's children (malloc'd array in .v). */
struct kids fe_children(CXCursor c);
/* A new event at c's expansion point, in the statement being built. */
struct event *fe_new_event(struct fe *fe, enum event_kind kind, CXCursor at);
/* The function for a definition, queued to be built if it is new. */
struct function *fe_function_for(struct fe *fe, CXCursor def);
void fe_warn(struct fe *fe, CXCursor c, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
bool fe_ident_char(int c);

/* ---- reparse.c ---- */

/*
 * Parses file (live NULL: as a one-off run does), or reparses live->tu
 * with live's unsaved files.
 */
enum CXErrorCode fe_open_tu(CXIndex index, const char *file,
			    const char *const *args, int nargs,
			    struct frontend_live *live, CXTranslationUnit *out);
/* Disposes of tu, or keeps it in live if ok. */
void fe_close_tu(struct frontend_live *live, CXTranslationUnit tu, bool ok);
/*
 * clang_getFileContents(), asked of libclang once per file of a parse:
 * in a TU with a preamble each call searches every file the preamble
 * loaded, which made a check of a hyp file take seconds.
 */
const char *fe_file_contents(CXTranslationUnit tu, CXFile file, size_t *size);
/*
 * The same for every file the parse read, whose hashes --fix and the
 * cache keep: NULL (not known) in an editor's parse, where asking for
 * each of the hundreds of files a kernel TU reads costs seconds, and
 * where the editor applies fixes to its own buffers.
 */
const char *fe_parsed_contents(CXTranslationUnit tu, CXFile file,
			       size_t *size);

/* ---- build.c ---- */

/* Builds fn's CFG from its definition. */
void build_function(struct fe *fe, struct function *fn, CXCursor def);
/* Builds the CFG of a statement (or expression) at the current block. */
void build_stmt(struct fe *fe, CXCursor c);
void build_expr(struct fe *fe, CXCursor c);

/* ---- asmtmpl.c ---- */

/* Zips def's asm statements with the templates of its printed form. */
void asm_templates_match(struct fe *fe, CXCursor def);
void asm_templates_free(struct fe *fe);
/* The events of asm statement c, in the current block. */
void build_asm(struct fe *fe, CXCursor c);
/* The register an accessor's ({ asm("mrs ..."); v; }) reads, or -1. */
int asm_reg_read(struct fe *fe, CXCursor stmt_expr);

/* ---- value.c ---- */

/* What expression c is known to hold (the value a write writes). */
struct value value_of(struct fe *fe, CXCursor c, int depth);
/*
 * Folds a branch condition: constants, calls the configuration fixes,
 * !, && and ||.  False if not known.
 */
bool fold_cond(struct fe *fe, CXCursor c, long long *v, int depth);

/* ---- span.c ---- */

/* Where a line could go before and after statement c (in a block). */
struct span span_of(struct fe *fe, CXCursor c);
/* Is c inside a macro expansion? */
bool in_macro(CXCursor c);

#endif
