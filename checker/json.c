// SPDX-License-Identifier: GPL-2.0
/*
 * json.c - --format=json: the run as one JSON document for scripts, in
 * the schema docs/json.schema.json describes (docs/json.md field by
 * field).  Every key is always present, in a fixed order; a value that
 * does not apply is null, so a script never has to test for a key.
 */
#include "jsonout.h"

#include <stdlib.h>
#include <string.h>

/* Bumped only when a key changes meaning or goes away; new keys are not. */
#define ISBCHECK_JSON_VERSION 1

/* path relative to the source root (or absolute), as a JSON string */
static json_t *path_str(const struct run *r, const char *path)
{
	char *p = srcroot_path(r->root, path);
	json_t *j = jsonout_str(p);

	free(p);
	return j;
}

static void put_loc(const struct run *r, json_t *o, const struct item_loc *l)
{
	jsonout_set(o, "file", path_str(r, l->file));
	jsonout_set(o, "line", json_integer(l->line));
	jsonout_set(o, "column", json_integer(l->col));
	jsonout_set(o, "function", jsonout_str(l->function));
}

/* The write or the access: where, what, and which register. */
static json_t *event(const struct run *r, const struct item_event *e,
		     bool with_fields)
{
	static const char *const kinds[] = {
		[IEV_WRITE] = "write", [IEV_READ] = "read",
		[IEV_INSN] = "instruction", [IEV_CALL] = "call",
	};
	json_t *o = json_object();

	put_loc(r, o, &e->loc);
	jsonout_set(o, "kind", json_string(kinds[e->kind]));
	jsonout_set(o, "what", jsonout_str(e->what));
	jsonout_set(o, "register", jsonout_str(e->reg));
	jsonout_set(o, "instruction", jsonout_str(e->insn));
	jsonout_set(o, "callee", jsonout_str(e->callee));
	if (with_fields) {
		json_t *a = json_array();

		for (int i = 0; i < e->nfields; i++)
			json_array_append_new(a, jsonout_str(e->fields[i]));
		jsonout_set(o, "fields", a);
	}
	return o;
}

