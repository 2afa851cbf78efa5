// SPDX-License-Identifier: GPL-2.0
/*
 * frontend.c - the libclang session of one TU: parse, report its
 * diagnostics, name its files and locations, and choose the functions to
 * build (those of the main file, then every helper they reach; build.c
 * builds each).
 */
#include "fe.h"
#include "config.h"
#include "hashidx.h"
#include "infile.h"

#include <ctype.h>
#include <stdarg.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *file_name(struct fe *fe, CXFile file)
{
	struct file_name fn;
	CXString s;
	const char *raw;
	char real[PATH_MAX], in_wd[PATH_MAX * 2];
	size_t cl;
	int i;

	if (!file)
		return "<unknown>";
	for (i = 0; i < fe->nnames; i++)
		if (clang_File_isEqual(fe->names[i].file, file))
			return fe->names[i].name;
	s = clang_getFileName(file);
	raw = clang_getCString(s);
	/* clang's name is relative to the entry's directory, not to ours */
	if (raw && raw[0] != '/' && fe->wd) {
		snprintf(in_wd, sizeof(in_wd), "%s/%s", fe->wd, raw);
		raw = in_wd;
	}
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

struct srcloc fe_location(struct fe *fe, CXCursor c)
{
	return fe_source_location(fe, clang_getCursorLocation(c));
}

struct srcloc fe_source_location(struct fe *fe, CXSourceLocation l)
{
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
	text = fe_file_contents(fe->tu_cx, ef, &size);
	if (!text || eoff >= size)
		return NULL;
	for (e = eoff; e < size && fe_ident_char((unsigned char)text[e]); e++)
		;
	if (e == eoff)
		return NULL;
	return arena_strndup(&fe->tu->arena, text + eoff, e - eoff);
}

char *fe_cursor_name(struct fe *fe, CXCursor c)
{
	CXString s = clang_getCursorSpelling(c);
	char *r = arena_strdup(&fe->tu->arena, clang_getCString(s));

	clang_disposeString(s);
	return r;
}

static enum CXChildVisitResult collect_kid(CXCursor c, CXCursor parent,
					   CXClientData data)
{
	struct kids *k = data;

	(void)parent;
	VEC_PUSH(k->v, k->n, k->cap, c);
	return CXChildVisit_Continue;
}

struct kids fe_children(CXCursor c)
{
	struct kids k = { 0 };

	clang_visitChildren(c, collect_kid, &k);
	return k;
}

struct event *fe_new_event(struct fe *fe, enum event_kind kind,
			     CXCursor at)
{
	struct event *ev = arena_alloc(&fe->tu->arena, sizeof(*ev));

	ev->kind = kind;
	ev->fn = fe->fn;
	ev->reg = -1;
	ev->alt_cap = -1;
	ev->loc = fe_location(fe, at);
	ev->macro = macro_at(fe, at);
	ev->before_line = fe->span.before_line;
	ev->after_line = fe->span.after_line;
	ev->indent = fe->span.indent;
	return ev;
}

void fe_warn(struct fe *fe, CXCursor c, const char *fmt, ...)
{
	struct srcloc l = fe_location(fe, c);
	va_list ap;

	fprintf(fe->err, "%s:%u:%u: warning: ", l.file, l.line, l.col);
	va_start(ap, fmt);
	vfprintf(fe->err, fmt, ap);
	va_end(ap);
	fputc('\n', fe->err);
}

struct function *fe_function_for(struct fe *fe, CXCursor def)
{
	char *name = fe_cursor_name(fe, def);
	struct fn_entry e;
	int i;

	for (i = 0; i < fe->ndefs; i++)
		if (!strcmp(fe->defs[i].name, name))
			return fe->defs[i].fn;
	e.name = name;
	e.def = def;
	e.fn = arena_alloc(&fe->tu->arena, sizeof(*e.fn));
	e.fn->name = name;
	e.fn->loc = fe_location(fe, def);
	e.fn->is_static = clang_Cursor_getStorageClass(def) == CX_SC_Static;
	e.fn->type = fe_type_name(fe, clang_getCursorType(def));
	VEC_PUSH(fe->defs, fe->ndefs, fe->defs_cap, e);
	VEC_PUSH(fe->todo, fe->ntodo, fe->todo_cap, e.fn);
	return e.fn;
}

char *fe_type_name(struct fe *fe, CXType t)
{
	CXString s = clang_getTypeSpelling(clang_getCanonicalType(t));
	char *r = arena_strdup(&fe->tu->arena, clang_getCString(s));

	clang_disposeString(s);
	return r;
}

void fe_address_taken(struct fe *fe, CXCursor ref)
{
	CXCursor def = clang_getCursorDefinition(ref);

	if (clang_getCursorKind(ref) != CXCursor_FunctionDecl ||
	    clang_Cursor_isNull(def) ||
	    clang_Location_isInSystemHeader(clang_getCursorLocation(def)))
		return;
	fe_function_for(fe, def)->address_taken = true;
}

/* Functions named in an initializer (an exit-handler table) */
static enum CXChildVisitResult find_functions(CXCursor c, CXCursor parent,
					      CXClientData data)
{
	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_DeclRefExpr)
		fe_address_taken(data, clang_getCursorReferenced(c));
	return CXChildVisit_Recurse;
}

/*
 * "#define NAME N" for a capability the rules pin: the number this TU
 * gives it, so that a pin by name reaches ALTERNATIVE()s and capability
 * tests, which carry only the number.
 */
