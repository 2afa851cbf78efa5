// SPDX-License-Identifier: GPL-2.0
/*
 * asmfile.c - the assembly front end (see asmfile.h): clang's
 * preprocessor, then asmpp.c's layout, then a CFG per symbol.
 */
#include "asmfile.h"
#include "asmpp.h"
#include "asmread.h"
#include "config.h"
#include "expr.h"
#include "hashidx.h"
#include "infile.h"

#include <ctype.h>
#include <signal.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef ISBCHECK_CLANG
#define ISBCHECK_CLANG "clang"
#endif

#define MAX_OUTPUT ((size_t)256 << 20)	/* preprocessed text read */

extern char **environ;

/* ---- the preprocessor ---- */

/*
 * Runs clang -E on file; returns its output (malloc'd) or NULL.  What
 * clang says on stderr goes to err; a failed run with output is still
 * read (a missing header stops clang where it is).
 */
static char *preprocess(const char *file, const char *const *args,
			int nargs, FILE *err, bool *failed)
{
	const char *clang = getenv("ISBCHECK_CLANG");
	const char **argv = xcalloc((size_t)nargs + 12, sizeof(*argv));
	posix_spawn_file_actions_t fa;
	int out[2], errfd, status = 0, n = 0;
	char errname[] = "/tmp/isbcheck-cpp-XXXXXX";
	char *text = NULL;
	size_t len = 0, cap = 0;
	pid_t pid;

	*failed = false;
	if (!clang || !*clang)
		clang = ISBCHECK_CLANG;
	argv[n++] = clang;
	argv[n++] = "-E";
	argv[n++] = "-dD";
	argv[n++] = "-x";
	argv[n++] = "assembler-with-cpp";
	for (int i = 0; i < nargs; i++) {
		/* the driver's spelling of libclang's option */
		if (!strncmp(args[i], "-working-directory=", 19)) {
			argv[n++] = "-working-directory";
			argv[n++] = args[i] + 19;
			continue;
		}
		argv = xrealloc(argv, ((size_t)n + (size_t)(nargs - i) + 12) *
				      sizeof(*argv));
		argv[n++] = args[i];
	}
	argv[n++] = file;
	argv[n++] = "-o";
	argv[n++] = "-";
	argv[n] = NULL;

	errfd = mkstemp(errname);
	if (errfd >= 0)
		unlink(errname);
	if (pipe(out)) {
		fprintf(err, "%s: error: cannot run the preprocessor: %s\n",
			file, strerror(errno));
		free(argv);
		if (errfd >= 0)
			close(errfd);
		return NULL;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, out[1], 1);
	posix_spawn_file_actions_addclose(&fa, out[0]);
	if (errfd >= 0)
		posix_spawn_file_actions_adddup2(&fa, errfd, 2);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	if (posix_spawnp(&pid, clang, &fa, NULL, (char *const *)argv,
			 environ)) {
		fprintf(err, "%s: error: cannot run %s to preprocess it: %s\n",
			file, clang, strerror(errno));
		posix_spawn_file_actions_destroy(&fa);
		close(out[0]);
		close(out[1]);
		free(argv);
		if (errfd >= 0)
			close(errfd);
		return NULL;
	}
	posix_spawn_file_actions_destroy(&fa);
	close(out[1]);
	for (;;) {
		ssize_t r;

		if (len + 65536 + 1 > cap) {
			cap = cap ? cap * 2 : 1 << 20;
			text = xrealloc(text, cap);
		}
		r = read(out[0], text + len, cap - len - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		len += (size_t)r;
		if (len > MAX_OUTPUT) {
			fprintf(err, "%s: warning: more than %zu MiB after preprocessing; the rest is not read\n",
				file, MAX_OUTPUT >> 20);
			len = MAX_OUTPUT;
			kill(pid, SIGKILL);
			break;
		}
	}
	close(out[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		*failed = true;
	if (errfd >= 0) {
		char buf[4096];
		ssize_t r;

		lseek(errfd, 0, SEEK_SET);
		while ((r = read(errfd, buf, sizeof(buf))) > 0)
			fwrite(buf, 1, (size_t)r, err);
		close(errfd);
	}
	free(argv);
	if (text)
		text[len] = '\0';
	return text;
}

/* ---- names ---- */

struct names {
	struct tu *tu;
	const struct ruleset *rs;
	const char *wd;
	char cwd[PATH_MAX];
	char **raw;
	const char **name;
	int n, cap, ncap;
};

/* Like the C front end: relative to our directory where it is inside. */
static const char *name_of(const char *raw, void *ctx)
{
	struct names *nm = ctx;
	char path[PATH_MAX * 2], real[PATH_MAX];
	const char *r = raw, *out;
	size_t cl = strlen(nm->cwd);

	for (int i = 0; i < nm->n; i++)
		if (!strcmp(nm->raw[i], raw))
			return nm->name[i];
	if (raw[0] != '/' && raw[0] != '<' && nm->wd) {
		snprintf(path, sizeof(path), "%s/%s", nm->wd, raw);
		r = path;
	}
	if (raw[0] != '<' && realpath(r, real)) {
		if (cl && !strncmp(real, nm->cwd, cl) && real[cl] == '/')
			out = arena_strdup(&nm->tu->arena, real + cl + 1);
		else
			out = arena_strdup(&nm->tu->arena, real);
	} else {
		out = arena_strdup(&nm->tu->arena, raw);
	}
	VEC_PUSH(nm->raw, nm->n, nm->cap, xstrdup(raw));
	nm->n--;
	VEC_PUSH(nm->name, nm->n, nm->ncap, out);
	return out;
}

/* A capability's number, from "#define ARM64_HAS_VIRT_HOST_EXTN 12" */
static void define_seen(const char *name, const char *value, void *ctx)
{
	struct names *nm = ctx;
	const char *v = value;
	char *end;
	unsigned long long u;

	for (int k = 0; k < nm->rs->ncapnames; k++) {
		if (strcmp(nm->rs->capnames[k], name))
			continue;
		while (*v == '(' || isspace((unsigned char)*v))
			v++;
		u = strtoull(v, &end, 0);
		if (end != v && u < (1ull << 31))
			nm->tu->capnum[k] = (long long)u;
	}
}

/* ---- the CFG ---- */

struct build {
	const struct ruleset *rs;
	struct tu *tu;
	struct asm_file *af;
	FILE *err;
	struct function **fns;	/* by label index, NULL if not a symbol */
	/* the function being built */
	struct function *fn;
	int entry_label;
	int **node;		/* [stream][2 * pos + phase] -> block, 0: none */
	int **tail;		/* [stream][pos] -> tail-call block */
	int *work;
	int nwork, work_cap;
	struct alt {
		int orig_stream, orig, orig_end, repl_stream, repl, repl_end;
		int cap;
	} *alts;
	int nalts;
};

static struct event *new_event(struct build *b, enum event_kind kind,
			       const struct asm_stmt *st)
{
	struct event *ev = arena_alloc(&b->tu->arena, sizeof(*ev));

	ev->kind = kind;
	ev->fn = b->fn;
	ev->reg = -1;
	ev->alt_cap = -1;
	ev->slot = -1;
	ev->loc = st->loc;
	ev->macro = st->macro;
	if (st->macro)
		ev->macro_loc = st->def;
	ev->text = st->text;
	return ev;
}

/* Is the statement at a point in either block of an alternative? */
static bool in_alternative(struct build *b, int stream, int pos)
{
	for (int i = 0; i < b->nalts; i++) {
		const struct alt *a = &b->alts[i];

		if ((a->orig_stream == stream && a->orig <= pos &&
		     pos < a->orig_end) ||
		    (a->repl_stream == stream && a->repl <= pos &&
		     pos < a->repl_end))
			return true;
	}
	return false;
}

/*
 * Where --fix may put a line around the statement at a point: only
 * around a line of the file that holds this statement alone, outside
 * the blocks of an alternative (whose sizes must match); not before a
 * line a label starts, which a branch would skip.
 */
static void fix_lines(struct build *b, struct event *ev, int stream, int pos)
{
	const struct asm_stmt *st = b->af->streams[stream].v[pos];

	if (!st->alone || in_alternative(b, stream, pos))
		return;
	ev->after_line = st->loc.line;
	ev->before_line = st->loc.line;
	ev->indent = "\t";
	for (int i = 0; i < b->af->nlabels; i++)
		if (b->af->labels[i].stream == stream &&
		    b->af->labels[i].pos == pos)
			ev->before_line = 0;
}

static bool rules_want(const char *mnemonic, void *ctx)
{
	return rules_names_insn(ctx, mnemonic);
}

/* The label a symbol names, if it is a function of this file. */
static struct function *symbol_fn(struct build *b, int label)
{
	return label >= 0 ? b->fns[label] : NULL;
}

static int block_for(struct build *b, int stream, int pos, int phase)
{
	int *slot = &b->node[stream][2 * pos + phase];

	if (!*slot) {
		*slot = cfg_new_block(b->tu, b->fn);
		VEC_PUSH(b->work, b->nwork, b->work_cap, stream);
		VEC_PUSH(b->work, b->nwork, b->work_cap, pos);
		VEC_PUSH(b->work, b->nwork, b->work_cap, phase);
	}
	return *slot;
}

/* A block that calls name (fn, if it is of this file) and returns. */
static int call_block(struct build *b, const char *name, struct function *fn,
		      const struct asm_stmt *at)
{
	int blk = cfg_new_block(b->tu, b->fn);
	struct event *ev = new_event(b, EV_CALL, at);

	ev->name = name;
	ev->callee = fn;
	cfg_add_event(b->fn, blk, ev);
	cfg_add_edge(b->fn, blk, BLOCK_EXIT);
	return blk;
}

/* The statement at a point, for a location (the last one at the end). */
static const struct asm_stmt *stmt_at(struct build *b, int stream, int pos)
{
	const struct asm_stream *s = &b->af->streams[stream];

	if (pos < s->n)
		return s->v[pos];
	return s->n ? s->v[s->n - 1] : NULL;
}

/* Another symbol at this point: running into it is a tail call. */
static int symbol_at(struct build *b, int stream, int pos)
{
	for (int i = 0; i < b->af->nlabels; i++) {
		const struct asm_label *l = &b->af->labels[i];

		if (l->stream == stream && l->pos == pos && b->fns[i])
			return i;
	}
	return -1;
}

/* The alternative whose replacement holds the statement at a point. */
static const struct alt *in_replacement(struct build *b, int stream, int pos)
{
	for (int i = 0; i < b->nalts; i++)
		if (b->alts[i].repl_stream == stream &&
		    b->alts[i].repl <= pos && pos < b->alts[i].repl_end)
			return &b->alts[i];
	return NULL;
}

/*
 * Control reaches (stream, pos) from block from, in alternative in's
 * replacement (NULL: not in one).  The replacements of one file lie end
 * to end, so the end of one is only known as such from inside it.
 */
static void edge(struct build *b, int from, int to, struct guard g)
{
	if (g.kind == G_NONE)
		cfg_add_edge(b->fn, from, to);
	else
		cfg_add_guarded_edge(b->fn, from, to, g);
}

static void go_to_if(struct build *b, int from, int stream, int pos,
		     const struct alt *in, struct guard g)
{
	const struct asm_label *entry = &b->af->labels[b->entry_label];
	int sym;

	/* out of a replacement: on after the original code */
	if (in && in->repl_stream == stream && in->repl_end == pos) {
		stream = in->orig_stream;
		pos = in->orig_end;
	}
	if (pos >= b->af->streams[stream].n) {
		edge(b, from, BLOCK_EXIT, g);
		return;
	}
	sym = symbol_at(b, stream, pos);
	if (sym >= 0 && !(entry->stream == stream && entry->pos == pos)) {
		int *t = &b->tail[stream][pos];

		if (!*t)
			*t = call_block(b, b->fns[sym]->name, b->fns[sym],
					stmt_at(b, stream, pos));
		edge(b, from, *t, g);
		return;
	}
	edge(b, from, block_for(b, stream, pos, 0), g);
}

static void go_to(struct build *b, int from, int stream, int pos,
		  const struct alt *in)
{
	go_to_if(b, from, stream, pos, in, (struct guard){ G_NONE, 0 });
}

/* A branch's target: a label of this file, or a symbol elsewhere. */
static void branch_to(struct build *b, int from, const struct asm_stmt *st,
		      const char *target, size_t len, struct guard g)
{
	int l;

	if (len == 1 && target[0] == '.') {		/* b . */
		edge(b, from, from, g);
		return;
	}
	l = asmpp_resolve(b->af, target, len, st->seq);
	if (l < 0) {
		edge(b, from, call_block(b,
				arena_strndup(&b->tu->arena, target, len),
				NULL, st), g);
		return;
	}
	go_to_if(b, from, b->af->labels[l].stream, b->af->labels[l].pos,
		 in_replacement(b, b->af->labels[l].stream,
				b->af->labels[l].pos - 1), g);
}

static bool one_of(const char *mn, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(mn, *list))
			return true;
	return false;
}

/* The statement's mnemonic, lower case, into mn; returns its length. */
static size_t mnemonic(const char *t, char *mn, size_t size)
{
	size_t n = 0;

	while (t[n] && !isspace((unsigned char)t[n]) && n < size - 1) {
		mn[n] = (char)tolower((unsigned char)t[n]);
		n++;
	}
	mn[n] = '\0';
	return n;
}

/* ---- general-purpose registers, as the function's locals ---- */

/*
 * x0..x30 are slots 1..31 of every assembly function, so that the value
 * domain follows "mrs x1, hcr_el2; and x1, x1, #E2H; cbz x1, 1f" as it
 * follows a C local: what a write writes, and which way a test of a
 * register read goes.  A register starts unknown, and a call leaves the
 * caller-saved ones unknown.
 */
#define NREG_SLOTS 32

static const struct vexpr *vx(struct build *b, enum vx_op op, uint64_t c,
			       int a, const struct vexpr *l,
			       const struct vexpr *r)
{
	struct vexpr *v = arena_alloc(&b->tu->arena, sizeof(*v));

	v->op = op;
	v->c = c;
	v->a = a;
	v->l = l;
	v->r = r;
	return v;
}

/* "x3"/"w3" -> 3, "xzr"/"wzr" -> 31, else -1 ("sp", a label...) */
static int gpr(const char *s, size_t n, bool *w)
{
	int v = 0;

	if (n < 2 || (tolower((unsigned char)s[0]) != 'x' &&
		      tolower((unsigned char)s[0]) != 'w'))
		return -1;
	*w = tolower((unsigned char)s[0]) == 'w';
	if (n == 3 && !strncasecmp(s + 1, "zr", 2))
		return 31;
	for (size_t i = 1; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + s[i] - '0';
	}
	return v <= 30 ? v : -1;
}

/* An operand's value: a register, "#imm", or NULL if neither. */
static const struct vexpr *operand_value(struct build *b, const char *s,
					 size_t n)
{
	bool w = false;
	int r;
	uint64_t c;
	struct expr_error e;

	if (n && s[0] == '#') {
		if (expr_eval(s + 1, n - 1, &c, &e))
			return NULL;
		return vx(b, VX_CONST, c, 0, NULL, NULL);
	}
	r = gpr(s, n, &w);
	if (r < 0)
		return NULL;
	if (r == 31)
		return vx(b, VX_CONST, 0, 0, NULL, NULL);
	return vx(b, VX_LOCAL, 0, r + 1, NULL, NULL);
}

static void assign(struct build *b, int blk, const struct asm_stmt *st,
		   int r, bool w, const struct vexpr *v)
{
	struct event *ev;

	if (r < 0 || r > 30)
		return;
	if (v && w)
		v = vx(b, VX_AND, 0, 0, v,
		       vx(b, VX_CONST, 0xffffffffu, 0, NULL, NULL));
	ev = new_event(b, EV_ASSIGN, st);
	ev->slot = r + 1;
	ev->val = v ? v : vx(b, VX_UNKNOWN, 0, 0, NULL, NULL);
	cfg_add_event(b->fn, blk, ev);
}

/* After a call: x0..x18 and x30 may hold anything. */
static void clobber(struct build *b, int blk, const struct asm_stmt *st)
{
	struct event *ev = new_event(b, EV_FORGET, st);

	ev->slot = 1;
	ev->nargs = 19;
	cfg_add_event(b->fn, blk, ev);
	assign(b, blk, st, 30, false, NULL);
}

/*
 * What an instruction leaves in its destination registers: the value of
 * mrs, mov, and, orr, eor, bic, lsl, lsr and ubfx, unknown for any
 * other instruction that writes one (loads, arithmetic...).  read: the
 * register an mrs read, as insn_events() found it.
 */
static void register_effects(struct build *b, int blk,
			     const struct asm_stmt *st, const char *mn,
			     const char **ops, const size_t *lens, int nops,
			     int read)
{
	static const char *const no_dest[] = {
		"cmp", "cmn", "tst", "msr", "msr_s", "ccmp", "ccmn", "prfm",
		"at", "tlbi", "dc", "ic", "sys", "hint", "nop", "isb", "dsb",
		"dmb", "sb", "hvc", "smc", "svc", "brk", "esb", "psb", "tsb",
		"csdb", "wfi", "wfe", "sev", "sevl", "bti", "paciasp",
		"autiasp", "pacibsp", "autibsp", "clrex", ".inst", NULL
	};
	const struct vexpr *v = NULL, *a1, *a2;
	bool w = false, w2;
	int r;

	if (!nops || one_of(mn, no_dest) || !strncmp(mn, "st", 2) ||
	    !strncmp(mn, "prf", 3))
		return;
	r = gpr(ops[0], lens[0], &w);
	if (r < 0)
		return;
	a1 = nops > 1 ? operand_value(b, ops[1], lens[1]) : NULL;
	a2 = nops > 2 ? operand_value(b, ops[2], lens[2]) : NULL;
	if (!strcmp(mn, "mrs") || !strcmp(mn, "mrs_s")) {
		if (read >= 0)
			v = vx(b, VX_READ, 0, read, NULL, NULL);
	} else if (!strcmp(mn, "mov") && nops == 2) {
		v = a1;
	} else if (nops == 3 && a1 && a2 &&
		   (!strcmp(mn, "and") || !strcmp(mn, "orr") ||
		    !strcmp(mn, "eor") || !strcmp(mn, "bic") ||
		    !strcmp(mn, "lsl") || !strcmp(mn, "lsr"))) {
		enum vx_op op = mn[0] == 'a' ? VX_AND : mn[0] == 'o' ? VX_OR :
				mn[0] == 'e' ? VX_XOR : mn[0] == 'b' ? VX_AND :
				mn[2] == 'l' ? VX_SHL : VX_SHR;

		if (mn[0] == 'b')
			a2 = vx(b, VX_NOT, 0, 0, a2, NULL);
		v = vx(b, op, 0, 0, a1, a2);
	} else if (!strcmp(mn, "ubfx") && nops == 4 && a1 && a2) {
		const struct vexpr *width = operand_value(b, ops[3], lens[3]);

		if (width && width->op == VX_CONST && width->c < 64)
			v = vx(b, VX_AND, 0, 0, vx(b, VX_SHR, 0, 0, a1, a2),
			       vx(b, VX_CONST, (1ull << width->c) - 1, 0,
				  NULL, NULL));
	}
	assign(b, blk, st, r, w, v);
	/* a pair load writes its second register too */
	if (!strncmp(mn, "ldp", 3) || !strncmp(mn, "ldaxp", 5) ||
	    !strncmp(mn, "ldxp", 4) || !strncmp(mn, "ldnp", 4))
		assign(b, blk, st, nops > 1 ? gpr(ops[1], lens[1], &w2) : -1,
		       false, NULL);
}

/*
 * The test of cbz/cbnz (the register) or tbz/tbnz (its bit), as the
 * block's branch value; *taken: the guard of the branch's target.
 */
static const struct vexpr *test_of(struct build *b, const char *mn,
				   const char **ops, const size_t *lens,
				   struct guard *taken, struct guard *not)
{
	const struct vexpr *v = operand_value(b, ops[0], lens[0]);
	bool zero = !strcmp(mn, "cbz") || !strcmp(mn, "tbz");

	if (!v)
		return NULL;
	if (mn[0] == 't') {
		const struct vexpr *bit = operand_value(b, ops[1], lens[1]);

		if (!bit || bit->op != VX_CONST || bit->c > 63)
			return NULL;
		v = vx(b, VX_AND, 0, 0, vx(b, VX_SHR, 0, 0, v, bit),
		       vx(b, VX_CONST, 1, 0, NULL, NULL));
	}
	*taken = (struct guard){ zero ? G_FALSE : G_TRUE, 0 };
	*not = (struct guard){ zero ? G_TRUE : G_FALSE, 0 };
	return v;
}

/*
 * The instruction's events into blk; side: 0, or the side of an
 * alternative (with cap) that it is on, see struct event.  Returns the
 * register an mrs read (for register_effects()), or -1.
 */
static int insn_events(struct build *b, int blk, int stream, int pos,
		       int cap, int side)
{
	const struct asm_stmt *st = b->af->streams[stream].v[pos];
	struct asm_insn in[4];
	struct asm_error e;
	struct asm_filter f = { rules_want, (void *)b->rs };
	int n = asm_read(st->text, in, 4, &f, &e), read = -1;

	if (n < 0) {
		fprintf(b->err, "%s:%u: warning: cannot read '%s': %s\n",
			st->loc.file, st->loc.line, st->text, e.msg);
		b->fn->truncated = true;
		return -1;
	}
	for (int i = 0; i < n && i < 4; i++) {
		enum event_kind k = in[i].kind == INSN_MSR ? EV_WRITE :
				    in[i].kind == INSN_MRS ? EV_READ : EV_INSN;
		struct event *ev = new_event(b, k, st);
		const struct regdb *db = &b->rs->db;

		if (side) {
			ev->may = true;
			ev->alt_cap = cap;
			ev->alt_side = side;
		}

		ev->insn = arena_strdup(&b->tu->arena, in[i].mnemonic);
		ev->name = arena_strdup(&b->tu->arena, in[i].name);
		ev->text = arena_strdup(&b->tu->arena, in[i].text);
		if (k == EV_WRITE || k == EV_READ) {
			ev->reg = in[i].has_enc ? regdb_find_enc(db, in[i].enc) :
						  regdb_find_name(db, in[i].name);
			if (ev->reg >= 0)
				ev->name = db->regs[ev->reg].name;
			if (k == EV_READ)
				read = ev->reg;
		}
		fix_lines(b, ev, stream, pos);
		if (k == EV_WRITE) {		/* "msr reg, x0": x0's value */
			const char *ops[2];
			size_t lens[2];
			const char *t = st->text + strcspn(st->text, " \t");

			if (asm_split_operands(t, strlen(t), ops, lens,
					       2) == 2)
				ev->val = operand_value(b, ops[1], lens[1]);
		}
		cfg_add_event(b->fn, blk, ev);
	}
	return read;
}

/*
 * The exception return leaves, and the path ends here; unless the rules
 * say where it comes back ("function F resumes G": the exception taken
 * from what it returned to enters G, whose return is F's), as a call to G
 * after the eret, which has already synchronized.
 */
static void resume_after_eret(struct build *b, int blk,
			      const struct asm_stmt *st)
{
	const struct fn_attr *a = rules_find_fn(b->rs, b->fn->name);
	struct event *ev;

	if (!a || !a->resumes)
		return;
	ev = new_event(b, EV_CALL, st);
	ev->name = a->resumes;
	ev->callee = symbol_fn(b, asmpp_resolve(b->af, a->resumes,
						strlen(a->resumes), st->seq));
	cfg_add_event(b->fn, blk, ev);
}

/* One statement: its events, then where control goes. */
static void build_stmt_at(struct build *b, int blk, int stream, int pos)
{
	static const char *const ends[] = { "ret", "retaa", "retab", "br",
					    "braa", "braaz", "brab", "brabz",
					    NULL };
	static const char *const erets[] = { "eret", "eretaa", "eretab",
					     NULL };
	static const char *const icalls[] = { "blr", "blraa", "blraaz",
					      "blrab", "blrabz", NULL };
	const struct asm_stmt *st = b->af->streams[stream].v[pos];
	const char *t = st->text, *ops[4];
	size_t lens[4];
	char mn[16];
	size_t ml = mnemonic(t, mn, sizeof(mn));
	int nops, k = -1, read;

	nops = asm_split_operands(t + ml, strlen(t + ml), ops, lens, 4);
	if (!strcmp(mn, "b") || !strncmp(mn, "b.", 2))
		k = 0;
	else if (!strcmp(mn, "cbz") || !strcmp(mn, "cbnz"))
		k = 1;
	else if (!strcmp(mn, "tbz") || !strcmp(mn, "tbnz"))
		k = 2;
	if (k >= 0 && k < nops && k < 4) {
		struct guard taken = { G_NONE, 0 }, not = { G_NONE, 0 };
		const struct vexpr *test = k ?
			test_of(b, mn, ops, lens, &taken, &not) : NULL;

		if (test)
			b->fn->blocks[blk].branch = test;
		else
			taken = not = (struct guard){ G_NONE, 0 };
		branch_to(b, blk, st, ops[k], lens[k], taken);
		if (strcmp(mn, "b"))
			go_to_if(b, blk, stream, pos + 1,
				 in_replacement(b, stream, pos), not);
		return;
	}
	if (!strcmp(mn, "bl") && nops == 1) {
		const char *target = ops[0];
		size_t len = lens[0];
		int l;
		struct event *ev = new_event(b, EV_CALL, st);

		l = asmpp_resolve(b->af, target, len, st->seq);
		ev->name = arena_strndup(&b->tu->arena, target, len);
		ev->callee = symbol_fn(b, l);
		cfg_add_event(b->fn, blk, ev);
		clobber(b, blk, st);
		go_to(b, blk, stream, pos + 1,
		      in_replacement(b, stream, pos));
		return;
	}
	if (one_of(mn, icalls)) {
		struct event *ev;

		insn_events(b, blk, stream, pos, -1, 0);	/* blraa */
		ev = new_event(b, EV_CALL, st);

		ev->name = "(indirect call)";
		cfg_add_event(b->fn, blk, ev);
		clobber(b, blk, st);
		go_to(b, blk, stream, pos + 1,
		      in_replacement(b, stream, pos));
		return;
	}
	if (one_of(mn, ends)) {
		insn_events(b, blk, stream, pos, -1, 0);	/* retaa */
		cfg_add_edge(b->fn, blk, BLOCK_EXIT);
		return;
	}
	read = insn_events(b, blk, stream, pos, -1, 0);
	register_effects(b, blk, st, mn, ops, lens, nops < 4 ? nops : 4,
			 read);
	if (one_of(mn, erets)) {
		resume_after_eret(b, blk, st);
		cfg_add_edge(b->fn, blk, BLOCK_EXIT);
		return;
	}
	go_to(b, blk, stream, pos + 1, in_replacement(b, stream, pos));
}

static const struct alt *alt_at(struct build *b, int stream, int pos)
{
	for (int i = 0; i < b->nalts; i++)
		if (b->alts[i].orig_stream == stream && b->alts[i].orig == pos)
			return &b->alts[i];
	return NULL;
}

/* Does the statement change where control goes (or call)? */
static bool is_control(const struct asm_stmt *st)
{
	static const char *const flow[] = {
		"b", "bl", "blr", "br", "ret", "eret", "cbz", "cbnz", "tbz",
		"tbnz", "blraa", "blraaz", "blrab", "blrabz", "braa", "braaz",
		"brab", "brabz", "retaa", "retab", "eretaa", "eretab", NULL
	};
	char mn[16];

	mnemonic(st->text, mn, sizeof(mn));
	return one_of(mn, flow) || !strncmp(mn, "b.", 2);
}

static bool straight(struct build *b, int stream, int from, int to)
{
	for (int i = from; i < to; i++)
		if (is_control(b->af->streams[stream].v[i]))
			return false;
	return true;
}

/*
 * An alternative of straight-line code on both sides is read as the C
 * front end reads one: each side's instructions as events that may run,
 * marked with the capability and side, in one block (the analysis takes
 * one side where the capability is pinned).  Only one whose sides branch
 * is a branch of the CFG, so that an unpinned capability does not split
 * every path in two for nothing.
 */
static bool linear_alt(struct build *b, int blk, const struct alt *a)
{
	if (!straight(b, a->orig_stream, a->orig, a->orig_end) ||
	    !straight(b, a->repl_stream, a->repl, a->repl_end))
		return false;
	for (int i = a->orig; i < a->orig_end; i++)
		insn_events(b, blk, a->orig_stream, i, a->cap, 1);
	for (int i = a->repl; i < a->repl_end; i++)
		insn_events(b, blk, a->repl_stream, i, a->cap, 2);
	go_to(b, blk, a->orig_stream, a->orig_end, NULL);
	return true;
}

static void build_node(struct build *b, int stream, int pos, int phase)
{
	int blk = b->node[stream][2 * pos + phase];
	const struct alt *a = phase ? NULL : alt_at(b, stream, pos);

	if (a && linear_alt(b, blk, a))
		return;
	if (a) {
		struct vexpr *v = arena_alloc(&b->tu->arena, sizeof(*v));
		int after = cfg_new_block(b->tu, b->fn);

		v->op = VX_SYM;
		v->sym = arena_printf(&b->tu->arena, "cap:%d", a->cap);
		b->fn->blocks[blk].branch = v;
		cfg_add_guarded_edge(b->fn, blk, block_for(b, stream, pos, 1),
				     (struct guard){ G_FALSE, 0 });
		cfg_add_guarded_edge(b->fn, blk, after,
				     (struct guard){ G_TRUE, 0 });
		go_to(b, after, a->repl_stream, a->repl, a);
		return;
	}
	build_stmt_at(b, blk, stream, pos);
}

static void build_fn(struct build *b, int label)
{
	const struct asm_label *l = &b->af->labels[label];
	int first;

	b->fn = b->fns[label];
	b->entry_label = label;
	for (int s = 0; s < b->af->nstreams; s++) {
		size_t n = (size_t)b->af->streams[s].n + 1;

		memset(b->node[s], 0, 2 * n * sizeof(int));
		memset(b->tail[s], 0, n * sizeof(int));
	}
	cfg_new_block(b->tu, b->fn);		/* entry */
	cfg_new_block(b->tu, b->fn);		/* exit */
	b->nwork = 0;
	if (l->pos >= b->af->streams[l->stream].n) {
		cfg_add_edge(b->fn, BLOCK_ENTRY, BLOCK_EXIT);
	} else {
		first = block_for(b, l->stream, l->pos, 0);
		cfg_add_edge(b->fn, BLOCK_ENTRY, first);
	}
	while (b->nwork) {
		int phase = b->work[--b->nwork];
		int pos = b->work[--b->nwork];
		int stream = b->work[--b->nwork];

		build_node(b, stream, pos, phase);
	}
	b->fn->built = true;
}

/* The alternatives whose labels resolve; callbacks are left original. */
static void resolve_alts(struct build *b)
{
	const struct asm_file *af = b->af;

	b->alts = xcalloc((size_t)af->nalts + 1, sizeof(*b->alts));
	for (int i = 0; i < af->nalts; i++) {
		const struct asm_alt *e = &af->alts[i];
		int lab[4];
		uint64_t cap;
		struct expr_error ee;
		const char *f;

		for (int k = 0; k < 4; k++) {
			/* "661f - .", and "662f-661f": the end label first */
			f = e->field[k < 2 ? k : k + 1];
			lab[k] = asmpp_resolve(af, f, strcspn(f, "-"), e->seq);
		}
		f = e->field[2];
		if (expr_eval(f, strlen(f), &cap, &ee) || cap >= (1u << 15))
			continue;	/* a callback, or not understood */
		if (lab[0] < 0 || lab[1] < 0 || lab[2] < 0 || lab[3] < 0 ||
		    af->labels[lab[0]].stream != af->labels[lab[2]].stream ||
		    af->labels[lab[1]].stream != af->labels[lab[3]].stream) {
			fprintf(b->err, "%s:%u: warning: alternative not understood; both of its sides are read as code that may run\n",
				e->loc.file, e->loc.line);
			continue;
		}
		b->alts[b->nalts++] = (struct alt){
			af->labels[lab[0]].stream, af->labels[lab[0]].pos,
			af->labels[lab[2]].pos,
			af->labels[lab[1]].stream, af->labels[lab[1]].pos,
			af->labels[lab[3]].pos, (int)cap };
	}
}

static void build_all(struct build *b)
{
	struct asm_file *af = b->af;

	b->fns = xcalloc((size_t)af->nlabels + 1, sizeof(*b->fns));
	for (int i = 0; i < af->nlabels; i++) {
		const struct asm_label *l = &af->labels[i];
		struct function *fn;
		bool dup = false;

		if (l->local || !af->streams[l->stream].code)
			continue;
		for (int j = 0; j < i; j++)
			dup |= b->fns[j] && !strcmp(af->labels[j].name, l->name);
		if (dup)
			continue;
		fn = arena_alloc(&b->tu->arena, sizeof(*fn));
		fn->name = l->name;
		fn->loc = l->loc;
		fn->is_static = !l->global;
		fn->nslots = NREG_SLOTS;	/* the return value, x0..x30 */
		b->fns[i] = fn;
		VEC_PUSH(b->tu->fns, b->tu->nfns, b->tu->fns_cap, fn);
	}
	resolve_alts(b);
	b->node = xcalloc((size_t)af->nstreams + 1, sizeof(*b->node));
	b->tail = xcalloc((size_t)af->nstreams + 1, sizeof(*b->tail));
	for (int s = 0; s < af->nstreams; s++) {
		size_t n = (size_t)af->streams[s].n + 1;

		b->node[s] = xcalloc(2 * n, sizeof(int));
		b->tail[s] = xcalloc(n, sizeof(int));
	}
	for (int i = 0; i < af->nlabels; i++)
		if (b->fns[i])
			build_fn(b, i);
	for (int s = 0; s < af->nstreams; s++) {
		free(b->node[s]);
		free(b->tail[s]);
	}
	free(b->node);
	free(b->tail);
	free(b->work);
	free(b->alts);
	free(b->fns);
}

/* ---- the TU ---- */

static void note_files(struct tu *tu, const struct asm_file *af)
{
	for (int i = 0; i < af->nfiles; i++) {
		char *text = NULL;
		size_t size = 0;
		const char *why;

		VEC_PUSH(tu->files, tu->nfiles, tu->files_cap,
			 (char *)af->files[i]);
		tu->hashes = xrealloc(tu->hashes, (size_t)tu->files_cap *
						  sizeof(*tu->hashes));
		if (infile_read(af->files[i], &text, &size, &why))
			text = NULL;
		tu->hashes[tu->nfiles - 1] =
			text ? hash_bytes(text, size, HASH_SEED) : 0;
		free(text);
	}
}

int asmfile_parse(const struct ruleset *rs, const char *file,
		  const char *const *args, int nargs, struct tu *tu,
		  FILE *err)
{
	struct names nm = { .tu = tu, .rs = rs };
	struct asmpp_hooks hooks = { name_of, define_seen, &nm };
	struct asm_file af = { .arena = &tu->arena };
	struct build b = { .rs = rs, .tu = tu, .af = &af, .err = err };
	bool failed;
	char *text;

	if (!getcwd(nm.cwd, sizeof(nm.cwd)))
		nm.cwd[0] = '\0';
	for (int a = 0; a < nargs; a++)
		if (!strncmp(args[a], "-working-directory=", 19))
			nm.wd = args[a] + 19;
	text = preprocess(file, args, nargs, err, &failed);
	if (!text || (failed && !*text)) {
		if (text)
			fprintf(err, "%s: error: the preprocessor failed on this file\n",
				file);
		free(text);
		for (int i = 0; i < nm.n; i++)
			free(nm.raw[i]);
		free(nm.raw);
		free(nm.name);
		return -1;
	}
	tu->ncapnum = rs->ncapnames;
	tu->capnum = arena_alloc(&tu->arena, sizeof(*tu->capnum) *
					     ((size_t)rs->ncapnames + 1));
	for (int k = 0; k < rs->ncapnames; k++)
		tu->capnum[k] = -1;
	tu_note_macros(tu, args, nargs);
	tu->configs = config_select(rs, tu);
	tu->main_file = name_of(file, &nm);
	asmpp_read(&af, text, &hooks, err);
	free(text);
	if (failed) {
		tu->nerrors++;
		fprintf(err, "%s: warning: the preprocessor reported errors; analysing what it produced\n",
			file);
	}
	if (af.nwarnings)
		tu->nerrors += af.nwarnings;
	note_files(tu, &af);
	build_all(&b);
	asmpp_free(&af);
	for (int i = 0; i < nm.n; i++)
		free(nm.raw[i]);
	free(nm.raw);
	free(nm.name);
	return 0;
}
