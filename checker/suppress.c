// SPDX-License-Identifier: GPL-2.0
/*
 * suppress.c - reads the "isbcheck: ignore RULE: REASON" comments next to
 * a finding's access and write, and marks the findings they silence.
 *
 * Only the lines a finding names are read (and the one above each), and
 * those the run looked at (for stale comments), each once per run, so a
 * comment's warnings are printed once however many findings look at it.
 * The comments are found by a scanner that knows C's strings, character
 * constants and both kinds of comment on one line: text in a string
 * literal never suppresses anything.  A line is
 * scanned as if it began outside any comment; a block comment that
 * opened on an earlier line is not seen, and a suppression must open and
 * close on one line.
 */
#include "suppress.h"
#include "hashidx.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define MAX_COMMENTS	16	/* per line; more are not looked at */
#define MAX_RULES	16	/* per comment */
#define MAX_SUGGEST	64	/* rule ids longer than this get no hint */

/* One comment on a line: the text between its delimiters. */
struct comment {
	const char *body;
	size_t len;
	unsigned col;		/* of its "/" (from 1) */
	bool closed;		/* "//", or a block comment ending here */
};

/* What one "isbcheck: ignore" comment silences. */
struct directive {
	const char *rules[MAX_RULES];	/* the rule set's own ids */
	bool used[MAX_RULES];		/* silenced a finding here */
	int nrules;
	const char *reason;		/* in the items' arena */
	unsigned col;			/* of the comment */
	int line;			/* its line in struct scan's list */
};

/* A line read once, with its usable directives. */
struct line_info {
	const char *file;
	unsigned line;
	bool alone;		/* comments and blanks only, one at least */
	bool warned;		/* its comments' warnings were printed */
	struct comment comments[MAX_COMMENTS];
	int ncomments;
	int first, n;		/* its directives in struct scan's list */
};

struct scan {
	const struct ruleset *rs;
	struct sources *src;
	struct arena *a;	/* the reasons, for as long as the items */
	FILE *err;
	struct line_info *lines;
	int nlines, lines_cap;
	struct hashidx index;	/* (file, line) -> lines[] */
	struct directive *dirs;
	int ndirs, dirs_cap;
};

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static bool is_id_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
}

/*
 * The comments on line s, outside string literals and character
 * constants.  Sets l->alone if nothing else is on the line.
 */
static void scan_comments(const char *s, struct line_info *l)
{
	const char *p = s;
	bool code = false;

	l->ncomments = 0;
	while (*p) {
		struct comment c = { .col = (unsigned)(p - s) + 1 };

		if (p[0] == '/' && p[1] == '/') {
			c.body = p + 2;
			c.len = strlen(p + 2);
			c.closed = true;
			p += 2 + c.len;
		} else if (p[0] == '/' && p[1] == '*') {
			const char *end = strstr(p + 2, "*/");

			c.body = p + 2;
			c.len = end ? (size_t)(end - c.body) : strlen(c.body);
			c.closed = end != NULL;
			p = end ? end + 2 : c.body + c.len;
		} else if (*p == '"' || *p == '\'') {
			char quote = *p++;

			/* to the closing quote, or the end of the line */
			while (*p && *p != quote)
				p += p[0] == '\\' && p[1] ? 2 : 1;
			if (*p)
				p++;
			code = true;
			continue;
		} else {
			code |= !is_blank(*p);
			p++;
			continue;
		}
		if (l->ncomments < MAX_COMMENTS)
			l->comments[l->ncomments++] = c;
	}
	l->alone = !code && l->ncomments > 0;
}

/*
 * If the comment is an "isbcheck: ignore" one, the text after "ignore";
 * otherwise NULL.  Leading '*' and '/' are skipped for "/ **" and "///".
 */
static const char *directive_args(const struct comment *c, const char **end)
{
	const char *p = c->body, *e = c->body + c->len;

	while (p < e && (is_blank(*p) || *p == '*' || *p == '/'))
		p++;
	if ((size_t)(e - p) < 8 || memcmp(p, "isbcheck", 8))
		return NULL;
	p += 8;
	while (p < e && is_blank(*p))
		p++;
	if (p == e || *p++ != ':')
		return NULL;
	while (p < e && is_blank(*p))
		p++;
	if ((size_t)(e - p) < 6 || memcmp(p, "ignore", 6))
		return NULL;
	p += 6;
	if (p < e && is_id_char(*p))
		return NULL;		/* "ignored", "ignore-me" */
	*end = e;
	return p;
}

