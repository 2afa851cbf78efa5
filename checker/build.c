// SPDX-License-Identifier: GPL-2.0
/*
 * build.c - the CFG of a function from its libclang statements: one
 * builder per statement kind, as sparse's linearize_* are.  Each builder
 * starts in fe->cur and leaves fe->cur at the block where control goes on
 * (a fresh, unreachable block after a jump).
 */
#include "fe.h"

#include <stdlib.h>
#include <string.h>

static int new_block(struct fe *fe)
{
	return cfg_new_block(fe->tu, fe->fn);
}

static void edge(struct fe *fe, int from, int to)
{
	cfg_add_edge(fe->fn, from, to);
}

/* Starts a fresh, unreachable block after a jump. */
static void dead_end(struct fe *fe)
{
	fe->cur = new_block(fe);
}

static int label_block(struct fe *fe, const char *name)
{
	struct label l;
	int i;

	for (i = 0; i < fe->nlabels; i++)
		if (!strcmp(fe->labels[i].name, name))
			return fe->labels[i].block;
	l.name = name;
	l.block = new_block(fe);
	VEC_PUSH(fe->labels, fe->nlabels, fe->labels_cap, l);
	return l.block;
}

/* The edges out of the current block taken when v is nonzero, zero. */
static void guarded_branch(struct fe *fe, const struct vexpr *v, int t, int f)
{
	fe->fn->blocks[fe->cur].branch = v;
	cfg_add_guarded_edge(fe->fn, fe->cur, t, (struct guard){ G_TRUE, 0 });
	cfg_add_guarded_edge(fe->fn, fe->cur, f, (struct guard){ G_FALSE, 0 });
}

/* A tracked local set to v. */
static void assign(struct fe *fe, CXCursor at, int slot, const struct vexpr *v)
{
	struct event *ev = arena_alloc(&fe->tu->arena, sizeof(*ev));

	ev->kind = EV_ASSIGN;
	ev->fn = fe->fn;
	ev->reg = -1;
	ev->alt_cap = -1;
	ev->slot = slot;
	ev->val = v;
	ev->loc = fe_location(fe, at);
	cfg_add_event(fe->fn, fe->cur, ev);
}

/*
 * A store to memory: what was read from memory may have changed; for an
 * assignment, what the memory it names holds now (value_stored()).
 */
static void store(struct fe *fe, CXCursor at)
{
	struct event *ev = arena_alloc(&fe->tu->arena, sizeof(*ev));

	if (clang_getCursorKind(at) != CXCursor_UnaryOperator)
		ev->val = value_stored(fe, at, &ev->name);
	ev->kind = EV_STORE;
	ev->fn = fe->fn;
	ev->reg = -1;
	ev->alt_cap = -1;
	ev->slot = -1;
	ev->loc = fe_location(fe, at);
	cfg_add_event(fe->fn, fe->cur, ev);
}

/* The tracked local an lvalue names ("x", "(x)"), or -1. */
static int lvalue_slot(struct fe *fe, CXCursor c)
{
	for (int depth = 0; depth < 16; depth++) {
		enum CXCursorKind k = clang_getCursorKind(c);
		struct kids kids;

		if (k == CXCursor_DeclRefExpr)
			return value_decl_slot(fe, clang_getCursorReferenced(c));
		if (k != CXCursor_ParenExpr && k != CXCursor_UnexposedExpr)
			return -1;
		kids = fe_children(c);
		if (kids.n != 1) {
			free(kids.v);
			return -1;
		}
		c = kids.v[0];
		free(kids.v);
	}
	return -1;
}

void build_asm_goto(struct fe *fe, const char *labels)
{
	int from = fe->cur, next = new_block(fe);

	edge(fe, from, next);
	for (const char *p = labels; *p;) {
		size_t l = strcspn(p, ",");

		edge(fe, from, label_block(fe, arena_strndup(&fe->tu->arena,
							     p, l)));
		p += l + (p[l] == ',');
	}
	fe->cur = next;
}

