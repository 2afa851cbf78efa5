// SPDX-License-Identifier: GPL-2.0
/*
 * value.c - expressions as the analysis evaluates them (struct vexpr):
 * constants, the function's tracked locals, register reads, symbols
 * whose value is fixed for a run, and the operators on them; and branch
 * conditions that are constant.
 *
 * A local is tracked when it is a scalar (integer, bool, enum, pointer)
 * whose address is never taken: its value then changes only where the
 * function assigns it, which the CFG says (EV_ASSIGN).  A call's result is
 * a slot of its own, set by the analysis from the callee's return value,
 * or a symbol when the rules say what the call is: "pure" (same result
 * along a run), "captest" (whether capability N is set), "keytest" (a
 * static key's state).
 */
#include "fe.h"
#include "hashidx.h"

#include <stdlib.h>
#include <string.h>

#define MAX_VX_DEPTH 64

static struct vexpr *vx_new(struct fe *fe, enum vx_op op)
{
	struct vexpr *e = arena_alloc(&fe->tu->arena, sizeof(*e));

	e->op = op;
	return e;
}

static const struct vexpr *vx_unknown(struct fe *fe)
{
	return vx_new(fe, VX_UNKNOWN);
}

const struct vexpr *vx_const(struct fe *fe, uint64_t c)
{
	struct vexpr *e = vx_new(fe, VX_CONST);

	e->c = c;
	return e;
}

const struct vexpr *vx_local(struct fe *fe, int slot)
{
	struct vexpr *e = vx_new(fe, VX_LOCAL);

	e->a = slot;
	return e;
}

const struct vexpr *vx_read(struct fe *fe, int reg)
{
	struct vexpr *e;

	if (reg < 0)
		return vx_unknown(fe);
	e = vx_new(fe, VX_READ);
	e->a = reg;
	return e;
}

/* mask: the bits the symbol's value can have (0: any) */
static const struct vexpr *vx_sym(struct fe *fe, const char *sym,
				  uint64_t mask)
{
	struct vexpr *e = vx_new(fe, VX_SYM);

	e->sym = sym;
	e->c = mask;
	return e;
}

/*
 * The bits a value of type t can have: a bool is 0 or 1, an unsigned
 * type narrower than 64 bits is zero above its width; 0 (any) otherwise,
 * a negative signed value having every high bit set.
 */
static uint64_t type_mask(CXType t)
{
	long long size;

	t = clang_getCanonicalType(t);
	switch (t.kind) {
	case CXType_Bool:
		return 1;
	case CXType_UChar:
	case CXType_UShort:
	case CXType_UInt:
	case CXType_ULong:
	case CXType_ULongLong:
		size = clang_Type_getSizeOf(t);
		return size > 0 && size < 8 ? (1ull << (8 * size)) - 1 : 0;
	default:
		return 0;
	}
}

static const struct vexpr *vx_bin(struct fe *fe, enum vx_op op,
				  const struct vexpr *l, const struct vexpr *r)
{
	struct vexpr *e = vx_new(fe, op);

	e->l = l;
	e->r = r;
	return e;
}

/* ---- which locals are tracked ---- */

static bool scalar_type(CXType t)
{
	t = clang_getCanonicalType(t);
	switch (t.kind) {
	case CXType_Bool:
	case CXType_Char_U:
	case CXType_UChar:
	case CXType_UShort:
	case CXType_UInt:
	case CXType_ULong:
	case CXType_ULongLong:
	case CXType_Char_S:
	case CXType_SChar:
	case CXType_Short:
	case CXType_Int:
	case CXType_Long:
	case CXType_LongLong:
	case CXType_Enum:
	case CXType_Pointer:
		return true;
	default:
		return false;
	}
}

struct decl_key {
	const struct decl_slot *v;
	CXCursor c;
};

static bool same_decl(int i, void *ctx)
{
	const struct decl_key *k = ctx;

	return clang_equalCursors(k->v[i].decl, k->c);
}

static int find_decl(struct fe *fe, CXCursor decl)
{
	struct decl_key k = { fe->vals.decls, decl };

	return hashidx_find(&fe->vals.decl_index, clang_hashCursor(decl),
			    same_decl, &k);
}

