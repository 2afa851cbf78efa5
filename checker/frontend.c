// SPDX-License-Identifier: GPL-2.0
#include "frontend.h"
#include "asmread.h"
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_INSNS 64
#define MAX_DEPTH 1000		/* statement nesting the builder follows */

/* ---- asm templates from the printed function ---- */

char *frontend_unescape(const char *s, size_t len)
{
	char *out = xmalloc(len + 1), *o = out;
	size_t i;

	for (i = 0; i < len; i++) {
		char c = s[i];

		if (c != '\\' || i + 1 >= len) {
			*o++ = c;
			continue;
		}
		c = s[++i];
		switch (c) {
		case 'n': *o++ = '\n'; break;
		case 't': *o++ = '\t'; break;
		case 'r': *o++ = '\r'; break;
		case 'a': *o++ = '\a'; break;
		case 'b': *o++ = '\b'; break;
		case 'f': *o++ = '\f'; break;
		case 'v': *o++ = '\v'; break;
		case 'x': {
			unsigned v = 0;

			while (i + 1 < len && isxdigit((unsigned char)s[i + 1])) {
				char h = (char)tolower((unsigned char)s[++i]);

				v = v * 16 + (unsigned)(isdigit((unsigned char)h) ?
					h - '0' : h - 'a' + 10);
			}
			*o++ = (char)v;
			break;
		}
		default:
			if (c >= '0' && c <= '7') {
				unsigned v = (unsigned)(c - '0');
				int n = 1;

				while (n < 3 && i + 1 < len && s[i + 1] >= '0' &&
				       s[i + 1] <= '7') {
					v = v * 8 + (unsigned)(s[++i] - '0');
					n++;
				}
				*o++ = (char)v;
			} else {
				*o++ = c;	/* \\ \" \' \? */
			}
		}
	}
	*o = '\0';
	return out;
}

static bool ident_char(int c)
{
	return isalnum(c) || c == '_' || c == '$';
}

static const char *skip_literal(const char *p)
{
	char q = *p++;

	while (*p && *p != q) {
		if (*p == '\\' && p[1])
			p++;
		p++;
	}
	return *p ? p + 1 : p;
}

int frontend_find_templates(const char *printed, char ***out)
{
	char **v = NULL;
	int n = 0, cap = 0;
	const char *p = printed;
	char prev = ';';	/* last significant character */
	bool after_keyword = false;	/* "else" or "do" came last */

	while (*p) {
		if (*p == '"' || *p == '\'') {
			p = skip_literal(p);
			prev = 'x';
			after_keyword = false;
			continue;
		}
		if (p[0] == '/' && p[1] == '/') {
			while (*p && *p != '\n')
				p++;
			continue;
		}
		if (p[0] == '/' && p[1] == '*') {
			const char *e = strstr(p + 2, "*/");

			p = e ? e + 2 : p + strlen(p);
			continue;
		}
		if (ident_char((unsigned char)*p)) {
			const char *s = p;
			size_t len;

			while (ident_char((unsigned char)*p))
				p++;
			len = (size_t)(p - s);
			if ((len == 4 && !strncmp(s, "else", 4)) ||
			    (len == 2 && !strncmp(s, "do", 2))) {
				prev = 'x';
				after_keyword = true;
				continue;
			}
			if (!((len == 3 && !strncmp(s, "asm", 3)) ||
			      (len == 7 && !strncmp(s, "__asm__", 7)) ||
			      (len == 5 && !strncmp(s, "__asm", 5)))) {
				prev = 'x';
				after_keyword = false;
				continue;
			}
			/* an asm label follows a declarator, not a statement end */
			if (!after_keyword &&
			    (ident_char((unsigned char)prev) || prev == ']')) {
				prev = 'x';
				after_keyword = false;
				continue;
			}
			for (;;) {
				while (isspace((unsigned char)*p))
					p++;
				if (!strncmp(p, "volatile", 8) ||
				    !strncmp(p, "__volatile__", 12) ||
				    !strncmp(p, "inline", 6) ||
				    !strncmp(p, "goto", 4)) {
					while (ident_char((unsigned char)*p))
						p++;
					continue;
				}
				break;
			}
			if (*p != '(')
				continue;
			p++;
			while (isspace((unsigned char)*p))
				p++;
			if (*p != '"')
				continue;
			{
				const char *e = skip_literal(p);
				size_t l = (size_t)(e - p);

				VEC_PUSH(v, n, cap, frontend_unescape(p + 1,
					l >= 2 ? l - 2 : 0));
				p = e;
			}
			prev = 'x';
			after_keyword = false;
			continue;
		}
		if (!isspace((unsigned char)*p)) {
			prev = *p;
			after_keyword = false;
		}
		p++;
	}
	*out = v;
	return n;
}

