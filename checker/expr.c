// SPDX-License-Identifier: GPL-2.0
/*
 * A precedence-climbing evaluator.  Recursion depth is bounded by the
 * nesting of parentheses and unary operators, which is capped so that
 * hostile input cannot exhaust the stack.
 */
#include "expr.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define MAX_DEPTH 256

struct parser {
	const char *s;
	size_t len, pos;
	int depth;
	struct expr_error *err;
	bool failed;
};

static void fail_at(struct parser *p, size_t col, const char *msg)
{
	if (p->failed)
		return;
	p->failed = true;
	p->err->col = col;
	snprintf(p->err->msg, sizeof(p->err->msg), "%s", msg);
}

static void fail(struct parser *p, const char *msg)
{
	fail_at(p, p->pos, msg);
}

static void skip_space(struct parser *p)
{
	while (p->pos < p->len && isspace((unsigned char)p->s[p->pos]))
		p->pos++;
}

static int peek(struct parser *p)
{
	skip_space(p);
	return p->pos < p->len ? (unsigned char)p->s[p->pos] : -1;
}

static uint64_t parse_expr(struct parser *p, int min_prec);

static uint64_t parse_number(struct parser *p)
{
	uint64_t v = 0;
	unsigned base = 10;
	bool any = false;
	size_t start = p->pos;

	if (p->s[p->pos] == '0' && p->pos + 1 < p->len) {
		char c = (char)tolower((unsigned char)p->s[p->pos + 1]);

		if (c == 'x' || c == 'b') {
			base = c == 'x' ? 16 : 2;
			p->pos += 2;
		} else {
			base = 8;
		}
	}
	while (p->pos < p->len) {
		int c = tolower((unsigned char)p->s[p->pos]);
		unsigned d;

		if (isdigit(c))
			d = (unsigned)(c - '0');
		else if (base == 16 && c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else
			break;
		if (d >= base) {
			fail(p, "invalid digit in integer literal");
			return 0;
		}
		if (v > (UINT64_MAX - d) / base) {
			fail_at(p, start, "integer literal does not fit in 64 bits");
			return 0;
		}
		v = v * base + d;
		any = true;
		p->pos++;
	}
	if (!any && base != 8) {
		fail(p, "integer literal has no digits");
		return 0;
	}
	/* (strchr() would match the terminator of "uUlL" for a NUL byte) */
	while (p->pos < p->len && p->s[p->pos] && strchr("uUlL", p->s[p->pos]))
		p->pos++;
	if (p->pos < p->len && (isalnum((unsigned char)p->s[p->pos]) ||
				p->s[p->pos] == '_'))
		fail(p, "invalid suffix on integer literal");
	return v;
}

static uint64_t parse_unary(struct parser *p)
{
	int c = peek(p);
	uint64_t v;

	if (++p->depth > MAX_DEPTH) {
		fail(p, "expression nested too deeply");
		return 0;
	}
	switch (c) {
	case '-':
		p->pos++;
		v = -parse_unary(p);
		break;
	case '+':
		p->pos++;
		v = parse_unary(p);
		break;
	case '~':
		p->pos++;
		v = ~parse_unary(p);
		break;
	case '!':
		p->pos++;
		v = !parse_unary(p);
		break;
	case '(':
		p->pos++;
		v = parse_expr(p, 0);
		if (peek(p) != ')')
			fail(p, "expected ')'");
		else
			p->pos++;
		break;
	case -1:
		fail(p, "expected an operand, found end of expression");
		v = 0;
		break;
	default:
		if (isdigit(c)) {
			v = parse_number(p);
		} else {
			fail(p, isalpha(c) || c == '_' || c == '.' ?
				"symbol in expression is not a constant" :
				"expected an operand");
			v = 0;
		}
	}
	p->depth--;
	return v;
}

struct binop {
	const char *tok;
	int prec;
};

/* C precedence, tightest last; two-character tokens before one-character */
static const struct binop binops[] = {
	{ "<<", 5 }, { ">>", 5 },
	{ "|", 1 }, { "^", 2 }, { "&", 3 },
	{ "+", 6 }, { "-", 6 },
	{ "*", 7 }, { "/", 7 }, { "%", 7 },
};

static const struct binop *next_binop(struct parser *p)
{
	size_t i;

	peek(p);
	for (i = 0; i < sizeof(binops) / sizeof(binops[0]); i++) {
		size_t n = strlen(binops[i].tok);

		if (p->pos + n <= p->len &&
		    !memcmp(p->s + p->pos, binops[i].tok, n)) {
			/* "&&" / "||" are not supported: not a bitwise op */
			if (n == 1 && p->pos + 1 < p->len &&
			    p->s[p->pos + 1] == binops[i].tok[0] &&
			    (binops[i].tok[0] == '&' || binops[i].tok[0] == '|'))
				return NULL;
			return &binops[i];
		}
	}
	return NULL;
}

static uint64_t apply(struct parser *p, const char *op, size_t col,
		      uint64_t a, uint64_t b)
{
	switch (op[0]) {
	case '<':
		return b >= 64 ? 0 : a << b;
	case '>':
		return b >= 64 ? 0 : a >> b;
	case '|':
		return a | b;
	case '^':
		return a ^ b;
	case '&':
		return a & b;
	case '+':
		return a + b;
	case '-':
		return a - b;
	case '*':
		return a * b;
	case '/':
	case '%':
		if (!b) {
			fail_at(p, col, "division by zero");
			return 0;
		}
		return op[0] == '/' ? a / b : a % b;
	}
	return 0;
}

static uint64_t parse_expr(struct parser *p, int min_prec)
{
	uint64_t lhs = parse_unary(p);

	while (!p->failed) {
		const struct binop *op = next_binop(p);
		uint64_t rhs;
		size_t opos;

		if (!op || op->prec < min_prec)
			break;
		opos = p->pos;
		p->pos += strlen(op->tok);
		if (++p->depth > MAX_DEPTH) {
			fail(p, "expression nested too deeply");
			break;
		}
		rhs = parse_expr(p, op->prec + 1);
		p->depth--;
		lhs = apply(p, op->tok, opos, lhs, rhs);
	}
	return lhs;
}

int expr_eval(const char *text, size_t len, uint64_t *out,
	      struct expr_error *err)
{
	struct parser p = { .s = text, .len = len, .err = err };
	uint64_t v = parse_expr(&p, 0);

	if (!p.failed && peek(&p) != -1)
		fail(&p, "unexpected text after expression");
	if (p.failed)
		return -1;
	*out = v;
	return 0;
}