static void add_decl(struct fe *fe, CXCursor decl, int slot)
{
	struct decl_slot ds = { decl, slot };

	hashidx_add(&fe->vals.decl_index, clang_hashCursor(decl),
		    fe->vals.ndecls);
	VEC_PUSH(fe->vals.decls, fe->vals.ndecls, fe->vals.decls_cap, ds);
}

static enum CXChildVisitResult find_address_taken(CXCursor c, CXCursor parent,
						  CXClientData data)
{
	struct fe *fe = data;

	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_UnaryOperator &&
	    clang_getCursorUnaryOperatorKind(c) == CXUnaryOperator_AddrOf) {
		struct kids k = fe_children(c);

		/* &x, &(x), &x.field: x lives in memory */
		while (k.n == 1 && clang_getCursorKind(k.v[0]) !=
		       CXCursor_DeclRefExpr) {
			CXCursor inner = k.v[0];

			free(k.v);
			k = fe_children(inner);
		}
		if (k.n == 1) {
			CXCursor d = clang_getCursorReferenced(k.v[0]);

			if (find_decl(fe, d) < 0)
				add_decl(fe, d, -1);
		}
		free(k.v);
	}
	return CXChildVisit_Recurse;
}

static bool same_assigned(int i, void *ctx)
{
	const void **k = ctx;

	return clang_equalCursors(((struct fe *)k[0])->vals.assigned[i],
				  *(const CXCursor *)k[1]);
}

static bool is_assigned(struct fe *fe, CXCursor decl)
{
	const void *k[2] = { fe, &decl };

	return hashidx_find(&fe->vals.assigned_index, clang_hashCursor(decl),
			    same_assigned, k) >= 0;
}

/* The variable an lvalue names through parentheses and casts, if any. */
static void note_assigned(struct fe *fe, CXCursor lv)
{
	for (int depth = 0; depth < 16; depth++) {
		enum CXCursorKind k = clang_getCursorKind(lv);
		struct kids kids;

		if (k == CXCursor_DeclRefExpr) {
			CXCursor d = clang_getCursorReferenced(lv);

			if (!is_assigned(fe, d)) {
				hashidx_add(&fe->vals.assigned_index,
					    clang_hashCursor(d),
					    fe->vals.nassigned);
				VEC_PUSH(fe->vals.assigned, fe->vals.nassigned,
					 fe->vals.assigned_cap, d);
			}
			return;
		}
		if (k != CXCursor_ParenExpr && k != CXCursor_UnexposedExpr &&
		    k != CXCursor_CStyleCastExpr && k != CXCursor_MemberRefExpr)
			return;
		kids = fe_children(lv);
		if (!kids.n) {
			free(kids.v);
			return;
		}
		/* x.f = v assigns x too (a struct held in a variable) */
		lv = kids.v[k == CXCursor_CStyleCastExpr ? kids.n - 1 : 0];
		free(kids.v);
		/* but p->f = v does not assign p */
		if (k == CXCursor_MemberRefExpr &&
		    clang_getCanonicalType(clang_getCursorType(lv)).kind ==
		    CXType_Pointer)
			return;
	}
}

static enum CXChildVisitResult find_assigned(CXCursor c, CXCursor parent,
					     CXClientData data)
{
	struct fe *fe = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	struct kids kids;

	(void)parent;
	if (k != CXCursor_BinaryOperator && k != CXCursor_CompoundAssignOperator &&
	    k != CXCursor_UnaryOperator)
		return CXChildVisit_Recurse;
	if (k == CXCursor_BinaryOperator &&
	    clang_getCursorBinaryOperatorKind(c) != CXBinaryOperator_Assign)
		return CXChildVisit_Recurse;
	if (k == CXCursor_UnaryOperator) {
		enum CXUnaryOperatorKind op = clang_getCursorUnaryOperatorKind(c);

		if (op != CXUnaryOperator_PostInc &&
		    op != CXUnaryOperator_PostDec &&
		    op != CXUnaryOperator_PreInc &&
		    op != CXUnaryOperator_PreDec &&
		    op != CXUnaryOperator_AddrOf)
			return CXChildVisit_Recurse;
	}
	kids = fe_children(c);
	if (kids.n)
		note_assigned(fe, kids.v[0]);
	free(kids.v);
	return CXChildVisit_Recurse;
}