/* ---- the builder ---- */

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

struct fe {
	CXTranslationUnit tu_cx;
	struct tu *tu;
	const struct ruleset *rs;
	FILE *err;
	char cwd[PATH_MAX];

	struct fn_entry *defs;
	int ndefs, defs_cap;
	struct function **todo;
	int ntodo, todo_cap;
	struct file_name *names;
	int nnames, names_cap;

	/* per function */
	struct function *fn;
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

static const char *file_name(struct fe *fe, CXFile file)
{
	struct file_name fn;
	CXString s;
	const char *raw;
	char real[PATH_MAX];
	size_t cl;
	int i;

	if (!file)
		return "<unknown>";
	for (i = 0; i < fe->nnames; i++)
		if (clang_File_isEqual(fe->names[i].file, file))
			return fe->names[i].name;
	s = clang_getFileName(file);
	raw = clang_getCString(s);
	/* report paths relative to the working directory, like a compiler */
	if (raw && realpath(raw, real)) {
		cl = strlen(fe->cwd);
		if (!strncmp(real, fe->cwd, cl) && real[cl] == '/')
			fn.name = arena_strdup(&fe->tu->arena, real + cl + 1);
		else
			fn.name = arena_strdup(&fe->tu->arena, real);
	} else {
		fn.name = arena_strdup(&fe->tu->arena, raw ? raw : "<unknown>");
	}
	clang_disposeString(s);
	fn.file = file;
	VEC_PUSH(fe->names, fe->nnames, fe->names_cap, fn);
	return fn.name;
}

static struct srcloc location(struct fe *fe, CXCursor c)
{
	CXSourceLocation l = clang_getCursorLocation(c);
	CXFile file;
	unsigned line, col, off;
	struct srcloc loc;

	clang_getExpansionLocation(l, &file, &line, &col, &off);
	loc.file = file_name(fe, file);
	loc.line = line;
	loc.col = col;
	return loc;
}

/* The macro the developer wrote at c's expansion point, if any. */
static const char *macro_at(struct fe *fe, CXCursor c)
{
	CXSourceLocation l = clang_getCursorLocation(c);
	CXFile ef, sf;
	unsigned eoff, soff, line, col;
	const char *text;
	size_t size, e;

	clang_getExpansionLocation(l, &ef, &line, &col, &eoff);
	clang_getSpellingLocation(l, &sf, &line, &col, &soff);
	if (!ef || (clang_File_isEqual(ef, sf) && eoff == soff))
		return NULL;
	text = clang_getFileContents(fe->tu_cx, ef, &size);
	if (!text || eoff >= size)
		return NULL;
	for (e = eoff; e < size && ident_char((unsigned char)text[e]); e++)
		;
	if (e == eoff)
		return NULL;
	return arena_strndup(&fe->tu->arena, text + eoff, e - eoff);
}

static char *cursor_name(struct fe *fe, CXCursor c)
{
	CXString s = clang_getCursorSpelling(c);
	char *r = arena_strdup(&fe->tu->arena, clang_getCString(s));

	clang_disposeString(s);
	return r;
}

struct kids {
	CXCursor *v;
	int n, cap;
};

static enum CXChildVisitResult collect_kid(CXCursor c, CXCursor parent,
					   CXClientData data)
{
	struct kids *k = data;

	(void)parent;
	VEC_PUSH(k->v, k->n, k->cap, c);
	return CXChildVisit_Continue;
}

static struct kids children(CXCursor c)
{
	struct kids k = { 0 };

