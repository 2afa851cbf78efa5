// SPDX-License-Identifier: GPL-2.0
/*
 * asmpp.c - the assembler's macros, conditionals and sections over a
 * preprocessed .S file (see asmpp.h).
 */
#include "asmpp.h"
#include "expr.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define MAX_NEST 100		/* macro expansions inside one another */
#define MAX_STMTS 1000000	/* statements read, expansions included */
#define MAX_WARNINGS 50		/* printed per file; the rest counted */
#define MAX_REPT 100000		/* copies of one .rept or .irp body */
#define MAX_ARGS 64

struct body_line {
	const char *text;
	struct srcloc loc;
};

struct gmacro {
	const char *name;
	const char *param[MAX_ARGS];
	const char *deflt[MAX_ARGS];
	bool req[MAX_ARGS];
	bool vararg;		/* the last parameter takes the rest */
	int nparams;
	struct body_line *body;
	int nbody, body_cap;
};

/* A body being recorded: a macro's, or a .irp/.irpc/.rept's. */
enum record_kind { REC_NONE, REC_MACRO, REC_IRP, REC_IRPC, REC_REPT };

struct cond {
	bool active;		/* this branch's lines are read */
	bool done;		/* a branch was taken */
	bool outer;		/* the enclosing lines are read */
};

struct value {
	const char *name;
	uint64_t v;
};

/* Where a statement came from. */
struct origin {
	struct srcloc top;
	const char *macro;
	struct srcloc def;
};

struct pp {
	struct asm_file *af;
	const struct asmpp_hooks *hooks;
	FILE *err;

	struct gmacro *macros;
	int nmacros, macros_cap;
	struct value *values;
	int nvalues, values_cap;
	struct cond *conds;
	int nconds, conds_cap;

	/* recording */
	enum record_kind rec;
	int rec_depth;
	struct gmacro *rec_macro;	/* REC_MACRO */
	struct gmacro rep;		/* REC_IRP...: body, param[0], args */
	const char *rep_args;
	struct srcloc rec_loc;

	int cur, prev;			/* streams */
	int *stack;			/* .pushsection */
	int nstack, stack_cap;
	const char *alt_field[5];
	int nalt_fields;

	const char **globals;
	int nglobals, globals_cap;

	unsigned seq, counter;
	bool line_alone;		/* the line being read has one statement */
	long nstmts;
	int depth;
	bool exitm, stopped;
};

