// SPDX-License-Identifier: GPL-2.0
/*
 * html.c - the reviewer's page, DIR/index.html: one file with its style
 * inline and nothing to fetch or run, the same bytes for the same run.
 *
 * The page: a header with the counts, a summary table (one row per shown
 * finding, linking to it), then per finding its message, the fields that
 * may change, why the rule holds and where the Arm ARM says so, the path
 * as a list, the source around each step with the step's line marked and
 * labelled, and the fix as a unified diff.  Suppressed findings and those
 * in the baseline are not findings here: they are counted in the header
 * and listed, one line each, in a collapsed <details> at the end.
 *
 * Every text that comes from the sources, the rules or the findings goes
 * through put_esc().  A source that cannot be read leaves a note where
 * its excerpt would be.
 */
#include "output.h"
#include "fix.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Lines shown before the first and after the last step of an excerpt. */
#define CONTEXT 3
/* Steps in one file this close share an excerpt, lines between included. */
#define NEAR 40

/* The page's style: fixed fonts so that a screenshot can be compared. */
static const char style[] =
	"body{margin:0 auto;padding:16px 24px;max-width:1120px;"
	"font:14px/1.45 \"DejaVu Sans\",sans-serif;color:#1d1d1f;"
	"background:#fff}\n"
	"code,.loc,.src,.diff,.file{font-family:\"DejaVu Sans Mono\","
	"monospace;font-size:13px}\n"
	"h1{font-size:22px;margin:8px 0}\n"
	"h2{font-size:17px;margin:4px 0 8px}\n"
	"h3{font-size:14px;margin:14px 0 4px;color:#444}\n"
	"a{color:#0645ad;text-decoration:none}\n"
	".counts{margin:4px 0 16px;color:#333}\n"
	".counts b{color:#000}\n"
	"table.summary{border-collapse:collapse;width:100%}\n"
	".summary th,.summary td{text-align:left;padding:3px 8px;"
	"border-bottom:1px solid #ddd;vertical-align:top}\n"
	".summary th{background:#f2f2f2}\n"
	".finding{border:1px solid #c8c8c8;border-radius:4px;"
	"padding:10px 16px;margin:20px 0}\n"
	".rule{font-family:\"DejaVu Sans Mono\",monospace;font-size:13px;"
	"background:#eef;padding:1px 5px;border-radius:3px}\n"
	".msg{font-weight:bold;margin:6px 0}\n"
	"dl.facts{display:grid;grid-template-columns:110px 1fr;gap:2px 12px;"
	"margin:8px 0}\n"
	"dl.facts dt{color:#555}\n"
	"dl.facts dd{margin:0}\n"
	"ol.path{margin:4px 0;padding-left:28px}\n"
	".excerpt{border:1px solid #d5d5d5;margin:8px 0;overflow-x:auto}\n"
	".excerpt .file{background:#f2f2f2;padding:2px 8px;"
	"border-bottom:1px solid #d5d5d5}\n"
	"table.src{border-collapse:collapse;tab-size:8;-moz-tab-size:8;"
	"min-width:100%}\n"
	".src td{padding:0 6px;white-space:pre;vertical-align:top;"
	"line-height:1.4}\n"
	".src td.ln{text-align:right;color:#888;width:40px}\n"
	".src td.mk{font-weight:bold;text-align:center;width:14px}\n"
	".src td.code{width:100%}\n"
	".src tr.between td.mk{border-left:3px solid #c9b3e6}\n"
	".src tr.write td{background:#fff1bf}\n"
	".src tr.call td,.src tr.return td{background:#dde8ff}\n"
	".src tr.access td{background:#ffd6d6}\n"
	".src tr.label td.code{font-family:\"DejaVu Sans\",sans-serif;"
	"font-size:12px;font-style:italic;padding-bottom:2px}\n"
	".src tr.label.write td.code{color:#7a5200}\n"
	".src tr.label.call td.code,.src tr.label.return td.code"
	"{color:#1f4aa8}\n"
	".src tr.label.access td.code{color:#a01010}\n"
	".src tr.label td{background:#fff}\n"
	".nosrc,.nofix{color:#8a4b00;margin:6px 0}\n"
	".diff{border:1px solid #d5d5d5;padding:4px 0;overflow-x:auto;"
	"tab-size:8;-moz-tab-size:8}\n"
	".diff div{white-space:pre;padding:0 8px;min-height:1.4em;"
	"line-height:1.4}\n"
	".diff .hdr{color:#555}\n"
	".diff .hunk{color:#6a3ea1;background:#f4effa}\n"
	".diff .add{background:#e3f6e3;color:#0b5a0b}\n"
	".diff .del{background:#fbe3e3;color:#8a1010}\n"
	"details.others{margin:20px 0;color:#333}\n"
	"#incomplete{border:1px solid #e0b070;background:#fff8e8;"
	"border-radius:4px;padding:6px 16px;margin:12px 0}\n";