/* ---- expressions ---- */

static bool decl_is_noreturn(struct fe *fe, CXCursor decl, const char *name)
{
	const struct fn_attr *a = rules_find_fn(fe->rs, name);
	CXString t;
	bool nr;
	CXToken *toks;
	unsigned ntoks, i;

	if (a && a->noreturn)
		return true;
	if (!strcmp(name, "__builtin_unreachable") ||
	    !strcmp(name, "__builtin_trap"))
		return true;
	t = clang_getTypeSpelling(clang_getCursorType(decl));
	nr = strstr(clang_getCString(t), "noreturn") != NULL;
	clang_disposeString(t);
	if (nr)
		return true;
	/* C11 _Noreturn is a specifier, not part of the type */
	clang_tokenize(fe->tu_cx, clang_getCursorExtent(decl), &toks, &ntoks);
	for (i = 0; i < ntoks && !nr; i++) {
		CXString s = clang_getTokenSpelling(fe->tu_cx, toks[i]);

		nr = !strcmp(clang_getCString(s), "_Noreturn");
		clang_disposeString(s);
	}
	clang_disposeTokens(fe->tu_cx, toks, ntoks);
	return nr;
}

static void build_call(struct fe *fe, CXCursor c)
{
	CXCursor ref = clang_getCursorReferenced(c);
	struct kids k = fe_children(c);
	bool direct = clang_getCursorKind(ref) == CXCursor_FunctionDecl;
	struct event *ev;
	int i;

	/* child 0 is the callee: a function called, not its address taken */
	for (i = direct ? 1 : 0; i < k.n; i++)
		build_expr(fe, k.v[i]);
	free(k.v);
	ev = fe_new_event(fe, EV_CALL, c);
	ev->slot = -1;
	ev->nargs = clang_Cursor_getNumArguments(c);
	if (ev->nargs > 0) {
		ev->args = arena_alloc(&fe->tu->arena, (size_t)ev->nargs *
						       sizeof(*ev->args));
		for (i = 0; i < ev->nargs; i++)
			ev->args[i] = vx_of(fe, clang_Cursor_getArgument(c,
								(unsigned)i));
	} else {
		ev->nargs = 0;
	}
	if (clang_getCursorType(c).kind != CXType_Void) {
		ev->slot = fe->fn->nslots++;
		value_call_slot(fe, c, ev->slot);
	}
	if (clang_getCursorKind(ref) == CXCursor_FunctionDecl) {
		CXCursor def = clang_getCursorDefinition(ref);

		ev->name = fe_cursor_name(fe, ref);
		ev->val = value_call_symbol(fe, c, ref, ev->name);
		if (!clang_Cursor_isNull(def) &&
		    !clang_Location_isInSystemHeader(clang_getCursorLocation(def)))
			ev->callee = fe_function_for(fe, def);
		cfg_add_event(fe->fn, fe->cur, ev);
		if (decl_is_noreturn(fe, ref, ev->name))
			dead_end(fe);
		return;
	}
	ev->name = "(indirect call)";
	{
		/* the callee expression: a pointer to the function type */
		CXType t = clang_getPointeeType(clang_getCanonicalType(
				clang_getCursorType(clang_getCursorReferenced(c))));
		struct kids ck = fe_children(c);

		if (ck.n)
			t = clang_getPointeeType(clang_getCanonicalType(
				clang_getCursorType(ck.v[0])));
		free(ck.v);
		if (t.kind != CXType_Invalid)
			ev->fntype = fe_type_name(fe, t);
	}
	cfg_add_event(fe->fn, fe->cur, ev);
}

/* a && b, a || b: b runs on one side only */
static void build_logical(struct fe *fe, struct kids *k, bool and)
{
	int rhs, join;

	build_expr(fe, k->v[0]);
	rhs = new_block(fe);
	join = new_block(fe);
	if (and)
		guarded_branch(fe, vx_of(fe, k->v[0]), rhs, join);
	else
		guarded_branch(fe, vx_of(fe, k->v[0]), join, rhs);
	fe->cur = rhs;
	build_expr(fe, k->v[1]);
	edge(fe, fe->cur, join);
	fe->cur = join;
}

