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
void asm_templates_match(struct fe *fe, CXCursor def)
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
		fe_warn(fe, def, "isbcheck: internal: cannot match the asm statements of %s with its printed form (%d asm statements, %d templates); its asm is not analysed",
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

/*
 * The register a statement expression reads, if it is an accessor's
 * ({ ...; asm("mrs %0, REG" : "=r" (v)); v; }): one asm, one mrs.
 */
int asm_reg_read(struct fe *fe, CXCursor stmt_expr)
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

void build_asm(struct fe *fe, CXCursor c)
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

void asm_templates_free(struct fe *fe)
{
	for (int i = 0; i < fe->nasms; i++)
		free(fe->asms[i].tmpl);
	fe->nasms = 0;
}