void value_begin_function(struct fe *fe, CXCursor def)
{
	struct kids k = fe_children(def);

	fe->vals.ndecls = fe->vals.ncalls = fe->vals.nassigned = 0;
	hashidx_free(&fe->vals.decl_index);
	hashidx_free(&fe->vals.call_index);
	hashidx_free(&fe->vals.assigned_index);
	clang_visitChildren(def, find_assigned, fe);
	fe->fn->nslots = 1;		/* SLOT_RETURN */
	/* first the locals whose address is taken: slot -1, never tracked */
	clang_visitChildren(def, find_address_taken, fe);
	for (int i = 0; i < k.n; i++)
		if (clang_getCursorKind(k.v[i]) == CXCursor_ParmDecl) {
			int slot = fe->fn->nslots++;

			fe->fn->nparams++;
			if (find_decl(fe, k.v[i]) >= 0)
				continue;	/* its address is taken */
			add_decl(fe, k.v[i],
				 scalar_type(clang_getCursorType(k.v[i])) ?
				 slot : -1);
		}
	free(k.v);
}

int value_decl_slot(struct fe *fe, CXCursor decl)
{
	int i = find_decl(fe, decl), slot;

	if (i >= 0)
		return fe->vals.decls[i].slot;
	if (clang_getCursorKind(decl) != CXCursor_VarDecl ||
	    clang_Cursor_getStorageClass(decl) == CX_SC_Static ||
	    clang_Cursor_getStorageClass(decl) == CX_SC_Extern ||
	    !scalar_type(clang_getCursorType(decl)))
		return -1;
	/* a local declared in this function (a global has no parent fn) */
	if (!clang_equalCursors(clang_getCursorSemanticParent(decl),
				fe->fn_cursor))
		return -1;
	slot = fe->fn->nslots++;
	add_decl(fe, decl, slot);
	return slot;
}

void value_call_slot(struct fe *fe, CXCursor call, int slot)
{
	struct call_slot cs = { call, slot };

	hashidx_add(&fe->vals.call_index, clang_hashCursor(call),
		    fe->vals.ncalls);
	VEC_PUSH(fe->vals.calls, fe->vals.ncalls, fe->vals.calls_cap, cs);
}

struct call_key {
	const struct call_slot *v;
	CXCursor c;
};

static bool same_call(int i, void *ctx)
{
	const struct call_key *k = ctx;

	return clang_equalCursors(k->v[i].call, k->c);
}

static int call_slot(struct fe *fe, CXCursor call)
{
	struct call_key k = { fe->vals.calls, call };
	int i = hashidx_find(&fe->vals.call_index, clang_hashCursor(call),
			     same_call, &k);

	return i >= 0 ? fe->vals.calls[i].slot : -1;
}

/* ---- what the rules say a call is ---- */

static bool in_names(const char *const *names, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (glob_match(names[i], name))
			return true;
	return false;
}

static bool constant(CXCursor c, uint64_t *v);

static const char *unary_spelling(enum CXUnaryOperatorKind op)
{
	switch (op) {
	case CXUnaryOperator_AddrOf:
		return "&";
	case CXUnaryOperator_Deref:
		return "*";
	case CXUnaryOperator_Minus:
		return "-";
	case CXUnaryOperator_Not:
		return "~";
	case CXUnaryOperator_LNot:
		return "!";
	default:
		return NULL;	/* ++, --: not a value to name */
	}
}

/*
 * A name for what expression c denotes, built from its AST (so it is the
 * same whether c was written directly or came out of a macro): two
 * expressions with the same key read the same variables, members and
 * elements through the same operators.  NULL when c has side effects or
 * a part the key cannot name (a call, an assignment): such an argument
 * makes no symbol, so nothing is correlated through it.
 */