/* Edit distance of a and b (each at most MAX_SUGGEST long). */
static size_t distance(const char *a, size_t la, const char *b, size_t lb)
{
	size_t row[MAX_SUGGEST + 1], i, j;

	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t diag = row[0], up;

		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t best = diag + (a[i - 1] != b[j - 1]);

			up = row[j];
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	return row[lb];
}

/* The rule id closest to the unknown id, if it is close enough. */
static const char *near_miss(const struct ruleset *rs, const char *id,
			     size_t len)
{
	const char *best = NULL;
	size_t best_d = (size_t)-1;
	int i;

	if (len > MAX_SUGGEST)
		return NULL;
	for (i = 0; i < rs->nrules; i++) {
		const char *r = rs->rules[i].id;
		size_t lr = strlen(r), d;

		if (lr > MAX_SUGGEST)
			continue;
		d = distance(id, len, r, lr);
		if (d < best_d) {
			best_d = d;
			best = r;
		}
	}
	/* a typo, or a few characters left off: not any other rule */
	return best && (best_d <= 2 || 3 * best_d <= len) ? best : NULL;
}

static const char *known_rule(const struct ruleset *rs, const char *id,
			      size_t len)
{
	int i;

	for (i = 0; i < rs->nrules; i++)
		if (strlen(rs->rules[i].id) == len &&
		    !memcmp(rs->rules[i].id, id, len))
			return rs->rules[i].id;
	return NULL;
}

