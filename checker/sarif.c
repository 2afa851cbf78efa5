// SPDX-License-Identifier: GPL-2.0
/*
 * sarif.c - --format=sarif: the run as a SARIF 2.1.0 log (OASIS), for
 * code-scanning services and editors.  docs/sarif.md says how findings
 * map onto it.
 *
 * One run; its driver lists every rule of the rule set, and each finding
 * is one result: the access is its location, the write a related
 * location, the path a code flow, the planned edit a fix.  File URIs are
 * relative to %SRCROOT%, the directory isbcheck ran in.
 *
 * No "$schema" property: it is optional (SARIF 2.1.0 section 3.13.3),
 * and the test suite relies on the validator's warning that it is
 * missing (SARIF2008) as the sign that the validator read the log at all,
 * since sarif-multitool 5.7.0 says nothing about a log it cannot load.
 */
#include "jsonout.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SRCROOT "%SRCROOT%"

/* The bytes a URI path keeps as they are (RFC 3986 pchar less ':'). */
static bool uri_keeps(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || strchr("-._~!$&'()*+,;=@/", c);
}

/*
 * path as a URI path, percent-encoded; ':' too, so that a relative
 * reference is never read as a scheme.  malloc'ed.
 */
static char *uri_path(const char *path)
{
	char *o = xmalloc(3 * strlen(path) + 1), *p = o;

	for (const unsigned char *s = (const unsigned char *)path; *s; s++) {
		if (uri_keeps(*s))
			*p++ = (char)*s;
		else
			p += sprintf(p, "%%%02X", *s);
	}
	*p = '\0';
	return o;
}

/* {"uri": "file:///dir/"}: a directory's URI ends in '/'. */
static json_t *dir_uri(const char *dir)
{
	char *u = uri_path(dir), *uri = xmalloc(strlen(u) + 16);
	json_t *o = json_object();

	sprintf(uri, "file://%s%s", u, u[0] && u[strlen(u) - 1] == '/' ?
		"" : "/");
	jsonout_set(o, "uri", json_string(uri));
	free(u);
	free(uri);
	return o;
}

/* An artifactLocation for file: under %SRCROOT% if it is below cwd. */
static json_t *artifact(const char *file, const char *cwd)
{
	char *rel = jsonout_relpath(file, cwd), *u = uri_path(rel);
	json_t *o = json_object();

	if (rel[0] == '/' || !cwd) {
		char *abs = xmalloc(strlen(u) + 8);

		/* outside the source root (or no cwd): a file URI of its own */
		sprintf(abs, "%s%s", rel[0] == '/' ? "file://" : "", u);
		jsonout_set(o, "uri", json_string(abs));
		free(abs);
	} else {
		jsonout_set(o, "uri", json_string(u));
		jsonout_set(o, "uriBaseId", json_string(SRCROOT));
	}
	free(rel);
	free(u);
	return o;
}

/*
 * clang counts columns in bytes; SARIF in characters (columnKind
 * unicodeCodePoints): the same for ASCII lines, otherwise counted here.
 */
static unsigned char_column(const char *text, unsigned col)
{
	unsigned n = 1;

	for (unsigned i = 0; i + 1 < col && text[i]; i++)
		n += ((unsigned char)text[i] & 0xc0) != 0x80;
	return n;
}

static void set_snippet(json_t *region, const char *text)
{
	json_t *snippet = json_object();

	jsonout_set(snippet, "text", jsonout_str(text));
	jsonout_set(region, "snippet", snippet);
}

/*
 * Lines line-2 to line+2 of s around a finding, for a viewer that does
 * not have the sources.
 */
static json_t *context_region(const struct source *s, unsigned line)
{
	unsigned from = line > 2 ? line - 2 : 1, to = line + 2, i;
	json_t *region = json_object();
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	if (to > s->nlines)
		to = s->nlines;
	f = open_memstream(&text, &len);
	for (i = from; f && i <= to; i++)
		fprintf(f, "%s%s", i > from ? "\n" : "", source_line(s, i));
	jsonout_set(region, "startLine", json_integer(from));
	jsonout_set(region, "endLine", json_integer(to));
	if (f && !fclose(f))
		set_snippet(region, text);
	free(text);
	return region;
}

/*
 * Where l is; its line's text as the snippet when the file can be read
 * (and the lines around it as contextRegion if context).  Unreadable:
 * no snippet, and the byte column.
 */