static void warn(struct pp *pp, struct srcloc l, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void warn(struct pp *pp, struct srcloc l, const char *fmt, ...)
{
	va_list ap;

	/* (negative: counting stopped, the end of the file's are shown) */
	if (pp->af->nwarnings < 0)
		pp->af->nwarnings--;
	else if (++pp->af->nwarnings > MAX_WARNINGS)
		return;
	if (!pp->err)
		return;
	fprintf(pp->err, "%s:%u: warning: ", l.file ? l.file : "<asm>",
		l.line);
	va_start(ap, fmt);
	vfprintf(pp->err, fmt, ap);
	va_end(ap);
	fputc('\n', pp->err);
}

static bool ident_start(int c)
{
	return isalpha(c) || c == '_' || c == '.' || c == '$';
}

static bool ident_char(int c)
{
	return isalnum(c) || c == '_' || c == '.' || c == '$';
}

static const char *trim(struct pp *pp, const char *s, size_t n)
{
	while (n && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	return arena_strndup(pp->af->arena, s, n);
}

static bool word_is(const char *s, size_t n, const char *w)
{
	return strlen(w) == n && !strncasecmp(s, w, n);
}

/* ---- sections ---- */

static bool code_section(const char *name, const char *flags)
{
	if (flags)
		return strchr(flags, 'x') != NULL;
	return strstr(name, ".text") != NULL ||
	       !strcmp(name, ".altinstr_replacement");
}

static int stream_of(struct pp *pp, const char *name, int sub,
		     const char *flags)
{
	struct asm_file *af = pp->af;
	struct asm_stream s = { 0 };
	int i;

	for (i = 0; i < af->nstreams; i++)
		if (!strcmp(af->streams[i].section, name) &&
		    af->streams[i].sub == sub) {
			if (flags && strchr(flags, 'x'))
				af->streams[i].code = true;
			return i;
		}
	s.section = arena_strdup(af->arena, name);
	s.sub = sub;
	/* a subsection of a code section is code too */
	s.code = code_section(name, flags);
	for (i = 0; i < af->nstreams; i++)
		if (!strcmp(af->streams[i].section, name) &&
		    af->streams[i].code)
			s.code = true;
	VEC_PUSH(af->streams, af->nstreams, af->streams_cap, s);
	return af->nstreams - 1;
}

static void switch_to(struct pp *pp, int stream)
{
	pp->prev = pp->cur;
	pp->cur = stream;
	pp->nalt_fields = 0;
}

/* ".section name, "flags", ..." or ".pushsection name, sub, "flags"" */
static int section_args(struct pp *pp, const char *args, struct srcloc l)
{
	char name[256], flags[32] = "";
	const char *p = args, *q;
	size_t n;
	int sub = 0;
	bool have_flags = false;

	while (isspace((unsigned char)*p))
		p++;
	for (n = 0; p[n] && p[n] != ',' && !isspace((unsigned char)p[n]); n++)
		;
	if (!n || n >= sizeof(name)) {
		warn(pp, l, "section directive without a usable name");
		return pp->cur;
	}
	memcpy(name, p, n);
	name[n] = '\0';
	for (q = p + n; *q; q++) {
		if (*q == '"') {
			const char *e = strchr(q + 1, '"');

			if (!e)
				break;
			if (!have_flags) {
				snprintf(flags, sizeof(flags), "%.*s",
					 (int)(e - q - 1), q + 1);
				have_flags = true;
			}
			q = e;
		} else if (isdigit((unsigned char)*q) && q[-1] != '%' &&
			   q[-1] != '@' && !have_flags) {
			sub = atoi(q);
			while (isdigit((unsigned char)q[1]))
				q++;
		}
	}
	return stream_of(pp, name, sub, have_flags ? flags : NULL);
}

/* ---- values of symbols (.set, .equ, "=") and expressions ---- */

static struct value *value_find(struct pp *pp, const char *name, size_t n)
{
	for (int i = pp->nvalues - 1; i >= 0; i--)
		if (strlen(pp->values[i].name) == n &&
		    !strncmp(pp->values[i].name, name, n))
			return &pp->values[i];
	return NULL;
}

/*
 * A label's value as the differences of the kernel's macros use it
 * ("662b-661b", ".L__vect_end - .L__vect_start"): its offset in its
 * stream, every statement there an instruction of 4 bytes.  Labels of
 * one stream only are ever subtracted.  False if not (yet) defined.
 */
static bool label_value(struct pp *pp, const char *s, size_t n, uint64_t *v)
{
	int l = asmpp_resolve(pp->af, s, n, pp->seq);

	if (l < 0)
		return false;
	*v = (uint64_t)pp->af->labels[l].pos * 4;
	return true;
}

/* Replaces known symbols by their values; false if one is not known. */
static bool substitute_values(struct pp *pp, const char *s, size_t n,
			      char *out, size_t size)
{
	size_t o = 0, i = 0;

	while (i < n) {
		bool start = i == 0 || !ident_char((unsigned char)s[i - 1]);
		size_t j = i;

		/* "661b", "1f": a numeric label's reference */
		while (start && j < n && isdigit((unsigned char)s[j]))
			j++;
		if (j > i && j < n && (s[j] == 'b' || s[j] == 'f') &&
		    (j + 1 == n || !ident_char((unsigned char)s[j + 1]))) {
			uint64_t a;

			if (!label_value(pp, s + i, j + 1 - i, &a))
				return false;
			o += (size_t)snprintf(out + o, o < size ? size - o : 0,
					      "(%llu)", (unsigned long long)a);
			i = j + 1;
			continue;
		}
		if (start && ident_start((unsigned char)s[i])) {
			struct value *v;
			uint64_t a;

			j = i;
			while (j < n && ident_char((unsigned char)s[j]))
				j++;
			v = value_find(pp, s + i, j - i);
			if (v)
				a = v->v;
			else if (!label_value(pp, s + i, j - i, &a))
				return false;
			o += (size_t)snprintf(out + o, o < size ? size - o : 0,
					      "(%llu)", (unsigned long long)a);
			i = j;
			continue;
		}
		if (start && isdigit((unsigned char)s[i])) {
			/* a number: copied whole ("0x1f" is no label) */
			j = i;
			while (j < n && ident_char((unsigned char)s[j]))
				j++;
			if (o + (j - i) < size)
				memcpy(out + o, s + i, j - i);
			o += j - i;
			i = j;
			continue;
		}
		if (o + 1 < size)
			out[o] = s[i];
		o++;
		i++;
	}
	if (o >= size)
		return false;
	out[o] = '\0';
	return true;
}

/* The offset of the last top-level occurrence of op in s, or -1. */
static long find_op(const char *s, size_t n, const char *op)
{
	size_t l = strlen(op);
	int depth = 0;
	long at = -1;

	for (size_t i = 0; i + l <= n; i++) {
		if (s[i] == '(') {
			depth++;
		} else if (s[i] == ')') {
			depth--;
		} else if (!depth && !strncmp(s + i, op, l)) {
			/* "<" alone is not part of "<<", "<=" or "<>" */
			if (l == 1 && (strchr("<>=", s[i + 1]) ||
				       (i && strchr("<>", s[i - 1]))))
				continue;
			at = (long)i;
			i += l - 1;
		}
	}
	return at;
}

static bool eval_text(struct pp *pp, const char *s, size_t n, uint64_t *v,
		      int depth)
{
	static const char *const ops[] = { "||", "&&", "==", "!=", "<>",
					   "<=", ">=", "<", ">" };
	char buf[1024];
	struct expr_error e;

	if (depth > 20)
		return false;
	while (n && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	if (n >= 2 && s[0] == '(' && s[n - 1] == ')') {
		int d = 0;
		size_t i;

		/* "(a == b)": the parentheses hold it all */
		for (i = 0; i < n; i++) {
			d += s[i] == '(' ? 1 : s[i] == ')' ? -1 : 0;
			if (!d)
				break;
		}
		if (i == n - 1)
			return eval_text(pp, s + 1, n - 2, v, depth + 1);
	}
	for (size_t k = 0; k < sizeof(ops) / sizeof(*ops); k++) {
		long at = find_op(s, n, ops[k]);
		uint64_t a, b;
		size_t l = strlen(ops[k]);

		if (at < 0)
			continue;
		if (!eval_text(pp, s, (size_t)at, &a, depth + 1) ||
		    !eval_text(pp, s + at + l, n - (size_t)at - l, &b,
			       depth + 1))
			return false;
		switch (k) {
		case 0: *v = a || b; break;
		case 1: *v = a && b; break;
		case 2: *v = a == b; break;
		case 3: case 4: *v = a != b; break;
		case 5: *v = (int64_t)a <= (int64_t)b; break;
		case 6: *v = (int64_t)a >= (int64_t)b; break;
		case 7: *v = (int64_t)a < (int64_t)b; break;
		default: *v = (int64_t)a > (int64_t)b; break;
		}
		return true;
	}
	if (!substitute_values(pp, s, n, buf, sizeof(buf)))
		return false;
	return !expr_eval(buf, strlen(buf), v, &e);
}

static void set_value(struct pp *pp, const char *name, size_t n,
		      const char *expr)
{
	struct value v;
	struct value *old = value_find(pp, name, n);

	if (!eval_text(pp, expr, strlen(expr), &v.v, 0)) {
		/* a label difference or an address: not a number we need */
		if (old)
			old->name = "";
		return;
	}
	if (old) {
		old->v = v.v;
		return;
	}
	v.name = arena_strndup(pp->af->arena, name, n);
	VEC_PUSH(pp->values, pp->nvalues, pp->values_cap, v);
}

/* ---- arguments ---- */

/*
 * Splits a macro's arguments (or parameters): at top-level commas if
 * there are any, else at blanks.  Returns the count (at most max).
 */
static bool op_char(int c)
{
	return c && strchr("+-*/%|&^<>=!~", c);
}

/* A blank that separates arguments: not one beside an operator. */
static bool separating_blank(const char *p, const char *start)
{
	const char *b = p, *a = p;

	while (b > start && isspace((unsigned char)b[-1]))
		b--;
	while (isspace((unsigned char)*a))
		a++;
	if (b == start || !*a)
		return true;
	/* "(662b-661b) / 4": one argument; "x0, -1": two, by the comma */
	return !op_char((unsigned char)b[-1]) && !op_char((unsigned char)*a);
}

static int split_args(struct pp *pp, const char *s, const char **out,
		      int max)
{
	int depth = 0, n = 0;
	bool comma = false, in_str = false;
	const char *p, *start;

	for (p = s; *p; p++) {
		if (*p == '"')
			in_str = !in_str;
		else if (in_str)
			continue;
		else if (*p == '(' || *p == '[')
			depth++;
		else if (*p == ')' || *p == ']')
			depth--;
		else if (*p == ',' && !depth)
			comma = true;
	}
	while (isspace((unsigned char)*s))
		s++;
	if (!*s)
		return 0;
	depth = 0;
	in_str = false;
	for (p = start = s;; p++) {
		bool end = !*p;

		if (!end && *p == '"')
			in_str = !in_str;
		if (!end && !in_str) {
			if (*p == '(' || *p == '[')
				depth++;
			else if (*p == ')' || *p == ']')
				depth--;
			else if (!depth && (comma ? *p == ',' :
					    (isspace((unsigned char)*p) &&
					     separating_blank(p, start))))
				end = true;
		}
		if (end) {
			const char *a = trim(pp, start, (size_t)(p - start));
			size_t l = strlen(a);

			/* "quoted" arguments lose their quotes */
			if (l >= 2 && a[0] == '"' && a[l - 1] == '"')
				a = arena_strndup(pp->af->arena, a + 1, l - 2);
			if (n < max && (comma || *a))
				out[n++] = a;
			if (!*p)
				break;
			if (!comma)
				while (isspace((unsigned char)p[1]))
					p++;
			start = p + 1;
		}
	}
	return n;
}

/*
 * The body text with \param replaced by its value, \@ by the expansion's
 * number and \() by nothing.
 */
static char *substitute(struct pp *pp, const char *text,
			const char *const *names, const char *const *values,
			int n, unsigned counter)
{
	size_t cap = strlen(text) + 64, o = 0;
	char *out = xmalloc(cap);

	for (const char *p = text; *p;) {
		const char *add = NULL;
		size_t alen = 0, skip = 1;
		char num[16];

		if (*p == '\\' && p[1] == '(' && p[2] == ')') {
			add = "";
			skip = 3;
		} else if (*p == '\\' && p[1] == '@') {
			snprintf(num, sizeof(num), "%u", counter);
			add = num;
			alen = strlen(num);
			skip = 2;
		} else if (*p == '\\' && ident_start((unsigned char)p[1])) {
			size_t l = 1;

			while (ident_char((unsigned char)p[1 + l]) &&
			       p[1 + l] != '.' && p[1 + l] != '$')
				l++;
			for (int i = 0; i < n; i++)
				if (strlen(names[i]) == l &&
				    !strncmp(names[i], p + 1, l)) {
					add = values[i] ? values[i] : "";
					alen = strlen(add);
					skip = 1 + l;
					break;
				}
		}
		if (!add) {
			add = p;
			alen = 1;
		}
		while (o + alen + 1 > cap) {
			cap *= 2;
			out = xrealloc(out, cap);
		}
		memcpy(out + o, add, alen);
		o += alen;
		p += skip;
	}
	out[o] = '\0';
	(void)pp;
	return out;
}

/* ---- statements ---- */

static void process_line(struct pp *pp, const char *line,
			 const struct origin *o);

static struct gmacro *macro_find(struct pp *pp, const char *s, size_t n)
{
	for (int i = pp->nmacros - 1; i >= 0; i--)
		if (strlen(pp->macros[i].name) == n &&
		    !strncasecmp(pp->macros[i].name, s, n))
			return &pp->macros[i];
	return NULL;
}

static bool active(const struct pp *pp)
{
	return !pp->nconds || pp->conds[pp->nconds - 1].active;
}

static void define_macro(struct pp *pp, const char *args, struct srcloc l)
{
	const char *a[MAX_ARGS];
	struct gmacro m = { 0 }, *old;
	size_t k = strcspn(args, " \t,");
	int n;

	/* the name, then its parameters ("name a, b", "name, a, b", "name a b") */
	m.name = trim(pp, args, k);
	if (!*m.name)
		warn(pp, l, ".macro without a name");
	args += k;
	while (*args == ',' || isspace((unsigned char)*args))
		args++;
	n = split_args(pp, args, a, MAX_ARGS);
	for (int i = 0; i < n && m.nparams < MAX_ARGS; i++) {
		char *p = arena_strdup(pp->af->arena, a[i]);
		char *eq = strchr(p, '='), *colon = strchr(p, ':');

		if (eq) {
			*eq = '\0';
			m.deflt[m.nparams] = trim(pp, eq + 1, strlen(eq + 1));
		}
		if (colon && (!eq || colon < eq)) {
			*colon = '\0';
			if (!strncmp(colon + 1, "req", 3))
				m.req[m.nparams] = true;
			else if (!strncmp(colon + 1, "vararg", 6))
				m.vararg = true;
		}
		m.param[m.nparams++] = trim(pp, p, strlen(p));
	}
	/* a redefinition replaces the old one (after a .purgem) */
	old = macro_find(pp, m.name, strlen(m.name));
	if (old)
		old->name = "";
	VEC_PUSH(pp->macros, pp->nmacros, pp->macros_cap, m);
	pp->rec = REC_MACRO;
	pp->rec_depth = 0;
	pp->rec_macro = &pp->macros[pp->nmacros - 1];
	pp->rec_loc = l;
}

static void expand_body(struct pp *pp, const struct gmacro *m,
			const char *const *names, const char *const *values,
			int n, const struct origin *o, const char *name)
{
	unsigned counter = pp->counter++;
	int conds = pp->nconds;

	if (pp->depth >= MAX_NEST) {
		warn(pp, o->top, "macros nested more than %d deep; %s is not expanded",
		     MAX_NEST, name);
		return;
	}
	pp->depth++;
	for (int i = 0; i < m->nbody && !pp->stopped; i++) {
		struct origin in = { o->top, o->macro ? o->macro : name,
				     m->body[i].loc };
		char *t = substitute(pp, m->body[i].text, names, values, n,
				     counter);

		process_line(pp, t, &in);
		free(t);
		if (pp->exitm)
			break;
	}
	pp->depth--;
	pp->exitm = false;	/* .exitm leaves this expansion only */
	/* conditionals a .exitm left open end with the expansion */
	if (pp->nconds > conds)
		pp->nconds = conds;
}

static void invoke(struct pp *pp, const struct gmacro *m, const char *args,
		   const struct origin *o)
{
	const char *a[MAX_ARGS + 1], *vals[MAX_ARGS] = { 0 };
	int n = split_args(pp, args, a, MAX_ARGS + 1), pos = 0;

	/* one parameter takes the whole of a list with no comma */
	if (m->nparams == 1 && n > 1 && !strchr(args, ',')) {
		a[0] = trim(pp, args, strlen(args));
		n = 1;
	}
	/* .altmacro's "%expr": the argument is the expression's value */
	for (int i = 0; i < n && i < MAX_ARGS + 1; i++) {
		uint64_t v;

		if (a[i][0] != '%')
			continue;
		if (!eval_text(pp, a[i] + 1, strlen(a[i] + 1), &v, 0)) {
			warn(pp, o->top, "cannot evaluate macro argument %s; %s is not expanded",
			     a[i], m->name);
			return;
		}
		a[i] = arena_printf(pp->af->arena, "%lld", (long long)v);
	}

	for (int i = 0; i < n; i++) {
		const char *eq = strchr(a[i], '=');
		int k = -1;

		/* name=value names a parameter */
		/* "name=value", "name = value" */
		if (eq && eq[1] != '=' && eq > a[i] && eq[-1] != '!' &&
		    eq[-1] != '<' && eq[-1] != '>') {
			const char *name = trim(pp, a[i], (size_t)(eq - a[i]));

			for (int j = 0; j < m->nparams; j++)
				if (!strcmp(m->param[j], name))
					k = j;
		}
		if (k >= 0) {
			vals[k] = trim(pp, eq + 1, strlen(eq + 1));
			continue;
		}
		if (m->vararg && pos == m->nparams - 1) {
			/* the rest, as written */
			char *rest = arena_strdup(pp->af->arena, a[i]);

			for (int j = i + 1; j < n; j++)
				rest = arena_printf(pp->af->arena, "%s, %s",
						    rest, a[j]);
			vals[pos++] = rest;
			break;
		}
		if (pos < m->nparams)
			vals[pos++] = a[i];
		else if (m->nparams)
			warn(pp, o->top, "too many arguments to macro %s",
			     m->name);
	}
	for (int j = 0; j < m->nparams; j++) {
		if (!vals[j] || !*vals[j])
			vals[j] = m->deflt[j];
		if (!vals[j] && m->req[j])
			warn(pp, o->top, "macro %s needs its argument %s",
			     m->name, m->param[j]);
	}
	expand_body(pp, m, m->param, vals, m->nparams, o, m->name);
}

/* .irp, .irpc, .rept: the recorded body, once per value. */
static void repeat(struct pp *pp, const struct origin *o)
{
	struct gmacro body = pp->rep;
	const char *a[MAX_ARGS];
	const char *name = body.param[0];
	enum record_kind kind = pp->rec;
	int n = 0;
	uint64_t count = 0;

	pp->rec = REC_NONE;
	if (kind == REC_REPT) {
		if (!eval_text(pp, pp->rep_args, strlen(pp->rep_args), &count,
			       0)) {
			warn(pp, o->top, "cannot evaluate .rept count '%s'; the body is not read",
			     pp->rep_args);
			count = 0;
		}
		if (count > MAX_REPT) {
			warn(pp, o->top, ".rept %llu: only %d copies are read",
			     (unsigned long long)count, MAX_REPT);
			count = MAX_REPT;
		}
		for (uint64_t i = 0; i < count && !pp->stopped; i++)
			expand_body(pp, &body, NULL, NULL, 0, o, ".rept");
	} else if (kind == REC_IRP) {
		n = split_args(pp, pp->rep_args, a, MAX_ARGS);
		if (!n) {
			a[0] = "";
			n = 1;
		}
		for (int i = 0; i < n && !pp->stopped; i++)
			expand_body(pp, &body, &name, &a[i], 1, o, ".irp");
	} else {
		const char *s = pp->rep_args;

		for (size_t i = 0; s[i] && !pp->stopped; i++) {
			const char *c = arena_strndup(pp->af->arena, s + i, 1);

			expand_body(pp, &body, &name, &c, 1, o, ".irpc");
		}
	}
	free(body.body);
}

static void start_repeat(struct pp *pp, enum record_kind kind,
			 const char *args, struct srcloc l)
{
	memset(&pp->rep, 0, sizeof(pp->rep));
	pp->rec = kind;
	pp->rec_depth = 0;
	pp->rec_loc = l;
	if (kind == REC_REPT) {
		pp->rep_args = args;
		return;
	}
	/* ".irp name, a, b, c" / ".irpc name, chars" */
	{
		const char *p = args;
		size_t n = 0;

		while (*p && isspace((unsigned char)*p))
			p++;
		while (ident_char((unsigned char)p[n]))
			n++;
		pp->rep.param[0] = arena_strndup(pp->af->arena, p, n);
		p += n;
		while (*p && (isspace((unsigned char)*p) || *p == ','))
			p++;
		pp->rep_args = p;
	}
}

/* A line of a body being recorded; true if recording continues. */
static void record(struct pp *pp, const char *s, const struct origin *o)
{
	const char *p = s;
	size_t n = 0;
	bool is_macro = pp->rec == REC_MACRO;
	struct gmacro *m = is_macro ? pp->rec_macro : &pp->rep;
	struct body_line bl = { s, o->def };

	while (isspace((unsigned char)*p))
		p++;
	while (p[n] && !isspace((unsigned char)p[n]))
		n++;
	if (is_macro ? word_is(p, n, ".macro") :
	    (word_is(p, n, ".irp") || word_is(p, n, ".irpc") ||
	     word_is(p, n, ".rept") || word_is(p, n, ".rep"))) {
		pp->rec_depth++;
	} else if (word_is(p, n, is_macro ? ".endm" : ".endr")) {
		if (!pp->rec_depth--) {
			if (is_macro)
				pp->rec = REC_NONE;
			else
				repeat(pp, o);
			return;
		}
	}
	bl.text = arena_strdup(pp->af->arena, s);
	VEC_PUSH(m->body, m->nbody, m->body_cap, bl);
}

static void push_cond(struct pp *pp, bool taken)
{
	struct cond c;

	c.outer = active(pp);
	c.active = c.outer && taken;
	c.done = taken;
	VEC_PUSH(pp->conds, pp->nconds, pp->conds_cap, c);
}

/* Is this directive one of the .if family?  Evaluates it if so. */
static bool conditional(struct pp *pp, const char *m, size_t mlen,
			const char *args, const struct origin *o)
{
	const char *a[2];
	uint64_t v = 0;
	bool ok = true, taken = false;

	if (word_is(m, mlen, ".endif")) {
		if (pp->nconds)
			pp->nconds--;
		else
			warn(pp, o->top, ".endif without .if");
		return true;
	}
	if (word_is(m, mlen, ".else") || word_is(m, mlen, ".elseif")) {
		struct cond *c;

		if (!pp->nconds) {
			warn(pp, o->top, "%.*s without .if", (int)mlen, m);
			return true;
		}
		c = &pp->conds[pp->nconds - 1];
		if (c->done || !c->outer) {
			c->active = false;
			return true;
		}
		if (mlen == 5) {
			taken = true;
		} else if (!eval_text(pp, args, strlen(args), &v, 0)) {
			warn(pp, o->top, "cannot evaluate .elseif %s; taken as false",
			     args);
		} else {
			taken = v != 0;
		}
		c->active = taken;
		c->done = taken;
		return true;
	}
	if (mlen < 3 || strncasecmp(m, ".if", 3))
		return false;
	if (!active(pp)) {
		push_cond(pp, false);
		return true;
	}
	if (word_is(m, mlen, ".if") || word_is(m, mlen, ".ifne") ||
	    word_is(m, mlen, ".ifeq") || word_is(m, mlen, ".ifgt") ||
	    word_is(m, mlen, ".ifge") || word_is(m, mlen, ".iflt") ||
	    word_is(m, mlen, ".ifle")) {
		ok = eval_text(pp, args, strlen(args), &v, 0);
		if (!ok)
			warn(pp, o->top, "cannot evaluate %.*s %s; taken as false",
			     (int)mlen, m, args);
		else if (mlen == 3 || !strncasecmp(m, ".ifne", 5))
			taken = v != 0;
		else if (!strncasecmp(m, ".ifeq", 5))
			taken = v == 0;
		else if (!strncasecmp(m, ".ifgt", 5))
			taken = (int64_t)v > 0;
		else if (!strncasecmp(m, ".ifge", 5))
			taken = (int64_t)v >= 0;
		else if (!strncasecmp(m, ".iflt", 5))
			taken = (int64_t)v < 0;
		else
			taken = (int64_t)v <= 0;
	} else if (word_is(m, mlen, ".ifc") || word_is(m, mlen, ".ifnc") ||
		   word_is(m, mlen, ".ifeqs") || word_is(m, mlen, ".ifnes")) {
		int n = split_args(pp, args, a, 2);
		bool same = n == 2 ? !strcmp(a[0], a[1]) :
			    n == 1 ? !*a[0] : true;

		taken = (m[3] == 'c' || m[3] == 'C' || m[3] == 'e') ? same :
								     !same;
	} else if (word_is(m, mlen, ".ifb") || word_is(m, mlen, ".ifnb")) {
		bool blank = !*trim(pp, args, strlen(args));

		taken = mlen == 4 ? blank : !blank;
	} else if (word_is(m, mlen, ".ifdef") || word_is(m, mlen, ".ifndef") ||
		   word_is(m, mlen, ".ifnotdef")) {
		const char *name = trim(pp, args, strlen(args));
		bool def = value_find(pp, name, strlen(name)) != NULL;

		for (int i = 0; !def && i < pp->af->nlabels; i++)
			def = !strcmp(pp->af->labels[i].name, name);
		taken = mlen == 6 ? def : !def;
	} else {
		warn(pp, o->top, "%.*s is not understood; taken as false",
		     (int)mlen, m);
	}
	push_cond(pp, taken);
	return true;
}

static void add_label(struct pp *pp, const char *s, size_t n,
		      const struct origin *o)
{
	struct asm_label l = { 0 };

	l.name = arena_strndup(pp->af->arena, s, n);
	l.stream = pp->cur;
	l.pos = pp->af->streams[pp->cur].n;
	l.seq = pp->seq++;
	l.loc = o->top;
	l.numeric = isdigit((unsigned char)s[0]);
	l.local = l.numeric || (n > 2 && s[0] == '.' && s[1] == 'L');
	VEC_PUSH(pp->af->labels, pp->af->nlabels, pp->af->labels_cap, l);
}

/*
 * The statement with the symbols of known value among its operands
 * replaced by the value ("hint #.L__bti_targets_c" is "hint #34").
 */
static const char *operand_values(struct pp *pp, const char *s, size_t n)
{
	char *out = xmalloc(n * 2 + 64);
	size_t o = 0, i = 0;
	const char *r;

	while (i < n && !isspace((unsigned char)s[i]))	/* the mnemonic */
		out[o++] = s[i++];
	while (i < n) {
		size_t j = i;
		struct value *v;

		if (ident_start((unsigned char)s[i]) &&
		    !ident_char((unsigned char)s[i - 1])) {
			while (j < n && ident_char((unsigned char)s[j]))
				j++;
			v = value_find(pp, s + i, j - i);
			if (v && *v->name && o + 24 < n * 2 + 64) {
				o += (size_t)sprintf(out + o, "%llu",
						     (unsigned long long)v->v);
				i = j;
				continue;
			}
			while (i < j && o < n * 2 + 63)
				out[o++] = s[i++];
			continue;
		}
		if (o < n * 2 + 63)
			out[o++] = s[i];
		i++;
	}
	out[o] = '\0';
	r = trim(pp, out, o);
	free(out);
	return r;
}

static void add_stmt(struct pp *pp, const char *s, size_t n,
		     const struct origin *o)
{
	struct asm_stmt *st = arena_alloc(pp->af->arena, sizeof(*st));
	struct asm_stream *str = &pp->af->streams[pp->cur];

	st->text = operand_values(pp, s, n);
	st->loc = o->top;
	st->macro = o->macro;
	st->def = o->def;
	st->seq = pp->seq++;
	st->alone = pp->line_alone && !o->macro;
	VEC_PUSH(str->v, str->n, str->cap, st);
}

/* .word/.hword/.byte in .altinstructions: an entry's fields, in order */
static void alt_data(struct pp *pp, const char *args, const struct origin *o)
{
	const char *a[8];
	int n = split_args(pp, args, a, 8);

	for (int i = 0; i < n; i++) {
		pp->alt_field[pp->nalt_fields++] = a[i];
		if (pp->nalt_fields == 5) {
			struct asm_alt alt;

			memcpy(alt.field, pp->alt_field, sizeof(alt.field));
			alt.seq = pp->seq++;
			alt.loc = o->top;
			VEC_PUSH(pp->af->alts, pp->af->nalts, pp->af->alts_cap,
				 alt);
			pp->nalt_fields = 0;
		}
	}
}

static void directive(struct pp *pp, const char *m, size_t mlen,
		      const char *args, const char *s, size_t len,
		      const struct origin *o)
{
	const char *sec = pp->af->streams[pp->cur].section;

	if (word_is(m, mlen, ".macro")) {
		define_macro(pp, args, o->def);
	} else if (word_is(m, mlen, ".endm") || word_is(m, mlen, ".endr")) {
		warn(pp, o->top, "%.*s without its start", (int)mlen, m);
	} else if (word_is(m, mlen, ".irp")) {
		start_repeat(pp, REC_IRP, args, o->top);
	} else if (word_is(m, mlen, ".irpc")) {
		start_repeat(pp, REC_IRPC, args, o->top);
	} else if (word_is(m, mlen, ".rept") || word_is(m, mlen, ".rep")) {
		start_repeat(pp, REC_REPT, args, o->top);
	} else if (word_is(m, mlen, ".purgem")) {
		const char *name = trim(pp, args, strlen(args));
		struct gmacro *g = macro_find(pp, name, strlen(name));

		if (g)
			g->name = "";
	} else if (word_is(m, mlen, ".exitm")) {
		pp->exitm = pp->depth > 0;
	} else if (word_is(m, mlen, ".set") || word_is(m, mlen, ".equ") ||
		   word_is(m, mlen, ".equiv") || word_is(m, mlen, ".eqv")) {
		const char *a[2];

		if (split_args(pp, args, a, 2) == 2)
			set_value(pp, a[0], strlen(a[0]), a[1]);
	} else if (word_is(m, mlen, ".text")) {
		switch_to(pp, stream_of(pp, ".text", atoi(args), "ax"));
	} else if (word_is(m, mlen, ".data") || word_is(m, mlen, ".bss")) {
		switch_to(pp, stream_of(pp, mlen == 5 ? ".data" : ".bss",
					atoi(args), "aw"));
	} else if (word_is(m, mlen, ".section")) {
		switch_to(pp, section_args(pp, args, o->top));
	} else if (word_is(m, mlen, ".pushsection")) {
		VEC_PUSH(pp->stack, pp->nstack, pp->stack_cap, pp->cur);
		switch_to(pp, section_args(pp, args, o->top));
	} else if (word_is(m, mlen, ".popsection")) {
		if (!pp->nstack) {
			warn(pp, o->top, ".popsection without .pushsection");
			return;
		}
		switch_to(pp, pp->stack[--pp->nstack]);
	} else if (word_is(m, mlen, ".previous")) {
		switch_to(pp, pp->prev);
	} else if (word_is(m, mlen, ".subsection")) {
		uint64_t v = 0;

		if (!eval_text(pp, args, strlen(args), &v, 0))
			warn(pp, o->top, "cannot evaluate .subsection %s", args);
		switch_to(pp, stream_of(pp, sec, (int)v, NULL));
	} else if (word_is(m, mlen, ".globl") || word_is(m, mlen, ".global")) {
		const char *name = trim(pp, args, strlen(args));

		VEC_PUSH(pp->globals, pp->nglobals, pp->globals_cap, name);
	} else if (word_is(m, mlen, ".inst")) {
		add_stmt(pp, s, len, o);
	} else if (!strcmp(sec, ".altinstructions") &&
		   (word_is(m, mlen, ".word") || word_is(m, mlen, ".hword") ||
		    word_is(m, mlen, ".short") || word_is(m, mlen, ".byte") ||
		    word_is(m, mlen, ".long") || word_is(m, mlen, ".2byte") ||
		    word_is(m, mlen, ".4byte"))) {
		alt_data(pp, args, o);
	} else if (word_is(m, mlen, ".err") || word_is(m, mlen, ".error")) {
		warn(pp, o->top, "the assembler stops here: %.*s%s%s",
		     (int)mlen, m, *args ? " " : "", args);
	}
	/* the rest (.align, .type, .size, .org, data...) place nothing we read */
}

static void statement(struct pp *pp, const char *s, size_t len,
		      const struct origin *o)
{
	const char *m, *args;
	size_t mlen;
	char *a;
	struct gmacro *g;

	if (pp->stopped)
		return;
	if (++pp->nstmts > MAX_STMTS) {
		if (pp->af->nwarnings > MAX_WARNINGS)	/* shown whatever came before */
			pp->af->nwarnings = -pp->af->nwarnings;
		warn(pp, o->top, "more than %d statements after expansion; the rest of the file is not read",
		     MAX_STMTS);
		pp->stopped = true;
		return;
	}
	if (pp->rec != REC_NONE) {
		char *t = arena_strndup(pp->af->arena, s, len);

		record(pp, t, o);
		return;
	}
	for (;;) {
		size_t i = 0;

		while (len && isspace((unsigned char)*s)) {
			s++;
			len--;
		}
		while (len && isspace((unsigned char)s[len - 1]))
			len--;
		while (i < len && ident_char((unsigned char)s[i]))
			i++;
		if (i > 0 && i < len && s[i] == ':' && active(pp)) {
			add_label(pp, s, i, o);
			s += i + 1;
			len -= i + 1;
			continue;
		}
		break;
	}
	if (!len)
		return;
	m = s;
	for (mlen = 0; mlen < len && !isspace((unsigned char)m[mlen]) &&
		       m[mlen] != '='; mlen++)
		;
	a = arena_strndup(pp->af->arena, m + mlen, len - mlen);
	args = a;
	while (isspace((unsigned char)*args))
		args++;
	if (m[0] == '.' && conditional(pp, m, mlen, args, o))
		return;
	if (!active(pp))
		return;
	if (args[0] == '=' && args[1] != '=') {
		set_value(pp, m, mlen, args + 1);
		return;
	}
	g = macro_find(pp, m, mlen);
	/* the asm reader reads msr_s and mrs_s itself, as in C */
	if (g && !word_is(m, mlen, "msr_s") && !word_is(m, mlen, "mrs_s")) {
		invoke(pp, g, args, o);
		return;
	}
	if (m[0] == '.') {
		directive(pp, m, mlen, args, s, len, o);
		return;
	}
	add_stmt(pp, s, len, o);
}

/* Splits a line into statements (';') and drops its // comment. */
static void process_line(struct pp *pp, const char *line,
			 const struct origin *o)
{
	const char *p = line, *start = line;
	bool in_str = false;

	for (;; p++) {
		if (*p == '"' && (p == line || p[-1] != '\\'))
			in_str = !in_str;
		if (!in_str && *p == '/' && p[1] == '/') {
			statement(pp, start, (size_t)(p - start), o);
			return;
		}
		if (!*p || (!in_str && *p == ';')) {
			statement(pp, start, (size_t)(p - start), o);
			if (!*p)
				return;
			start = p + 1;
		}
	}
}

/* "# 12 "file" 2" */
static bool line_marker(struct pp *pp, const char *s, size_t n,
			struct srcloc *l)
{
	const char *p = s + 1, *q;
	char raw[4096];
	unsigned long line;

	while (p < s + n && (*p == ' ' || *p == '\t'))
		p++;
	if (!strncmp(p, "line", 4))
		p += 4;
	if (p >= s + n || !isdigit((unsigned char)*p))
		return false;
	line = strtoul(p, (char **)&q, 10);
	while (q < s + n && *q == ' ')
		q++;
	if (q < s + n && *q == '"') {
		const char *e = memchr(q + 1, '"', (size_t)(s + n - q - 1));
		size_t len;

		if (!e)
			return false;
		len = (size_t)(e - q - 1);
		if (len >= sizeof(raw))
			len = sizeof(raw) - 1;
		memcpy(raw, q + 1, len);
		raw[len] = '\0';
		l->file = pp->hooks->name(raw, pp->hooks->ctx);
		if (raw[0] != '<') {
			bool seen = false;

			for (int i = 0; i < pp->af->nfiles; i++)
				seen |= pp->af->files[i] == l->file;
			if (!seen)
				VEC_PUSH(pp->af->files, pp->af->nfiles,
					 pp->af->files_cap, l->file);
		}
	}
	l->line = (unsigned)line;
	return true;
}

/* "#define NAME VALUE" */
static void define_line(struct pp *pp, const char *s, size_t n)
{
	const char *p = s + 7, *name;
	size_t l = 0;

	while (p < s + n && isspace((unsigned char)*p))
		p++;
	while (p + l < s + n && ident_char((unsigned char)p[l]))
		l++;
	if (!l || p[l] == '(' || !pp->hooks->define)
		return;
	name = arena_strndup(pp->af->arena, p, l);
	pp->hooks->define(name, trim(pp, p + l, (size_t)(s + n - p - l)),
			  pp->hooks->ctx);
}

void asmpp_read(struct asm_file *af, const char *text,
		const struct asmpp_hooks *hooks, FILE *err)
{
	struct pp pp = { .af = af, .hooks = hooks, .err = err };
	struct srcloc l = { "<stdin>", 1, 1 };
	const char *p = text;

	pp.cur = pp.prev = stream_of(&pp, ".text", 0, "ax");
	while (*p && !pp.stopped) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		const char *q = p;

		while (q < p + n && (*q == ' ' || *q == '\t'))
			q++;
		if (q < p + n && *q == '#') {
			if (!strncmp(q, "#define", 7))
				define_line(&pp, q, (size_t)(p + n - q));
			else if (line_marker(&pp, q, (size_t)(p + n - q), &l))
				l.line--;	/* the next line is that line */
		} else {
			char *line = arena_strndup(af->arena, p, n);
			struct origin o = { l, NULL, l };

			/* a line of one statement (a fix may go before it) */
			pp.line_alone = !strchr(line, ';');

			o.top.col = 1;
			o.def.col = 1;
			process_line(&pp, line, &o);
		}
		l.line++;
		p += n + (nl ? 1 : 0);
	}
	/* what the end of the file says is shown whatever came before */
	if (af->nwarnings > MAX_WARNINGS)
		af->nwarnings = -af->nwarnings;
	if (pp.rec != REC_NONE)
		warn(&pp, pp.rec_loc, "%s not closed at the end of the file",
		     pp.rec == REC_MACRO ? ".macro" : ".irp or .rept");
	if (pp.nconds)
		warn(&pp, l, ".if not closed at the end of the file");
	if (af->nwarnings < 0) {
		int hidden = -af->nwarnings - MAX_WARNINGS;

		af->nwarnings = -af->nwarnings;
		if (err)
			fprintf(err, "%s: warning: %d more warnings about the assembly not shown\n",
				l.file, hidden);
	}
	for (int i = 0; i < af->nlabels; i++)
		for (int g = 0; g < pp.nglobals; g++)
			if (!strcmp(af->labels[i].name, pp.globals[g]))
				af->labels[i].global = true;
	for (int i = 0; i < pp.nmacros; i++)
		free(pp.macros[i].body);
	free(pp.macros);
	free(pp.values);
	free(pp.conds);
	free(pp.stack);
	free(pp.globals);
}

void asmpp_free(struct asm_file *af)
{
	for (int i = 0; i < af->nstreams; i++)
		free(af->streams[i].v);
	free(af->streams);
	free(af->labels);
	free(af->alts);
	free(af->files);
	memset(af, 0, sizeof(*af));
}

int asmpp_resolve(const struct asm_file *af, const char *ref, size_t len,
		  unsigned seq)
{
	char name[256];
	int best = -1;

	while (len && isspace((unsigned char)*ref)) {
		ref++;
		len--;
	}
	while (len && isspace((unsigned char)ref[len - 1]))
		len--;
	if (!len || len >= sizeof(name))
		return -1;
	if (isdigit((unsigned char)ref[0]) &&
	    (ref[len - 1] == 'f' || ref[len - 1] == 'b')) {
		bool fwd = ref[len - 1] == 'f';

		snprintf(name, sizeof(name), "%.*s", (int)len - 1, ref);
		for (int i = 0; i < af->nlabels; i++) {
			const struct asm_label *l = &af->labels[i];

			if (!l->numeric || strcmp(l->name, name))
				continue;
			if (fwd && l->seq > seq &&
			    (best < 0 || l->seq < af->labels[best].seq))
				best = i;
			if (!fwd && l->seq < seq &&
			    (best < 0 || l->seq > af->labels[best].seq))
				best = i;
		}
		return best;
	}
	snprintf(name, sizeof(name), "%.*s", (int)len, ref);
	for (int i = 0; i < af->nlabels; i++)
		if (!af->labels[i].numeric && !strcmp(af->labels[i].name, name))
			return i;
	return -1;
}
