// SPDX-License-Identifier: GPL-2.0
/*
 * value.c - what the front end can tell about a value before the
 * analysis runs: the bits a write writes (constants, the accessor macros'
 * temporaries, x & ~MASK and x | MASK, a read of the same register), and
 * branch conditions the configuration fixes.
 */
#include "fe.h"
#include "config.h"

#include <stdlib.h>
#include <string.h>

/* Is a local named as the accessor macros name their temporaries? */
static bool is_temporary(const struct ruleset *rs, const char *name)
{
	for (int i = 0; i < rs->ntemporaries; i++)
		if (glob_match(rs->temporaries[i], name))
			return true;
	return false;
}

/* What a written operand is known to hold: constant, or known bits. */
struct value value_of(struct fe *fe, CXCursor c, int depth)
{
	struct value unknown = { 0, 0, -1, 0 }, v;
	enum CXCursorKind k = clang_getCursorKind(c);
	CXEvalResult r;
	struct kids kids;

	if (depth > 32 || !clang_isExpression(k))
		return unknown;
	r = clang_Cursor_Evaluate(c);
	if (r) {
		bool ok = clang_EvalResult_getKind(r) == CXEval_Int;

		if (ok) {
			v.same_reg = -1;
			v.same = 0;
			v.known = ~0ull;
			v.bits = clang_EvalResult_isUnsignedInt(r) ?
				(uint64_t)clang_EvalResult_getAsUnsigned(r) :
				(uint64_t)clang_EvalResult_getAsLongLong(r);
		}
		clang_EvalResult_dispose(r);
		if (ok)
			return v;
	}
	kids = fe_children(c);
	v = unknown;
	switch (k) {
	case CXCursor_ParenExpr:
	case CXCursor_UnexposedExpr:
	case CXCursor_CStyleCastExpr:
		if (kids.n >= 1)
			v = value_of(fe, kids.v[kids.n - 1], depth + 1);
		break;
	case CXCursor_StmtExpr:
		/* ({ u64 __val; asm("mrs %0, REG" : "=r" (__val)); __val; }) */
		v.same_reg = asm_reg_read(fe, c);
		v.same = v.same_reg >= 0 ? ~0ull : 0;
		break;
	case CXCursor_DeclRefExpr: {
		/*
		 * Follow the accessor macros' temporaries ("u64 __val = (v)"):
		 * they are initialised once and never assigned.  A developer's
		 * own variable may be reassigned, so it is not followed.
		 */
		CXCursor d = clang_getCursorReferenced(c);
		CXString s = clang_getCursorSpelling(d);
		const char *name = clang_getCString(s);

		if (clang_getCursorKind(d) == CXCursor_VarDecl && name &&
		    is_temporary(fe->rs, name)) {
			struct kids dk = fe_children(d);

			if (dk.n && clang_isExpression(
					clang_getCursorKind(dk.v[dk.n - 1])))
				v = value_of(fe, dk.v[dk.n - 1], depth + 1);
			free(dk.v);
		}
		clang_disposeString(s);
		break;
	}
	case CXCursor_BinaryOperator: {
		enum CXBinaryOperatorKind op = clang_getCursorBinaryOperatorKind(c);
		struct value a, b;

		if (kids.n != 2 || (op != CXBinaryOperator_And &&
				    op != CXBinaryOperator_Or))
			break;
		a = value_of(fe, kids.v[0], depth + 1);
		b = value_of(fe, kids.v[1], depth + 1);
		if (op == CXBinaryOperator_And) {
			/* known where both are known, or either is a known 0 */
			v.known = (a.known & b.known) | (a.known & ~a.bits) |
				  (b.known & ~b.bits);
			v.bits = a.bits & b.bits & v.known;
			/* x & 1 keeps x's bit */
			v.same_reg = a.same_reg >= 0 ? a.same_reg : b.same_reg;
			v.same = a.same_reg >= 0 ? a.same & b.known & b.bits :
				 b.same & a.known & a.bits;
		} else {
			v.known = (a.known & b.known) | (a.known & a.bits) |
				  (b.known & b.bits);
			v.bits = (a.bits | b.bits) & v.known;
			/* x | 0 keeps x's bit */
			v.same_reg = a.same_reg >= 0 ? a.same_reg : b.same_reg;
			v.same = a.same_reg >= 0 ? a.same & b.known & ~b.bits :
				 b.same & a.known & ~a.bits;
		}
		if (v.same_reg < 0)
			v.same = 0;
		break;
	}
	default:
		break;
	}
	free(kids.v);
	return v;
}

/*
 * Folds a branch condition: constants, calls the configuration fixes
 * (has_vhe() in a VHE object), !, && and ||.  False if not known.
 */
bool fold_cond(struct fe *fe, CXCursor c, long long *v, int depth)
{
	enum CXCursorKind k = clang_getCursorKind(c);
	CXEvalResult r;
	struct kids kids;
	bool ok = false;

	if (depth > 64)
		return false;
	r = clang_Cursor_Evaluate(c);
	if (r) {
		ok = clang_EvalResult_getKind(r) == CXEval_Int;
		if (ok)
			*v = clang_EvalResult_getAsLongLong(r);
		clang_EvalResult_dispose(r);
		if (ok)
			return true;
	}
	if (k == CXCursor_CallExpr) {
		CXCursor ref = clang_getCursorReferenced(c);
		CXString s;

		if (clang_getCursorKind(ref) != CXCursor_FunctionDecl)
			return false;
		s = clang_getCursorSpelling(ref);
		ok = config_returns(fe->rs, fe->tu->configs,
				    clang_getCString(s), v);
		clang_disposeString(s);
		return ok;
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
