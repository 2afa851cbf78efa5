// SPDX-License-Identifier: GPL-2.0
/*
 * pacret.c - the instructions return-address signing adds to C code.
 *
 * Built with -mbranch-protection=pac-ret (or standard, or the older
 * -msign-return-address=non-leaf), a function the compiler emits on its
 * own opens with PACIASP and, on its way out, authenticates the return
 * address with AUTIASP (PACIBSP/AUTIBSP with +b-key).  No source line
 * holds them, yet they read the pointer-authentication key, so a key
 * written and not yet synchronized when they run is a bug (the pauth
 * rules): KVM switches keys in assembly for that reason.  This adds them
 * as instruction events: at the function's name on entry, at its closing
 * brace on the way out (the exit block).
 *
 * Which functions are signed is the compiler's choice, made after
 * inlining; what is known here is:
 *   - a function declared inline is taken to be inlined into its
 *     callers, whose own prologue and epilogue stand for it;
 *   - a static function that is not inline and whose address is never
 *     taken may be inlined too, so it is given none (unsure either way:
 *     the instructions then belong to its caller, which has them when
 *     it is signed itself);
 *   - a function with external linkage, or whose address is taken, is
 *     emitted on its own;
 *   - of those, pac-ret signs only the ones that call something (that
 *     save the link register), pac-ret+leaf all.  "Calls something" is
 *     a call, direct or through a pointer, to a function not declared
 *     inline, or to one declared inline that calls something.
 * A function's own attributes (target("branch-protection=...")) are not
 * read: the command line's choice holds for every function.
 */
#include "fe.h"

#include <stdlib.h>
#include <string.h>

struct pacret {
	bool on, leaf, bkey;
	const char *flag;	/* the argument that decided, for messages */
};

/* The last -mbranch-protection= or -msign-return-address= wins. */
static struct pacret pacret_of(const char *const *args, int nargs)
{
	struct pacret r = { false, false, false, NULL };

	for (int a = 0; a < nargs; a++) {
		const char *v = args[a];

		if (!strncmp(v, "-msign-return-address=", 22)) {
			v += 22;
			r = (struct pacret){ strcmp(v, "none") != 0,
					     !strcmp(v, "all"), false, args[a] };
			continue;
		}
		if (strncmp(v, "-mbranch-protection=", 20))
			continue;
		r = (struct pacret){ false, false, false, args[a] };
		for (v += 20; *v; ) {
			size_t n = strcspn(v, "+");

			if ((n == 7 && !strncmp(v, "pac-ret", 7)) ||
			    (n == 8 && !strncmp(v, "standard", 8)))
				r.on = true;
			else if (n == 4 && !strncmp(v, "leaf", 4))
				r.leaf = true;
			else if (n == 5 && !strncmp(v, "b-key", 5))
				r.bkey = true;
			v += n + (v[n] == '+');
		}
	}
	return r;
}

static int def_index(const struct fe *fe, const struct function *fn)
{
	for (int i = 0; i < fe->ndefs; i++)
		if (fe->defs[i].fn == fn)
			return i;
	return -1;
}

static bool declared_inline(const struct fe *fe, const struct function *fn)
{
	int i = def_index(fe, fn);

	return i >= 0 && clang_Cursor_isFunctionInlined(fe->defs[i].def);
}

/* Does fn call something its own frame must return from? */
static bool calls_out(const struct fe *fe, const struct function *fn,
		      int depth)
{
	if (depth > 16)		/* inline helpers nested this deep: say yes */
		return true;
	for (int b = 0; b < fn->nblocks; b++)
		for (int e = 0; e < fn->blocks[b].nev; e++) {
			const struct event *ev = fn->blocks[b].ev[e];

			if (ev->kind != EV_CALL)
				continue;
			if (ev->name && !strncmp(ev->name, "__builtin", 9))
				continue;
			if (!ev->callee || !declared_inline(fe, ev->callee) ||
			    calls_out(fe, ev->callee, depth + 1))
				return true;
		}
	return false;
}

static struct event *pac_event(struct fe *fe, struct function *fn,
			       CXCursor at, const char *insn,
			       const char *flag)
{
	struct event *ev;

	fe->fn = fn;
	ev = fe_new_event(fe, EV_INSN, at);
	ev->insn = insn;
	ev->name = arena_printf(&fe->tu->arena, "(the compiler's, for %s)",
				flag);
	ev->text = arena_printf(&fe->tu->arena, "%s %s", insn, ev->name);
	ev->before_line = ev->after_line = 0;	/* no line of its own */
	ev->indent = NULL;
	ev->macro = NULL;
	return ev;
}

/*
 * ev at the closing brace of def's body; when the brace starts its line,
 * a fix may go on a line of its own before it, indented one tab deeper.
 */
static void at_body_end(struct fe *fe, CXCursor def, struct event *ev)
{
	struct kids k = fe_children(def);

	for (int i = 0; i < k.n; i++) {
		CXSourceLocation end;
		CXFile file;
		unsigned line, col, off;
		const char *text;
		size_t size, b;

		if (clang_getCursorKind(k.v[i]) != CXCursor_CompoundStmt)
			continue;
		end = clang_getRangeEnd(clang_getCursorExtent(k.v[i]));
		ev->loc = fe_source_location(fe, end);
		clang_getExpansionLocation(end, &file, &line, &col, &off);
		if (off == 0)
			break;
		off--;		/* the range ends past the '}' */
		if (ev->loc.col > 1)
			ev->loc.col--;
		text = fe_file_contents(fe->tu_cx, file, &size);
		if (!text || off >= size || text[off] != '}')
			break;
		for (b = off; b > 0 && (text[b - 1] == ' ' || text[b - 1] == '\t');
		     b--)
			;
		if (b == 0 || text[b - 1] == '\n') {
			ev->before_line = ev->loc.line;
			ev->indent = arena_printf(&fe->tu->arena, "%.*s\t",
						  (int)(off - b), text + b);
		}
		break;
	}
	free(k.v);
}

void pacret_add(struct fe *fe, const char *const *args, int nargs)
{
	struct pacret r = pacret_of(args, nargs);
	const char *flag;

	if (!r.on)
		return;
	flag = arena_strdup(&fe->tu->arena, r.flag);
	for (int i = 0; i < fe->ndefs; i++) {
		struct function *fn = fe->defs[i].fn;
		struct block *entry = &fn->blocks[BLOCK_ENTRY];
		struct event *ev;

		if (!fn->built || fn->nblocks <= BLOCK_EXIT ||
		    declared_inline(fe, fn) ||
		    (fn->is_static && !fn->address_taken) ||
		    (!r.leaf && !calls_out(fe, fn, 0)))
			continue;
		ev = pac_event(fe, fn, fe->defs[i].def,
			       r.bkey ? "pacibsp" : "paciasp", flag);
		cfg_add_event(fn, BLOCK_ENTRY, ev);	/* then to the front */
		memmove(entry->ev + 1, entry->ev,
			(size_t)(entry->nev - 1) * sizeof(*entry->ev));
		entry->ev[0] = ev;

		ev = pac_event(fe, fn, fe->defs[i].def,
			       r.bkey ? "autibsp" : "autiasp", flag);
		at_body_end(fe, fe->defs[i].def, ev);
		cfg_add_event(fn, BLOCK_EXIT, ev);
	}
}
