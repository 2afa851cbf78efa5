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
	struct event *ev;
	int i;

	for (i = 0; i < k.n; i++)
		build_expr(fe, k.v[i]);
	free(k.v);
	ev = fe_new_event(fe, EV_CALL, c);
	if (clang_getCursorKind(ref) == CXCursor_FunctionDecl) {
		CXCursor def = clang_getCursorDefinition(ref);

		ev->name = fe_cursor_name(fe, ref);
		if (!clang_Cursor_isNull(def) &&
		    !clang_Location_isInSystemHeader(clang_getCursorLocation(def)))
			ev->callee = fe_function_for(fe, def);
		cfg_add_event(fe->fn, fe->cur, ev);
		if (decl_is_noreturn(fe, ref, ev->name))
			dead_end(fe);
		return;
	}
	ev->name = "(indirect call)";
	cfg_add_event(fe->fn, fe->cur, ev);
}

/* a && b, a || b: b runs on one side only */
static void build_logical(struct fe *fe, struct kids *k)
{
	int rhs, join;

	build_expr(fe, k->v[0]);
	rhs = new_block(fe);
	join = new_block(fe);
	edge(fe, fe->cur, rhs);
	edge(fe, fe->cur, join);
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
	edge(fe, fe->cur, t);
	edge(fe, fe->cur, f);
	fe->cur = t;
	build_expr(fe, k->v[1]);
	edge(fe, fe->cur, join);
	fe->cur = f;
	build_expr(fe, k->v[2]);
	edge(fe, fe->cur, join);
	fe->cur = join;
}

static bool is_logical(CXCursor c)
{
	enum CXBinaryOperatorKind op = clang_getCursorBinaryOperatorKind(c);

	return op == CXBinaryOperator_LAnd || op == CXBinaryOperator_LOr;
}

void build_expr(struct fe *fe, CXCursor c)
{
	enum CXCursorKind k = clang_getCursorKind(c);
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
	case CXCursor_UnaryExpr:	/* sizeof, alignof: not evaluated */
	case CXCursor_DeclRefExpr:
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
	if (k == CXCursor_BinaryOperator && kids.n == 2 && is_logical(c))
		build_logical(fe, &kids);
	else if (k == CXCursor_ConditionalOperator && kids.n == 3)
		build_conditional(fe, &kids);
	else
		for (i = 0; i < kids.n; i++)
			build_expr(fe, kids.v[i]);
	free(kids.v);
}

/* ---- statements ---- */

/* Branches on cond; returns the false-side block, fe->cur is the true side. */
static int branch(struct fe *fe, CXCursor cond)
{
	bool always = false, never = false;
	long long v;
	int t, f;

	build_expr(fe, cond);
	if (fold_cond(fe, cond, &v, 0)) {
		always = v != 0;
		never = v == 0;
	}
	t = new_block(fe);
	f = new_block(fe);
	if (!never)
		edge(fe, fe->cur, t);
	if (!always)
		edge(fe, fe->cur, f);
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
	fe->switch_default = false;
	fe->break_to = exit;
	dead_end(fe);
	build_stmt(fe, k->v[k->n - 1]);
	edge(fe, fe->cur, exit);
	if (!fe->switch_default)
		edge(fe, fe->switch_block, exit);
	fe->break_to = ob;
	fe->switch_block = osw;
	fe->switch_default = odef;
	fe->cur = exit;
}

/* case X: and default: (reached from the switch, or by falling through) */
static void build_case(struct fe *fe, struct kids *k, bool is_default)
{
	int b = new_block(fe);

	edge(fe, fe->cur, b);
	if (fe->switch_block >= 0)
		edge(fe, fe->switch_block, b);
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

static void build_return(struct fe *fe, struct kids *k)
{
	for (int i = 0; i < k->n; i++)
		build_expr(fe, k->v[i]);
	build_jump(fe, BLOCK_EXIT);
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

/* A block the developer wrote: each statement is a place for a fix. */
static void build_compound(struct fe *fe, struct kids *k)
{
	for (int i = 0; i < k->n; i++) {
		struct span saved = fe->span;

		fe->span = span_of(fe, k->v[i]);
		build_stmt(fe, k->v[i]);
		fe->span = saved;
	}
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
		build_return(fe, k);
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
		if (!in_macro(c)) {
			build_compound(fe, k);
			return;
		}
		build_each(fe, k);	/* a macro's body: not the developer's */
		return;
	case CXCursor_StmtExpr:
	case CXCursor_DeclStmt:
	case CXCursor_VarDecl:
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
	fe->span = (struct span){ 0, 0, NULL };
	fe->nlabels = fe->ngotos = 0;
	fe->break_to = fe->continue_to = fe->switch_block = -1;
	fe->depth = 0;
	cfg_new_block(fe->tu, fn);	/* BLOCK_ENTRY */
	cfg_new_block(fe->tu, fn);	/* BLOCK_EXIT */
	fe->cur = BLOCK_ENTRY;
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
