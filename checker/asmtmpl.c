// SPDX-License-Identifier: GPL-2.0
/*
 * asmtmpl.c - asm statements: their templates, taken from libclang's
 * printout of the function (libclang 19 has no query for a template) and
 * zipped with the statements by order, and their instructions as events.
 */
#include "fe.h"
#include "asmread.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

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

bool fe_ident_char(int c)
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

/*
 * How many output operands follow an asm template that ends at p:
 * ' : "=r" (x), "+r" (y) : ...' has two; ' : : ...' and ')' none.
 */
static int count_outputs(const char *p)
{
	int depth = 0, n = 0;
	bool any = false;

	while (isspace((unsigned char)*p))
		p++;
	if (*p != ':')
		return 0;
	for (p++; *p; p++) {
		if (*p == '"' || *p == '\'') {
			p = skip_literal(p) - 1;
			any = true;
		} else if (*p == '(' || *p == '[') {
			depth++;
		} else if (*p == ')' || *p == ']') {
			if (--depth < 0)
				break;
		} else if (!depth && *p == ':') {
			break;
		} else if (!depth && *p == ',') {
			n++;
		} else if (!isspace((unsigned char)*p)) {
			any = true;
		}
	}
	return any ? n + 1 : 0;
}

/*
 * The labels an asm goto may jump to, after the fourth top-level colon
 * following its template at p: ' : : "i" (k) : : l_yes, l_no)' gives
 * "l_yes,l_no" (malloc'd), or NULL for none.
 */
static char *goto_labels(const char *p)
{
	int depth = 0, colons = 0;
	char *labels = NULL;
	size_t len = 0;

	for (; *p; p++) {
		if (*p == '"' || *p == '\'') {
			p = skip_literal(p) - 1;
		} else if (*p == '(' || *p == '[') {
			depth++;
		} else if (*p == ')' || *p == ']') {
			if (--depth < 0)
				break;
		} else if (!depth && *p == ':') {
			colons++;
		} else if (!depth && colons == 4 &&
			   fe_ident_char((unsigned char)*p)) {
			const char *s = p;

			while (fe_ident_char((unsigned char)p[1]))
				p++;
			labels = xrealloc(labels, len + (size_t)(p - s) + 3);
			if (len)
				labels[len++] = ',';
			memcpy(labels + len, s, (size_t)(p - s) + 1);
			len += (size_t)(p - s) + 1;
			labels[len] = '\0';
		}
	}
	return labels;
}

int frontend_find_templates(const char *printed, char ***out, int **nouts)
{
	return frontend_find_asm(printed, out, nouts, NULL);
}

int frontend_find_asm(const char *printed, char ***out, int **nouts,
		      char ***gotos)
{
	char **g = NULL;
	int gcap = 0, ng = 0;
	char **v = NULL;
	int *o = NULL;
	int n = 0, cap = 0, ocap = 0;
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
		if (fe_ident_char((unsigned char)*p)) {
			const char *s = p;
			size_t len;

			while (fe_ident_char((unsigned char)*p))
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
			    (fe_ident_char((unsigned char)prev) || prev == ']')) {
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
					while (fe_ident_char((unsigned char)*p))
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

				VEC_PUSH(o, n, ocap, count_outputs(e));
				n--;
				VEC_PUSH(g, ng, gcap, goto_labels(e));
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
	*nouts = o;
	if (gotos) {
		*gotos = g;
	} else {
		for (int i = 0; i < ng; i++)
			free(g[i]);
		free(g);
	}
	return n;
}

static enum CXChildVisitResult collect_asm(CXCursor c, CXCursor parent,
					   CXClientData data)
{
	struct fe *fe = data;

	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_GCCAsmStmt) {
		struct asm_tmpl a = { c, NULL, 0, NULL };

		VEC_PUSH(fe->asms, fe->nasms, fe->asms_cap, a);
	}
	return CXChildVisit_Recurse;
}