/* c ? a : b */
static void build_conditional(struct fe *fe, struct kids *k)
{
	int t = new_block(fe), f = new_block(fe), join = new_block(fe);

	build_expr(fe, k->v[0]);
	guarded_branch(fe, vx_of(fe, k->v[0]), t, f);
	fe->cur = t;
	build_expr(fe, k->v[1]);
	edge(fe, fe->cur, join);
	fe->cur = f;
	build_expr(fe, k->v[2]);
	edge(fe, fe->cur, join);
	fe->cur = join;
}

/* x = v, x op= v, x++: a tracked local's new value, after v's events */
static bool build_assignment(struct fe *fe, CXCursor c, struct kids *k)
{
	enum CXCursorKind kind = clang_getCursorKind(c);
	int slot;

	if (kind == CXCursor_UnaryOperator) {
		enum CXUnaryOperatorKind op = clang_getCursorUnaryOperatorKind(c);

		if (k->n != 1 || (op != CXUnaryOperator_PostInc &&
				  op != CXUnaryOperator_PostDec &&
				  op != CXUnaryOperator_PreInc &&
				  op != CXUnaryOperator_PreDec))
			return false;
		build_expr(fe, k->v[0]);
		slot = lvalue_slot(fe, k->v[0]);
		if (slot >= 0)
			assign(fe, c, slot, vx_of(fe, c) /* unknown */);
		else
			store(fe, c);
		return true;
	}
	if (k->n != 2 || (kind == CXCursor_BinaryOperator &&
			  clang_getCursorBinaryOperatorKind(c) !=
			  CXBinaryOperator_Assign))
		return false;
	build_expr(fe, k->v[1]);
	build_expr(fe, k->v[0]);
	slot = lvalue_slot(fe, k->v[0]);
	if (slot >= 0)
		assign(fe, c, slot, value_assigned(fe, c, slot));
	else
		store(fe, c);
	return true;
}

void build_expr(struct fe *fe, CXCursor c)
{
	enum CXCursorKind k = clang_getCursorKind(c);
	enum CXBinaryOperatorKind op;
	struct kids kids;
	int i;

	switch (k) {
	case CXCursor_CallExpr:
		build_call(fe, c);
		return;
	case CXCursor_StmtExpr:
	case CXCursor_GCCAsmStmt:
	case CXCursor_CompoundStmt:
		build_stmt(fe, c);
		return;
	case CXCursor_DeclRefExpr:
		/* a function named outside a call's callee: its address */
		fe_address_taken(fe, clang_getCursorReferenced(c));
		return;
	case CXCursor_UnaryExpr:	/* sizeof, alignof: not evaluated */
	case CXCursor_IntegerLiteral:
	case CXCursor_StringLiteral:
	case CXCursor_CharacterLiteral:
	case CXCursor_FloatingLiteral:
	case CXCursor_TypeRef:
		return;
	default:
		break;
	}
	kids = fe_children(c);
	op = k == CXCursor_BinaryOperator ?
		clang_getCursorBinaryOperatorKind(c) : CXBinaryOperator_Invalid;
	if (k == CXCursor_BinaryOperator && kids.n == 2 &&
	    (op == CXBinaryOperator_LAnd || op == CXBinaryOperator_LOr))
		build_logical(fe, &kids, op == CXBinaryOperator_LAnd);
	else if (k == CXCursor_ConditionalOperator && kids.n == 3)
		build_conditional(fe, &kids);
	else if ((k == CXCursor_BinaryOperator ||
		  k == CXCursor_CompoundAssignOperator ||
		  k == CXCursor_UnaryOperator) &&
		 build_assignment(fe, c, &kids))
		;
	else
		for (i = 0; i < kids.n; i++)
			build_expr(fe, kids.v[i]);
	free(kids.v);
}

