// SPDX-License-Identifier: GPL-2.0
/*
 * The rule-file parser.  Line oriented: a line that starts in column 1
 * opens a block (register, config, cse, function, rule); an indented line
 * is a property of the open block.  '#' starts a comment outside strings.
 *
 * Files are read twice: the first pass reads only register blocks, the
 * second everything else, so a rule may name a register declared in any
 * file.
 */
#include "rules.h"
#include "infile.h"
#include "asmread.h"
#include "expr.h"
#include "hashidx.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

enum tok_kind { T_WORD, T_STRING, T_PUNCT, T_EOL };

struct tok {
	enum tok_kind kind;
	const char *s;
	size_t len;
	unsigned col;
};

#define MAX_TOKS 256

enum block {
	B_NONE, B_SKIP, B_REGISTER, B_STEP, B_CONFIG, B_CSE, B_FUNCTION,
	B_RULE
};

struct pending_cond {
	int reg, field;
	char ref[96];
	uint64_t value;
	struct srcpos pos;
};

struct parser {
	struct ruleset *rs;
	FILE *err;
	const char *file;	/* arena copy */
	unsigned line;
	int phase;
	enum block block;
	int cur;		/* index of the open block's object */
	int main_clause;	/* rule: clause that after/before fill */
	int errors_before;	/* rule: error count when it opened */
	struct tok t[MAX_TOKS];
	int nt, pos;
	struct pending_cond *conds;
	int nconds, conds_cap;
};

/* Which pattern kinds a line may hold. */
enum pattern_use { USE_AFTER, USE_BEFORE, USE_INSN };

static bool parse_patterns(struct parser *p, enum pattern_use use,
			   struct pattern **out, int *nout);