/*
 * The text as HTML: the five markup characters as references, a carriage
 * return dropped (CRLF sources), any other control character but the tab
 * as its Unicode picture so that it stays visible and the page valid.
 */
static void put_esc_n(FILE *o, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		switch (c) {
		case '&':
			fputs("&amp;", o);
			break;
		case '<':
			fputs("&lt;", o);
			break;
		case '>':
			fputs("&gt;", o);
			break;
		case '"':
			fputs("&quot;", o);
			break;
		case '\'':
			fputs("&#39;", o);
			break;
		case '\r':
			break;
		default:
			if ((c < 0x20 && c != '\t') || c == 0x7f)
				fprintf(o, "&#x%x;", c == 0x7f ? 0x2421 :
					0x2400 + c);
			else
				fputc(c, o);
		}
	}
}

static void put_esc(FILE *o, const char *s)
{
	put_esc_n(o, s ? s : "", s ? strlen(s) : 0);
}

/* Makes dir and its missing parents; false after a message naming it. */
static bool make_dir(const char *dir, FILE *err)
{
	char *p = xstrdup(dir), *q;
	struct stat st;
	bool ok = true;

	for (q = p + 1; ok && *q; q++) {
		if (*q != '/')
			continue;
		*q = '\0';
		ok = !mkdir(p, 0777) || errno == EEXIST;
		*q = '/';
	}
	if (ok)
		ok = !mkdir(p, 0777) || errno == EEXIST;
	if (!ok)
		fprintf(err, "%s: error: cannot create the directory: %s\n",
			dir, strerror(errno));
	else if (stat(dir, &st) || !S_ISDIR(st.st_mode)) {
		fprintf(err, "%s: error: not a directory\n", dir);
		ok = false;
	}
	free(p);
	return ok;
}

static void put_header(FILE *o, const struct run *r, const struct item_counts *c)
{
	fputs("<header>\n<h1>isbcheck report</h1>\n"
	      "<p class=\"counts\">isbcheck ", o);
	put_esc(o, r->version);
	fprintf(o, " &middot; <b id=\"shown\">%d</b> finding%s shown", c->shown,
		c->shown == 1 ? "" : "s");
	if (c->shown)
		fprintf(o, " in %d file%s", c->files, c->files == 1 ? "" : "s");
	fprintf(o, " &middot; <b id=\"suppressed\">%d</b> suppressed",
		c->suppressed);
	fprintf(o, " &middot; <b id=\"baseline\">%d</b> in the baseline%s",
		c->baseline, r->baseline ? "" : " (none given)");
	if (r->baseline_gone)
		fprintf(o, " (<b id=\"gone\">%d</b> of its findings no longer "
			"found)", r->baseline_gone);
	if (r->nincomplete)
		fprintf(o, " &middot; <b id=\"not-analysed\">%d</b> file%s not "
			"fully analysed", r->nincomplete,
			r->nincomplete == 1 ? "" : "s");
	fputs("</p>\n</header>\n", o);
}