/* ---- statements ---- */

static void build_each(struct fe *fe, struct kids *k);

/* c without parentheses and implicit conversions around it */
static CXCursor strip(CXCursor c)
{
	for (int depth = 0; depth < 64; depth++) {
		enum CXCursorKind k = clang_getCursorKind(c);
		struct kids kids;

		if (k != CXCursor_ParenExpr && k != CXCursor_UnexposedExpr)
			break;
		kids = fe_children(c);
		if (kids.n != 1) {
			free(kids.v);
			break;
		}
		c = kids.v[0];
		free(kids.v);
	}
	return c;
}

/*
 * Evaluates cond and goes to block t if it is true, f if not: "a && b"
 * and "a || b" as the branches they are, so that each edge knows which of
 * a and b held; a constant condition has one edge only.
 */
static void cond_branch(struct fe *fe, CXCursor cond, int t, int f, int depth)
{
	CXCursor c = strip(cond);
	enum CXCursorKind k = clang_getCursorKind(c);
	long long v;
	struct kids kids;

	if (fold_cond(fe, cond, &v, 0)) {
		build_expr(fe, cond);
		edge(fe, fe->cur, v ? t : f);
		return;
	}
	kids = fe_children(c);
	if (depth < 64 && k == CXCursor_UnaryOperator && kids.n == 1 &&
	    clang_getCursorUnaryOperatorKind(c) == CXUnaryOperator_LNot) {
		cond_branch(fe, kids.v[0], f, t, depth + 1);
	} else if (depth < 64 && k == CXCursor_BinaryOperator &&
		   kids.n == 2 &&
		   (clang_getCursorBinaryOperatorKind(c) ==
		    CXBinaryOperator_LAnd ||
		    clang_getCursorBinaryOperatorKind(c) ==
		    CXBinaryOperator_LOr)) {
		int mid = new_block(fe);

		if (clang_getCursorBinaryOperatorKind(c) ==
		    CXBinaryOperator_LAnd)
			cond_branch(fe, kids.v[0], mid, f, depth + 1);
		else
			cond_branch(fe, kids.v[0], t, mid, depth + 1);
		fe->cur = mid;
		cond_branch(fe, kids.v[1], t, f, depth + 1);
	} else {
		build_expr(fe, cond);
		guarded_branch(fe, vx_of(fe, cond), t, f);
	}
	free(kids.v);
}

/* Branches on cond; returns the false-side block, fe->cur is the true side. */
static int branch(struct fe *fe, CXCursor cond)
{
	int t = new_block(fe), f = new_block(fe);

	cond_branch(fe, cond, t, f, 0);
	fe->cur = t;
	return f;
}

static void loop_body(struct fe *fe, CXCursor body, int brk, int cont)
{
	int ob = fe->break_to, oc = fe->continue_to;

	fe->break_to = brk;
	fe->continue_to = cont;
	build_stmt(fe, body);
	fe->break_to = ob;
	fe->continue_to = oc;
}

/* C: cond, then[, else] */
static void build_if(struct fe *fe, struct kids *k)
{
	int f = branch(fe, k->v[0]), join;

	build_stmt(fe, k->v[1]);
	join = new_block(fe);
	edge(fe, fe->cur, join);
	fe->cur = f;
	if (k->n >= 3)
		build_stmt(fe, k->v[2]);
	edge(fe, fe->cur, join);
	fe->cur = join;
}

static void build_while(struct fe *fe, struct kids *k)
{
	int head = new_block(fe), exit;

	edge(fe, fe->cur, head);
	fe->cur = head;
	exit = branch(fe, k->v[0]);
	loop_body(fe, k->v[1], exit, head);
	edge(fe, fe->cur, head);
	fe->cur = exit;
}

static void build_do(struct fe *fe, struct kids *k)
{
	int body = new_block(fe), cond = new_block(fe);
	int exit = new_block(fe), f;

	edge(fe, fe->cur, body);
	fe->cur = body;
	loop_body(fe, k->v[0], exit, cond);
	edge(fe, fe->cur, cond);
	fe->cur = cond;
	f = branch(fe, k->v[1]);
	edge(fe, fe->cur, body);
	edge(fe, f, exit);
	fe->cur = exit;
}