static void note_cap_macro(struct fe *fe, CXCursor c)
{
	const struct ruleset *rs = fe->rs;
	CXString name = clang_getCursorSpelling(c);
	const char *n = clang_getCString(name);
	int i;

	for (i = 0; i < rs->ncapnames; i++)
		if (!strcmp(rs->capnames[i], n))
			break;
	clang_disposeString(name);
	if (i < rs->ncapnames) {
		CXToken *toks;
		unsigned nt, k = 1;
		long long v = -1;

		clang_tokenize(fe->tu_cx, clang_getCursorExtent(c), &toks, &nt);
		/* NAME N, or NAME ( N ) */
		if (nt == 4 && clang_getTokenKind(toks[1]) == CXToken_Punctuation)
			k = 2;
		if (nt == 2 + 2 * (k - 1) &&
		    clang_getTokenKind(toks[k]) == CXToken_Literal) {
			CXString t = clang_getTokenSpelling(fe->tu_cx, toks[k]);
			char *end;
			unsigned long long u = strtoull(clang_getCString(t),
							&end, 0);

			if (end != clang_getCString(t) && u < (1ull << 31))
				v = (long long)u;
			clang_disposeString(t);
		}
		clang_disposeTokens(fe->tu_cx, toks, nt);
		fe->tu->capnum[i] = v;
	}
}

static enum CXChildVisitResult top_level(CXCursor c, CXCursor parent,
					 CXClientData data)
{
	struct fe *fe = data;
	CXSourceLocation l = clang_getCursorLocation(c);

	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_MacroDefinition) {
		if (fe->rs->ncapnames)
			note_cap_macro(fe, c);
		return CXChildVisit_Continue;
	}
	if (!clang_Location_isFromMainFile(l))
		return CXChildVisit_Continue;
	if (clang_getCursorKind(c) == CXCursor_FunctionDecl &&
	    clang_isCursorDefinition(c))
		fe_function_for(fe, c);
	else if (clang_getCursorKind(c) == CXCursor_VarDecl)
		clang_visitChildren(c, find_functions, fe);
	return CXChildVisit_Continue;
}

/* What the parse read of a file: --fix edits only a file still the same. */
static void note_hash(struct fe *fe, CXFile file)
{
	size_t size = 0;
	const char *text = fe_parsed_contents(fe->tu_cx, file, &size);
	struct tu *tu = fe->tu;

	tu->hashes = xrealloc(tu->hashes,
			      (size_t)tu->files_cap * sizeof(*tu->hashes));
	tu->hashes[tu->nfiles - 1] = text ? hash_bytes(text, size, HASH_SEED) :
					    0;
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
	note_hash(fe, included);
}

/*
 * A file libclang was not let read while parsing (infile.h): the TU is
 * not analysed, as if unreadable.  True after the message.
 */
static bool refused_file(const char *file, FILE *err)
{
	const char *why;
	char *path = infile_guard_end(&why);

	if (!path)
		return false;
	fprintf(err, "%s: error: %s; %s is not checked\n", path, why, file);
	free(path);
	return true;
}

int frontend_parse(CXIndex index, const struct ruleset *rs, const char *file,
		   const char *const *args, int nargs, struct tu *tu,
		   FILE *err)
{
	return frontend_parse_live(index, rs, file, args, nargs, NULL, tu,
				   err);
}

int frontend_parse_live(CXIndex index, const struct ruleset *rs,
			const char *file, const char *const *args, int nargs,
			struct frontend_live *live, struct tu *tu, FILE *err)
{
	struct fe fe = { .tu = tu, .rs = rs, .err = err };
	enum CXErrorCode ec;
	unsigned i, ndiag, errors = 0;
	int done;

	if (!getcwd(fe.cwd, sizeof(fe.cwd)))
		fe.cwd[0] = '\0';
	for (int a = 0; a < nargs; a++)
		if (!strncmp(args[a], "-working-directory=", 19))
			fe.wd = args[a] + 19;
	infile_guard_begin();
	ec = fe_open_tu(index, file, args, nargs, live, &fe.tu_cx);
	if (refused_file(file, err)) {
		fe_close_tu(live, fe.tu_cx, false);
		return -1;
	}
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

	tu_note_macros(tu, args, nargs);
	tu->configs = config_select(rs, tu);
	clang_getInclusions(fe.tu_cx, inclusion, &fe);
	{
		CXFile mf = clang_getFile(fe.tu_cx, file);

		tu->main_file = mf ? file_name(&fe, mf) :
				     arena_strdup(&tu->arena, file);
	}
	tu->ncapnum = rs->ncapnames;
	tu->capnum = arena_alloc(&tu->arena,
				 sizeof(*tu->capnum) * ((size_t)rs->ncapnames + 1));
	for (int k = 0; k < rs->ncapnames; k++)
		tu->capnum[k] = -1;
	clang_visitChildren(clang_getTranslationUnitCursor(fe.tu_cx),
			    top_level, &fe);
	/* build main-file functions, then every helper they reach */
	for (done = 0; done < fe.ntodo; done++) {
		/* function_for() pushes to defs and todo together */
		struct function *fn = fe.todo[done];

		build_function(&fe, fn, fe.defs[done].def);
		VEC_PUSH(tu->fns, tu->nfns, tu->fns_cap, fn);
	}
	pacret_add(&fe, args, nargs);
	free(fe.defs);
	free(fe.todo);
	free(fe.names);
	free(fe.labels);
	free(fe.gotos);
	free(fe.asms);
	free(fe.vals.decls);
	free(fe.vals.calls);
	free(fe.vals.assigned);
	hashidx_free(&fe.vals.decl_index);
	hashidx_free(&fe.vals.call_index);
	hashidx_free(&fe.vals.assigned_index);
	fe_close_tu(live, fe.tu_cx, true);
	return 0;
}
