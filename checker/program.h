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

struct srcloc {
	const char *file;
	unsigned line, col;
};

/*
 * Bits of a value that are known, and their values where known; and bits
 * known to equal the current content of register same_reg (a
 * read-modify-write: "read_sysreg(r) & ~MASK" keeps every other bit).
 */
struct value {
	uint64_t known, bits;
	int same_reg;		/* -1: none */
	uint64_t same;
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
	struct value val;	/* EV_WRITE: what is written */
	struct srcloc loc;	/* where the developer wrote it */
	const char *macro;	/* the macro written there, or NULL */
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
	const struct function *fn; /* the function it is in */
};

struct block {
	struct event **ev;
	int nev, ev_cap;
	int *succ;
	int nsucc, succ_cap;
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
};

int cfg_new_block(struct tu *tu, struct function *fn);
void cfg_add_edge(struct function *fn, int from, int to);
void cfg_add_event(struct function *fn, int block, struct event *ev);
void tu_free(struct tu *tu);

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