/*
 * libclang omits absent init/cond/inc parts, so which child is which is
 * unknown.  Every part but the body is evaluated on each iteration, which
 * over-approximates the init and is exact for the rest.  With no part at
 * all, "for (;;)" only leaves through break.
 */
static void build_for(struct fe *fe, struct kids *k)
{
	int head = new_block(fe), body = new_block(fe);
	int exit = new_block(fe), i;

	edge(fe, fe->cur, head);
	fe->cur = head;
	for (i = 0; i < k->n - 1; i++)
		build_expr(fe, k->v[i]);
	edge(fe, fe->cur, body);
	if (k->n > 1)
		edge(fe, fe->cur, exit);
	fe->cur = body;
	loop_body(fe, k->v[k->n - 1], exit, head);
	edge(fe, fe->cur, head);
	fe->cur = exit;
}

static void build_switch(struct fe *fe, struct kids *k)
{
	int ob = fe->break_to, osw = fe->switch_block;
	bool odef = fe->switch_default;
	int exit = new_block(fe);

	build_expr(fe, k->v[k->n - 2]);
	fe->switch_block = fe->cur;
	fe->fn->blocks[fe->cur].branch = vx_of(fe, k->v[k->n - 2]);
	fe->switch_default = false;
	fe->break_to = exit;
	dead_end(fe);
	build_stmt(fe, k->v[k->n - 1]);
	edge(fe, fe->cur, exit);
	if (!fe->switch_default)
		cfg_add_guarded_edge(fe->fn, fe->switch_block, exit,
				     (struct guard){ G_DEFAULT, 0 });
	fe->break_to = ob;
	fe->switch_block = osw;
	fe->switch_default = odef;
	fe->cur = exit;
}

/*
 * case X: and default: (reached from the switch, or by falling through).
 * A case's edge carries its value (none for a GNU range "case A ... B",
 * which has two children before the statement).
 */
static void build_case(struct fe *fe, struct kids *k, bool is_default)
{
	struct guard g = { G_DEFAULT, 0 };
	int b = new_block(fe);
	long long v;

	edge(fe, fe->cur, b);
	if (!is_default)
		g = k->n == 2 && fold_cond(fe, k->v[0], &v, 0) ?
			(struct guard){ G_CASE, (uint64_t)v } :
			(struct guard){ G_NONE, 0 };
	if (fe->switch_block >= 0)
		cfg_add_guarded_edge(fe->fn, fe->switch_block, b, g);
	if (is_default)
		fe->switch_default = true;
	fe->cur = b;
	build_stmt(fe, k->v[k->n - 1]);
}

static void build_jump(struct fe *fe, int to)
{
	if (to >= 0)
		edge(fe, fe->cur, to);
	dead_end(fe);
}

static void build_return(struct fe *fe, CXCursor c, struct kids *k)
{
	for (int i = 0; i < k->n; i++)
		build_expr(fe, k->v[i]);
	if (k->n == 1)
		assign(fe, c, SLOT_RETURN, vx_of(fe, k->v[0]));
	build_jump(fe, BLOCK_EXIT);
}

/* A local's declaration: its initial value, or unknown. */
static void build_var(struct fe *fe, CXCursor c, struct kids *k)
{
	int slot;

	build_each(fe, k);
	slot = value_decl_slot(fe, c);
	if (slot < 0)
		return;
	if (k->n && clang_isExpression(clang_getCursorKind(k->v[k->n - 1])))
		assign(fe, c, slot, vx_of(fe, k->v[k->n - 1]));
	else
		assign(fe, c, slot, vx_of(fe, c));	/* unknown */
}