static json_t *physical(const struct run *r, const struct item_loc *l,
			bool context, const char *cwd)
{
	const struct source *s = r->src ? source_get(r->src, l->file) : NULL;
	const char *text = s && l->line ? source_line(s, l->line) : NULL;
	json_t *o = json_object(), *region = json_object();
	unsigned col = l->col ? l->col : 1;

	if (text && strlen(text) < col - 1)
		text = NULL;	/* not the file the finding was made in */
	jsonout_set(o, "artifactLocation", artifact(l->file, cwd));
	jsonout_set(region, "startLine", json_integer(l->line ? l->line : 1));
	jsonout_set(region, "startColumn", json_integer(text ?
		    char_column(text, col) : col));
	if (text)
		set_snippet(region, text + col - 1);
	jsonout_set(o, "region", region);
	if (text && context)
		jsonout_set(o, "contextRegion", context_region(s, l->line));
	return o;
}

static json_t *text_message(const char *s)
{
	json_t *m = json_object();

	jsonout_set(m, "text", jsonout_str(s));
	return m;
}

/* A location with the function it is in and, if given, a message. */
static json_t *location(const struct run *r, int id,
			const struct item_loc *l, const char *msg,
			const char *cwd)
{
	json_t *o = json_object();

	if (id)
		jsonout_set(o, "id", json_integer(id));
	/* the result's own location (id 0, no message) gets the context */
	jsonout_set(o, "physicalLocation", physical(r, l, !id && !msg, cwd));
	if (l->function && l->function[0]) {
		json_t *fn = json_object(), *a = json_array();

		jsonout_set(fn, "name", jsonout_str(l->function));
		jsonout_set(fn, "kind", json_string("function"));
		json_array_append_new(a, fn);
		jsonout_set(o, "logicalLocations", a);
	}
	if (msg)
		jsonout_set(o, "message", text_message(msg));
	return o;
}

/* "e2h-accessor-alias" -> "E2hAccessorAlias", the rule's name. */
static char *pascal_name(const char *id)
{
	char *o = xmalloc(strlen(id) + 1), *p = o;
	bool up = true;

	for (; *id; id++) {
		if (*id == '-' || *id == '_' || *id == '.') {
			up = true;
			continue;
		}
		*p++ = up && *id >= 'a' && *id <= 'z' ?
			(char)(*id - 'a' + 'A') : *id;
		up = false;
	}
	*p = '\0';
	return o;
}

/* The first sentence of s (up to ". "), malloc'ed. */
static char *first_sentence(const char *s)
{
	const char *end = strstr(s, ". ");

	size_t n = end ? (size_t)(end - s + 1) : strlen(s);
	char *o = xmalloc(n + 1);

	memcpy(o, s, n);
	o[n] = '\0';
	return o;
}

/* s with what Markdown would read as markup escaped, malloc'ed. */
static char *md_escape(const char *s)
{
	char *o = xmalloc(2 * strlen(s) + 1), *p = o;

	for (; *s; s++) {
		if (strchr("\\`*_[]<>|#", *s))
			*p++ = '\\';
		*p++ = *s;
	}
	*p = '\0';
	return o;
}

static json_t *rule(const struct rule *rl)
{
	json_t *o = json_object(), *help = json_object();
	json_t *props = json_object(), *conf = json_object();
	char *name = pascal_name(rl->id), *shortd = first_sentence(rl->why);
	char *why = md_escape(rl->why), *cite = md_escape(rl->cite), *text;

	jsonout_set(o, "id", jsonout_str(rl->id));
	jsonout_set(o, "name", jsonout_str(name));
	jsonout_set(o, "shortDescription", text_message(shortd));
	jsonout_set(o, "fullDescription", text_message(rl->why));
	text = xmalloc(strlen(rl->why) + strlen(rl->cite) + 16);
	sprintf(text, "%s\nSee %s.", rl->why, rl->cite);
	jsonout_set(help, "text", jsonout_str(text));
	free(text);
	text = xmalloc(strlen(why) + strlen(cite) + 32);
	sprintf(text, "%s\n\n**See** %s.", why, cite);
	jsonout_set(help, "markdown", jsonout_str(text));
	free(text);
	jsonout_set(o, "help", help);
	jsonout_set(conf, "level", json_string("warning"));
	jsonout_set(o, "defaultConfiguration", conf);
	jsonout_set(props, "cite", jsonout_str(rl->cite));
	jsonout_set(o, "properties", props);
	free(name);
	free(shortd);
	free(why);
	free(cite);
	return o;
}