	clang_visitChildren(c, collect_kid, &k);
	return k;
}

static struct function *function_for(struct fe *fe, CXCursor def);

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

static struct event *new_event(struct fe *fe, enum event_kind kind,
			       CXCursor at)
{
	struct event *ev = arena_alloc(&fe->tu->arena, sizeof(*ev));

	ev->kind = kind;
	ev->fn = fe->fn;
	ev->reg = -1;
	ev->alt_cap = -1;
	ev->loc = location(fe, at);
	ev->macro = macro_at(fe, at);
	ev->before_line = fe->span.before_line;
	ev->after_line = fe->span.after_line;
	ev->indent = fe->span.indent;
	return ev;
}

static int reg_of_read(struct fe *fe, CXCursor stmt_expr);
static bool is_temporary(const struct ruleset *rs, const char *name);

/* What a written operand is known to hold: constant, or known bits. */
static struct value value_of(struct fe *fe, CXCursor c, int depth)
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
	kids = children(c);
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
		v.same_reg = reg_of_read(fe, c);
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
			struct kids dk = children(d);

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

static enum event_kind insn_event(enum insn_kind k)
{
	return k == INSN_MSR ? EV_WRITE : k == INSN_MRS ? EV_READ : EV_INSN;
}

static bool rules_want(const char *mnemonic, void *ctx)
{
	return rules_names_insn(ctx, mnemonic);
}

/* The instructions the rules do not name are not events. */
static struct asm_filter filter_of(const struct ruleset *rs)
{
	return (struct asm_filter){ rules_want, (void *)rs };
}

/* Is a local named as the accessor macros name their temporaries? */
static bool is_temporary(const struct ruleset *rs, const char *name)
{
	for (int i = 0; i < rs->ntemporaries; i++)
		if (glob_match(rs->temporaries[i], name))
			return true;
	return false;
}

static void warn_at(struct fe *fe, CXCursor c, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void warn_at(struct fe *fe, CXCursor c, const char *fmt, ...)
{
	struct srcloc l = location(fe, c);
	va_list ap;

	fprintf(fe->err, "%s:%u:%u: warning: ", l.file, l.line, l.col);
	va_start(ap, fmt);
	vfprintf(fe->err, fmt, ap);
	va_end(ap);
	fputc('\n', fe->err);
}

struct find_asm {
	CXCursor found;
	int n;
};

static enum CXChildVisitResult find_asm(CXCursor c, CXCursor parent,
					CXClientData data)
{
	struct find_asm *f = data;

	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_GCCAsmStmt) {
		f->found = c;
		f->n++;
	}
	return CXChildVisit_Recurse;
}

static const char *template_of(struct fe *fe, CXCursor c)
{
	for (int i = 0; i < fe->nasms; i++)
		if (clang_equalLocations(clang_getCursorLocation(fe->asms[i].cursor),
					 clang_getCursorLocation(c)))
			return fe->asms[i].tmpl;
	return NULL;
}

/*
 * The register a statement expression reads, if it is an accessor's
 * ({ ...; asm("mrs %0, REG" : "=r" (v)); v; }): one asm, one mrs.
 */
static int reg_of_read(struct fe *fe, CXCursor stmt_expr)
{
	struct find_asm f = { clang_getNullCursor(), 0 };
	struct asm_filter filter = filter_of(fe->rs);
	struct asm_insn insn[2];
	struct asm_error err;
	const char *tmpl;

	clang_visitChildren(stmt_expr, find_asm, &f);
	if (f.n != 1 || !fe->asm_ok || !(tmpl = template_of(fe, f.found)))
		return -1;
	if (asm_read(tmpl, insn, 2, &filter, &err) != 1 ||
	    insn[0].kind != INSN_MRS ||
	    insn[0].may)
		return -1;
	return insn[0].has_enc ? regdb_find_enc(&fe->rs->db, insn[0].enc) :
				 regdb_find_name(&fe->rs->db, insn[0].name);
}

static void asm_stmt(struct fe *fe, CXCursor c)
{
	struct asm_filter filter;
	struct asm_insn insns[MAX_INSNS];
	struct asm_error aerr;
	const char *tmpl = NULL;
	struct kids ops;
	int i, n;

	if (!fe->asm_ok)
		return;
	/*
	 * Cursors from two walks do not compare equal, but raw locations do:
	 * each macro expansion has locations of its own.  Both walks are in
	 * source order, so the next statement is almost always the one after
	 * the last match.
	 */
	for (int k = 0; k < fe->nasms; k++) {
		i = (fe->next_asm + k) % fe->nasms;
		if (clang_equalLocations(clang_getCursorLocation(fe->asms[i].cursor),
					 clang_getCursorLocation(c))) {
			tmpl = fe->asms[i].tmpl;
			fe->next_asm = i + 1;
			break;
		}
	}
	if (!tmpl) {
		warn_at(fe, c, "isbcheck: internal: asm statement in %s not found in the printed function; not analysed",
			fe->fn->name);
		fe->fn->truncated = true;
		return;
	}
	filter = filter_of(fe->rs);
	n = asm_read(tmpl, insns, MAX_INSNS, &filter, &aerr);
	if (n < 0) {
		warn_at(fe, c, "cannot read asm template: %s", aerr.msg);
		fe->fn->truncated = true;
		return;
	}
	if (n > MAX_INSNS) {
		warn_at(fe, c, "asm statement in %s has more than %d instructions; the rest are not analysed",
			fe->fn->name, MAX_INSNS);
		n = MAX_INSNS;
	}
	ops = children(c);
	for (i = 0; i < n; i++) {
		struct asm_insn *in = &insns[i];
		struct event *ev = new_event(fe, insn_event(in->kind), c);

		ev->may = in->may;
		ev->alt_cap = in->alt_cap;
		ev->alt_side = in->alt_side;
		ev->text = arena_strdup(&fe->tu->arena, in->text);
		ev->insn = arena_strdup(&fe->tu->arena, in->mnemonic);
		ev->name = arena_strdup(&fe->tu->arena, in->name);
		if (in->kind == INSN_MSR || in->kind == INSN_MRS) {
			const struct regdb *db = &fe->rs->db;

			ev->reg = in->has_enc ? regdb_find_enc(db, in->enc) :
						regdb_find_name(db, in->name);
			if (ev->reg >= 0)
				ev->name = db->regs[ev->reg].name;
		}
		if (in->kind == INSN_MSR) {
			ev->val = (struct value){ 0, 0, -1, 0 };
			if (in->operand == -2)
				ev->val = (struct value){ ~0ull, 0, -1, 0 };
			else if (in->operand >= 0 && in->operand < ops.n)
				ev->val = value_of(fe, ops.v[in->operand], 0);
		}
		cfg_add_event(fe->fn, fe->cur, ev);
	}
	free(ops.v);
}

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

static void stmt(struct fe *fe, CXCursor c);
static void expr(struct fe *fe, CXCursor c);

static void call_expr(struct fe *fe, CXCursor c)
{
	CXCursor ref = clang_getCursorReferenced(c);
	struct kids k = children(c);
	struct event *ev;
	int i;

	for (i = 0; i < k.n; i++)
		expr(fe, k.v[i]);
	free(k.v);
	ev = new_event(fe, EV_CALL, c);
	if (clang_getCursorKind(ref) == CXCursor_FunctionDecl) {
		CXCursor def = clang_getCursorDefinition(ref);

		ev->name = cursor_name(fe, ref);
		if (!clang_Cursor_isNull(def) &&
		    !clang_Location_isInSystemHeader(clang_getCursorLocation(def)))
			ev->callee = function_for(fe, def);
		cfg_add_event(fe->fn, fe->cur, ev);
		if (decl_is_noreturn(fe, ref, ev->name))
			dead_end(fe);
		return;
	}
	ev->name = "(indirect call)";
	cfg_add_event(fe->fn, fe->cur, ev);
}

/*
 * Folds a branch condition: constants, calls the configuration fixes
 * (has_vhe() in a VHE object), !, && and ||.  False if not known.
 */
static bool fold_cond(struct fe *fe, CXCursor c, long long *v, int depth)
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
	kids = children(c);
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

static void expr(struct fe *fe, CXCursor c)
{
	enum CXCursorKind k = clang_getCursorKind(c);
	struct kids kids;
	int i;

	switch (k) {
	case CXCursor_CallExpr:
		call_expr(fe, c);
		return;
	case CXCursor_StmtExpr:
	case CXCursor_GCCAsmStmt:
	case CXCursor_CompoundStmt:
		stmt(fe, c);
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
	kids = children(c);
	if (k == CXCursor_BinaryOperator && kids.n == 2) {
		enum CXBinaryOperatorKind op = clang_getCursorBinaryOperatorKind(c);

		if (op == CXBinaryOperator_LAnd || op == CXBinaryOperator_LOr) {
			int rhs, join;

			expr(fe, kids.v[0]);
			rhs = new_block(fe);
			join = new_block(fe);
			edge(fe, fe->cur, rhs);
			edge(fe, fe->cur, join);
			fe->cur = rhs;
			expr(fe, kids.v[1]);
			edge(fe, fe->cur, join);
			fe->cur = join;
			free(kids.v);
			return;
		}
	}
	if (k == CXCursor_ConditionalOperator && kids.n == 3) {
		int t = new_block(fe), f = new_block(fe), join = new_block(fe);

		expr(fe, kids.v[0]);
		edge(fe, fe->cur, t);
		edge(fe, fe->cur, f);
		fe->cur = t;
		expr(fe, kids.v[1]);
		edge(fe, fe->cur, join);
		fe->cur = f;
		expr(fe, kids.v[2]);
		edge(fe, fe->cur, join);
		fe->cur = join;
		free(kids.v);
		return;
	}
	for (i = 0; i < kids.n; i++)
		expr(fe, kids.v[i]);
	free(kids.v);
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

/* Branches on cond; returns the false-side block, fe->cur is the true side. */
static int branch(struct fe *fe, CXCursor cond, bool *always, bool *never)
{
	long long v;
	int t, f;

	expr(fe, cond);
	*always = *never = false;
	if (fold_cond(fe, cond, &v, 0)) {
		*always = v != 0;
		*never = v == 0;
	}
	t = new_block(fe);
	f = new_block(fe);
	if (!*never)
		edge(fe, fe->cur, t);
	if (!*always)
		edge(fe, fe->cur, f);
	fe->cur = t;
	return f;
}

static void loop_body(struct fe *fe, CXCursor body, int brk, int cont)
{
	int ob = fe->break_to, oc = fe->continue_to;

	fe->break_to = brk;
	fe->continue_to = cont;
	stmt(fe, body);
	fe->break_to = ob;
	fe->continue_to = oc;
}

static bool in_macro(CXCursor c)
{
	CXSourceLocation l = clang_getCursorLocation(c);
	CXFile ef, sf;
	unsigned eoff, soff, line, col;

	clang_getExpansionLocation(l, &ef, &line, &col, &eoff);
	clang_getSpellingLocation(l, &sf, &line, &col, &soff);
	return !ef || !clang_File_isEqual(ef, sf) || eoff != soff;
}

/* Skips a comment or literal at text[i]; the index after it, or i. */
static size_t skip_lexeme(const char *text, size_t i, size_t size)
{
	if (text[i] == '"' || text[i] == '\'') {
		char q = text[i++];

		while (i < size && text[i] != q && text[i] != '\n')
			i += text[i] == '\\' ? 2 : 1;
		return i < size ? i + 1 : size;
	}
	if (i + 1 < size && text[i] == '/' && text[i + 1] == '/') {
		while (i < size && text[i] != '\n')
			i++;
		return i;
	}
	if (i + 1 < size && text[i] == '/' && text[i + 1] == '*') {
		for (i += 2; i + 1 < size; i++)
			if (text[i] == '*' && text[i + 1] == '/')
				return i + 2;
		return size;
	}
	return i;
}

/* The line of text[off], given that text[from] is on line `line`. */
static unsigned line_at(const char *text, size_t from, unsigned line,
			size_t off)
{
	for (size_t i = from; i < off; i++)
		line += text[i] == '\n';
	return line;
}

/*
 * Where a line could be inserted before and after statement c, which is
 * directly in a block: before it if it starts its line, after it if
 * nothing but blanks or a comment follows its end on that line.  Its end
 * is the closing brace of a statement that ends in a block, else the
 * first ';' outside brackets after its extent (libclang's extents end
 * after the last token; a macro call's, after its closing parenthesis).
 */
static struct span span_of(struct fe *fe, CXCursor c)
{
	CXSourceRange r;
	struct span none = { 0, 0, NULL }, sp = none;
	CXFile bf, ef;
	unsigned bline, line, col, boff, eoff;
	const char *text;
	size_t size, i, ls, e;
	int depth = 0;

	/* "label: stmt" - the new line goes after the label */
	while (clang_getCursorKind(c) == CXCursor_LabelStmt ||
	       clang_getCursorKind(c) == CXCursor_CaseStmt ||
	       clang_getCursorKind(c) == CXCursor_DefaultStmt) {
		struct kids k = children(c);

		if (!k.n) {
			free(k.v);
			return none;
		}
		c = k.v[k.n - 1];
		free(k.v);
	}
	r = clang_getCursorExtent(c);
	clang_getExpansionLocation(clang_getRangeStart(r), &bf, &bline, &col,
				   &boff);
	clang_getExpansionLocation(clang_getRangeEnd(r), &ef, &line, &col,
				   &eoff);
	if (!bf || !ef || !clang_File_isEqual(bf, ef) || eoff < boff)
		return none;
	text = clang_getFileContents(fe->tu_cx, bf, &size);
	if (!text || eoff > size)
		return none;

	for (ls = boff; ls > 0 && text[ls - 1] != '\n'; ls--)
		;
	for (i = ls; i < boff && (text[i] == ' ' || text[i] == '\t'); i++)
		;
	if (i == boff) {
		sp.before_line = bline;
		sp.indent = arena_strndup(&fe->tu->arena, text + ls, boff - ls);
	}

	/* the end: a '}' or ';' ending the range, or the next ';' after it */
	e = eoff;
	if (e > boff && (text[e - 1] == '}' || text[e - 1] == ';')) {
		e--;
	} else {
		for (e = eoff; e < size; e++) {
			size_t n = skip_lexeme(text, e, size);

			if (n != e) {
				e = n - 1;
				continue;
			}
			if (strchr("([{", text[e]))
				depth++;
			else if (strchr(")]}", text[e]) && --depth < 0)
				return sp;
			else if (text[e] == ';' && !depth)
				break;
		}
		if (e >= size)
			return sp;
	}
	for (i = e + 1; i < size && (text[i] == ' ' || text[i] == '\t'); i++)
		;
	i = skip_lexeme(text, i, size);
	while (i < size && (text[i] == ' ' || text[i] == '\t'))
		i++;
	if (i >= size || text[i] == '\n') {
		sp.after_line = line_at(text, boff, bline, e);
		if (!sp.indent) {
			for (ls = e; ls > 0 && text[ls - 1] != '\n'; ls--)
				;
			for (i = ls; text[i] == ' ' || text[i] == '\t'; i++)
				;
			sp.indent = arena_strndup(&fe->tu->arena, text + ls,
						  i - ls);
		}
	}
	return sp;
}

static void stmt_kids(struct fe *fe, CXCursor c, struct kids *k)
{
	enum CXCursorKind kind = clang_getCursorKind(c);
	bool always, never;
	int i;

	switch (kind) {
	case CXCursor_IfStmt: {
		int f, join;

		if (k->n < 2)
			break;
		/* C: cond, then[, else] */
		f = branch(fe, k->v[0], &always, &never);
		stmt(fe, k->v[1]);
		join = new_block(fe);
		edge(fe, fe->cur, join);
		fe->cur = f;
		if (k->n >= 3)
			stmt(fe, k->v[2]);
		edge(fe, fe->cur, join);
		fe->cur = join;
		return;
	}
	case CXCursor_WhileStmt: {
		int head = new_block(fe), exit;

		if (k->n < 2)
			break;
		edge(fe, fe->cur, head);
		fe->cur = head;
		exit = branch(fe, k->v[0], &always, &never);
		loop_body(fe, k->v[1], exit, head);
		edge(fe, fe->cur, head);
		fe->cur = exit;
		return;
	}
	case CXCursor_DoStmt: {
		int body = new_block(fe), cond = new_block(fe);
		int exit = new_block(fe), t, f;

		if (k->n < 2)
			break;
		edge(fe, fe->cur, body);
		fe->cur = body;
		loop_body(fe, k->v[0], exit, cond);
		edge(fe, fe->cur, cond);
		fe->cur = cond;
		f = branch(fe, k->v[1], &always, &never);
		t = fe->cur;
		edge(fe, t, body);
		edge(fe, f, exit);
		fe->cur = exit;
		return;
	}
	case CXCursor_ForStmt: {
		/*
		 * libclang omits absent init/cond/inc parts, so which child is
		 * which is unknown.  Every part but the body is evaluated on
		 * each iteration, which over-approximates the init and is
		 * exact for the rest.  With no part at all, "for (;;)" only
		 * leaves through break.
		 */
		int head = new_block(fe), body = new_block(fe);
		int exit = new_block(fe);

		if (k->n < 1)
			break;
		edge(fe, fe->cur, head);
		fe->cur = head;
		for (i = 0; i < k->n - 1; i++)
			expr(fe, k->v[i]);
		edge(fe, fe->cur, body);
		if (k->n > 1)
			edge(fe, fe->cur, exit);
		fe->cur = body;
		loop_body(fe, k->v[k->n - 1], exit, head);
		edge(fe, fe->cur, head);
		fe->cur = exit;
		return;
	}
	case CXCursor_SwitchStmt: {
		int ob = fe->break_to, osw = fe->switch_block;
		bool odef = fe->switch_default;
		int exit = new_block(fe);

		if (k->n < 2)
			break;
		expr(fe, k->v[k->n - 2]);
		fe->switch_block = fe->cur;
		fe->switch_default = false;
		fe->break_to = exit;
		dead_end(fe);
		stmt(fe, k->v[k->n - 1]);
		edge(fe, fe->cur, exit);
		if (!fe->switch_default)
			edge(fe, fe->switch_block, exit);
		fe->break_to = ob;
		fe->switch_block = osw;
		fe->switch_default = odef;
		fe->cur = exit;
		return;
	}
	case CXCursor_CaseStmt:
	case CXCursor_DefaultStmt: {
		int b = new_block(fe);

		if (k->n < 1)
			break;
		edge(fe, fe->cur, b);
		if (fe->switch_block >= 0)
			edge(fe, fe->switch_block, b);
		if (kind == CXCursor_DefaultStmt)
			fe->switch_default = true;
		fe->cur = b;
		stmt(fe, k->v[k->n - 1]);
		return;
	}
	case CXCursor_BreakStmt:
	case CXCursor_ContinueStmt: {
		int to = kind == CXCursor_BreakStmt ? fe->break_to :
						      fe->continue_to;

		if (to >= 0)
			edge(fe, fe->cur, to);
		dead_end(fe);
		return;
	}
	case CXCursor_ReturnStmt:
		for (i = 0; i < k->n; i++)
			expr(fe, k->v[i]);
		edge(fe, fe->cur, BLOCK_EXIT);
		dead_end(fe);
		return;
	case CXCursor_GotoStmt: {
		struct pending_goto g = { fe->cur, NULL };

		if (k->n >= 1)
			g.label = cursor_name(fe, k->v[0]);
		VEC_PUSH(fe->gotos, fe->ngotos, fe->gotos_cap, g);
		dead_end(fe);
		return;
	}
	case CXCursor_IndirectGotoStmt: {
		struct pending_goto g = { fe->cur, NULL };

		for (i = 0; i < k->n; i++)
			expr(fe, k->v[i]);
		g.block = fe->cur;
		VEC_PUSH(fe->gotos, fe->ngotos, fe->gotos_cap, g);
		dead_end(fe);
		return;
	}
	case CXCursor_LabelStmt: {
		int b = label_block(fe, cursor_name(fe, c));

		edge(fe, fe->cur, b);
		fe->cur = b;
		if (k->n >= 1)
			stmt(fe, k->v[k->n - 1]);
		return;
	}
	case CXCursor_GCCAsmStmt:
		for (i = 0; i < k->n; i++)
			expr(fe, k->v[i]);
		asm_stmt(fe, c);
		return;
	case CXCursor_CompoundStmt:
		if (!in_macro(c)) {
			for (i = 0; i < k->n; i++) {
				struct span saved = fe->span;

				fe->span = span_of(fe, k->v[i]);
				stmt(fe, k->v[i]);
				fe->span = saved;
			}
			return;
		}
		/* fall through */
	case CXCursor_StmtExpr:
	case CXCursor_DeclStmt:
	case CXCursor_VarDecl:
		for (i = 0; i < k->n; i++)
			stmt(fe, k->v[i]);
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
		expr(fe, c);
		return;
	}
	/* a statement missing its parts (parse error): take what is there */
	for (i = 0; i < k->n; i++)
		stmt(fe, k->v[i]);
}

static void stmt(struct fe *fe, CXCursor c)
{
	struct kids k;

	if (++fe->depth > MAX_DEPTH) {
		if (!fe->fn->truncated)
			warn_at(fe, c, "statements in %s nested more than %d deep; the rest is not analysed",
				fe->fn->name, MAX_DEPTH);
		fe->fn->truncated = true;
		fe->depth--;
		return;
	}
	k = children(c);
	stmt_kids(fe, c, &k);
	free(k.v);
	fe->depth--;
}

static enum CXChildVisitResult collect_asm(CXCursor c, CXCursor parent,
					   CXClientData data)
{
	struct fe *fe = data;

	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_GCCAsmStmt) {
		struct asm_tmpl a = { c, NULL };

		VEC_PUSH(fe->asms, fe->nasms, fe->asms_cap, a);
	}
	return CXChildVisit_Recurse;
}

/* Zips the function's asm statements with the printed templates. */
static void match_templates(struct fe *fe, CXCursor def)
{
	CXPrintingPolicy pol;
	CXString s;
	char **tmpls;
	int n, i;

	fe->nasms = 0;
	fe->next_asm = 0;
	fe->asm_ok = true;
	clang_visitChildren(def, collect_asm, fe);
	if (!fe->nasms)
		return;
	pol = clang_getCursorPrintingPolicy(def);
	s = clang_getCursorPrettyPrinted(def, pol);
	n = frontend_find_templates(clang_getCString(s), &tmpls);
	clang_disposeString(s);
	clang_PrintingPolicy_dispose(pol);
	if (n != fe->nasms) {
		warn_at(fe, def, "isbcheck: internal: cannot match the asm statements of %s with its printed form (%d asm statements, %d templates); its asm is not analysed",
			fe->fn->name, fe->nasms, n);
		fe->asm_ok = false;
		fe->fn->truncated = true;
		for (i = 0; i < n; i++)
			free(tmpls[i]);
		free(tmpls);
		return;
	}
	for (i = 0; i < n; i++)
		fe->asms[i].tmpl = tmpls[i];
	free(tmpls);
}

static void build_function(struct fe *fe, struct function *fn, CXCursor def)
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
	match_templates(fe, def);

	k = children(def);
	for (i = 0; i < k.n; i++)
		if (clang_getCursorKind(k.v[i]) == CXCursor_CompoundStmt)
			stmt(fe, k.v[i]);
	free(k.v);
	edge(fe, fe->cur, BLOCK_EXIT);

	for (i = 0; i < fe->ngotos; i++) {
		struct pending_goto *g = &fe->gotos[i];

		if (g->label) {
			edge(fe, g->block, label_block(fe, g->label));
		} else {
			/* computed goto: any label */
			for (int j = 0; j < fe->nlabels; j++)
				edge(fe, g->block, fe->labels[j].block);
		}
	}
	for (i = 0; i < fe->nasms; i++)
		free(fe->asms[i].tmpl);
	fe->nasms = 0;
	fn->built = true;
}

static struct function *function_for(struct fe *fe, CXCursor def)
{
	char *name = cursor_name(fe, def);
	struct fn_entry e;
	int i;