/* goto L (label known), or goto *p (label NULL): linked at the end */
static void build_goto(struct fe *fe, struct kids *k, bool computed)
{
	struct pending_goto g = { fe->cur, NULL };

	if (computed) {
		for (int i = 0; i < k->n; i++)
			build_expr(fe, k->v[i]);
		g.block = fe->cur;
	} else if (k->n >= 1) {
		g.label = fe_cursor_name(fe, k->v[0]);
	}
	VEC_PUSH(fe->gotos, fe->ngotos, fe->gotos_cap, g);
	dead_end(fe);
}

static void build_label(struct fe *fe, CXCursor c, struct kids *k)
{
	int b = label_block(fe, fe_cursor_name(fe, c));

	edge(fe, fe->cur, b);
	fe->cur = b;
	if (k->n >= 1)
		build_stmt(fe, k->v[k->n - 1]);
}

/* Slots from..to-1 are out of scope: the analysis forgets them. */
static void forget(struct fe *fe, CXCursor at, int from, int to)
{
	struct event *ev;

	if (from >= to)
		return;
	ev = arena_alloc(&fe->tu->arena, sizeof(*ev));
	ev->kind = EV_FORGET;
	ev->fn = fe->fn;
	ev->reg = -1;
	ev->alt_cap = -1;
	ev->slot = from;
	ev->nargs = to - from;
	ev->loc = fe_location(fe, at);
	cfg_add_event(fe->fn, fe->cur, ev);
}

/*
 * After statement c (which began with slot from), what it made that does
 * not outlive it: its calls' results and its statement expressions'
 * locals, but not the variables it declares.
 */
static void end_statement(struct fe *fe, CXCursor c, int from)
{
	int to = fe->fn->nslots;

	if (clang_getCursorKind(c) == CXCursor_DeclStmt) {
		struct kids k = fe_children(c);

		for (int i = 0; i < k.n; i++) {
			int slot = value_decl_slot(fe, k.v[i]);

			if (slot < from)
				continue;
			forget(fe, c, from, slot);
			from = slot + 1;
		}
		free(k.v);
	}
	forget(fe, c, from, to);
}

/*
 * A block: each statement's temporaries end with it, the block's
 * variables with the block; in a block the developer wrote (not a
 * macro's), each statement is also a place for a fix.
 */
static void build_compound(struct fe *fe, CXCursor c, struct kids *k,
			   bool developer)
{
	int start = fe->fn->nslots;

	for (int i = 0; i < k->n; i++) {
		struct span saved = fe->span;
		int from = fe->fn->nslots;

		if (developer)
			fe->span = span_of(fe, k->v[i]);
		build_stmt(fe, k->v[i]);
		fe->span = saved;
		end_statement(fe, k->v[i], from);
	}
	forget(fe, c, start, fe->fn->nslots);
}

static void build_each(struct fe *fe, struct kids *k)
{
	for (int i = 0; i < k->n; i++)
		build_stmt(fe, k->v[i]);
}

/* How many children a statement needs; fewer is a parse error's stub. */
static int parts_needed(enum CXCursorKind kind)
{
	switch (kind) {
	case CXCursor_IfStmt:
	case CXCursor_WhileStmt:
	case CXCursor_DoStmt:
	case CXCursor_SwitchStmt:
		return 2;
	case CXCursor_ForStmt:
	case CXCursor_CaseStmt:
	case CXCursor_DefaultStmt:
		return 1;
	default:
		return 0;
	}
}