/* The files not fully analysed, each with why: findings may be missing. */
static void put_incomplete(FILE *o, const struct run *r)
{
	if (!r->nincomplete)
		return;
	fputs("<section id=\"incomplete\">\n<h2>Not fully analysed</h2>\n"
	      "<p>Findings in these files may be missing:</p>\n<ul>\n", o);
	for (int i = 0; i < r->nincomplete; i++) {
		const struct incomplete *inc = &r->incomplete[i];

		fputs("<li><span class=\"loc\">", o);
		put_esc(o, inc->file);
		fputs("</span>: ", o);
		for (int k = 0; k < inc->ngaps; k++) {
			if (k)
				fputs("; ", o);
			put_esc(o, inc->gaps[k].text);
		}
		fputs("</li>\n", o);
	}
	fputs("</ul>\n</section>\n", o);
}

static void put_loc(FILE *o, const struct item_loc *l, bool col)
{
	fputs("<span class=\"loc\">", o);
	put_esc(o, l->file);
	if (col)
		fprintf(o, ":%u:%u</span>", l->line, l->col);
	else
		fprintf(o, ":%u</span>", l->line);
}

static void put_summary(FILE *o, const struct run *r)
{
	int n = 0;

	fputs("<section id=\"summary\">\n<h2>Findings</h2>\n", o);
	fputs("<table class=\"summary\">\n<thead><tr><th>#</th><th>Access</th>"
	      "<th>Function</th><th>Rule</th><th>Registers</th></tr></thead>\n"
	      "<tbody>\n", o);
	for (int i = 0; i < r->nitems; i++) {
		const struct report_item *it = &r->items[i];

		if (!item_active(it))
			continue;
		n++;
		fprintf(o, "<tr><td><a href=\"#f%d\">%d</a></td>"
			"<td><a href=\"#f%d\">", n, n, n);
		put_loc(o, &it->access.loc, false);
		fputs("</a></td><td><code>", o);
		put_esc(o, it->access.loc.function);
		fputs("()</code></td><td><span class=\"rule\">", o);
		put_esc(o, it->rule);
		fputs("</span></td><td><code>", o);
		put_esc(o, it->write.key);
		fputs("</code> &rarr; <code>", o);
		put_esc(o, it->access.key);
		fputs("</code></td></tr>\n", o);
	}
	fputs("</tbody>\n</table>\n</section>\n", o);
}

static const char *step_class(enum item_step_kind k)
{
	switch (k) {
	case ISTEP_WRITE:
		return "write";
	case ISTEP_CALL:
		return "call";
	case ISTEP_RETURN:
		return "return";
	case ISTEP_ACCESS:
	default:
		return "access";
	}
}

/* The gutter's mark for a step. */
static const char *step_mark(enum item_step_kind k)
{
	switch (k) {
	case ISTEP_WRITE:
		return "W";
	case ISTEP_CALL:
		return "&rarr;";
	case ISTEP_RETURN:
		return "&larr;";
	case ISTEP_ACCESS:
	default:
		return "A";
	}
}

/* The steps first..last (by line) of one file, shown as one excerpt. */
struct excerpt {
	const char *file;
	unsigned first, last;
};

static bool near(const struct excerpt *e, const char *file, unsigned first,
		 unsigned last)
{
	return !strcmp(e->file, file) && first <= e->last + NEAR &&
	       e->first <= last + NEAR;
}

/*
 * Groups the steps into excerpts, in the order the path meets them: a
 * step joins the excerpt of its file it is near, and excerpts that grow
 * near each other become one.  Returns how many; ex has nsteps places.
 */
static int plan_excerpts(const struct report_item *it, struct excerpt *ex)
{
	int n = 0;

	for (int s = 0; s < it->nsteps; s++) {
		const struct item_loc *l = &it->steps[s].loc;
		int k;

		for (k = 0; k < n; k++)
			if (near(&ex[k], l->file, l->line, l->line))
				break;
		if (k == n)
			ex[n++] = (struct excerpt){ l->file, l->line, l->line };
		if (l->line < ex[k].first)
			ex[k].first = l->line;
		if (l->line > ex[k].last)
			ex[k].last = l->line;
		/* the grown excerpt may now reach a later one */
		for (int j = k + 1; j < n; j++) {
			if (!near(&ex[k], ex[j].file, ex[j].first, ex[j].last))
				continue;
			if (ex[j].first < ex[k].first)
				ex[k].first = ex[j].first;
			if (ex[j].last > ex[k].last)
				ex[k].last = ex[j].last;
			memmove(&ex[j], &ex[j + 1],
				(size_t)(n - j - 1) * sizeof(*ex));
			n--;
			j = k;
		}
	}
	return n;
}