/* Zips the function's asm statements with the printed templates. */
void asm_templates_match(struct fe *fe, CXCursor def)
{
	CXPrintingPolicy pol;
	CXString s;
	char **tmpls, **gotos;
	int *nouts;
	int n, i;

	fe->nasms = 0;
	fe->next_asm = 0;
	fe->asm_ok = true;
	clang_visitChildren(def, collect_asm, fe);
	if (!fe->nasms)
		return;
	pol = clang_getCursorPrintingPolicy(def);
	s = clang_getCursorPrettyPrinted(def, pol);
	n = frontend_find_asm(clang_getCString(s), &tmpls, &nouts, &gotos);
	clang_disposeString(s);
	clang_PrintingPolicy_dispose(pol);
	if (n != fe->nasms) {
		fe_warn(fe, def, "isbcheck: internal: cannot match the asm statements of %s with its printed form (%d asm statements, %d templates); its asm is not analysed",
			fe->fn->name, fe->nasms, n);
		fe->asm_ok = false;
		fe->fn->truncated = true;
		for (i = 0; i < n; i++) {
			free(tmpls[i]);
			free(gotos[i]);
		}
		free(tmpls);
		free(nouts);
		free(gotos);
		return;
	}
	for (i = 0; i < n; i++) {
		fe->asms[i].tmpl = tmpls[i];
		fe->asms[i].nout = nouts[i];
		fe->asms[i].gotos = gotos[i];
	}
	free(tmpls);
	free(nouts);
	free(gotos);
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


static int insn_reg(struct fe *fe, const struct asm_insn *in)
{
	const struct regdb *db = &fe->rs->db;

	return in->has_enc ? regdb_find_enc(db, in->enc) :
			     regdb_find_name(db, in->name);
}

/*
 * The asm's output operands that are tracked locals get their new value:
 * the register an mrs reads into them (when it surely runs), else
 * unknown.  An output that is memory ("+Q" (v->counter)) is a store.
 */
static void set_outputs(struct fe *fe, CXCursor c, struct kids *ops,
			int nout, const struct asm_insn *insns, int n)
{
	bool stored = false;

	for (int j = 0; j < nout && j < ops->n; j++) {
		const struct vexpr *v = NULL;
		struct event *ev;
		int slot = value_decl_slot(fe,
				clang_getCursorReferenced(ops->v[j]));

		if (clang_getCursorKind(ops->v[j]) != CXCursor_DeclRefExpr ||
		    slot < 0) {
			if (!stored)
				cfg_add_event(fe->fn, fe->cur,
					      fe_new_event(fe, EV_STORE, c));
			stored = true;
			continue;
		}
		for (int i = 0; i < n; i++)
			if (insns[i].kind == INSN_MRS && insns[i].operand == j)
				v = insns[i].may ? NULL :
					vx_read(fe, insn_reg(fe, &insns[i]));
		ev = fe_new_event(fe, EV_ASSIGN, c);
		ev->slot = slot;
		ev->val = v ? v : vx_of(fe, c);	/* c is a statement: unknown */
		cfg_add_event(fe->fn, fe->cur, ev);
	}
}

void build_asm(struct fe *fe, CXCursor c)
{
	struct asm_filter filter;
	struct asm_insn insns[MAX_INSNS];
	struct asm_error aerr;
	const char *tmpl = NULL, *gotos = NULL;
	int nout = 0;
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
			nout = fe->asms[i].nout;
			gotos = fe->asms[i].gotos;
			fe->next_asm = i + 1;
			break;
		}
	}
	if (!tmpl) {
		fe_warn(fe, c, "isbcheck: internal: asm statement in %s not found in the printed function; not analysed",
			fe->fn->name);
		fe->fn->truncated = true;
		return;
	}
	filter = filter_of(fe->rs);
	n = asm_read(tmpl, insns, MAX_INSNS, &filter, &aerr);
	if (n < 0) {
		fe_warn(fe, c, "cannot read asm template: %s", aerr.msg);
		fe->fn->truncated = true;
		return;
	}
	if (n > MAX_INSNS) {
		fe_warn(fe, c, "asm statement in %s has more than %d instructions; the rest are not analysed",
			fe->fn->name, MAX_INSNS);
		n = MAX_INSNS;
	}
	ops = fe_children(c);
	for (i = 0; i < n; i++) {
		struct asm_insn *in = &insns[i];
		struct event *ev = fe_new_event(fe, insn_event(in->kind), c);

		ev->may = in->may;
		ev->alt_cap = in->alt_cap;
		ev->alt_side = in->alt_side;
		ev->text = arena_strdup(&fe->tu->arena, in->text);
		ev->insn = arena_strdup(&fe->tu->arena, in->mnemonic);
		ev->name = arena_strdup(&fe->tu->arena, in->name);
		if (in->kind == INSN_MSR || in->kind == INSN_MRS) {
			ev->reg = insn_reg(fe, in);
			if (ev->reg >= 0)
				ev->name = fe->rs->db.regs[ev->reg].name;
		}
		if (in->kind == INSN_MSR) {
			if (in->operand == -2)		/* xzr */
				ev->val = vx_const(fe, 0);
			else if (in->operand >= 0 && in->operand < ops.n)
				ev->val = vx_of(fe, ops.v[in->operand]);
		}
		cfg_add_event(fe->fn, fe->cur, ev);
	}
	set_outputs(fe, c, &ops, nout, insns, n);
	free(ops.v);
	if (gotos)
		build_asm_goto(fe, gotos);
}

void asm_templates_free(struct fe *fe)
{
	for (int i = 0; i < fe->nasms; i++) {
		free(fe->asms[i].tmpl);
		free(fe->asms[i].gotos);
	}
	fe->nasms = 0;
}