static json_t *code_flow(const struct run *r, const struct report_item *it,
			 const char *cwd)
{
	json_t *flow = json_object(), *flows = json_array();
	json_t *thread = json_object(), *locs = json_array();

	for (int i = 0; i < it->nsteps; i++) {
		const struct item_step *s = &it->steps[i];
		json_t *tl = json_object();

		jsonout_set(tl, "location", location(r, 0, &s->loc, s->text,
							cwd));
		if (s->kind == ISTEP_CALL || s->kind == ISTEP_RETURN) {
			json_t *kinds = json_array();

			json_array_append_new(kinds, json_string(
				s->kind == ISTEP_CALL ? "call" : "return"));
			jsonout_set(tl, "kinds", kinds);
		}
		json_array_append_new(locs, tl);
	}
	jsonout_set(thread, "locations", locs);
	json_array_append_new(flows, thread);
	jsonout_set(flow, "threadFlows", flows);
	return flow;
}

/* "Insert isb() after the write.", from the statements inserted. */
static char *fix_description(const struct item_fix *f)
{
	size_t cap = strlen(f->lines) + strlen(f->where) + 32, o;
	char *d = xmalloc(cap);
	const char *s = f->lines;
	int n = 0;

	o = (size_t)sprintf(d, "Insert ");
	while (*s) {
		size_t len = strcspn(s, "\n");
		const char *t = s + strspn(s, " \t");
		size_t tl = len - (size_t)(t - s);

		if (tl && strncmp(t, "/*", 2) && strncmp(t, "//", 2)) {
			if (t[tl - 1] == ';')
				tl--;
			o += (size_t)sprintf(d + o, "%s%.*s",
					     n++ ? ", then " : "", (int)tl, t);
		}
		s += len + (s[len] == '\n');
	}
	if (!n)
		o += (size_t)sprintf(d + o, "the lines");
	sprintf(d + o, " %s.", f->where ? f->where : "");
	return d;
}

static json_t *fixes(const struct report_item *it, const char *cwd)
{
	const struct item_fix *f = &it->fix;
	json_t *fix = json_object(), *a = json_array(), *changes = json_array();
	json_t *change = json_object(), *reps = json_array();
	json_t *rep = json_object(), *del = json_object(), *ins = json_object();
	char *desc = fix_description(f);

	jsonout_set(fix, "description", text_message(desc));
	free(desc);
	jsonout_set(change, "artifactLocation", artifact(f->file, cwd));
	/* an empty region: insert before the line, change nothing */
	jsonout_set(del, "startLine", json_integer(f->line));
	jsonout_set(del, "startColumn", json_integer(1));
	jsonout_set(del, "endColumn", json_integer(1));
	jsonout_set(rep, "deletedRegion", del);
	jsonout_set(ins, "text", jsonout_str(f->lines));
	jsonout_set(rep, "insertedContent", ins);
	json_array_append_new(reps, rep);
	jsonout_set(change, "replacements", reps);
	json_array_append_new(changes, change);
	jsonout_set(fix, "artifactChanges", changes);
	json_array_append_new(a, fix);
	return a;
}

static int rule_index(const struct ruleset *rs, const char *id)
{
	for (int i = 0; rs && i < rs->nrules; i++)
		if (!strcmp(rs->rules[i].id, id))
			return i;
	return -1;
}

static json_t *result(const struct run *r, const struct report_item *it,
		      const char *fingerprint, const char *cwd)
{
	json_t *o = json_object(), *a, *fp = json_object();
	int ri = rule_index(r->rs, it->rule);

	jsonout_set(o, "ruleId", jsonout_str(it->rule));
	if (ri >= 0)
		jsonout_set(o, "ruleIndex", json_integer(ri));
	jsonout_set(o, "level", json_string("warning"));
	jsonout_set(o, "message", text_message(it->message));
	a = json_array();
	json_array_append_new(a, location(r, 0, &it->access.loc, NULL, cwd));
	jsonout_set(o, "locations", a);
	a = json_array();
	json_array_append_new(a, location(r, 1, &it->write.loc,
					  it->steps[0].text, cwd));
	jsonout_set(o, "relatedLocations", a);
	a = json_array();
	json_array_append_new(a, code_flow(r, it, cwd));
	jsonout_set(o, "codeFlows", a);
	if (it->fix.file)
		jsonout_set(o, "fixes", fixes(it, cwd));
	jsonout_set(fp, "isbcheck/v1", json_string(fingerprint));
	jsonout_set(o, "partialFingerprints", fp);
	if (it->suppressed) {
		json_t *s = json_object();

		a = json_array();
		jsonout_set(s, "kind", json_string("inSource"));
		jsonout_set(s, "justification", jsonout_str(it->suppressed));
		json_array_append_new(a, s);
		jsonout_set(o, "suppressions", a);
	}
	if (r->baseline)
		jsonout_set(o, "baselineState",
			    json_string(it->in_baseline ? "unchanged" : "new"));
	return o;
}