char *value_expr_key(struct fe *fe, CXCursor c, int depth)
{
	enum CXCursorKind k = clang_getCursorKind(c);
	struct arena *a = &fe->tu->arena;
	struct kids kids;
	char *key = NULL, *l, *r;
	CXString sp;
	uint64_t v;

	if (depth > MAX_VX_DEPTH || !clang_isExpression(k))
		return NULL;
	if (k != CXCursor_CallExpr && k != CXCursor_StmtExpr && constant(c, &v))
		return arena_printf(a, "%llu", (unsigned long long)v);
	if (k == CXCursor_DeclRefExpr) {
		CXCursor d = clang_getCursorReferenced(c);

		/* a local the function changes names different things */
		if (clang_equalCursors(clang_getCursorSemanticParent(d),
				       fe->fn_cursor) && is_assigned(fe, d))
			return NULL;
		sp = clang_getCursorSpelling(d);
		key = arena_strdup(a, clang_getCString(sp));
		clang_disposeString(sp);
		return key;
	}
	kids = fe_children(c);
	switch (k) {
	case CXCursor_ParenExpr:
	case CXCursor_UnexposedExpr:	/* implicit conversions */
		if (kids.n == 1)
			key = value_expr_key(fe, kids.v[0], depth + 1);
		break;
	case CXCursor_CStyleCastExpr:
		if (kids.n >= 1 &&
		    (l = value_expr_key(fe, kids.v[kids.n - 1], depth + 1))) {
			sp = clang_getTypeSpelling(clang_getCursorType(c));
			key = arena_printf(a, "((%s)%s)", clang_getCString(sp), l);
			clang_disposeString(sp);
		}
		break;
	case CXCursor_MemberRefExpr:
		sp = clang_getCursorSpelling(c);
		if (kids.n == 1 &&
		    (l = value_expr_key(fe, kids.v[0], depth + 1)))
			key = arena_printf(a, "(%s).%s", l, clang_getCString(sp));
		clang_disposeString(sp);
		break;
	case CXCursor_ArraySubscriptExpr:
		if (kids.n == 2 &&
		    (l = value_expr_key(fe, kids.v[0], depth + 1)) &&
		    (r = value_expr_key(fe, kids.v[1], depth + 1)))
			key = arena_printf(a, "(%s)[%s]", l, r);
		break;
	case CXCursor_UnaryOperator: {
		const char *op = unary_spelling(
			clang_getCursorUnaryOperatorKind(c));

		if (op && kids.n == 1 &&
		    (l = value_expr_key(fe, kids.v[0], depth + 1)))
			key = arena_printf(a, "%s(%s)", op, l);
		break;
	}
	case CXCursor_BinaryOperator: {
		enum CXBinaryOperatorKind op =
			clang_getCursorBinaryOperatorKind(c);

		if (op < CXBinaryOperator_Assign && kids.n == 2 &&
		    (l = value_expr_key(fe, kids.v[0], depth + 1)) &&
		    (r = value_expr_key(fe, kids.v[1], depth + 1))) {
			sp = clang_getBinaryOperatorKindSpelling(op);
			key = arena_printf(a, "(%s%s%s)", l,
					   clang_getCString(sp), r);
			clang_disposeString(sp);
		}
		break;
	}
	default:
		break;
	}
	free(kids.v);
	return key;
}

/* "name(key,key...)": NULL if an argument has no key. */
static char *call_key(struct fe *fe, CXCursor call, const char *name)
{
	int nargs = clang_Cursor_getNumArguments(call);
	char *s = arena_printf(&fe->tu->arena, "%s(", name);

	for (int i = 0; i < nargs; i++) {
		char *k = value_expr_key(fe,
			clang_Cursor_getArgument(call, (unsigned)i), 0);

		if (!k)
			return NULL;
		s = arena_printf(&fe->tu->arena, "%s%s%s", s, i ? "," : "", k);
	}
	return arena_printf(&fe->tu->arena, "%s)", s);
}

static bool has_attr(CXCursor decl, enum CXCursorKind kind)
{
	struct kids k = fe_children(decl);
	bool found = false;

	for (int i = 0; i < k.n && !found; i++)
		found = clang_getCursorKind(k.v[i]) == kind;
	free(k.v);
	return found;
}

