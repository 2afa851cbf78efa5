/* SPDX-License-Identifier: GPL-2.0 */
/*
 * program.h - the program model the front end builds and the analysis
 * reads: per function, a control-flow graph (CFG) of basic blocks whose
 * contents are events (system-register accesses, instructions, calls).
 *
 * No libclang type appears here: the analysis sees only this model.
 * Block 0 is a function's entry, block 1 its exit.  A block with no
 * successors other than the exit ends a path (a noreturn call).
 */
#ifndef ISBCHECK_PROGRAM_H
#define ISBCHECK_PROGRAM_H

#include "arena.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

struct srcloc {
	const char *file;
	unsigned line, col;
};

/*
 * Is file assembly with the C preprocessor (".S")?  The assembly front
 * end reads it (asmfile.h), and a fix in it is an instruction.
 */
static inline bool srcfile_is_asm(const char *file)
{
	size_t l = strlen(file);

	return l > 2 && !strcmp(file + l - 2, ".S");
}

/*
 * A value the front end could express, for the analysis to evaluate on
 * each path: constants, the function's tracked locals (scalars whose
 * address is never taken), register contents, symbols whose value is
 * fixed for a whole run (the result of a call the rules call pure, a
 * capability, a static key, a field read with no store since) and the
 * operators on them.  Anything else is VX_UNKNOWN.
 */
enum vx_op {
	VX_UNKNOWN,
	VX_CONST,		/* c */
	VX_LOCAL,		/* slot a of the function */
	VX_READ,		/* the content of register a where evaluated */
	VX_SYM,			/* symbol sym: "call:f(x)", "cap:37", ... */
	VX_NOT,			/* ~l */
	VX_LNOT,		/* !l */
	VX_AND, VX_OR, VX_XOR,	/* l op r, bitwise */
	VX_SHL, VX_SHR,		/* l << r, l >> r */
	VX_ADD, VX_SUB,
	VX_EQ, VX_NE,		/* l == r, l != r: 0 or 1 */
	VX_LAND, VX_LOR,	/* l && r, l || r: 0 or 1 */
	VX_COND,		/* c ? l : r (c in cond) */
};

struct vexpr {
	enum vx_op op;
	int a;			/* VX_LOCAL: slot; VX_READ: register */
	uint64_t c;		/* VX_CONST */
	const char *sym;	/* VX_SYM */
	const struct vexpr *l, *r, *cond;
};

/* Slot 0 of every function holds its return value. */
#define SLOT_RETURN 0

/*
 * What an edge out of a block requires of the block's branch value:
 * nothing, that it is nonzero (the then side), zero (the else side), one
 * case's value, or none of the cases' (default).
 */
enum guard_kind { G_NONE, G_TRUE, G_FALSE, G_CASE, G_DEFAULT };

struct guard {
	enum guard_kind kind;
	uint64_t value;			/* G_CASE */
};

/*
 * What the analysis tells apart: register writes and reads (known values,
 * fields), calls (summaries) and every other instruction, which the rules
 * name by mnemonic (barriers, eret, hvc, tlbi, psb csync, paciasp, ...).
 */
enum event_kind {
	EV_WRITE,		/* msr to a system register */
	EV_READ,		/* mrs */
	EV_INSN,		/* any other instruction */
	EV_CALL,
	EV_ASSIGN,		/* a tracked local (or the return value) set */
	EV_FORGET,		/* locals slot..slot+nargs-1 out of scope */
	EV_STORE,		/* a store to memory (not a tracked local) */
};

struct function;