/* arg as the shell would need it: as is, or in single quotes. */
static void shell_quote(FILE *f, const char *arg)
{
	if (*arg && strspn(arg, "abcdefghijklmnopqrstuvwxyz"
			   "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
			   "_@%+=:,./-") == strlen(arg)) {
		fputs(arg, f);
		return;
	}
	fputc('\'', f);
	for (; *arg; arg++)
		if (*arg == '\'')
			fputs("'\\''", f);
		else
			fputc(*arg, f);
	fputc('\'', f);
}

static json_t *invocation(const struct run *r, const char *cwd)
{
	json_t *o = json_object(), *args = json_array(), *a = json_array();
	char *line = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&line, &len);

	for (int i = 0; i < r->argc; i++) {
		if (f) {
			if (i)
				fputc(' ', f);
			shell_quote(f, r->argv[i]);
		}
		if (i)
			json_array_append_new(args, jsonout_str(r->argv[i]));
	}
	if (f && !fclose(f))
		jsonout_set(o, "commandLine", jsonout_str(line));
	free(line);
	jsonout_set(o, "arguments", args);
	jsonout_set(o, "executionSuccessful", json_boolean(r->status < 2));
	jsonout_set(o, "exitCode", json_integer(r->status));
	if (cwd)
		jsonout_set(o, "workingDirectory", dir_uri(cwd));
	json_array_append_new(a, o);
	return a;
}

/* "0.1" -> "0.1.0": semantic versions have three numbers. */
static char *semantic_version(const char *v)
{
	char *s = xmalloc(strlen(v) + 8);
	int dots = 0;

	for (const char *p = v; *p && *p != '-' && *p != '+'; p++)
		dots += *p == '.';
	strcpy(s, v);
	if (!strpbrk(v, "-+"))
		for (; dots < 2; dots++)
			strcat(s, ".0");
	return s;
}

int output_sarif(const struct run *r, FILE *out, FILE *err)
{
	char (*fp)[JSONOUT_FP_SIZE] = xcalloc((size_t)r->nitems + 1,
					      sizeof(*fp));
	json_t *doc = json_object(), *runs = json_array(), *run = json_object();
	json_t *tool = json_object(), *driver = json_object();
	json_t *rules = json_array(), *results = json_array();
	char buf[PATH_MAX], *cwd = getcwd(buf, sizeof(buf)), *sv;

	if (cwd && cwd[0] != '/')
		cwd = NULL;	/* "(unreachable)/..." */
	jsonout_fingerprints(r, cwd, fp);
	jsonout_set(doc, "version", json_string("2.1.0"));
	jsonout_set(driver, "name", json_string("isbcheck"));
	jsonout_set(driver, "version", jsonout_str(r->version));
	sv = semantic_version(r->version ? r->version : "0");
	jsonout_set(driver, "semanticVersion", jsonout_str(sv));
	free(sv);
	for (int i = 0; r->rs && i < r->rs->nrules; i++)
		json_array_append_new(rules, rule(&r->rs->rules[i]));
	jsonout_set(driver, "rules", rules);
	jsonout_set(tool, "driver", driver);
	jsonout_set(run, "tool", tool);
	jsonout_set(run, "invocations", invocation(r, cwd));
	if (cwd) {
		json_t *bases = json_object();

		jsonout_set(bases, SRCROOT, dir_uri(cwd));
		jsonout_set(run, "originalUriBaseIds", bases);
	}
	for (int i = 0; i < r->nitems; i++)
		json_array_append_new(results, result(r, &r->items[i], fp[i],
						      cwd));
	jsonout_set(run, "results", results);
	jsonout_set(run, "columnKind", json_string("unicodeCodePoints"));
	json_array_append_new(runs, run);
	jsonout_set(doc, "runs", runs);
	free(fp);
	return jsonout_dump(doc, out, err, "SARIF");
}