/* Where steps share a line, the access shows, then the write, then a call. */
static int step_rank(enum item_step_kind k)
{
	return k == ISTEP_ACCESS ? 3 : k == ISTEP_WRITE ? 2 : 1;
}

/* The row of one source line, its steps marked, then a label per step. */
static void put_line(FILE *o, const struct report_item *it,
		     const struct excerpt *e, unsigned line, const char *text)
{
	const char *cls = NULL;
	const char *mark = "";
	int rank = 0;

	for (int s = 0; s < it->nsteps; s++) {
		const struct item_step *st = &it->steps[s];

		if (st->loc.line != line || strcmp(st->loc.file, e->file) ||
		    step_rank(st->kind) <= rank)
			continue;
		rank = step_rank(st->kind);
		cls = step_class(st->kind);
		mark = step_mark(st->kind);
	}
	if (cls)
		fprintf(o, "<tr class=\"step %s\">", cls);
	else if (line > e->first && line < e->last)
		fputs("<tr class=\"between\">", o);
	else
		fputs("<tr>", o);
	fprintf(o, "<td class=\"ln\">%u</td><td class=\"mk\">%s</td>"
		"<td class=\"code\">", line, mark);
	put_esc(o, text);
	fputs("</td></tr>\n", o);
	if (!cls)
		return;
	for (int s = 0; s < it->nsteps; s++) {
		const struct item_step *st = &it->steps[s];

		if (st->loc.line != line || strcmp(st->loc.file, e->file))
			continue;
		fprintf(o, "<tr class=\"label %s\"><td class=\"ln\"></td>"
			"<td class=\"mk\"></td><td class=\"code\">&uarr; %d. ",
			step_class(st->kind), s + 1);
		put_esc(o, st->text);
		fputs("</td></tr>\n", o);
	}
}

static void put_excerpt(FILE *o, const struct run *r,
			const struct report_item *it, const struct excerpt *e)
{
	const struct source *src = source_get(r->src, e->file);
	unsigned lo, hi;

	if (!src) {
		fputs("<p class=\"nosrc\">", o);
		put_esc(o, e->file);
		fputs(" cannot be read: its lines are not shown.</p>\n", o);
		return;
	}
	lo = e->first > CONTEXT ? e->first - CONTEXT : 1;
	hi = e->last + CONTEXT;
	if (hi > src->nlines)
		hi = src->nlines;
	if (lo > hi) {
		fputs("<p class=\"nosrc\">", o);
		put_esc(o, e->file);
		fprintf(o, " has %u lines, fewer than the finding names: it changed since it was checked.</p>\n",
			src->nlines);
		return;
	}
	fputs("<div class=\"excerpt\" data-file=\"", o);
	put_esc(o, e->file);
	fputs("\">\n<div class=\"file\">", o);
	put_esc(o, e->file);
	fputs("</div>\n<table class=\"src\">\n", o);
	for (unsigned l = lo; l <= hi; l++)
		put_line(o, it, e, l, source_line(src, l));
	fputs("</table>\n</div>\n", o);
}

static void put_path(FILE *o, const struct report_item *it)
{
	fputs("<ol class=\"path\">\n", o);
	for (int s = 0; s < it->nsteps; s++) {
		const struct item_step *st = &it->steps[s];

		fprintf(o, "<li class=\"%s\">", step_class(st->kind));
		put_loc(o, &st->loc, true);
		if (st->loc.function && st->loc.function[0]) {
			fputs(" in <code>", o);
			put_esc(o, st->loc.function);
			fputs("()</code>", o);
		}
		fputs(": ", o);
		put_esc(o, st->text);
		fputs("</li>\n", o);
	}
	fputs("</ol>\n", o);
}