static void build_kids(struct fe *fe, CXCursor c, struct kids *k)
{
	enum CXCursorKind kind = clang_getCursorKind(c);

	if (k->n < parts_needed(kind)) {
		/* a statement missing its parts: take what is there */
		build_each(fe, k);
		return;
	}
	switch (kind) {
	case CXCursor_IfStmt:
		build_if(fe, k);
		return;
	case CXCursor_WhileStmt:
		build_while(fe, k);
		return;
	case CXCursor_DoStmt:
		build_do(fe, k);
		return;
	case CXCursor_ForStmt:
		build_for(fe, k);
		return;
	case CXCursor_SwitchStmt:
		build_switch(fe, k);
		return;
	case CXCursor_CaseStmt:
	case CXCursor_DefaultStmt:
		build_case(fe, k, kind == CXCursor_DefaultStmt);
		return;
	case CXCursor_BreakStmt:
		build_jump(fe, fe->break_to);
		return;
	case CXCursor_ContinueStmt:
		build_jump(fe, fe->continue_to);
		return;
	case CXCursor_ReturnStmt:
		build_return(fe, c, k);
		return;
	case CXCursor_GotoStmt:
	case CXCursor_IndirectGotoStmt:
		build_goto(fe, k, kind == CXCursor_IndirectGotoStmt);
		return;
	case CXCursor_LabelStmt:
		build_label(fe, c, k);
		return;
	case CXCursor_GCCAsmStmt:
		for (int i = 0; i < k->n; i++)
			build_expr(fe, k->v[i]);
		build_asm(fe, c);
		return;
	case CXCursor_CompoundStmt:
		build_compound(fe, c, k, !in_macro(c));
		return;
	case CXCursor_VarDecl:
		build_var(fe, c, k);
		return;
	case CXCursor_StmtExpr:
		/* ({ ... }): its locals and its value outlive its block */
		for (int i = 0; i < k->n; i++) {
			struct kids body = fe_children(k->v[i]);

			if (clang_getCursorKind(k->v[i]) == CXCursor_CompoundStmt)
				build_each(fe, &body);
			else
				build_stmt(fe, k->v[i]);
			free(body.v);
		}
		return;
	case CXCursor_DeclStmt:
		build_each(fe, k);
		return;
	case CXCursor_NullStmt:
	case CXCursor_TypeRef:
	case CXCursor_TypedefDecl:
	case CXCursor_StructDecl:
	case CXCursor_UnionDecl:
	case CXCursor_EnumDecl:
	case CXCursor_FunctionDecl:	/* a local declaration */
		return;
	default:
		build_expr(fe, c);
		return;
	}
}

void build_stmt(struct fe *fe, CXCursor c)
{
	struct kids k;

	if (++fe->depth > MAX_DEPTH) {
		if (!fe->fn->truncated)
			fe_warn(fe, c, "statements in %s nested more than %d deep; the rest is not analysed",
				fe->fn->name, MAX_DEPTH);
		fe->fn->truncated = true;
		fe->depth--;
		return;
	}
	k = fe_children(c);
	build_kids(fe, c, &k);
	free(k.v);
	fe->depth--;
}

/* Links each goto to its label; a computed goto may reach any label. */
static void link_gotos(struct fe *fe)
{
	for (int i = 0; i < fe->ngotos; i++) {
		struct pending_goto *g = &fe->gotos[i];

		if (g->label) {
			edge(fe, g->block, label_block(fe, g->label));
			continue;
		}
		for (int j = 0; j < fe->nlabels; j++)
			edge(fe, g->block, fe->labels[j].block);
	}
}

void build_function(struct fe *fe, struct function *fn, CXCursor def)
{
	struct kids k;
	int i;

	fe->fn = fn;
	fe->fn_cursor = def;
	fe->span = (struct span){ 0, 0, NULL };
	fe->nlabels = fe->ngotos = 0;
	fe->break_to = fe->continue_to = fe->switch_block = -1;
	fe->depth = 0;
	cfg_new_block(fe->tu, fn);	/* BLOCK_ENTRY */
	cfg_new_block(fe->tu, fn);	/* BLOCK_EXIT */
	fe->cur = BLOCK_ENTRY;
	value_begin_function(fe, def);
	asm_templates_match(fe, def);

	k = fe_children(def);
	for (i = 0; i < k.n; i++)
		if (clang_getCursorKind(k.v[i]) == CXCursor_CompoundStmt)
			build_stmt(fe, k.v[i]);
	free(k.v);
	edge(fe, fe->cur, BLOCK_EXIT);
	link_gotos(fe);
	asm_templates_free(fe);
	fn->built = true;
}