	for (i = 0; i < fe->ndefs; i++)
		if (!strcmp(fe->defs[i].name, name))
			return fe->defs[i].fn;
	e.name = name;
	e.def = def;
	e.fn = arena_alloc(&fe->tu->arena, sizeof(*e.fn));
	e.fn->name = name;
	e.fn->loc = location(fe, def);
	e.fn->is_static = clang_Cursor_getStorageClass(def) == CX_SC_Static;
	VEC_PUSH(fe->defs, fe->ndefs, fe->defs_cap, e);
	VEC_PUSH(fe->todo, fe->ntodo, fe->todo_cap, e.fn);
	return e.fn;
}

static enum CXChildVisitResult top_level(CXCursor c, CXCursor parent,
					 CXClientData data)
{
	struct fe *fe = data;
	CXSourceLocation l = clang_getCursorLocation(c);

	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_FunctionDecl &&
	    clang_isCursorDefinition(c) && clang_Location_isFromMainFile(l))
		function_for(fe, c);
	return CXChildVisit_Continue;
}

static void inclusion(CXFile included, CXSourceLocation *stack, unsigned n,
		      CXClientData data)
{
	struct fe *fe = data;
	const char *name;

	if (n && clang_Location_isInSystemHeader(stack[0]))
		return;
	name = file_name(fe, included);
	VEC_PUSH(fe->tu->files, fe->tu->nfiles, fe->tu->files_cap,
		 (char *)name);
}