/* The diff lines, each as a block coloured by what it does. */
static void put_diff(FILE *o, const char *d)
{
	fputs("<div class=\"diff\">", o);
	while (*d) {
		const char *nl = strchr(d, '\n');
		size_t n = nl ? (size_t)(nl - d) : strlen(d);
		const char *cls = "ctx";

		if (!strncmp(d, "--- ", 4) || !strncmp(d, "+++ ", 4))
			cls = "hdr";
		else if (!strncmp(d, "@@", 2))
			cls = "hunk";
		else if (*d == '+')
			cls = "add";
		else if (*d == '-')
			cls = "del";
		fprintf(o, "<div class=\"%s\">", cls);
		put_esc_n(o, d, n);
		fputs("</div>", o);
		d += n + (nl ? 1 : 0);
	}
	fputs("</div>\n", o);
}

static void put_fix(FILE *o, const struct run *r, const struct report_item *it)
{
	char *diff = NULL, *why = NULL;
	size_t dlen = 0, wlen = 0;
	FILE *d, *w;
	int done = -1;

	fputs("<h3>Suggested fix</h3>\n", o);
	if (!it->fix.file) {
		fputs("<p class=\"nofix\">No fix is suggested: ", o);
		put_esc(o, it->fix.why_not ? it->fix.why_not : "none planned");
		fputs(".</p>\n", o);
		return;
	}
	d = open_memstream(&diff, &dlen);
	w = open_memstream(&why, &wlen);
	if (d && w)
		done = fix_diff_one(it, r->src, r->root, d, w);
	if (d)
		fclose(d);
	if (w)
		fclose(w);
	if (done > 0 && diff) {
		fprintf(o, "<p>The barrier goes %s: new lines before line %u of "
			"<span class=\"loc\">", it->fix.where ?
			it->fix.where : "here", it->fix.line);
		put_esc(o, it->fix.file);
		fputs("</span>.</p>\n", o);
		put_diff(o, diff);
	} else {
		/* fix.c's warnings, one line each, as one sentence */
		for (char *c = why; c && *c; c++)
			if (*c == '\n')
				*c = c[1] ? ' ' : '\0';
		fputs("<p class=\"nofix\">The fix cannot be shown as a diff", o);
		if (why && *why) {
			fputs(": ", o);
			put_esc(o, why);
		}
		fputs("</p>\n", o);
	}
	free(diff);
	free(why);
}

static void put_fact(FILE *o, const char *name, const char *text)
{
	fprintf(o, "<dt>%s</dt><dd>", name);
	put_esc(o, text);
	fputs("</dd>\n", o);
}

static void put_finding(FILE *o, const struct run *r,
			const struct report_item *it, int n)
{
	struct excerpt *ex;
	int nex;

	fprintf(o, "<section class=\"finding\" id=\"f%d\" data-key=\"", n);
	put_esc(o, it->key);
	fprintf(o, "\">\n<h2><a href=\"#f%d\">#%d</a> <span class=\"rule\">", n,
		n);
	put_esc(o, it->rule);
	fputs("</span> at ", o);
	put_loc(o, &it->access.loc, true);
	fputs("</h2>\n<p class=\"msg\">", o);
	put_esc(o, it->message);
	fputs("</p>\n<dl class=\"facts\">\n", o);
	fputs("<dt>Access</dt><dd>", o);
	put_loc(o, &it->access.loc, true);
	fputs(" in <code>", o);
	put_esc(o, it->access.loc.function);
	fputs(it->state ? "()</code></dd>\n<dt>Found at</dt><dd>" :
	      "()</code></dd>\n<dt>Write</dt><dd>", o);
	put_loc(o, &it->write.loc, true);
	fputs(" in <code>", o);
	put_esc(o, it->write.loc.function);
	fputs("()</code></dd>\n", o);
	if (it->state)
		put_fact(o, "Must hold", it->state);
	else if (it->write.nfields)
		put_fact(o, "May change", it->fields_text);
	put_fact(o, "Needs", it->need);
	put_fact(o, "Why", it->why);
	put_fact(o, "See", it->cite);
	fputs("</dl>\n<h3>Path</h3>\n", o);
	put_path(o, it);
	if (it->nmore) {
		/* the same write, the same synchronization missing */
		fprintf(o, "<h3>The same cause at %d more access%s</h3>\n"
			"<ul class=\"more\">\n", it->nmore,
			it->nmore == 1 ? "" : "es");
		for (int k = 0; k < it->nmore; k++) {
			fputs("<li>", o);
			put_loc(o, &it->more[k].access.loc, true);
			fputs(" in <code>", o);
			put_esc(o, it->more[k].access.loc.function);
			fputs("()</code>: ", o);
			put_esc(o, it->more[k].access.what);
			fputs("</li>\n", o);
		}
		fputs("</ul>\n", o);
	}
	fputs("<h3>Source</h3>\n", o);
	ex = xmalloc((size_t)(it->nsteps > 0 ? it->nsteps : 1) * sizeof(*ex));
	nex = plan_excerpts(it, ex);
	for (int k = 0; k < nex; k++) {
		int j = 0;

		/* a file that cannot be read: one note, not one per excerpt */
		while (j < k && strcmp(ex[j].file, ex[k].file))
			j++;
		if (j == k || source_get(r->src, ex[k].file))
			put_excerpt(o, r, it, &ex[k]);
	}
	free(ex);
	put_fix(o, r, it);
	fputs("</section>\n", o);
}

