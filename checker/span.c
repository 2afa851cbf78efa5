// SPDX-License-Identifier: GPL-2.0
/*
 * span.c - where a fix's line can go around a statement: before it if
 * it starts its line, after it if nothing but a comment follows it.
 */
#include "fe.h"

#include <stdlib.h>
#include <string.h>

bool in_macro(CXCursor c)
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
struct span span_of(struct fe *fe, CXCursor c)
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
		struct kids k = fe_children(c);

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
	text = fe_file_contents(fe->tu_cx, bf, &size);
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