static bool constant(CXCursor c, uint64_t *v)
{
	CXEvalResult r = clang_Cursor_Evaluate(c);
	bool ok = false;

	if (r) {
		ok = clang_EvalResult_getKind(r) == CXEval_Int;
		if (ok)
			*v = clang_EvalResult_isUnsignedInt(r) ?
				(uint64_t)clang_EvalResult_getAsUnsigned(r) :
				(uint64_t)clang_EvalResult_getAsLongLong(r);
		clang_EvalResult_dispose(r);
	}
	return ok;
}

const struct vexpr *value_call_symbol(struct fe *fe, CXCursor call,
				      CXCursor decl, const char *name)
{
	const struct ruleset *rs = fe->rs;
	int nargs = clang_Cursor_getNumArguments(call);
	uint64_t cap;
	char *key;

	if (in_names(rs->captests, rs->ncaptests, name))
		return nargs >= 1 &&
		       constant(clang_Cursor_getArgument(call, 0), &cap) ?
			vx_sym(fe, arena_printf(&fe->tu->arena, "cap:%llu",
						(unsigned long long)cap), 1) :
			NULL;
	if (in_names(rs->keytests, rs->nkeytests, name) &&
	    (key = call_key(fe, call, name)))
		return vx_sym(fe, arena_printf(&fe->tu->arena, "key:%s", key),
			      1);
	if ((in_names(rs->pures, rs->npures, name) ||
	     has_attr(decl, CXCursor_PureAttr) ||
	     has_attr(decl, CXCursor_ConstAttr)) &&
	    (key = call_key(fe, call, name)))
		return vx_sym(fe, arena_printf(&fe->tu->arena, "call:%s", key),
			      type_mask(clang_getCursorType(call)));
	return NULL;
}

/* ---- expressions ---- */

static enum vx_op binary_op(enum CXBinaryOperatorKind op)
{
	switch (op) {
	case CXBinaryOperator_And:
	case CXBinaryOperator_AndAssign:
		return VX_AND;
	case CXBinaryOperator_Or:
	case CXBinaryOperator_OrAssign:
		return VX_OR;
	case CXBinaryOperator_Xor:
	case CXBinaryOperator_XorAssign:
		return VX_XOR;
	case CXBinaryOperator_Shl:
	case CXBinaryOperator_ShlAssign:
		return VX_SHL;
	case CXBinaryOperator_Shr:
	case CXBinaryOperator_ShrAssign:
		return VX_SHR;
	case CXBinaryOperator_Add:
	case CXBinaryOperator_AddAssign:
		return VX_ADD;
	case CXBinaryOperator_Sub:
	case CXBinaryOperator_SubAssign:
		return VX_SUB;
	case CXBinaryOperator_EQ:
		return VX_EQ;
	case CXBinaryOperator_NE:
		return VX_NE;
	case CXBinaryOperator_LAnd:
		return VX_LAND;
	case CXBinaryOperator_LOr:
		return VX_LOR;
	default:
		return VX_UNKNOWN;
	}
}

static const struct vexpr *vx_at(struct fe *fe, CXCursor c, int depth);

/* The value of a statement expression: its last statement's. */
static const struct vexpr *stmt_expr_value(struct fe *fe, CXCursor c,
					   int depth)
{
	struct kids k = fe_children(c);
	const struct vexpr *e = NULL;

	if (k.n == 1 && clang_getCursorKind(k.v[0]) == CXCursor_CompoundStmt) {
		struct kids body = fe_children(k.v[0]);

		if (body.n && clang_isExpression(
			    clang_getCursorKind(body.v[body.n - 1])))
			e = vx_at(fe, body.v[body.n - 1], depth + 1);
		free(body.v);
	}
	free(k.v);
	return e ? e : vx_unknown(fe);
}

static const struct vexpr *call_value(struct fe *fe, CXCursor c, int depth)
{
	CXCursor ref = clang_getCursorReferenced(c);
	CXString s;
	bool expect;
	int slot;

	if (clang_getCursorKind(ref) == CXCursor_FunctionDecl) {
		s = clang_getCursorSpelling(ref);
		expect = !strcmp(clang_getCString(s), "__builtin_expect");
		clang_disposeString(s);
		if (expect)	/* __builtin_expect(x, c) is x */
			return clang_Cursor_getNumArguments(c) >= 1 ?
				vx_at(fe, clang_Cursor_getArgument(c, 0),
				      depth + 1) : vx_unknown(fe);
	}
	slot = call_slot(fe, c);
	return slot >= 0 ? vx_local(fe, slot) : vx_unknown(fe);
}

