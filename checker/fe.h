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
#include "hashidx.h"

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
	int nout;		/* output operands */
	char *gotos;		/* asm goto's labels, "a,b", or NULL */
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

/* A declaration and the slot that tracks it (-1: not tracked). */
struct decl_slot {
	CXCursor decl;
	int slot;
};

/* A call and the slot its result goes to. */
struct call_slot {
	CXCursor call;
	int slot;
};

/* value.c's tables for the function being built */
struct values {
	struct decl_slot *decls;
	int ndecls, decls_cap;
	struct hashidx decl_index;	/* by clang_hashCursor() */
	struct call_slot *calls;
	int ncalls, calls_cap;
	struct hashidx call_index;
	/*
	 * The function's locals and parameters that it assigns (or whose
	 * address it takes) anywhere: an expression through one of them
	 * does not name the same thing everywhere, so it makes no symbol.
	 */
	CXCursor *assigned;
	int nassigned, assigned_cap;
	struct hashidx assigned_index;
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
	CXCursor fn_cursor;	/* its definition */
	struct values vals;
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
struct srcloc fe_source_location(struct fe *fe, CXSourceLocation l);
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
/* A type as clang spells its canonical form. */
char *fe_type_name(struct fe *fe, CXType t);
/* ref names a function outside a call: it may be called through a pointer. */
void fe_address_taken(struct fe *fe, CXCursor ref);

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
/*
 * pacret.c: with return-address signing in args, the PACIASP and AUTIASP
 * (PACIBSP/AUTIBSP) the compiler adds to each function it emits on its
 * own, as events at entry and in the exit block.  After every function
 * is built.
 */
void pacret_add(struct fe *fe, const char *const *args, int nargs);
/* Builds the CFG of a statement (or expression) at the current block. */
void build_stmt(struct fe *fe, CXCursor c);
void build_expr(struct fe *fe, CXCursor c);

/* ---- asmtmpl.c ---- */

/* Zips def's asm statements with the templates of its printed form. */
void asm_templates_match(struct fe *fe, CXCursor def);
void asm_templates_free(struct fe *fe);
/* The events of asm statement c, in the current block. */
void build_asm(struct fe *fe, CXCursor c);
/*
 * After an asm goto: the labels it may jump to ("a,b") are successors of
 * the current block, as is the statement after it.
 */
void build_asm_goto(struct fe *fe, const char *labels);

/* ---- value.c ---- */

/* Sets up fn's slots: the return value, then the parameters. */
void value_begin_function(struct fe *fe, CXCursor def);
/* The slot that tracks a local or parameter, or -1. */
int value_decl_slot(struct fe *fe, CXCursor decl);
/* Records that call's result goes to slot (for vx_of). */
void value_call_slot(struct fe *fe, CXCursor call, int slot);
/*
 * What a call is when the rules say so (decl is the callee, name its
 * name): a capability test, a static key, a pure function's result; or
 * NULL.
 */
const struct vexpr *value_call_symbol(struct fe *fe, CXCursor call,
				      CXCursor decl, const char *name);
/*
 * A name for what expression c denotes, from its AST (the same whether
 * written directly or through a macro); NULL if it has side effects or a
 * part with no name (a call).
 */
char *value_expr_key(struct fe *fe, CXCursor c, int depth);
/* Expression c as the analysis evaluates it (after c's events). */
const struct vexpr *vx_of(struct fe *fe, CXCursor c);
/* The value assignment (or compound assignment) gives to slot. */
const struct vexpr *value_assigned(struct fe *fe, CXCursor assign, int slot);
/*
 * A store "m = v" or "m op= v" to memory the function names by a key
 * (memory_value()): the symbol m is read as, and what it holds after (cut
 * to m's type).  NULL where either is not known.
 */
const struct vexpr *value_stored(struct fe *fe, CXCursor assign,
				 const char **sym);
const struct vexpr *vx_const(struct fe *fe, uint64_t c);
const struct vexpr *vx_local(struct fe *fe, int slot);
const struct vexpr *vx_read(struct fe *fe, int reg);
/* Folds a constant branch condition (!, && and || of constants). */
bool fold_cond(struct fe *fe, CXCursor c, long long *v, int depth);

/* ---- span.c ---- */

/* Where a line could go before and after statement c (in a block). */
struct span span_of(struct fe *fe, CXCursor c);
/* Is c inside a macro expansion? */
bool in_macro(CXCursor c);

#endif