/* Suppressed findings and those in the baseline: one line each, folded. */
static void put_others(FILE *o, const struct run *r, const struct item_counts *c)
{
	if (!c->suppressed && !c->baseline)
		return;
	fprintf(o, "<details class=\"others\" id=\"not-shown\">\n"
		"<summary>Not shown: %d suppressed, %d in the baseline"
		"</summary>\n<ul>\n", c->suppressed, c->baseline);
	for (int i = 0; i < r->nitems; i++) {
		const struct report_item *it = &r->items[i];

		if (item_active(it))
			continue;
		fputs("<li>", o);
		put_loc(o, &it->access.loc, false);
		fputs(" <span class=\"rule\">", o);
		put_esc(o, it->rule);
		fputs("</span> ", o);
		put_esc(o, it->message);
		if (it->suppressed) {
			fputs(" &mdash; suppressed: ", o);
			put_esc(o, it->suppressed);
		} else {
			fputs(" &mdash; in the baseline", o);
		}
		fputs("</li>\n", o);
	}
	fputs("</ul>\n</details>\n", o);
}

static void put_page(FILE *o, const struct run *r)
{
	struct item_counts c = item_count(r->items, r->nitems);
	int n = 0;

	/* the policy forbids any fetch and any script: the page is data */
	fprintf(o, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
		"<meta charset=\"utf-8\">\n"
		"<meta http-equiv=\"Content-Security-Policy\" "
		"content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
		"<meta name=\"viewport\" "
		"content=\"width=device-width, initial-scale=1\">\n"
		"<title>isbcheck: %d finding%s</title>\n<style>\n%s</style>\n"
		"</head>\n<body>\n", c.shown, c.shown == 1 ? "" : "s", style);
	put_header(o, r, &c);
	put_incomplete(o, r);
	if (c.shown)
		put_summary(o, r);
	else
		fputs("<p id=\"none\">No findings to show.</p>\n", o);
	for (int i = 0; i < r->nitems; i++)
		if (item_active(&r->items[i]))
			put_finding(o, r, &r->items[i], ++n);
	put_others(o, r, &c);
	fputs("</body>\n</html>\n", o);
}

int output_html(const struct run *r, const char *dir, FILE *err)
{
	char *path;
	FILE *o;
	int rc = 0;

	if (!make_dir(dir, err))
		return -1;
	path = xmalloc(strlen(dir) + sizeof("/index.html"));
	sprintf(path, "%s/index.html", dir);
	o = fopen(path, "w");
	if (!o) {
		fprintf(err, "%s: error: cannot write: %s\n", path,
			strerror(errno));
		free(path);
		return -1;
	}
	put_page(o, r);
	rc = ferror(o) ? -1 : 0;
	if (fclose(o) || rc) {
		fprintf(err, "%s: error: cannot write: %s\n", path,
			strerror(errno));
		rc = -1;
	}
	free(path);
	return rc;
}