static void note_macros(struct tu *tu, const char *const *args, int nargs)
{
	int i;

	for (i = 0; i < nargs; i++) {
		const char *a = args[i];
		char *m;
		size_t len;

		if (!strcmp(a, "-D") && i + 1 < nargs)
			a = args[++i];
		else if (!strncmp(a, "-D", 2))
			a += 2;
		else
			continue;
		len = strcspn(a, "=");
		m = arena_strndup(&tu->arena, a, len);
		VEC_PUSH(tu->macros, tu->nmacros, tu->macros_cap, m);
	}
}

int frontend_parse(CXIndex index, const struct ruleset *rs, const char *file,
		   const char *const *args, int nargs, struct tu *tu,
		   FILE *err)
{
	struct fe fe = { .tu = tu, .rs = rs, .err = err };
	enum CXErrorCode ec;
	unsigned i, ndiag, errors = 0;
	int done;

	if (!getcwd(fe.cwd, sizeof(fe.cwd)))
		fe.cwd[0] = '\0';
	ec = clang_parseTranslationUnit2(index, file, args, nargs, NULL, 0,
					 CXTranslationUnit_KeepGoing,
					 &fe.tu_cx);
	if (ec != CXError_Success || !fe.tu_cx) {
		fprintf(err, "%s: error: libclang could not parse this file (error %d)\n",
			file, (int)ec);
		return -1;
	}
	ndiag = clang_getNumDiagnostics(fe.tu_cx);
	for (i = 0; i < ndiag; i++) {
		CXDiagnostic d = clang_getDiagnostic(fe.tu_cx, i);

		if (clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error) {
			if (errors < 10) {
				CXString s = clang_formatDiagnostic(d,
					clang_defaultDiagnosticDisplayOptions());
				CXFile df = NULL;

				/* the driver's have no place: name the file */
				clang_getSpellingLocation(
					clang_getDiagnosticLocation(d), &df,
					NULL, NULL, NULL);
				fprintf(err, "%s%s%s\n", df ? "" : file,
					df ? "" : ": ", clang_getCString(s));
				clang_disposeString(s);
			}
			errors++;
		}
		clang_disposeDiagnostic(d);
	}
	tu->nerrors = (int)errors;
	if (errors)
		fprintf(err, "%s: warning: %u error%s while parsing; analysing what could be parsed\n",
			file, errors, errors == 1 ? "" : "s");

	note_macros(tu, args, nargs);
	tu->configs = config_select(rs, tu);
	clang_getInclusions(fe.tu_cx, inclusion, &fe);
	{
		CXFile mf = clang_getFile(fe.tu_cx, file);

		tu->main_file = mf ? file_name(&fe, mf) :
				     arena_strdup(&tu->arena, file);
	}
	clang_visitChildren(clang_getTranslationUnitCursor(fe.tu_cx),
			    top_level, &fe);
	/* build main-file functions, then every helper they reach */
	for (done = 0; done < fe.ntodo; done++) {
		/* function_for() pushes to defs and todo together */
		struct function *fn = fe.todo[done];

		build_function(&fe, fn, fe.defs[done].def);
		VEC_PUSH(tu->fns, tu->nfns, tu->fns_cap, fn);
	}
	free(fe.defs);
	free(fe.todo);
	free(fe.names);
	free(fe.labels);
	free(fe.gotos);
	free(fe.asms);
	clang_disposeTranslationUnit(fe.tu_cx);
	return 0;
}