static const struct vexpr *binary_value(struct fe *fe, CXCursor c,
					struct kids *k, int depth)
{
	enum CXBinaryOperatorKind bop = clang_getCursorBinaryOperatorKind(c);
	enum vx_op op;

	if (k->n != 2)
		return vx_unknown(fe);
	if (bop == CXBinaryOperator_Assign)	/* x = v is v */
		return vx_at(fe, k->v[1], depth + 1);
	if (bop == CXBinaryOperator_Comma)
		return vx_at(fe, k->v[1], depth + 1);
	op = binary_op(bop);
	if (op == VX_UNKNOWN)
		return vx_unknown(fe);
	return vx_bin(fe, op, vx_at(fe, k->v[0], depth + 1),
		      vx_at(fe, k->v[1], depth + 1));
}

/*
 * A read of memory (p->f, *p, a[i]) named by an expression with no side
 * effects over variables the function never changes: a symbol of this
 * function, "mem:FN:KEY", so that two reads with no store in between
 * (EV_STORE, or a call that may store) are known to agree.
 */
static const struct vexpr *memory_value(struct fe *fe, CXCursor c)
{
	char *key = value_expr_key(fe, c, 0);

	if (!key)
		return vx_unknown(fe);
	return vx_sym(fe, arena_printf(&fe->tu->arena, "mem:%s:%s",
				       fe->fn->name, key),
		      type_mask(clang_getCursorType(c)));
}

static const struct vexpr *vx_at(struct fe *fe, CXCursor c, int depth)
{
	enum CXCursorKind k = clang_getCursorKind(c);
	struct kids kids;
	const struct vexpr *e = NULL;
	uint64_t v;

	if (depth > MAX_VX_DEPTH || !clang_isExpression(k))
		return vx_unknown(fe);
	if (k != CXCursor_CallExpr && k != CXCursor_StmtExpr && constant(c, &v))
		return vx_const(fe, v);
	switch (k) {
	case CXCursor_CallExpr:
		return call_value(fe, c, depth);
	case CXCursor_StmtExpr:
		return stmt_expr_value(fe, c, depth);
	case CXCursor_DeclRefExpr: {
		int slot = value_decl_slot(fe, clang_getCursorReferenced(c));

		return slot >= 0 ? vx_local(fe, slot) : vx_unknown(fe);
	}
	case CXCursor_MemberRefExpr:
	case CXCursor_ArraySubscriptExpr:
		return memory_value(fe, c);
	case CXCursor_UnaryOperator:
		if (clang_getCursorUnaryOperatorKind(c) == CXUnaryOperator_Deref)
			return memory_value(fe, c);
		break;
	default:
		break;
	}
	kids = fe_children(c);
	switch (k) {
	case CXCursor_ParenExpr:
	case CXCursor_UnexposedExpr:
	case CXCursor_CStyleCastExpr:
		if (kids.n >= 1)
			e = vx_at(fe, kids.v[kids.n - 1], depth + 1);
		break;
	case CXCursor_UnaryOperator:
		if (kids.n != 1)
			break;
		switch (clang_getCursorUnaryOperatorKind(c)) {
		case CXUnaryOperator_Not:
			e = vx_bin(fe, VX_NOT, vx_at(fe, kids.v[0], depth + 1),
				   NULL);
			break;
		case CXUnaryOperator_LNot:
			e = vx_bin(fe, VX_LNOT, vx_at(fe, kids.v[0], depth + 1),
				   NULL);
			break;
		case CXUnaryOperator_Plus:
		case CXUnaryOperator_Extension:
			e = vx_at(fe, kids.v[0], depth + 1);
			break;
		default:
			break;
		}
		break;
	case CXCursor_BinaryOperator:
	case CXCursor_CompoundAssignOperator:
		e = binary_value(fe, c, &kids, depth);
		break;
	case CXCursor_ConditionalOperator:
		if (kids.n == 3) {
			struct vexpr *x = vx_new(fe, VX_COND);

			x->cond = vx_at(fe, kids.v[0], depth + 1);
			x->l = vx_at(fe, kids.v[1], depth + 1);
			x->r = vx_at(fe, kids.v[2], depth + 1);
			e = x;
		}
		break;
	default:
		break;
	}
	free(kids.v);
	return e ? e : vx_unknown(fe);
}

