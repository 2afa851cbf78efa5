/* SPDX-License-Identifier: GPL-2.0 */
/*
 * asmpp.h - the assembler's own preprocessing and layout of a .S file,
 * after the C preprocessor: what the assembler would place where.
 *
 * In: the output of "clang -E" (line markers kept, so each line knows the
 * file and line it came from).  Out: the file's code streams (a section,
 * or one of its subsections), each an ordered list of statements; its
 * labels, each at a position in a stream; and its alternatives (entries
 * of .altinstructions), each naming an original range and a replacement
 * range by the labels that delimit them.
 *
 * Done as the assembler does it: .macro definitions expanded (named and
 * positional arguments, defaults, :req and :vararg, \@ and \()), .irp,
 * .irpc and .rept bodies repeated, .if and its relatives evaluated
 * (symbols set with .set, .equ or "=" are known), .pushsection,
 * .popsection, .section, .previous, .subsection and .text followed.  The
 * macros the asm reader understands itself (msr_s, mrs_s) are left as
 * they are.  Each statement keeps the line it was written at in the file
 * the assembler was given (the outermost macro's invocation) and, when
 * it came from a macro, the macro's name and the line of its definition.
 */
#ifndef ISBCHECK_ASMPP_H
#define ISBCHECK_ASMPP_H

#include "arena.h"
#include "program.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct asm_stmt {
	const char *text;	/* labels removed, arguments substituted */
	struct srcloc loc;	/* the outermost statement's line */
	const char *macro;	/* the outermost macro, or NULL */
	struct srcloc def;	/* the line in that macro's expansion */
	unsigned seq;		/* order in the file, for "1f" and "1b" */
	bool alone;		/* the only statement of a line of the file
				 * itself (not of a macro's expansion) */
};

struct asm_stream {
	const char *section;
	int sub;		/* subsection */
	bool code;		/* instructions may run here ("x", .text) */
	struct asm_stmt **v;
	int n, cap;
};

struct asm_label {
	const char *name;
	int stream, pos;	/* before the statement at v[pos] */
	unsigned seq;
	struct srcloc loc;
	bool numeric;		/* "1:" */
	bool local;		/* ".L..." or numeric: not a symbol */
	bool global;		/* .globl */
};

/* An entry of .altinstructions, its label references unresolved. */
struct asm_alt {
	const char *field[5];	/* orig, repl, cap, orig len, repl len */
	unsigned seq;
	struct srcloc loc;
};

struct asm_file {
	struct arena *arena;
	struct asm_stream *streams;
	int nstreams, streams_cap;
	struct asm_label *labels;
	int nlabels, labels_cap;
	struct asm_alt *alts;
	int nalts, alts_cap;
	const char **files;	/* every file the lines came from */
	int nfiles, files_cap;
	int nwarnings;
};

struct asmpp_hooks {
	/* a line marker's file name as reports name it (interned) */
	const char *(*name)(const char *raw, void *ctx);
	/* a "#define NAME VALUE" line ("clang -E -dD") */
	void (*define)(const char *name, const char *value, void *ctx);
	void *ctx;
};

/*
 * Reads text (NUL-terminated) into af, whose arena must be set.
 * Problems are warnings on err ("file:line: warning: ...") and counted
 * in af->nwarnings; the rest of the file is still read.
 */
void asmpp_read(struct asm_file *af, const char *text,
		const struct asmpp_hooks *hooks, FILE *err);
void asmpp_free(struct asm_file *af);

/*
 * The label a reference names at statement seq ("661f", "1b", ".Lx",
 * "sym"), or -1.
 */
int asmpp_resolve(const struct asm_file *af, const char *ref, size_t len,
		  unsigned seq);

#endif