static void error_at(struct parser *p, unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void error_at(struct parser *p, unsigned col, const char *fmt, ...)
{
	va_list ap;

	p->rs->nerrors++;
	if (p->rs->nerrors > 50)
		return;
	fprintf(p->err, "%s:%u:%u: error: ", p->file, p->line, col);
	va_start(ap, fmt);
	vfprintf(p->err, fmt, ap);
	va_end(ap);
	fputc('\n', p->err);
}

static struct srcpos here(struct parser *p, unsigned col)
{
	return (struct srcpos){ p->file, p->line, col };
}

static bool is_word_char(int c)
{
	return isalnum(c) || strchr("_.*=:#-/+<>[]", c);
}

/* Returns false (after reporting) on an unterminated string. */
static bool tokenize(struct parser *p, const char *s, size_t len)
{
	size_t i = 0;

	p->nt = p->pos = 0;
	while (i < len) {
		struct tok *t;
		unsigned col = (unsigned)i + 1;

		if (isspace((unsigned char)s[i])) {
			i++;
			continue;
		}
		if (s[i] == '#' && (i == 0 || isspace((unsigned char)s[i - 1])))
			break;
		if (p->nt == MAX_TOKS - 1) {
			error_at(p, col, "line has too many tokens");
			return false;
		}
		t = &p->t[p->nt++];
		t->col = col;
		t->s = s + i;
		if (s[i] == '"') {
			size_t j = i + 1;

			while (j < len && s[j] != '"')
				j++;
			if (j >= len) {
				error_at(p, col, "unterminated string");
				p->nt--;
				return false;
			}
			t->kind = T_STRING;
			t->s = s + i + 1;
			t->len = j - i - 1;
			i = j + 1;
		} else if ((s[i] == '|' || s[i] == '&') && i + 1 < len &&
			   s[i + 1] == s[i]) {
			t->kind = T_PUNCT;
			t->len = 2;
			i += 2;
		} else if (is_word_char((unsigned char)s[i])) {
			size_t j = i;

			while (j < len && is_word_char((unsigned char)s[j]))
				j++;
			t->kind = T_WORD;
			t->len = j - i;
			i = j;
		} else {
			t->kind = T_PUNCT;
			t->len = 1;
			i++;
		}
	}
	p->t[p->nt] = (struct tok){ T_EOL, s + len, 0, (unsigned)len + 1 };
	return true;
}

static struct tok *peek(struct parser *p)
{
	return &p->t[p->pos];
}

static struct tok *next(struct parser *p)
{
	struct tok *t = &p->t[p->pos];

	if (t->kind != T_EOL)
		p->pos++;
	return t;
}

static bool tok_is(const struct tok *t, const char *w)
{
	return t->kind != T_EOL && t->kind != T_STRING && t->len == strlen(w) &&
	       !strncmp(t->s, w, t->len);
}

static char *tok_str(struct parser *p, const struct tok *t)
{
	return arena_strndup(&p->rs->arena, t->s, t->len);
}

static struct tok *expect_word(struct parser *p, const char *what)
{
	struct tok *t = next(p);

	if (t->kind != T_WORD) {
		error_at(p, t->col, "expected %s", what);
		return NULL;
	}
	return t;
}

static bool expect_eol(struct parser *p)
{
	struct tok *t = peek(p);

	if (t->kind != T_EOL) {
		error_at(p, t->col, "unexpected '%.*s'", (int)t->len, t->s);
		return false;
	}
	return true;
}

static bool parse_number(struct parser *p, const struct tok *t, uint64_t *v)
{
	struct expr_error e;

	if (t->kind != T_WORD || expr_eval(t->s, t->len, v, &e)) {
		error_at(p, t->col, "expected a number, found '%.*s'",
			 (int)t->len, t->s);
		return false;
	}
	return true;
}

bool glob_match(const char *pat, const char *s)
{
	if (*pat == '\0')
		return *s == '\0';
	if (*pat == '*')
		return glob_match(pat + 1, s) || (*s && glob_match(pat, s + 1));
	return *s && tolower((unsigned char)*pat) == tolower((unsigned char)*s) &&
	       glob_match(pat + 1, s + 1);
}

/* "REG.FIELD" (field optional unless need_field) -> indices */
static bool parse_reg_field(struct parser *p, const struct tok *t,
			    const char *text, bool need_field, int *reg,
			    int *field)
{
	const struct regdb *db = &p->rs->db;
	char buf[96];
	char *dot;

	snprintf(buf, sizeof(buf), "%s", text);
	dot = strchr(buf, '.');
	if (dot)
		*dot = '\0';
	*reg = regdb_find_name(db, buf);
	if (*reg < 0) {
		error_at(p, t->col, "unknown register '%s'", buf);
		return false;
	}
	*field = -1;
	if (!dot) {
		if (need_field)
			error_at(p, t->col, "expected REGISTER.FIELD, found '%s'",
				 buf);
		return !need_field;
	}
	*field = sysreg_find_field(&db->regs[*reg], dot + 1);
	if (*field < 0) {
		error_at(p, t->col, "register %s has no field '%s'",
			 db->regs[*reg].name, dot + 1);
		return false;
	}
	return true;
}

/* "when REG.FIELD == V" after the keyword has been consumed */
static bool parse_when(struct parser *p, struct field_cond *c)
{
	struct tok *ref = expect_word(p, "REGISTER.FIELD after 'when'");
	struct tok *eq, *val;
	char *text;

	if (!ref)
		return false;
	eq = next(p);
	if (!tok_is(eq, "==")) {
		error_at(p, eq->col, "expected '==' in condition");
		return false;
	}
	val = next(p);
	if (!parse_number(p, val, &c->value))
		return false;
	text = tok_str(p, ref);
	if (!parse_reg_field(p, ref, text, true, &c->reg, &c->field))
		return false;
	c->present = true;
	return true;
}

/* ---- register blocks (phase 1) ---- */

static void parse_register(struct parser *p)
{
	struct regdb *db = &p->rs->db;
	struct tok *name = expect_word(p, "a register name");
	uint64_t v[5];
	struct sysreg r = { 0 };
	int i;

	if (!name)
		return;
	for (i = 0; i < 5; i++)
		if (!parse_number(p, next(p), &v[i]))
			return;
	if (!expect_eol(p))
		return;
	if (v[0] > 3 || v[1] > 7 || v[2] > 15 || v[3] > 15 || v[4] > 7) {
		error_at(p, name->col,
			 "encoding out of range (op0 0-3, op1 0-7, CRn 0-15, CRm 0-15, op2 0-7)");
		return;
	}
	r.name = tok_str(p, name);
	for (char *c = (char *)r.name; *c; c++)
		*c = (char)toupper((unsigned char)*c);
	if (regdb_find_name(db, r.name) >= 0) {
		error_at(p, name->col, "register %s declared twice", r.name);
		return;
	}
	r.enc = SYSREG_ENC(v[0], v[1], v[2], v[3], v[4]);
	i = regdb_find_enc(db, r.enc);
	if (i >= 0) {
		error_at(p, name->col, "register %s has the encoding of %s",
			 r.name, db->regs[i].name);
		return;
	}
	r.pos = here(p, name->col);
	VEC_PUSH(db->regs, db->nregs, db->cap, r);
	p->block = B_REGISTER;
	p->cur = db->nregs - 1;
}

/* A bit number, 0 to 63, in decimal, exactly spanning [s, end). */
static bool parse_bit(const char *s, const char *end, unsigned *out)
{
	unsigned v = 0;

	if (s == end || end - s > 2)
		return false;
	for (; s < end; s++) {
		if (!isdigit((unsigned char)*s))
			return false;
		v = v * 10 + (unsigned)(*s - '0');
	}
	*out = v;
	return v <= 63;
}

static void parse_field(struct parser *p)
{
	struct sysreg *r = &p->rs->db.regs[p->cur];
	struct tok *name = expect_word(p, "a field name"), *bits;
	struct field f = { 0 };
	struct pending_cond cond = { 0 };
	bool has_cond = false;
	unsigned hi, lo;
	char *colon;

	if (!name || !(bits = expect_word(p, "bit position (N or HI:LO)")))
		return;
	f.name = tok_str(p, name);
	if (sysreg_find_field(r, f.name) >= 0) {
		error_at(p, name->col, "field %s.%s declared twice", r->name,
			 f.name);
		return;
	}
	colon = memchr(bits->s, ':', bits->len);
	if (colon) {
		if (!parse_bit(bits->s, colon, &hi) ||
		    !parse_bit(colon + 1, bits->s + bits->len, &lo))
			goto bad;
	} else {
		if (!parse_bit(bits->s, bits->s + bits->len, &hi))
			goto bad;
		lo = hi;
	}
	if (hi > 63 || lo > hi)
		goto bad;
	f.hi = hi;
	f.lo = lo;
	f.mask = (hi == 63 ? ~0ull : (1ull << (hi + 1)) - 1) & ~((1ull << lo) - 1);
	f.pos = here(p, name->col);
	if (tok_is(peek(p), "when")) {
		/* resolved once every register is known */
		struct pending_cond c = { .reg = p->cur, .field = r->nfields };
		struct tok *ref, *eq;

		has_cond = true;

		next(p);
		ref = expect_word(p, "REGISTER.FIELD after 'when'");
		if (!ref)
			return;
		eq = next(p);
		if (!tok_is(eq, "==")) {
			error_at(p, eq->col, "expected '==' in condition");
			return;
		}
		if (!parse_number(p, next(p), &c.value))
			return;
		snprintf(c.ref, sizeof(c.ref), "%.*s", (int)ref->len, ref->s);
		c.pos = here(p, ref->col);
		cond = c;
	}
	if (!expect_eol(p))
		return;
	if (has_cond)
		VEC_PUSH(p->conds, p->nconds, p->conds_cap, cond);
	VEC_PUSH(r->fields, r->nfields, r->fields_cap, f);
	return;
bad:
	error_at(p, bits->col, "bad bit position '%.*s' (N or HI:LO, 0-63)",
		 (int)bits->len, bits->s);
}

/* ---- everything else (phase 2) ---- */

static struct config_cond *parse_cond_or(struct parser *p, int depth);

static struct config_cond *new_cond(struct parser *p, int op)
{
	struct config_cond *e = arena_alloc(&p->rs->arena, sizeof(*e));

	e->op = op;
	return e;
}

static struct config_cond *parse_cond_primary(struct parser *p, int depth)
{
	struct tok *t = next(p);
	struct config_cond *e;

	if (depth > 64) {
		error_at(p, t->col, "condition nested too deeply");
		return NULL;
	}
	if (tok_is(t, "!")) {
		e = new_cond(p, COND_NOT);
		e->l = parse_cond_primary(p, depth + 1);
		return e->l ? e : NULL;
	}
	if (tok_is(t, "(")) {
		e = parse_cond_or(p, depth + 1);
		if (!e)
			return NULL;
		t = next(p);
		if (!tok_is(t, ")")) {
			error_at(p, t->col, "expected ')'");
			return NULL;
		}
		return e;
	}
	if (tok_is(t, "defined")) {
		struct tok *m;

		if (!tok_is(next(p), "(") ||
		    !(m = expect_word(p, "a macro name")) ||
		    !tok_is(next(p), ")")) {
			error_at(p, t->col, "expected defined(MACRO)");
			return NULL;
		}
		e = new_cond(p, COND_DEFINED);
		e->macro = tok_str(p, m);
		return e;
	}
	error_at(p, t->col, "expected defined(MACRO), '!' or '('");
	return NULL;
}

static struct config_cond *parse_cond_and(struct parser *p, int depth)
{
	struct config_cond *l = parse_cond_primary(p, depth);

	while (l && tok_is(peek(p), "&&")) {
		struct config_cond *e = new_cond(p, COND_AND);

		next(p);
		e->l = l;
		e->r = parse_cond_primary(p, depth);
		l = e->r ? e : NULL;
	}
	return l;
}

static struct config_cond *parse_cond_or(struct parser *p, int depth)
{
	struct config_cond *l = parse_cond_and(p, depth);

	while (l && tok_is(peek(p), "||")) {
		struct config_cond *e = new_cond(p, COND_OR);

		next(p);
		e->l = l;
		e->r = parse_cond_and(p, depth);
		l = e->r ? e : NULL;
	}
	return l;
}

bool config_cond_eval(const struct config_cond *e,
		   bool (*defined)(const char *macro, void *ctx), void *ctx)
{
	switch (e->op) {
	case COND_DEFINED:
		return defined(e->macro, ctx);
	case COND_NOT:
		return !config_cond_eval(e->l, defined, ctx);
	case COND_AND:
		return config_cond_eval(e->l, defined, ctx) &&
		       config_cond_eval(e->r, defined, ctx);
	case COND_OR:
		return config_cond_eval(e->l, defined, ctx) ||
		       config_cond_eval(e->r, defined, ctx);
	}
	return false;
}

static void parse_config(struct parser *p)
{
	struct ruleset *rs = p->rs;
	struct tok *name = expect_word(p, "a configuration name");
	struct config c = { 0 };

	if (!name)
		return;
	if (!tok_is(next(p), "if")) {
		error_at(p, name->col, "expected 'config NAME if CONDITION'");
		return;
	}
	c.name = tok_str(p, name);
	c.pos = here(p, name->col);
	c.cond = parse_cond_or(p, 0);
	if (!c.cond || !expect_eol(p))
		return;
	VEC_PUSH(rs->configs, rs->nconfigs, rs->configs_cap, c);
	p->block = B_CONFIG;
	p->cur = rs->nconfigs - 1;
}

static void parse_pin(struct parser *p)
{
	struct config *c = &p->rs->configs[p->cur];
	struct tok *ref = expect_word(p, "REGISTER.FIELD after 'pin'");
	struct pin pin = { 0 };

	if (!ref || !parse_reg_field(p, ref, tok_str(p, ref), true, &pin.reg,
				     &pin.field))
		return;
	pin.pos = here(p, ref->col);
	if (peek(p)->kind == T_WORD) {
		const struct field *f =
			&p->rs->db.regs[pin.reg].fields[pin.field];

		if (!parse_number(p, next(p), &pin.value))
			return;
		if (pin.value > (f->mask >> f->lo)) {
			error_at(p, ref->col, "value does not fit in %s.%s",
				 p->rs->db.regs[pin.reg].name, f->name);
			return;
		}
		pin.has_value = true;
	}
	if (!expect_eol(p))
		return;
	VEC_PUSH(c->pins, c->npins, c->pins_cap, pin);
}

/* The index of capability name in rs->capnames, added if new. */
static int cap_name(struct ruleset *rs, const char *name)
{
	for (int i = 0; i < rs->ncapnames; i++)
		if (!strcmp(rs->capnames[i], name))
			return i;
	VEC_PUSH(rs->capnames, rs->ncapnames, rs->capnames_cap, name);
	return rs->ncapnames - 1;
}

/* "cap NAME V": capability NAME (a macro of the TU) is V (0 or 1) */
static void parse_cap_pin(struct parser *p)
{
	struct ruleset *rs = p->rs;
	struct config *c = &rs->configs[p->cur];
	struct tok *name = expect_word(p, "a capability name after 'cap'");
	struct cap_pin pin = { -1, 0 };
	uint64_t v;

	if (!name || !parse_number(p, next(p), &v) || !expect_eol(p))
		return;
	if (v > 1) {
		error_at(p, name->col, "a capability is 0 or 1");
		return;
	}
	pin.name = cap_name(rs, tok_str(p, name));
	for (int i = 0; i < c->ncaps; i++)
		if (c->caps[i].name == pin.name) {
			error_at(p, name->col, "capability %s pinned twice in %s",
				 rs->capnames[pin.name], c->name);
			return;
		}
	pin.value = (int)v;
	VEC_PUSH(c->caps, c->ncaps, c->caps_cap, pin);
}

static void parse_cse(struct parser *p)
{
	struct ruleset *rs = p->rs;
	struct tok *name = expect_word(p, "a name for the event");
	struct cse_def c = { 0 };

	if (!name)
		return;
	for (int i = 0; i < rs->ncses; i++)
		if (tok_is(name, rs->cses[i].name)) {
			error_at(p, name->col, "cse %s defined twice",
				 rs->cses[i].name);
			return;
		}
	c.name = tok_str(p, name);
	if (tok_is(peek(p), "when")) {
		next(p);
		if (!parse_when(p, &c.when))
			return;
	}
	if (!expect_eol(p))
		return;
	c.pos = here(p, name->col);
	VEC_PUSH(rs->cses, rs->ncses, rs->cses_cap, c);
	p->block = B_CSE;
	p->cur = rs->ncses - 1;
	p->errors_before = rs->nerrors;
}

static int find_step(const struct ruleset *rs, const struct tok *name)
{
	for (int i = 0; i < rs->nsteps; i++)
		if (tok_is(name, rs->steps[i].name))
			return i;
	return -1;
}

/* "step NAME" (phase 1, so that any rule file may need it) */
static void parse_step(struct parser *p)
{
	struct ruleset *rs = p->rs;
	struct tok *name = expect_word(p, "a step name");
	struct step_def st = { 0 };

	if (!name || !expect_eol(p))
		return;
	if (find_step(rs, name) >= 0) {
		error_at(p, name->col, "step %.*s defined twice",
			 (int)name->len, name->s);
		return;
	}
	st.name = tok_str(p, name);
	st.pos = here(p, name->col);
	VEC_PUSH(rs->steps, rs->nsteps, rs->steps_cap, st);
	p->block = B_STEP;
	p->cur = rs->nsteps - 1;
	p->errors_before = rs->nerrors;
}

/* Appends "insn ..." patterns to v; false after an error. */
static bool parse_insn_line(struct parser *p, struct pattern **v, int *n,
			    int *cap)
{
	struct pattern *more;
	int m;

	if (!parse_patterns(p, USE_INSN, &more, &m))
		return false;
	for (int i = 0; i < m; i++)
		VEC_PUSH(*v, *n, *cap, more[i]);
	free(more);
	return true;
}

/* A quoted string property, given once; false after an error. */
static bool parse_string_prop(struct parser *p, const struct tok *key,
			      const char **out)
{
	struct tok *s = next(p);

	if (s->kind != T_STRING) {
		error_at(p, s->col, "expected a quoted string");
		return false;
	}
	if (!expect_eol(p))
		return false;
	if (*out) {
		error_at(p, key->col, "two '%.*s' lines", (int)key->len,
			 key->s);
		return false;
	}
	*out = tok_str(p, s);
	return true;
}

static void parse_step_property(struct parser *p, struct tok *key)
{
	struct step_def *st = &p->rs->steps[p->cur];

	if (tok_is(key, "insn")) {
		p->pos--;	/* the line is a pattern list */
		parse_insn_line(p, &st->insns, &st->ninsns, &st->insns_cap);
	} else if (tok_is(key, "any-cse")) {
		if (expect_eol(p))
			st->any_cse = true;
	} else if (tok_is(key, "insert")) {
		parse_string_prop(p, key, &st->insert);
	} else if (tok_is(key, "text")) {
		parse_string_prop(p, key, &st->text);
	} else {
		error_at(p, key->col, "unknown step property '%.*s' (insn, any-cse, insert, text)",
			 (int)key->len, key->s);
	}
}

/* A step must say what completes it and what a fix inserts for it. */
static void check_step(struct parser *p)
{
	struct step_def *st;

	if (p->block != B_STEP || p->rs->nerrors > p->errors_before)
		return;
	st = &p->rs->steps[p->cur];
	if (!st->text && st->ninsns)	/* "tsb csync" */
		st->text = arena_printf(&p->rs->arena, "%s%s%s",
					st->insns[0].insn,
					st->insns[0].operand ? " " : "",
					st->insns[0].operand ?
					st->insns[0].operand : "");
	if (!st->any_cse == !st->ninsns || !st->insert || !st->text) {
		fprintf(p->err, "%s:%u:%u: error: step %s needs %s\n",
			st->pos.file, st->pos.line, st->pos.col, st->name,
			!st->any_cse == !st->ninsns ?
			"either 'insn' lines or 'any-cse'" : !st->insert ?
			"'insert' (the statement a fix inserts)" :
			"'text' (how messages name it)");
		p->rs->nerrors++;
	}
}

/* A CSE is known by its instructions. */
static void check_cse(struct parser *p)
{
	const struct cse_def *c;

	if (p->block != B_CSE || p->rs->nerrors > p->errors_before)
		return;
	c = &p->rs->cses[p->cur];
	if (!c->ninsns) {
		fprintf(p->err, "%s:%u:%u: error: cse %s names no instruction ('insn ...')\n",
			c->pos.file, c->pos.line, c->pos.col, c->name);
		p->rs->nerrors++;
	}
}

static void parse_function(struct parser *p)
{
	struct ruleset *rs = p->rs;
	struct tok *name = expect_word(p, "a function name"), *what;
	struct fn_attr f = { 0 };

	if (!name || !(what = expect_word(p, "'cse', 'noreturn', 'resumes' or 'writes'")))
		return;
	/* cse, noreturn and "resumes F" may be combined; "writes" ends */
	while (tok_is(what, "cse") || tok_is(what, "noreturn") ||
	       tok_is(what, "resumes")) {
		bool *flag = tok_is(what, "cse") ? &f.cse : &f.noreturn;

		if (tok_is(what, "resumes")) {
			struct tok *to = expect_word(p, "the function an exception return resumes at");

			if (!to)
				return;
			if (f.resumes) {
				error_at(p, what->col, "'resumes' given twice");
				return;
			}
			f.resumes = tok_str(p, to);
		} else if (*flag) {
			error_at(p, what->col, "'%.*s' given twice",
				 (int)what->len, what->s);
			return;
		} else {
			*flag = true;
		}
		if (peek(p)->kind == T_EOL)
			break;
		what = expect_word(p, "'cse', 'noreturn' or 'resumes'");
		if (!what)
			return;
	}
	if (f.cse && f.noreturn) {
		error_at(p, what->col, "'cse' and 'noreturn' together: a call that never returns synchronizes nothing after it");
		return;
	}
	if (f.cse || f.noreturn || f.resumes) {
		if (!tok_is(what, "cse") && !tok_is(what, "noreturn") &&
		    !tok_is(what, "resumes")) {
			error_at(p, what->col, "expected 'cse', 'noreturn' or 'resumes' ('writes' stands alone)");
			return;
		}
	} else if (tok_is(what, "writes")) {
		f.writes_known = true;
		if (tok_is(peek(p), "none")) {
			next(p);
		} else {
			for (;;) {
				struct tok *r = expect_word(p, "a register name after 'writes'");
				int reg;

				if (!r)
					goto fail;
				reg = regdb_find_name(&rs->db, tok_str(p, r));
				if (reg < 0) {
					error_at(p, r->col, "unknown register %s",
						 tok_str(p, r));
					goto fail;
				}
				VEC_PUSH(f.writes, f.nwrites, f.writes_cap, reg);
				if (!tok_is(peek(p), ","))
					break;
				next(p);
			}
		}
	} else {
		error_at(p, what->col, "expected 'cse', 'noreturn', 'resumes' or 'writes'");
		return;
	}
	if (!expect_eol(p))
		goto fail;
	f.name = tok_str(p, name);
	for (int i = 0; i < rs->nfns; i++)
		if (!strcmp(rs->fns[i].name, f.name)) {
			error_at(p, name->col, "function %s described twice",
				 f.name);
			goto fail;
		}
	f.pos = here(p, name->col);
	VEC_PUSH(rs->fns, rs->nfns, rs->fns_cap, f);
	p->block = B_FUNCTION;
	p->cur = rs->nfns - 1;
	return;
fail:
	free(f.writes);
}

/*
 * A state rule ("hold"): one clause of "before" events and no "after" (its
 * obligations begin where the field may differ from the value held), a
 * "need" that leaves room for the two hold steps, which are put in front.
 */
static void check_state_rule(struct parser *p, struct rule *r)
{
	const struct sysreg *reg = &p->rs->db.regs[r->hold.reg];
	const char *what;
	const char *problem = NULL;

	r->hold_text = arena_printf(&p->rs->arena, "%s.%s=%llu", reg->name,
				    reg->fields[r->hold.field].name,
				    (unsigned long long)r->hold.value);
	what = arena_printf(&p->rs->arena, "a write of %s", r->hold_text);

	if (!r->nclauses || (r->nclauses == 1 && !r->clauses[0].nafter &&
			     !r->clauses[0].nbefore))
		problem = "a state rule needs 'before': where the field must hold its value";
	else if (r->nclauses != 1 || r->clauses[0].nafter)
		problem = "a state rule ('hold') has no 'after' or 'pair': its obligation begins where the field may differ from the value held";
	else if (!r->nneed || !r->cite || !r->why)
		problem = !r->nneed ? "'need' is missing (the steps that synchronize the write)" :
			  !r->cite ? "'cite' is missing" : "'why' is missing";
	else if (r->nneed > MAX_STEPS - 2)
		problem = "a state rule needs at most two steps after the write";
	if (problem) {
		fprintf(p->err, "%s:%u:%u: error: rule %s: %s\n", r->pos.file,
			r->pos.line, r->pos.col, r->id, problem);
		p->rs->nerrors++;
		return;
	}
	memmove(r->need + 2, r->need, (size_t)r->nneed * sizeof(*r->need));
	r->nneed += 2;
	for (int h = 0; h < 2; h++) {
		struct step_def st = { 0 };

		st.name = arena_printf(&p->rs->arena, "hold %s %d", r->id, h);
		st.hold = h ? HOLD_MAY : HOLD_READ;
		st.text = h ? what : NULL;
		st.pos = r->pos;
		VEC_PUSH(p->rs->steps, p->rs->nsteps, p->rs->steps_cap, st);
		r->need[h] = p->rs->nsteps - 1;
	}
}

static void check_rule(struct parser *p)
{
	struct rule *r;
	int i;

	if (p->block != B_RULE || p->rs->nerrors > p->errors_before)
		return;		/* an error inside the rule says enough */
	r = &p->rs->rules[p->cur];
	if (r->state) {
		check_state_rule(p, r);
		return;
	}
	if (!r->nclauses) {
		fprintf(p->err, "%s:%u:%u: error: rule %s has no 'after'/'before' or 'pair'\n",
			r->pos.file, r->pos.line, r->pos.col, r->id);
		p->rs->nerrors++;
	}
	for (i = 0; i < r->nclauses; i++)
		if (!r->clauses[i].nafter || !r->clauses[i].nbefore) {
			fprintf(p->err, "%s:%u:%u: error: rule %s needs both 'after' and 'before'\n",
				r->pos.file, r->pos.line, r->pos.col, r->id);
			p->rs->nerrors++;
		}
	if (!r->nneed || !r->cite || !r->why) {
		fprintf(p->err, "%s:%u:%u: error: rule %s is missing %s\n",
			r->pos.file, r->pos.line, r->pos.col, r->id,
			!r->nneed ? "'need'" : !r->cite ? "'cite'" : "'why'");
		p->rs->nerrors++;
	}
}

static void parse_rule(struct parser *p)
{
	struct ruleset *rs = p->rs;
	struct tok *id = expect_word(p, "a rule id");
	struct rule r = { 0 };
	int i;

	if (!id || !expect_eol(p))
		return;
	r.id = tok_str(p, id);
	r.when_cap = -1;
	for (i = 0; i < rs->nrules; i++)
		if (!strcmp(rs->rules[i].id, r.id)) {
			error_at(p, id->col, "rule %s defined twice (first at %s:%u)",
				 r.id, rs->rules[i].pos.file,
				 rs->rules[i].pos.line);
			return;
		}
	r.pos = here(p, id->col);
	VEC_PUSH(rs->rules, rs->nrules, rs->rules_cap, r);
	p->block = B_RULE;
	p->cur = rs->nrules - 1;
	p->main_clause = -1;
	p->errors_before = rs->nerrors;
}

static void push_pattern(struct pattern **v, int *n, int *cap, struct pattern it)
{
	VEC_PUSH(*v, *n, *cap, it);
}

/* Lower-cases the arena copy of a token. */
static char *tok_lower(struct parser *p, const struct tok *t)
{
	char *s = tok_str(p, t);

	for (char *c = s; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	return s;
}

/*
 * "insn MNEMONIC [OPERAND]" after the kind, or "tlbi OP" / "at OP" (the
 * same as "insn tlbi OP"): globs, lower case.
 */
static bool parse_insn(struct parser *p, const struct tok *kind,
		       const struct tok *first, struct pattern *pat)
{
	pat->kind = PAT_INSN;
	if (!tok_is(kind, "insn")) {
		pat->insn = tok_lower(p, kind);
		pat->operand = tok_lower(p, first);
		return true;
	}
	pat->insn = tok_lower(p, first);
	if (peek(p)->kind == T_WORD && !tok_is(peek(p), "when"))
		pat->operand = tok_lower(p, next(p));
	return true;
}

/* "REG", "REG.FIELD", "REG.FIELD=V" or a glob over registers */
static bool parse_register_pattern(struct parser *p, struct tok *target,
				   struct pattern it, struct pattern **v,
				   int *n, int *cap)
{
	const struct regdb *db = &p->rs->db;
	char *text = tok_str(p, target), *eq, *dot;
	int matched = 0, first = *n;

	eq = strchr(text, '=');
	if (eq) {
		struct tok vt = *target;

		if (it.kind != PAT_WRITE) {
			error_at(p, target->col, "only a write has a new value");
			return false;
		}
		*eq = '\0';
		vt.s += eq + 1 - text;
		vt.len -= (size_t)(eq + 1 - text);
		vt.col += (unsigned)(eq + 1 - text);
		if (!parse_number(p, &vt, &it.value))
			return false;
		it.has_value = true;
	}
	if (!strchr(text, '*')) {
		if (!parse_reg_field(p, target, text, eq != NULL, &it.reg,
				     &it.field))
			return false;
		if (it.field >= 0 && it.kind == PAT_READ) {
			error_at(p, target->col, "a read names a whole register");
			return false;
		}
		push_pattern(v, n, cap, it);
	} else {
		dot = strchr(text, '.');
		if (dot)
			*dot = '\0';
		for (int i = 0; i < db->nregs; i++) {
			if (!glob_match(text, db->regs[i].name))
				continue;
			it.reg = i;
			it.field = dot ? sysreg_find_field(&db->regs[i], dot + 1) : -1;
			if (dot && it.field < 0) {
				error_at(p, target->col, "register %s has no field '%s'",
					 db->regs[i].name, dot + 1);
				return false;
			}
			push_pattern(v, n, cap, it);
			matched++;
		}
		if (!matched) {
			error_at(p, target->col, "no register matches '%s'", text);
			return false;
		}
	}
	/* the value must fit the field of every register matched */
	for (int k = first; k < *n; k++) {
		const struct field *f;

		if (!(*v)[k].has_value || (*v)[k].field < 0)
			continue;
		f = &db->regs[(*v)[k].reg].fields[(*v)[k].field];
		if ((*v)[k].value > (f->mask >> f->lo)) {
			error_at(p, target->col, "value does not fit in %s.%s",
				 db->regs[(*v)[k].reg].name, f->name);
			return false;
		}
	}
	return true;
}

/* Parses "kind target[, kind target...]" into a malloc'd array. */
static bool parse_patterns(struct parser *p, enum pattern_use use,
			   struct pattern **out, int *nout)
{
	static const char *const kinds =
		"write, read, access, insn, tlbi, at, call";
	struct pattern *v = NULL;
	int n = 0, cap = 0;

	for (;;) {
		struct tok *kind = expect_word(p, use == USE_INSN ?
			"'insn'" : "an event (write, read, access, insn, tlbi, at, call)");
		struct tok *target;
		struct pattern it = { .field = -1, .reg = -1 };

		if (!kind || !(target = expect_word(p, "what the event names")))
			goto fail;
		it.pos = here(p, kind->col);
		if (tok_is(kind, "write"))
			it.kind = PAT_WRITE;
		else if (tok_is(kind, "read"))
			it.kind = PAT_READ;
		else if (tok_is(kind, "access"))
			it.kind = PAT_ACCESS;
		else if (tok_is(kind, "insn") || tok_is(kind, "tlbi") ||
			 tok_is(kind, "at"))
			it.kind = PAT_INSN;
		else if (tok_is(kind, "call"))
			it.kind = PAT_CALL;
		else {
			error_at(p, kind->col, "unknown event '%.*s' (%s)",
				 (int)kind->len, kind->s, kinds);
			goto fail;
		}
		if (use == USE_AFTER && it.kind != PAT_WRITE &&
		    it.kind != PAT_INSN) {
			error_at(p, kind->col, "'after' takes write or instruction events");
			goto fail;
		}
		if (use == USE_INSN && it.kind != PAT_INSN) {
			error_at(p, kind->col, "expected instructions ('insn MNEMONIC [OPERAND]')");
			goto fail;
		}
		if (it.kind == PAT_INSN) {
			parse_insn(p, kind, target, &it);
			push_pattern(&v, &n, &cap, it);
		} else if (it.kind == PAT_CALL) {
			it.callee = tok_str(p, target);
			push_pattern(&v, &n, &cap, it);
		} else if (!parse_register_pattern(p, target, it, &v, &n,
						   &cap)) {
			goto fail;
		}
		if (!tok_is(peek(p), ","))
			break;
		next(p);
	}
	if (tok_is(peek(p), "when") && use != USE_INSN) {
		/* the line's events count only where the condition may hold */
		struct field_cond c = { 0 };

		next(p);
		if (!parse_when(p, &c))
			goto fail;
		for (int i = 0; i < n; i++)
			v[i].when = c;
	}
	if (!expect_eol(p))
		goto fail;
	*out = v;
	*nout = n;
	return true;
fail:
	free(v);
	return false;
}

static void append_patterns(struct pattern **dst, int *n, struct pattern *src, int m)
{
	*dst = xrealloc(*dst, (size_t)(*n + m) * sizeof(**dst));
	memcpy(*dst + *n, src, (size_t)m * sizeof(*src));
	*n += m;
	free(src);
}

static void parse_rule_property(struct parser *p, struct tok *key)
{
	struct rule *r = &p->rs->rules[p->cur];

	if (tok_is(key, "after") || tok_is(key, "before")) {
		bool after = key->s[0] == 'a';
		struct pattern *v;
		int n;
		struct clause *c;

		if (!parse_patterns(p, after ? USE_AFTER : USE_BEFORE, &v, &n))
			return;
		if (p->main_clause < 0) {
			struct clause empty = { 0 };

			VEC_PUSH(r->clauses, r->nclauses, r->clauses_cap, empty);
			p->main_clause = r->nclauses - 1;
		}
		c = &r->clauses[p->main_clause];
		if (after)
			append_patterns(&c->after, &c->nafter, v, n);
		else
			append_patterns(&c->before, &c->nbefore, v, n);
	} else if (tok_is(key, "pair")) {
		struct tok *a = expect_word(p, "a register"), *b;
		struct clause c1 = { 0 }, c2 = { 0 };
		struct pattern ia = { .kind = PAT_WRITE, .field = -1 };
		struct pattern ib = ia;

		if (!a || !(b = expect_word(p, "a second register")))
			return;
		if (!parse_reg_field(p, a, tok_str(p, a), false, &ia.reg, &ia.field) ||
		    !parse_reg_field(p, b, tok_str(p, b), false, &ib.reg, &ib.field) ||
		    !expect_eol(p))
			return;
		if (ia.field >= 0 || ib.field >= 0) {
			error_at(p, a->col, "'pair' names whole registers");
			return;
		}
		ia.pos = here(p, a->col);
		ib.pos = here(p, b->col);
		/* write A then access B, and write B then access A */
		c1.after = xmalloc(sizeof(struct pattern));
		c1.after[0] = ia;
		c1.before = xmalloc(sizeof(struct pattern));
		c1.before[0] = ib;
		c1.before[0].kind = PAT_ACCESS;
		c1.nafter = c1.nbefore = 1;
		c2.after = xmalloc(sizeof(struct pattern));
		c2.after[0] = ib;
		c2.before = xmalloc(sizeof(struct pattern));
		c2.before[0] = ia;
		c2.before[0].kind = PAT_ACCESS;
		c2.nafter = c2.nbefore = 1;
		VEC_PUSH(r->clauses, r->nclauses, r->clauses_cap, c1);
		VEC_PUSH(r->clauses, r->nclauses, r->clauses_cap, c2);
	} else if (tok_is(key, "need")) {
		if (r->nneed) {
			error_at(p, key->col, "rule %s has two 'need' lines", r->id);
			return;
		}
		for (;;) {
			struct tok *s = expect_word(p, "a step (see 'step' blocks)");
			int k;

			if (!s)
				return;
			k = find_step(p->rs, s);
			if (k < 0) {
				error_at(p, s->col, "unknown step '%.*s' (no 'step %.*s' block)",
					 (int)s->len, s->s, (int)s->len, s->s);
				r->nneed = 0;
				return;
			}
			if (r->nneed == MAX_STEPS) {
				error_at(p, s->col, "at most %d steps", MAX_STEPS);
				return;
			}
			r->need[r->nneed++] = k;
			if (!tok_is(peek(p), "then"))
				break;
			next(p);
		}
		expect_eol(p);
	} else if (tok_is(key, "when") && (tok_is(peek(p), "cap") ||
		   (tok_is(peek(p), "!") && peek(p)->kind != T_EOL &&
		    tok_is(&p->t[p->pos + 1], "cap")))) {
		struct tok *name;
		bool no = tok_is(next(p), "!");

		if (no)
			next(p);	/* "cap" */

		name = expect_word(p, no ? "a capability name after 'when !cap'"
				      : "a capability name after 'when cap'");
		if (!name || !expect_eol(p))
			return;
		if (r->when_cap >= 0) {
			error_at(p, key->col, "rule %s has two 'when cap' lines",
				 r->id);
			return;
		}
		r->when_cap = cap_name(p->rs, tok_str(p, name));
		r->when_no_cap = no;
	} else if (tok_is(key, "hold")) {
		struct tok *t = expect_word(p, "REGISTER.FIELD=VALUE after 'hold'");
		struct pattern it = { .kind = PAT_WRITE, .field = -1 }, *v = NULL;
		int n = 0, cap = 0;

		if (!t)
			return;
		if (r->state) {
			error_at(p, key->col, "rule %s has two 'hold' lines", r->id);
			return;
		}
		it.pos = here(p, t->col);
		if (!parse_register_pattern(p, t, it, &v, &n, &cap)) {
			free(v);
			return;
		}
		if (n != 1 || v[0].field < 0 || !v[0].has_value) {
			error_at(p, t->col, "'hold' names one REGISTER.FIELD=VALUE");
			free(v);
			return;
		}
		r->state = true;
		r->hold = v[0];
		free(v);
		expect_eol(p);
	} else if (tok_is(key, "when")) {
		if (parse_when(p, &r->when))
			expect_eol(p);
	} else if (tok_is(key, "cite") || tok_is(key, "why")) {
		struct tok *s = next(p);

		if (s->kind != T_STRING) {
			error_at(p, s->col, "expected a quoted string");
			return;
		}
		if (!expect_eol(p))
			return;
		if (key->s[0] == 'c' ? r->cite : r->why) {
			error_at(p, key->col, "rule %s has two '%s' lines",
				 r->id, key->s[0] == 'c' ? "cite" : "why");
			return;
		}
		if (key->s[0] == 'c')
			r->cite = tok_str(p, s);
		else
			r->why = tok_str(p, s);
	} else {
		error_at(p, key->col, "unknown rule property '%.*s' (after, before, pair, hold, when, when cap, when !cap, need, cite, why)",
			 (int)key->len, key->s);
	}
}

/* "pure NAME[, NAME...]", "captest ...", "keytest ...": function globs */
static void parse_names(struct parser *p, const char ***v, int *n, int *cap)
{
	for (;;) {
		struct tok *g = expect_word(p, "a function name or glob");

		if (!g)
			return;
		VEC_PUSH(*v, *n, *cap, tok_str(p, g));
		if (!tok_is(peek(p), ","))
			break;
		next(p);
	}
	expect_eol(p);
	p->block = B_SKIP;
}

static void close_block(struct parser *p)
{
	check_rule(p);
	check_step(p);
	check_cse(p);
}

static void parse_cite_why(struct parser *p, struct tok *key,
			   const char **cite, const char **why)
{
	struct tok *s = next(p);

	if (!tok_is(key, "cite") && !tok_is(key, "why")) {
		error_at(p, key->col, "unknown property '%.*s' (cite, why)",
			 (int)key->len, key->s);
		return;
	}
	if (s->kind != T_STRING) {
		error_at(p, s->col, "expected a quoted string");
		return;
	}
	if (!expect_eol(p))
		return;
	if (*(key->s[0] == 'c' ? cite : why)) {
		error_at(p, key->col, "two '%s' lines", key->s[0] == 'c' ?
			 "cite" : "why");
		return;
	}
	*(key->s[0] == 'c' ? cite : why) = tok_str(p, s);
}

static void parse_line(struct parser *p, const char *s, size_t len)
{
	bool indented = len && (s[0] == ' ' || s[0] == '\t');
	struct tok *key;

	if (!tokenize(p, s, len) || p->nt == 0)
		return;
	key = next(p);
	if (key->kind != T_WORD) {
		error_at(p, key->col, "expected a keyword");
		return;
	}
	if (!indented) {
		close_block(p);
		p->block = B_NONE;
		if (tok_is(key, "include")) {
			p->block = B_SKIP;	/* followed when files are read */
			return;
		}
		if (tok_is(key, "register") || tok_is(key, "step")) {
			if (p->phase != 1)
				p->block = B_SKIP;
			else if (key->s[0] == 'r')
				parse_register(p);
			else
				parse_step(p);
			return;
		}
		if (p->phase == 1) {
			if (!tok_is(key, "config") && !tok_is(key, "cse") &&
			    !tok_is(key, "function") && !tok_is(key, "rule") &&
			    !tok_is(key, "pure") && !tok_is(key, "captest") &&
			    !tok_is(key, "keytest"))
				error_at(p, key->col, "unknown keyword '%.*s' (include, register, step, config, cse, function, pure, captest, keytest, rule)",
					 (int)key->len, key->s);
			p->block = B_SKIP;
			return;
		}
		if (tok_is(key, "pure"))
			parse_names(p, &p->rs->pures, &p->rs->npures,
				    &p->rs->pures_cap);
		else if (tok_is(key, "captest"))
			parse_names(p, &p->rs->captests, &p->rs->ncaptests,
				    &p->rs->captests_cap);
		else if (tok_is(key, "keytest"))
			parse_names(p, &p->rs->keytests, &p->rs->nkeytests,
				    &p->rs->keytests_cap);
		else if (tok_is(key, "config"))
			parse_config(p);
		else if (tok_is(key, "cse"))
			parse_cse(p);
		else if (tok_is(key, "function"))
			parse_function(p);
		else if (tok_is(key, "rule"))
			parse_rule(p);
		else
			p->block = B_SKIP; /* reported in phase 1 */
		return;
	}
	switch (p->block) {
	case B_SKIP:
		return;
	case B_NONE:
		if (p->phase == 1)
			error_at(p, key->col, "indented line outside a block");
		return;
	case B_REGISTER:
		if (tok_is(key, "field"))
			parse_field(p);
		else
			error_at(p, key->col, "expected 'field' in a register block");
		return;
	case B_CONFIG:
		if (tok_is(key, "pin")) {
			parse_pin(p);
		} else if (tok_is(key, "returns")) {
			struct config *c = &p->rs->configs[p->cur];
			struct tok *f = expect_word(p, "a function name");
			struct fn_value fv;
			uint64_t v;

			if (!f || !parse_number(p, next(p), &v) || !expect_eol(p))
				return;
			fv.name = tok_str(p, f);
			fv.value = (long long)v;
			VEC_PUSH(c->returns, c->nreturns, c->returns_cap, fv);
		} else if (tok_is(key, "cap")) {
			parse_cap_pin(p);
		} else if (tok_is(key, "variant")) {
			struct config *c = &p->rs->configs[p->cur];
			struct tok *g = expect_word(p, "a variant group name");

			if (!g || !expect_eol(p))
				return;
			if (c->variant)
				error_at(p, g->col, "configuration %s is already in variant group %s",
					 c->name, c->variant);
			else
				c->variant = tok_str(p, g);
		} else {
			error_at(p, key->col, "expected 'pin', 'cap', 'returns' or 'variant' in a config block");
		}
		return;
	case B_STEP:
		parse_step_property(p, key);
		return;
	case B_CSE:
		if (tok_is(key, "insn")) {
			struct cse_def *c = &p->rs->cses[p->cur];

			p->pos--;	/* the line is a pattern list */
			parse_insn_line(p, &c->insns, &c->ninsns,
					&c->insns_cap);
			return;
		}
		if (!tok_is(key, "cite") && !tok_is(key, "why")) {
			error_at(p, key->col, "unknown property '%.*s' (insn, cite, why)",
				 (int)key->len, key->s);
			return;
		}
		parse_cite_why(p, key, &p->rs->cses[p->cur].cite,
			       &p->rs->cses[p->cur].why);
		return;
	case B_FUNCTION:
		parse_cite_why(p, key, &p->rs->fns[p->cur].cite,
			       &p->rs->fns[p->cur].why);
		return;
	case B_RULE:
		parse_rule_property(p, key);
		return;
	}
}

/* (infile.h: a regular file under the size limit, never a FIFO) */
static int read_file(const char *path, char **text, size_t *len, FILE *err)
{
	const char *why;

	if (infile_read(path, text, len, &why)) {
		fprintf(err, "%s: error: cannot open rule file: %s\n", path,
			why);
		return -1;
	}
	return 0;
}

static void parse_text(struct parser *p, const char *text, size_t len)
{
	size_t start = 0, i;

	p->line = 0;
	p->block = B_NONE;
	for (i = 0; i <= len; i++) {
		if (i < len && text[i] != '\n')
			continue;
		p->line++;
		/* (the last line, with no newline after it, too) */
		if (memchr(text + start, '\0', i - start)) {
			error_at(p, 1, "NUL byte in rule file");
			return;
		}
		parse_line(p, text + start, i - start);
		start = i + 1;
	}
	close_block(p);
	p->block = B_NONE;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Expands paths into a sorted list of files (directories: *.rules). */
static int collect_files(const char *const *paths, int npaths, char ***out,
			 int *nout, FILE *err)
{
	char **v = NULL;
	int n = 0, cap = 0, i, rc = 0;

	for (i = 0; i < npaths; i++) {
		struct stat st;
		DIR *d;
		struct dirent *de;
		int first = n;

		if (stat(paths[i], &st)) {
			fprintf(err, "%s: error: cannot open rules: %s\n",
				paths[i], strerror(errno));
			rc = -1;
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {
			VEC_PUSH(v, n, cap, xstrdup(paths[i]));
			continue;
		}
		d = opendir(paths[i]);
		if (!d) {
			fprintf(err, "%s: error: cannot read directory: %s\n",
				paths[i], strerror(errno));
			rc = -1;
			continue;
		}
		while ((de = readdir(d))) {
			size_t l = strlen(de->d_name);
			char *f;

			if (l < 7 || strcmp(de->d_name + l - 6, ".rules"))
				continue;
			f = xmalloc(strlen(paths[i]) + l + 2);
			sprintf(f, "%s/%s", paths[i], de->d_name);
			VEC_PUSH(v, n, cap, f);
		}
		closedir(d);
		if (n > first)
			qsort(v + first, (size_t)(n - first), sizeof(*v),
			      cmp_str);
		if (n == first) {
			fprintf(err, "%s: error: no *.rules files in directory\n",
				paths[i]);
			rc = -1;
		}
	}
	*out = v;
	*nout = n;
	return rc;
}

static void resolve_field_conds(struct parser *p)
{
	int i;

	for (i = 0; i < p->nconds; i++) {
		struct pending_cond *c = &p->conds[i];
		struct field *f = &p->rs->db.regs[c->reg].fields[c->field];
		struct tok t = { .col = c->pos.col };

		p->file = c->pos.file;
		p->line = c->pos.line;
		if (parse_reg_field(p, &t, c->ref, true, &f->when.reg,
				    &f->when.field)) {
			f->when.present = true;
			f->when.value = c->value;
		}
	}
}

/* Parses the texts as one rule set, in order; NULL texts are skipped. */
static int parse_all(struct ruleset *rs, char *const *names,
		     char *const *texts, const size_t *lens, int n, FILE *err)
{
	struct parser p = { .rs = rs, .err = err };
	int i;

	rs->fingerprint = hash_bytes("isbcheck-rules", 14, HASH_SEED);
	for (i = 0; i < n; i++)
		if (texts[i])
			rs->fingerprint = hash_bytes(texts[i], lens[i],
						     rs->fingerprint);
	for (p.phase = 1; p.phase <= 2 && !rs->nerrors; p.phase++) {
		for (i = 0; i < n; i++) {
			if (!texts[i])
				continue;
			p.file = arena_strdup(&rs->arena, names[i]);
			parse_text(&p, texts[i], lens[i]);
		}
		if (p.phase == 1)
			resolve_field_conds(&p);
	}
	if (!rs->nerrors && !rs->nrules) {
		fprintf(err, "isbcheck: error: the rule set has no rules\n");
		rs->nerrors++;
	}
	if (!rs->nerrors && rs->nconfigs > MAX_CONFIGS) {
		const struct srcpos *at = &rs->configs[MAX_CONFIGS].pos;

		fprintf(err, "%s:%u:%u: error: more than %d configurations\n",
			at->file, at->line, at->col, MAX_CONFIGS);
		rs->nerrors++;
	}
	free(p.conds);
	return rs->nerrors ? -1 : 0;
}

/* The files of a load: each read once, includes followed. */
struct file_set {
	char **names, **reals, **texts;
	size_t *lens;
	int n, cap;
};

static void file_set_add(struct file_set *fs, char *name, char *real,
			 char *text, size_t len)
{
	if (fs->n == fs->cap) {
		fs->cap = fs->cap ? 2 * fs->cap : 16;
		fs->names = xrealloc(fs->names, (size_t)fs->cap * sizeof(char *));
		fs->reals = xrealloc(fs->reals, (size_t)fs->cap * sizeof(char *));
		fs->texts = xrealloc(fs->texts, (size_t)fs->cap * sizeof(char *));
		fs->lens = xrealloc(fs->lens, (size_t)fs->cap * sizeof(size_t));
	}
	fs->names[fs->n] = name;
	fs->reals[fs->n] = real;
	fs->texts[fs->n] = text;
	fs->lens[fs->n] = len;
	fs->n++;
}

struct include_frame {
	const char *real;
	const struct include_frame *up;
};

/*
 * Reads path and, depth first, every file it includes ("include PATH" in
 * column 1, relative to the including file).  A file reached twice is
 * read once; a file that includes itself, directly or not, is an error
 * naming the cycle.
 */
static void load_file(struct ruleset *rs, struct file_set *fs,
		      const char *path, const struct include_frame *up,
		      const char *from, unsigned from_line, FILE *err)
{
	char real[PATH_MAX], *text;
	struct include_frame frame;
	size_t len, start = 0, i;
	unsigned line = 0;
	int k;

	if (!realpath(path, real)) {
		if (from)
			fprintf(err, "%s:%u:1: error: cannot include '%s': %s\n",
				from, from_line, path, strerror(errno));
		else
			fprintf(err, "%s: error: cannot open rule file: %s\n",
				path, strerror(errno));
		rs->nerrors++;
		return;
	}
	for (const struct include_frame *f = up; f; f = f->up)
		if (!strcmp(f->real, real)) {
			fprintf(err, "%s:%u:1: error: include cycle: '%s' includes itself through the files above\n",
				from, from_line, path);
			for (const struct include_frame *g = up; g; g = g->up) {
				fprintf(err, "%s: note: included from here\n",
					g->real);
				if (g == f)
					break;
			}
			rs->nerrors++;
			return;
		}
	for (k = 0; k < fs->n; k++)
		if (!strcmp(fs->reals[k], real))
			return;		/* already read */
	if (read_file(path, &text, &len, err)) {
		rs->nerrors++;
		return;
	}
	file_set_add(fs, xstrdup(path), xstrdup(real), text, len);
	frame.real = fs->reals[fs->n - 1];
	frame.up = up;
	for (i = 0; i <= len; i++) {
		if (i < len && text[i] != '\n')
			continue;
		line++;
		if (!strncmp(text + start, "include", 7) &&
		    (text[start + 7] == ' ' || text[start + 7] == '\t')) {
			char inc[PATH_MAX], target[PATH_MAX * 2];
			size_t a = start + 7, b;
			char *slash;

			while (a < i && (text[a] == ' ' || text[a] == '\t'))
				a++;
			for (b = a; b < i && !isspace((unsigned char)text[b]) &&
				    text[b] != '#'; b++)
				;
			snprintf(inc, sizeof(inc), "%.*s", (int)(b - a),
				 text + a);
			if (inc[0] == '/') {
				snprintf(target, sizeof(target), "%s", inc);
			} else {
				snprintf(target, sizeof(target), "%s", path);
				slash = strrchr(target, '/');
				if (slash)
					slash[1] = '\0';
				else
					target[0] = '\0';
				strncat(target, inc,
					sizeof(target) - strlen(target) - 1);
			}
			load_file(rs, fs, target, &frame, path, line, err);
		}
		start = i + 1;
	}
}

int rules_load(struct ruleset *rs, const char *const *paths, int npaths,
	       FILE *err)
{
	struct file_set fs = { 0 };
	char **files;
	int nfiles, i, rc;

	if (collect_files(paths, npaths, &files, &nfiles, err))
		rs->nerrors++;
	for (i = 0; i < nfiles; i++)
		load_file(rs, &fs, files[i], NULL, NULL, 0, err);
	rc = rs->nerrors ? -1 :
		parse_all(rs, fs.names, fs.texts, fs.lens, fs.n, err);
	for (i = 0; i < fs.n; i++) {
		free(fs.names[i]);
		free(fs.reals[i]);
		free(fs.texts[i]);
	}
	for (i = 0; i < nfiles; i++)
		free(files[i]);
	free(fs.names);
	free(fs.reals);
	free(fs.texts);
	free(fs.lens);
	free(files);
	return rc;
}

int rules_load_text(struct ruleset *rs, const char *name, const char *text,
		    size_t len, FILE *err)
{
	char *names[1] = { (char *)name };
	char *texts[1];
	int rc;

	texts[0] = xmalloc(len + 1);
	memcpy(texts[0], text, len);
	texts[0][len] = '\0';
	rc = parse_all(rs, names, texts, &len, 1, err);
	free(texts[0]);
	return rc;
}

const struct fn_attr *rules_find_fn(const struct ruleset *rs,
				    const char *name)
{
	int i;

	for (i = 0; i < rs->nfns; i++)
		if (!strcmp(rs->fns[i].name, name))
			return &rs->fns[i];
	/* a glob ("__compiletime_assert_*") where no name is exact */
	for (i = 0; i < rs->nfns; i++)
		if (glob_match(rs->fns[i].name, name))
			return &rs->fns[i];
	return NULL;
}

static bool any_insn(const struct pattern *v, int n, const char *mnemonic)
{
	for (int i = 0; i < n; i++)
		if (v[i].kind == PAT_INSN && glob_match(v[i].insn, mnemonic))
			return true;
	return false;
}

bool rules_names_insn(const struct ruleset *rs, const char *mnemonic)
{
	for (int i = 0; i < rs->nrules; i++)
		for (int c = 0; c < rs->rules[i].nclauses; c++) {
			const struct clause *cl = &rs->rules[i].clauses[c];

			if (any_insn(cl->after, cl->nafter, mnemonic) ||
			    any_insn(cl->before, cl->nbefore, mnemonic))
				return true;
		}
	for (int i = 0; i < rs->nsteps; i++)
		if (any_insn(rs->steps[i].insns, rs->steps[i].ninsns,
			     mnemonic))
			return true;
	for (int i = 0; i < rs->ncses; i++)
		if (any_insn(rs->cses[i].insns, rs->cses[i].ninsns, mnemonic))
			return true;
	return false;
}

void rules_free(struct ruleset *rs)
{
	int i, j;

	for (i = 0; i < rs->nrules; i++) {
		for (j = 0; j < rs->rules[i].nclauses; j++) {
			free(rs->rules[i].clauses[j].after);
			free(rs->rules[i].clauses[j].before);
		}
		free(rs->rules[i].clauses);
	}
	for (i = 0; i < rs->nconfigs; i++) {
		free(rs->configs[i].pins);
		free(rs->configs[i].returns);
		free(rs->configs[i].caps);
	}
	for (i = 0; i < rs->nsteps; i++)
		free(rs->steps[i].insns);
	for (i = 0; i < rs->ncses; i++)
		free(rs->cses[i].insns);
	free(rs->steps);
	free(rs->pures);
	free(rs->captests);
	free(rs->keytests);
	free(rs->capnames);
	free(rs->rules);
	free(rs->cses);
	for (int i = 0; i < rs->nfns; i++)
		free(rs->fns[i].writes);
	free(rs->fns);
	free(rs->configs);
	regdb_free(&rs->db);
	arena_free(&rs->arena);
	memset(rs, 0, sizeof(*rs));
}