static json_t *path(const struct run *r, const struct item_step *steps,
		    int nsteps)
{
	static const char *const kinds[] = {
		[ISTEP_WRITE] = "write", [ISTEP_CALL] = "call",
		[ISTEP_RETURN] = "return", [ISTEP_ACCESS] = "access",
	};
	json_t *a = json_array();

	for (int i = 0; i < nsteps; i++) {
		const struct item_step *s = &steps[i];
		json_t *o = json_object();

		jsonout_set(o, "kind", json_string(kinds[s->kind]));
		put_loc(r, o, &s->loc);
		jsonout_set(o, "text", jsonout_str(s->text));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *fix(const struct run *r, const struct item_fix *f)
{
	json_t *o;

	if (!f->file)
		return json_null();
	o = json_object();
	jsonout_set(o, "file", path_str(r, f->file));
	jsonout_set(o, "line", json_integer(f->line));
	jsonout_set(o, "where", jsonout_str(f->where));
	jsonout_set(o, "lines", jsonout_lines(f->lines));
	return o;
}

/* The other accesses of the same cause, each with its path and fix. */
static json_t *more(const struct run *r, const struct report_item *it)
{
	json_t *a = json_array();

	for (int i = 0; i < it->nmore; i++) {
		const struct item_more *m = &it->more[i];
		json_t *o = json_object();

		jsonout_set(o, "access", event(r, &m->access, false));
		jsonout_set(o, "path", path(r, m->steps, m->nsteps));
		jsonout_set(o, "fix", fix(r, &m->fix));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *finding(const struct run *r, const struct report_item *it,
		       const char *fingerprint)
{
	json_t *o = json_object(), *rule = json_object();

	jsonout_set(rule, "id", jsonout_str(it->rule));
	jsonout_set(rule, "why", jsonout_str(it->why));
	jsonout_set(rule, "cite", jsonout_str(it->cite));
	jsonout_set(o, "rule", rule);
	jsonout_set(o, "message", jsonout_str(it->message));
	jsonout_set(o, "need", jsonout_str(it->need));
	jsonout_set(o, "write", event(r, &it->write, true));
	jsonout_set(o, "access", event(r, &it->access, false));
	jsonout_set(o, "path", path(r, it->steps, it->nsteps));
	jsonout_set(o, "fix", fix(r, &it->fix));
	jsonout_set(o, "why_no_fix", it->fix.file ? json_null() :
		    jsonout_str(it->fix.why_not ? it->fix.why_not : ""));
	jsonout_set(o, "state", jsonout_str(it->state));
	jsonout_set(o, "more", more(r, it));
	jsonout_set(o, "only_in", jsonout_str(it->only_in));
	jsonout_set(o, "suppressed", jsonout_str(it->suppressed));
	jsonout_set(o, "baseline", !r->baseline ? json_null() :
		    json_string(it->in_baseline ? "unchanged" : "new"));
	jsonout_set(o, "fingerprint", json_string(fingerprint));
	jsonout_set(o, "text", jsonout_str(it->text));
	return o;
}

/* The files not fully analysed, each with why. */
static json_t *incomplete(const struct run *r)
{
	json_t *a = json_array();

	for (int i = 0; i < r->nincomplete; i++) {
		const struct incomplete *inc = &r->incomplete[i];
		json_t *o = json_object(), *gaps = json_array();

		jsonout_set(o, "file", path_str(r, inc->file));
		for (int k = 0; k < inc->ngaps; k++) {
			const struct gap *g = &inc->gaps[k];
			json_t *go = json_object();

			jsonout_set(go, "kind",
				    json_string(gap_kind_name(g->kind)));
			jsonout_set(go, "file", path_str(r, g->loc.file));
			jsonout_set(go, "line", g->loc.line ?
				    json_integer(g->loc.line) : json_null());
			jsonout_set(go, "function", jsonout_str(g->loc.function));
			jsonout_set(go, "text", jsonout_str(g->text));
			json_array_append_new(gaps, go);
		}
		jsonout_set(o, "gaps", gaps);
		json_array_append_new(a, o);
	}
	return a;
}

int output_json(const struct run *r, FILE *out, FILE *err)
{
	char (*fp)[JSONOUT_FP_SIZE] = xcalloc((size_t)r->nitems + 1,
					      sizeof(*fp));
	json_t *doc = json_object(), *counts = json_object();
	json_t *findings = json_array();
	struct item_counts c = item_count(r->items, r->nitems);

	jsonout_fingerprints(r, fp);
	jsonout_set(doc, "isbcheck-json", json_integer(ISBCHECK_JSON_VERSION));
	jsonout_set(doc, "version", jsonout_str(r->version));
	jsonout_set(doc, "status", json_integer(r->status));
	jsonout_set(doc, "baseline", json_boolean(r->baseline));
	jsonout_set(doc, "source_root", r->root ? jsonout_str(r->root->dir) :
		    json_null());
	jsonout_set(counts, "findings", json_integer(c.findings));
	jsonout_set(counts, "shown", json_integer(c.shown));
	jsonout_set(counts, "suppressed", json_integer(c.suppressed));
	jsonout_set(counts, "baseline", json_integer(c.baseline));
	jsonout_set(counts, "incomplete", json_integer(r->nincomplete));
	jsonout_set(counts, "baseline_gone", json_integer(r->baseline_gone));
	jsonout_set(doc, "counts", counts);
	jsonout_set(doc, "incomplete", incomplete(r));
	for (int i = 0; i < r->nitems; i++)
		json_array_append_new(findings,
				      finding(r, &r->items[i], fp[i]));
	jsonout_set(doc, "findings", findings);
	free(fp);
	return jsonout_dump(doc, out, err, "JSON");
}