struct event {
	enum event_kind kind;
	bool may;		/* one side of a kernel alternative */
	int alt_cap, alt_side;	/* which capability and side, see asmread.h */
	int reg;		/* register database index, -1 if unknown */
	const char *insn;	/* the mnemonic ("msr", "isb", "tlbi"), or
				 * NULL for a call */
	const char *name;	/* register, first operand ("vmalle1is",
				 * "csync", "" if none) or callee */
	const struct vexpr *val; /* EV_WRITE: what is written (NULL:
				  * unknown); EV_ASSIGN: the new value;
				  * EV_STORE: what the memory symbol in
				  * name holds now (NULL: not known) */
	int slot;		/* EV_ASSIGN: the local set; EV_CALL: the
				 * local that receives the result, or -1 */
	const struct vexpr **args; /* EV_CALL: the arguments' values */
	int nargs;		/* EV_CALL: how many; EV_FORGET: slots */
	struct srcloc loc;	/* where the developer wrote it */
	const char *macro;	/* the macro written there, or NULL */
	struct srcloc macro_loc; /* assembly: the line of the macro's body
				  * the instruction came from (file NULL:
				  * none, or C) */
	/*
	 * The statement it is in (the innermost one directly in a block the
	 * developer wrote, not in a macro's body), for a fix: a line may be
	 * inserted before line before_line and after line after_line, with
	 * indent; 0 where that would not be a line of its own.
	 */
	unsigned before_line, after_line;
	const char *indent;
	const char *text;	/* the asm statement, for messages */
	struct function *callee; /* EV_CALL to a function with a body */
	const char *fntype;	/* EV_CALL through a pointer: the type it
				 * points to, as clang spells it */
	const struct function *fn; /* the function it is in */
};

struct block {
	struct event **ev;
	int nev, ev_cap;
	int *succ;
	int nsucc, succ_cap;
	/*
	 * A block that ends in a branch: the value branched on, and for
	 * each successor what it requires of it (NULL: no condition).
	 */
	const struct vexpr *branch;
	struct guard *guards;
};

#define BLOCK_ENTRY 0
#define BLOCK_EXIT 1

struct function {
	const char *name;
	struct srcloc loc;
	struct block *blocks;
	int nblocks, blocks_cap;
	bool built;
	bool is_static;		/* not visible to other TUs */
	int unit;		/* index of its TU in an analysis of several */
	bool truncated;		/* front end gave up on part of it */
	bool address_taken;	/* may be called through a pointer */
	const char *type;	/* as clang spells it: "_Bool (int *)" */
	int nparams;		/* slots 1..nparams hold the parameters */
	int nslots;		/* locals the analysis tracks, SLOT_RETURN too */
	const char *cut;	/* analysis gave up on it: why */
	void *summary;		/* owned by the analysis */
};

struct tu {
	struct arena arena;
	const char *main_file;
	struct function **fns;	/* main-file functions first, in order */
	int nfns, fns_cap;
	char **macros;		/* -D names in force for the TU */
	int nmacros, macros_cap;
	char **files;		/* every file the TU read (for --verify) */
	int nfiles, files_cap;
	uint64_t *hashes;	/* of each file's bytes as parsed (for --fix),
				 * files_cap of them; 0: not known */
	int nerrors;		/* parse errors */
	uint64_t configs;	/* which rule configurations apply (bits) */
	/*
	 * The number of each capability the rules pin (rs->capnames, in
	 * order) as this TU defines it, -1 where it does not.
	 */
	long long *capnum;
	int ncapnum;
};

int cfg_new_block(struct tu *tu, struct function *fn);
void cfg_add_edge(struct function *fn, int from, int to);
/* An edge taken when the block's branch value meets g. */
void cfg_add_guarded_edge(struct function *fn, int from, int to,
			  struct guard g);
void cfg_add_event(struct function *fn, int block, struct event *ev);
void tu_free(struct tu *tu);

/* Records the -D names of a compiler command line's args in tu->macros. */
void tu_note_macros(struct tu *tu, const char *const *args, int nargs);

/* Is macro among the TU's -D names?  (A cfg_expr_eval() callback; ctx: tu.) */
bool tu_defines(const char *macro, void *ctx);

/*
 * Connects calls to functions with no body in their TU to a non-static
 * definition of the same name in another TU: among the definitions in TUs
 * built in the same configuration (tu->configs) if there are any, else
 * among all, the one definition, or the one in a TU whose main file is in
 * the caller's directory (nVHE and VHE objects define the same names in
 * sibling directories).  Returns the number of calls connected.
 */
int link_calls(struct tu **tus, int n);

#endif
