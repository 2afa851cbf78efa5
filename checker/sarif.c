// SPDX-License-Identifier: GPL-2.0
/*
 * sarif.c - --format=sarif: the run as a SARIF 2.1.0 log (OASIS), for
 * code-scanning services and editors.  docs/sarif.md says how findings
 * map onto it.
 *
 * One run; its driver lists every rule of the rule set, and each finding
 * is one result: the access is its location, the write a related
 * location, the path a code flow, the planned edit a fix.  File URIs are
 * relative to %SRCROOT%, the source root (srcroot.h).  A file not fully
 * analysed is a tool execution notification, and the execution is then
 * not successful.  What GitHub code scanning requires of an upload (the
 * SARIF multitool's "Gh" rules: a $schema, among others) holds.
 */
#include "jsonout.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SRCROOT "%SRCROOT%"
/* The final OASIS schema, as GitHub's upload rules (GH1013) ask. */
#define SCHEMA "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
/* The notification descriptor of a file not fully analysed. */
#define INCOMPLETE "incomplete-analysis"

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

/* An artifactLocation for file: under %SRCROOT% if it is below the root. */
static json_t *artifact(const char *file, const struct srcroot *root)
{
	char *rel = srcroot_path(root, file), *u = uri_path(rel);
	json_t *o = json_object();

	if (rel[0] == '/') {
		char *abs = xmalloc(strlen(u) + 8);

		/* outside the source root: a file URI of its own */
		sprintf(abs, "file://%s", u);
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
			bool context, const struct srcroot *root)
{
	const struct source *s = r->src ? source_get(r->src, l->file) : NULL;
	const char *text = s && l->line ? source_line(s, l->line) : NULL;
	json_t *o = json_object(), *region = json_object();
	unsigned col = l->col ? l->col : 1;

	if (text && strlen(text) < col - 1)
		text = NULL;	/* not the file the finding was made in */
	jsonout_set(o, "artifactLocation", artifact(l->file, root));
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
			const struct srcroot *root)
{
	json_t *o = json_object();

	if (id)
		jsonout_set(o, "id", json_integer(id));
	/* the result's own location (id 0, no message) gets the context */
	jsonout_set(o, "physicalLocation", physical(r, l, !id && !msg, root));
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

/* Names listed in a rule's summary before "or N more". */
#define SUMMARY_NAMES 4

/* The distinct names a side of a rule names, in order, with fields. */
struct names {
	char *v[64];
	int n, more;
};

static void add_name(struct names *ns, const char *name, const char *field)
{
	for (int i = 0; i < ns->n; i++) {
		char *old = ns->v[i];
		size_t l = strlen(name);

		if (strncmp(old, name, l) || (old[l] && old[l] != ' '))
			continue;
		if (field && !strstr(old + l, field)) {
			/* "HCR_EL2 (IMO)" + FMO -> "HCR_EL2 (IMO, FMO)" */
			char *grown = xmalloc(strlen(old) + strlen(field) + 8);

			if (old[l])
				sprintf(grown, "%.*s, %s)", (int)strlen(old) - 1,
					old, field);
			else
				sprintf(grown, "%s (%s)", old, field);
			free(old);
			ns->v[i] = grown;
		}
		return;
	}
	if (ns->n == (int)(sizeof(ns->v) / sizeof(*ns->v))) {
		ns->more++;
		return;
	}
	ns->v[ns->n] = xmalloc(strlen(name) + (field ? strlen(field) : 0) + 8);
	if (field)
		sprintf(ns->v[ns->n], "%s (%s)", name, field);
	else
		strcpy(ns->v[ns->n], name);
	ns->n++;
}

static void add_pattern(const struct ruleset *rs, struct names *ns,
			const struct pattern *pt)
{
	const struct sysreg *reg;
	char buf[64];
	size_t i;

	switch (pt->kind) {
	case PAT_INSN:
		for (i = 0; pt->insn[i] && pt->insn[i] != '*' &&
		     i + 1 < sizeof(buf); i++)
			buf[i] = (char)toupper((unsigned char)pt->insn[i]);
		buf[i] = '\0';
		add_name(ns, buf, NULL);
		break;
	case PAT_CALL:
		snprintf(buf, sizeof(buf), "%s()", pt->callee);
		add_name(ns, buf, NULL);
		break;
	default:
		if (pt->reg < 0 || pt->reg >= rs->db.nregs)
			break;
		reg = &rs->db.regs[pt->reg];
		add_name(ns, reg->name, pt->field >= 0 &&
			 pt->field < reg->nfields ?
			 reg->fields[pt->field].name : NULL);
	}
}

/* "A, B, C or D", or "A, B, C, D or 5 more". */
static void put_names(FILE *f, struct names *ns)
{
	int shown = ns->n + ns->more > SUMMARY_NAMES ? SUMMARY_NAMES : ns->n;
	int rest = ns->n + ns->more - shown;

	for (int i = 0; i < shown; i++)
		fprintf(f, "%s%s", i ? (i + 1 < shown || rest ? ", " : " or ") :
			"", ns->v[i]);
	if (rest)
		fprintf(f, " or %d more", rest);
	for (int i = 0; i < ns->n; i++)
		free(ns->v[i]);
}

/*
 * The rule in one line, from what it names: "No context synchronization
 * event between a write to HCR_EL2 (TGE) and TLBI or AT".  malloc'ed.
 */
/* "a write to " if every pattern is a write, and so on; else "". */
static const char *verb(const struct pattern *v, int n, int *kind)
{
	static const char *const verbs[] = {
		[PAT_WRITE] = "a write to ", [PAT_READ] = "a read of ",
		[PAT_ACCESS] = "an access to ", [PAT_INSN] = "",
		[PAT_CALL] = "a call to ",
	};

	for (int i = 0; i < n; i++) {
		if (*kind == -2)
			*kind = (int)v[i].kind;
		else if (*kind != (int)v[i].kind)
			*kind = -1;
	}
	return *kind >= 0 ? verbs[*kind] : "";
}

static char *summary(const struct ruleset *rs, const struct rule *rl)
{
	struct names after = { 0 }, before = { 0 };
	char *text = NULL;
	size_t len = 0;
	int akind = -2, bkind = -2;
	const char *averb = "", *bverb = "";
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return xstrdup(rl->id);
	for (int c = 0; c < rl->nclauses; c++) {
		const struct clause *cl = &rl->clauses[c];

		averb = verb(cl->after, cl->nafter, &akind);
		bverb = verb(cl->before, cl->nbefore, &bkind);
		for (int i = 0; i < cl->nafter; i++)
			add_pattern(rs, &after, &cl->after[i]);
		for (int i = 0; i < cl->nbefore; i++)
			add_pattern(rs, &before, &cl->before[i]);
	}
	if (rl->state) {
		/* "TRBLIMITR_EL1.E=0, written and synchronized, before ..." */
		fprintf(f, "%s, written and synchronized, before %s",
			rl->hold_text, bverb);
		put_names(f, &before);
	} else {
		fputs("No ", f);
		for (int i = 0; i < rl->nneed; i++)
			fprintf(f, "%s%s", i ? ", then " : "",
				rs->steps[rl->need[i]].text);
		fprintf(f, "%s between %s", rl->nneed > 1 ? "," : "", averb);
		put_names(f, &after);
		fprintf(f, " and %s", bverb);
		put_names(f, &before);
	}
	if (fclose(f)) {
		free(text);
		return xstrdup(rl->id);
	}
	return text;
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

/*
 * "Fix: insert isb(), then tsb_csync() between the write and the access"; a
 * state rule's fix starts with the write it needs, which --fix does not
 * make (its steps with no statement are the state's own).
 */
static void fix_sentence(FILE *f, const struct ruleset *rs,
			 const struct rule *rl, bool md)
{
	const char *q = md ? "`" : "";
	bool first = true;

	if (rl->state) {
		fprintf(f, "%s write %s%s%s (isbcheck does not write it for you), then insert",
			md ? "**Fix:**" : "Fix:", q, rl->hold_text, q);
	} else {
		fprintf(f, "%s insert", md ? "**Fix:**" : "Fix:");
	}
	for (int i = 0; i < rl->nneed; i++) {
		const char *ins = rs->steps[rl->need[i]].insert;

		if (!ins)
			continue;
		fprintf(f, "%s %s%.*s%s", first ? "" : ", then", q,
			(int)strcspn(ins, ";"), ins, q);
		first = false;
	}
	fprintf(f, rl->state ? " after that write, before the access" :
		md ? " between the write and the access (`isbcheck --fix` does)" :
		" between the write and the access (isbcheck --fix does)");
}

/* help.text and help.markdown: why, what to insert, the citation, how to
 * silence a finding that is not a bug. */
static json_t *help(const struct ruleset *rs, const struct rule *rl,
		    const char *what)
{
	json_t *o = json_object();
	char *why = md_escape(rl->why), *cite = md_escape(rl->cite);
	char *w = md_escape(what), *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (f) {
		fprintf(f, "%s.\n\n%s\n\n", what, rl->why);
		fix_sentence(f, rs, rl, false);
		fprintf(f, ".\n\nSee %s.\n\nA finding that is not a bug is silenced, with the reason, by /* isbcheck: ignore %s: REASON */ on the line of its write or access.\n",
			rl->cite, rl->id);
		if (!fclose(f))
			jsonout_set(o, "text", jsonout_str(text));
		free(text);
	}
	text = NULL;
	f = open_memstream(&text, &len);
	if (f) {
		fprintf(f, "**%s.**\n\n%s\n\n", w, why);
		fix_sentence(f, rs, rl, true);
		fprintf(f, ".\n\n**See:** %s.\n\nA finding that is not a bug is silenced, with the reason, by `/* isbcheck: ignore %s: REASON */` on the line of its write or access.\n",
			cite, rl->id);
		if (!fclose(f))
			jsonout_set(o, "markdown", jsonout_str(text));
		free(text);
	}
	free(why);
	free(cite);
	free(w);
	return o;
}

/* Registers a rule may be tagged with; a rule that writes more is broad. */
#define TAG_REGISTERS 4

/*
 * Tags for filtering alerts: the kind of bug, and the registers written
 * (when the rule is about a few).
 */
static json_t *tags(const struct ruleset *rs, const struct rule *rl)
{
	json_t *a = json_array();
	size_t base;

	json_array_append_new(a, json_string("correctness"));
	json_array_append_new(a, json_string("arm64"));
	json_array_append_new(a, json_string("context-synchronization"));
	base = json_array_size(a);
	for (int c = 0; c < rl->nclauses; c++)
		for (int i = 0; i < rl->clauses[c].nafter; i++) {
			const struct pattern *pt = &rl->clauses[c].after[i];
			const char *name;
			size_t k;

			if (pt->kind != PAT_WRITE || pt->reg < 0 ||
			    pt->reg >= rs->db.nregs)
				continue;
			name = rs->db.regs[pt->reg].name;
			for (k = 0; k < json_array_size(a); k++)
				if (!strcmp(json_string_value(
						json_array_get(a, k)), name))
					break;
			if (k == json_array_size(a))
				json_array_append_new(a, jsonout_str(name));
		}
	if (json_array_size(a) > base + TAG_REGISTERS)
		while (json_array_size(a) > base)
			json_array_remove(a, base);
	return a;
}

static json_t *rule(const struct ruleset *rs, const struct rule *rl)
{
	json_t *o = json_object();
	json_t *props = json_object(), *conf = json_object();
	char *name = pascal_name(rl->id), *shortd = summary(rs, rl);

	jsonout_set(o, "id", jsonout_str(rl->id));
	jsonout_set(o, "name", jsonout_str(name));
	jsonout_set(o, "shortDescription", text_message(shortd));
	jsonout_set(o, "fullDescription", text_message(rl->why));
	jsonout_set(o, "help", help(rs, rl, shortd));
	jsonout_set(conf, "level", json_string("warning"));
	jsonout_set(o, "defaultConfiguration", conf);
	jsonout_set(props, "tags", tags(rs, rl));
	jsonout_set(props, "cite", jsonout_str(rl->cite));
	jsonout_set(o, "properties", props);
	free(name);
	free(shortd);
	return o;
}

static json_t *code_flow(const struct run *r, const struct report_item *it,
			 const struct srcroot *root)
{
	json_t *flow = json_object(), *flows = json_array();
	json_t *thread = json_object(), *locs = json_array();

	for (int i = 0; i < it->nsteps; i++) {
		const struct item_step *s = &it->steps[i];
		json_t *tl = json_object();

		jsonout_set(tl, "location", location(r, 0, &s->loc, s->text,
							root));
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

/* An insertion: an empty region before the line, the lines inserted. */
static json_t *replacement(const struct item_fix *f)
{
	json_t *rep = json_object(), *del = json_object(), *ins = json_object();

	jsonout_set(del, "startLine", json_integer(f->line));
	jsonout_set(del, "startColumn", json_integer(1));
	jsonout_set(del, "endColumn", json_integer(1));
	jsonout_set(rep, "deletedRegion", del);
	jsonout_set(ins, "text", jsonout_str(f->lines));
	jsonout_set(rep, "insertedContent", ins);
	return rep;
}

static bool same_fix(const struct item_fix *a, const struct item_fix *b)
{
	return a->line == b->line && !strcmp(a->file, b->file) &&
	       !strcmp(a->lines, b->lines);
}

/*
 * One fix for the finding: its own insertion and those of the accesses
 * grouped under it (each distinct one once), one artifact change per file.
 */
static json_t *fixes(const struct report_item *it, const struct srcroot *root)
{
	const struct item_fix **all = xcalloc((size_t)it->nmore + 2,
					      sizeof(*all));
	json_t *fix = json_object(), *a = json_array(), *changes = json_array();
	char *desc = fix_description(&it->fix);
	int n = 0;

	all[n++] = &it->fix;
	for (int k = 0; k < it->nmore; k++) {
		const struct item_fix *f = &it->more[k].fix;
		bool dup = !f->file;

		for (int j = 0; j < n && !dup; j++)
			dup = same_fix(all[j], f);
		if (!dup)
			all[n++] = f;
	}
	jsonout_set(fix, "description", text_message(desc));
	free(desc);
	for (int i = 0; i < n; i++) {
		json_t *change, *reps;
		bool seen = false;

		for (int j = 0; j < i && !seen; j++)
			seen = !strcmp(all[j]->file, all[i]->file);
		if (seen)
			continue;	/* its file's change has it already */
		change = json_object();
		reps = json_array();
		jsonout_set(change, "artifactLocation",
			    artifact(all[i]->file, root));
		for (int j = i; j < n; j++)
			if (!strcmp(all[j]->file, all[i]->file))
				json_array_append_new(reps,
						      replacement(all[j]));
		jsonout_set(change, "replacements", reps);
		json_array_append_new(changes, change);
	}
	jsonout_set(fix, "artifactChanges", changes);
	json_array_append_new(a, fix);
	free(all);
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
		      const char *fingerprint, const struct srcroot *root)
{
	json_t *o = json_object(), *a, *fp = json_object();
	int ri = rule_index(r->rs, it->rule);

	jsonout_set(o, "ruleId", jsonout_str(it->rule));
	if (ri >= 0)
		jsonout_set(o, "ruleIndex", json_integer(ri));
	jsonout_set(o, "level", json_string("warning"));
	jsonout_set(o, "message", text_message(it->message));
	a = json_array();
	json_array_append_new(a, location(r, 0, &it->access.loc, NULL, root));
	jsonout_set(o, "locations", a);
	a = json_array();
	json_array_append_new(a, location(r, 1, &it->write.loc,
					  it->steps[0].text, root));
	/* the other accesses of the same cause (report.h, group_items()) */
	for (int k = 0; k < it->nmore; k++) {
		char msg[512];

		snprintf(msg, sizeof(msg),
			 "%s here (the same write, the same %s missing)",
			 it->more[k].access.what, it->need);
		json_array_append_new(a, location(r, 2 + k,
						  &it->more[k].access.loc,
						  msg, root));
	}
	jsonout_set(o, "relatedLocations", a);
	a = json_array();
	json_array_append_new(a, code_flow(r, it, root));
	jsonout_set(o, "codeFlows", a);
	if (it->fix.file)
		jsonout_set(o, "fixes", fixes(it, root));
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

/* A file not fully analysed: one notification, at the file and its gaps. */
static json_t *notification(const struct incomplete *inc,
			    const struct srcroot *root)
{
	json_t *o = json_object(), *locs = json_array(), *loc, *desc;
	char *text = NULL, *file = srcroot_path(root, inc->file);
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (f) {
		fprintf(f, "%s was not fully analysed: ", file);
		for (int i = 0; i < inc->ngaps; i++)
			fprintf(f, "%s%s", i ? "; " : "", inc->gaps[i].text);
		fputs(". Findings in it may be missing.", f);
	}
	if (!f || fclose(f)) {
		free(text);
		text = NULL;
	}
	desc = json_object();
	jsonout_set(desc, "id", json_string(INCOMPLETE));
	jsonout_set(desc, "index", json_integer(0));
	jsonout_set(o, "descriptor", desc);
	jsonout_set(o, "level", json_string("error"));
	jsonout_set(o, "message", text_message(text ? text : file));
	loc = json_object();
	jsonout_set(loc, "artifactLocation", artifact(inc->file, root));
	json_array_append_new(locs, json_pack("{s:o}", "physicalLocation", loc));
	for (int i = 0; i < inc->ngaps; i++) {
		const struct gap *g = &inc->gaps[i];
		json_t *region, *fn, *one;

		if (!g->loc.line)
			continue;
		loc = json_object();
		region = json_object();
		jsonout_set(loc, "artifactLocation", artifact(g->loc.file, root));
		jsonout_set(region, "startLine", json_integer(g->loc.line));
		if (g->loc.col)
			jsonout_set(region, "startColumn",
				    json_integer(g->loc.col));
		jsonout_set(loc, "region", region);
		one = json_object();
		jsonout_set(one, "physicalLocation", loc);
		fn = json_object();
		jsonout_set(fn, "name", jsonout_str(g->loc.function));
		jsonout_set(fn, "kind", json_string("function"));
		jsonout_set(one, "logicalLocations", json_pack("[o]", fn));
		jsonout_set(one, "message", text_message(g->text));
		json_array_append_new(locs, one);
	}
	jsonout_set(o, "locations", locs);
	free(text);
	free(file);
	return o;
}

/* The descriptor every notification of a file not fully analysed names. */
static json_t *notification_descriptors(void)
{
	json_t *d = json_object(), *conf = json_object();

	jsonout_set(d, "id", json_string(INCOMPLETE));
	jsonout_set(d, "shortDescription", text_message(
		"A file was not fully analysed"));
	jsonout_set(d, "fullDescription", text_message(
		"A file did not parse cleanly, or part of a function could not be read, or a function's analysis was cut short: findings in it may be missing, so isbcheck exits with status 2 unless --allow-incomplete is given."));
	jsonout_set(d, "help", json_pack("{s:s, s:s}", "text",
		"Fix the parse errors (usually the compiler flags: a missing -I or -D), or raise --max-visits for a function cut short by the visit budget; the notification names the file and the reasons.",
		"markdown",
		"Fix the parse errors (usually the compiler flags: a missing `-I` or `-D`), or raise `--max-visits` for a function cut short by the visit budget; the notification names the file and the reasons."));
	jsonout_set(conf, "level", json_string("error"));
	jsonout_set(d, "defaultConfiguration", conf);
	return json_pack("[o]", d);
}

static json_t *invocation(const struct run *r, const struct srcroot *root)
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
	/* a file not fully analysed is a run that did not wholly succeed */
	jsonout_set(o, "executionSuccessful",
		    json_boolean(r->status < 2 && !r->nincomplete));
	jsonout_set(o, "exitCode", json_integer(r->status));
	if (r->nincomplete) {
		json_t *n = json_array();

		for (int i = 0; i < r->nincomplete; i++)
			json_array_append_new(n, notification(
						&r->incomplete[i], root));
		jsonout_set(o, "toolExecutionNotifications", n);
	}
	jsonout_set(o, "workingDirectory", dir_uri(root->cwd));
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
	json_t *bases = json_object();
	struct srcroot here = { 0 };
	const struct srcroot *root = r->root;
	char buf[PATH_MAX], *sv;
	int rc;

	if (!root) {
		/* a report made without a run: everything relative to here */
		here.cwd = here.dir = getcwd(buf, sizeof(buf)) ? buf : "/";
		root = &here;
	}
	jsonout_fingerprints(r, fp);
	jsonout_set(doc, "$schema", json_string(SCHEMA));
	jsonout_set(doc, "version", json_string("2.1.0"));
	jsonout_set(driver, "name", json_string("isbcheck"));
	jsonout_set(driver, "version", jsonout_str(r->version));
	sv = semantic_version(r->version ? r->version : "0");
	jsonout_set(driver, "semanticVersion", jsonout_str(sv));
	free(sv);
	for (int i = 0; r->rs && i < r->rs->nrules; i++)
		json_array_append_new(rules, rule(r->rs, &r->rs->rules[i]));
	jsonout_set(driver, "rules", rules);
	if (r->nincomplete)
		jsonout_set(driver, "notifications", notification_descriptors());
	jsonout_set(tool, "driver", driver);
	jsonout_set(run, "tool", tool);
	jsonout_set(run, "invocations", invocation(r, root));
	jsonout_set(bases, SRCROOT, dir_uri(root->dir));
	jsonout_set(run, "originalUriBaseIds", bases);
	for (int i = 0; i < r->nitems; i++)
		json_array_append_new(results, result(r, &r->items[i], fp[i],
						      root));
	jsonout_set(run, "results", results);
	jsonout_set(run, "columnKind", json_string("unicodeCodePoints"));
	json_array_append_new(runs, run);
	jsonout_set(doc, "runs", runs);
	free(fp);
	rc = jsonout_dump(doc, out, err, "SARIF");
	return rc;
}