const struct vexpr *vx_of(struct fe *fe, CXCursor c)
{
	return vx_at(fe, c, 0);
}

/* The value an assignment gives its local: "x |= v" is x | v. */
const struct vexpr *value_assigned(struct fe *fe, CXCursor assign, int slot)
{
	struct kids k = fe_children(assign);
	const struct vexpr *e;
	enum vx_op op;

	if (k.n != 2) {
		free(k.v);
		return vx_unknown(fe);
	}
	op = binary_op(clang_getCursorBinaryOperatorKind(assign));
	e = clang_getCursorKind(assign) == CXCursor_CompoundAssignOperator ?
		(op == VX_UNKNOWN ? vx_unknown(fe) :
		 vx_bin(fe, op, vx_local(fe, slot), vx_of(fe, k.v[1]))) :
		vx_of(fe, k.v[1]);
	free(k.v);
	return e;
}

const struct vexpr *value_stored(struct fe *fe, CXCursor assign,
				 const char **sym)
{
	struct kids k = fe_children(assign);
	const struct vexpr *where, *e = NULL;
	enum vx_op op = VX_UNKNOWN;

	*sym = NULL;
	if (k.n != 2 || (clang_getCursorKind(assign) != CXCursor_BinaryOperator &&
			 clang_getCursorKind(assign) != CXCursor_CompoundAssignOperator)) {
		free(k.v);
		return NULL;
	}
	where = vx_of(fe, k.v[0]);
	if (where->op == VX_SYM && !strncmp(where->sym, "mem:", 4)) {
		if (clang_getCursorKind(assign) == CXCursor_BinaryOperator)
			e = vx_of(fe, k.v[1]);
		else if ((op = binary_op(clang_getCursorBinaryOperatorKind(
				assign))) != VX_UNKNOWN)
			e = vx_bin(fe, op, where, vx_of(fe, k.v[1]));
	}
	free(k.v);
	if (!e || e->op == VX_UNKNOWN)
		return NULL;
	*sym = where->sym;
	if (where->c && where->c != ~0ull)
		e = vx_bin(fe, VX_AND, e, vx_const(fe, where->c));
	return e;
}

/* ---- conditions folded while building ---- */

bool fold_cond(struct fe *fe, CXCursor c, long long *v, int depth)
{
	enum CXCursorKind k = clang_getCursorKind(c);
	struct kids kids;
	uint64_t u;
	bool ok = false;

	if (depth > 64)
		return false;
	if (constant(c, &u)) {
		*v = (long long)u;
		return true;
	}
	kids = fe_children(c);
	if ((k == CXCursor_ParenExpr || k == CXCursor_UnexposedExpr) &&
	    kids.n == 1) {
		ok = fold_cond(fe, kids.v[0], v, depth + 1);
	} else if (k == CXCursor_UnaryOperator && kids.n == 1 &&
		   clang_getCursorUnaryOperatorKind(c) == CXUnaryOperator_LNot) {
		ok = fold_cond(fe, kids.v[0], v, depth + 1);
		*v = !*v;
	} else if (k == CXCursor_BinaryOperator && kids.n == 2) {
		enum CXBinaryOperatorKind op = clang_getCursorBinaryOperatorKind(c);
		long long a = 0, b = 0;
		bool ka = fold_cond(fe, kids.v[0], &a, depth + 1);
		bool kb = fold_cond(fe, kids.v[1], &b, depth + 1);

		if (op == CXBinaryOperator_LOr) {
			ok = (ka && a) || (kb && b) || (ka && kb);
			*v = (ka && a) || (kb && b);
		} else if (op == CXBinaryOperator_LAnd) {
			ok = (ka && !a) || (kb && !b) || (ka && kb);
			*v = ka && kb && a && b;
		}
	}
	free(kids.v);
	return ok;
}