static void warn(struct scan *sc, const struct line_info *l,
		 const struct comment *c, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void warn(struct scan *sc, const struct line_info *l,
		 const struct comment *c, const char *fmt, ...)
{
	va_list ap;

	fprintf(sc->err, "%s:%u:%u: warning: isbcheck: ", l->file, l->line,
		c->col);
	va_start(ap, fmt);
	vfprintf(sc->err, fmt, ap);
	va_end(ap);
	fputc('\n', sc->err);
}

/*
 * Reads one comment; adds its directive if it names a known rule and
 * gives a reason.  Warns about what it cannot use.
 */
static void read_directive(struct scan *sc, const struct line_info *l,
			   const struct comment *c)
{
	const char *p, *e, *names, *names_end;
	struct directive d = { 0 };
	int nnames = 0;

	p = directive_args(c, &e);
	if (!p)
		return;
	if (!c->closed) {
		warn(sc, l, c, "a suppression must end on the line it starts; this one is ignored");
		return;
	}
	while (p < e && is_blank(*p))
		p++;
	names = names_end = p;
	for (;;) {
		const char *id = p, *rule;
		size_t len;

		while (p < e && is_id_char(*p))
			p++;
		len = (size_t)(p - id);
		if (!len)
			break;
		nnames++;
		rule = known_rule(sc->rs, id, len);
		if (rule && d.nrules < MAX_RULES) {
			d.rules[d.nrules++] = rule;
		} else if (!rule) {
			const char *hint = near_miss(sc->rs, id, len);

			if (hint)
				warn(sc, l, c, "unknown rule '%.*s' in suppression; did you mean '%s'?",
				     (int)len, id, hint);
			else
				warn(sc, l, c, "unknown rule '%.*s' in suppression",
				     (int)len, id);
		}
		names_end = p;
		while (p < e && is_blank(*p))
			p++;
		if (p == e || *p != ',')
			break;
		p++;
		while (p < e && is_blank(*p))
			p++;
	}
	if (!nnames) {
		warn(sc, l, c, "suppression names no rule; write 'isbcheck: ignore RULE: REASON'");
		return;
	}
	if (p < e && *p == ':') {
		const char *r = p + 1, *re = e;

		while (r < re && is_blank(*r))
			r++;
		while (re > r && is_blank(re[-1]))
			re--;
		if (re > r)
			d.reason = arena_strndup(sc->a, r, (size_t)(re - r));
	}
	if (!d.reason) {
		warn(sc, l, c, "suppression of %.*s has no reason; the finding is still reported",
		     (int)(names_end - names), names);
		return;
	}
	d.col = c->col;
	d.line = (int)(l - sc->lines);
	if (d.nrules)
		VEC_PUSH(sc->dirs, sc->ndirs, sc->dirs_cap, d);
}

struct line_key {
	struct scan *sc;
	const char *file;
	unsigned line;
};

static bool line_eq(int val, void *ctx)
{
	struct line_key *k = ctx;
	const struct line_info *l = &k->sc->lines[val];

	return l->line == k->line && !strcmp(l->file, k->file);
}

/* Line `line` of file, scanned once; NULL if the file cannot be read. */
static struct line_info *line_get(struct scan *sc, const char *file,
				  unsigned line)
{
	struct line_key key = { sc, file, line };
	uint64_t h = hash_bytes(file, strlen(file),
				hash_bytes(&line, sizeof(line), HASH_SEED));
	int i = hashidx_find(&sc->index, h, line_eq, &key);
	struct line_info l = { .file = file, .line = line };
	const char *text;

	if (i >= 0)
		return &sc->lines[i];
	text = source_line(source_get(sc->src, file), line);
	if (text)
		scan_comments(text, &l);
	hashidx_add(&sc->index, h, sc->nlines);
	VEC_PUSH(sc->lines, sc->nlines, sc->lines_cap, l);
	return &sc->lines[sc->nlines - 1];
}

/*
 * The directives of one line, read (and warned about) the first time the
 * line is looked at for a finding.
 */
static struct line_info *line_directives(struct scan *sc, const char *file,
					 unsigned line)
{
	struct line_info *l = line_get(sc, file, line);
	int i, first = sc->ndirs;

	if (!l->warned) {
		l->warned = true;
		for (i = 0; i < l->ncomments; i++)
			read_directive(sc, l, &l->comments[i]);
		l->first = first;
		l->n = sc->ndirs - first;
	}
	return l;
}

/*
 * The reason a directive on l gives for silencing rule, or NULL; the
 * directive is then used.
 */
static const char *reason_on(struct scan *sc, const struct line_info *l,
			     const char *rule)
{
	int i, k;

	for (i = l->first; i < l->first + l->n; i++)
		for (k = 0; k < sc->dirs[i].nrules; k++)
			if (!strcmp(sc->dirs[i].rules[k], rule)) {
				sc->dirs[i].used[k] = true;
				return sc->dirs[i].reason;
			}
	return NULL;
}

/*
 * The line above loc's, read, if it is a comment line (where a
 * suppression for loc's line may stand); else NULL.
 */
static struct line_info *comment_above(struct scan *sc, const char *file,
				       unsigned line)
{
	if (line < 2 || !line_get(sc, file, line - 1)->alone)
		return NULL;
	return line_directives(sc, file, line - 1);
}

/*
 * At loc's line, or alone on the line above it.  Both are looked at, so
 * that every comment that applies is counted as used.
 */
static const char *reason_near(struct scan *sc, const struct item_loc *loc,
			       const char *rule)
{
	const char *why, *above_why = NULL;
	struct line_info *above;

	if (!loc->file || !loc->file[0] || !loc->line)
		return NULL;
	why = reason_on(sc, line_directives(sc, loc->file, loc->line), rule);
	above = comment_above(sc, loc->file, loc->line);
	if (above)
		above_why = reason_on(sc, above, rule);
	return why ? why : above_why;
}

/*
 * The comments on the lines the run looked at, and alone above them,
 * that silenced nothing: each rule of each is a stale suppression.
 */
static int warn_stale(struct scan *sc, const struct line_ref *looked,
		      int nlooked)
{
	int stale = 0;

	for (int i = 0; i < nlooked; i++) {
		line_directives(sc, looked[i].file, looked[i].line);
		comment_above(sc, looked[i].file, looked[i].line);
	}
	for (int d = 0; d < sc->ndirs; d++) {
		const struct directive *dir = &sc->dirs[d];
		const struct line_info *l = &sc->lines[dir->line];

		for (int k = 0; k < dir->nrules; k++) {
			if (dir->used[k])
				continue;
			fprintf(sc->err, "%s:%u:%u: warning: isbcheck: suppression of %s silenced nothing in this run; remove it if its finding is gone\n",
				l->file, l->line, dir->col, dir->rules[k]);
			stale++;
		}
	}
	return stale;
}

int suppress_apply(struct report_item *items, int n, const struct ruleset *rs,
		   struct sources *src, struct arena *a,
		   const struct line_ref *looked, int nlooked, FILE *err)
{
	struct scan sc = { .rs = rs, .src = src, .a = a, .err = err };
	int i, stale;

	for (i = 0; i < n; i++) {
		struct report_item *it = &items[i];
		const char *why, *wwhy;

		why = reason_near(&sc, &it->access.loc, it->rule);
		wwhy = reason_near(&sc, &it->write.loc, it->rule);
		if (!why)
			why = wwhy;
		if (why && !it->suppressed)
			it->suppressed = why;
	}
	stale = warn_stale(&sc, looked, nlooked);
	hashidx_free(&sc.index);
	free(sc.lines);
	free(sc.dirs);
	return stale;
}
