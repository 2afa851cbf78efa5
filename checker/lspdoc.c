// SPDX-License-Identifier: GPL-2.0
#include "lspdoc.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct lsp_doc {
	char *uri;		/* as the client names it */
	char *path;		/* absolute */
	char *name;		/* as the items name it (live_name()) */
	char *text;		/* the unsaved text, len bytes */
	size_t len;
	struct source src;	/* the same, split into lines */
	long version;
	bool is_c;		/* checked as a TU; a header is not */
	bool dirty, refresh;	/* to check; after a save */
	char *saved;		/* the file saved, for the refresh */
	bool checked;
	bool fresh;		/* checked since the last publish */
	struct live_result res;
	char *logged;		/* res.msgs as last logged */
};

struct lsp_pub {
	char *file;		/* as the items name it */
	char *sent;		/* the diagnostics last sent, as JSON */
};

#define CX(f) ((struct lsp_ctx *)(f))	/* files is cx's first member */

/* ---- URIs and paths ---- */

static int hex(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ?
	       c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* The absolute path of a file: URI, or NULL if it is not one. */
static char *uri_path(const char *uri)
{
	const char *p = uri;
	char *path, *o;

	if (strncmp(p, "file://", 7))
		return NULL;
	p += 7;
	if (!strncmp(p, "localhost/", 10))
		p += 9;
	if (*p != '/')
		return NULL;
	path = o = xmalloc(strlen(p) + 1);
	for (; *p && *p != '?' && *p != '#'; p++) {
		if (*p == '%' && hex(p[1]) >= 0 && hex(p[2]) >= 0) {
			*o = (char)(hex(p[1]) * 16 + hex(p[2]));
			if (!*o) {	/* no NUL in a path */
				free(path);
				return NULL;
			}
			o++;
			p += 2;
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
	return path;
}

static json_t *path_uri(const char *path)
{
	char cwd[PATH_MAX];
	size_t n = strlen(path) * 3 + sizeof(cwd) * 3 + 16;
	char *uri = xmalloc(n), *o = uri;
	const char *p;
	json_t *j;

	o += sprintf(o, "file://");
	if (path[0] != '/') {
		if (!getcwd(cwd, sizeof(cwd)))
			strcpy(cwd, "/");
		for (p = cwd; *p; p++)
			o += sprintf(o, strchr("/-._~", *p) ||
				     (*p >= '0' && *p <= '9') ||
				     ((*p | 32) >= 'a' && (*p | 32) <= 'z') ?
				     "%c" : "%%%02X", (unsigned char)*p);
		*o++ = '/';
	}
	for (p = path; *p; p++)
		o += sprintf(o, strchr("/-._~", *p) ||
			     (*p >= '0' && *p <= '9') ||
			     ((*p | 32) >= 'a' && (*p | 32) <= 'z') ?
			     "%c" : "%%%02X", (unsigned char)*p);
	*o = '\0';
	j = json_string(uri);
	free(uri);
	return j;
}

/* ---- documents ---- */

static struct lsp_doc *doc_by_uri(struct lsp_ctx *cx, const char *uri)
{
	for (int i = 0; i < cx->ndocs; i++)
		if (!strcmp(cx->docs[i]->uri, uri))
			return cx->docs[i];
	return NULL;
}

static struct lsp_doc *doc_by_name(struct lsp_ctx *cx, const char *name)
{
	for (int i = 0; i < cx->ndocs; i++)
		if (!strcmp(cx->docs[i]->name, name))
			return cx->docs[i];
	return NULL;
}

static const struct source *file_text(struct lsp_files *f, const char *file)
{
	struct lsp_doc *d = doc_by_name(CX(f), file);

	return d ? &d->src : source_get(&CX(f)->disk, file);
}

static json_t *file_uri(struct lsp_files *f, const char *file)
{
	struct lsp_doc *d = doc_by_name(CX(f), file);

	return d ? json_string(d->uri) : path_uri(file);
}

static int file_version(struct lsp_files *f, const char *file)
{
	struct lsp_doc *d = doc_by_name(CX(f), file);

	return d ? (int)d->version : -1;
}

void lsp_ctx_init(struct lsp_ctx *cx, const struct live_opts *o,
		  void (*publish)(void *, json_t *),
		  void (*log)(void *, int, const char *), void *ctx)
{
	memset(cx, 0, sizeof(*cx));
	cx->files.text = file_text;
	cx->files.uri = file_uri;
	cx->files.version = file_version;
	cx->live = live_new(o);
	cx->publish = publish;
	cx->log = log;
	cx->ctx = ctx;
}

static void set_text(struct lsp_doc *d, const char *text, size_t len)
{
	free(d->text);
	d->text = xmalloc(len + 1);
	memcpy(d->text, text, len);
	d->text[len] = '\0';
	d->len = len;
	source_release(&d->src);
	memset(&d->src, 0, sizeof(d->src));
	d->src.path = xstrdup(d->name);
	d->src.size = len;
	d->src.text = xmalloc(len + 1);
	memcpy(d->src.text, text, len + 1);
	d->src.ok = true;
	source_split(&d->src);
}

static void doc_free(struct lsp_doc *d)
{
	source_release(&d->src);
	live_result_free(&d->res);
	free(d->uri);
	free(d->path);
	free(d->name);
	free(d->text);
	free(d->saved);
	free(d->logged);
	free(d);
}

/*
 * The C files whose last check read file are to be checked again (the
 * file is a header that changed, was saved or closed).
 */
static void mark_readers(struct lsp_ctx *cx, const char *file,
			 const char *saved)
{
	for (int i = 0; i < cx->ndocs; i++) {
		struct lsp_doc *d = cx->docs[i];
		bool reads = false;

		for (int k = 0; d->checked && k < d->res.nfiles && !reads; k++)
			reads = !strcmp(d->res.files[k], file);
		if (!reads || !strcmp(d->name, file))
			continue;
		d->dirty = true;
		if (saved) {
			d->refresh = true;
			free(d->saved);
			d->saved = xstrdup(saved);
		}
	}
}

static const char *str_at(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

int lsp_did_open(struct lsp_ctx *cx, json_t *params)
{
	json_t *td = json_object_get(params, "textDocument");
	json_t *text = json_object_get(td, "text");
	const char *uri = str_at(td, "uri");
	struct lsp_doc *d;
	char *path;
	size_t l;

	if (!uri || !json_is_string(text))
		return -1;
	path = uri_path(uri);
	if (!path) {
		char msg[256];

		snprintf(msg, sizeof(msg), "isbcheck: %.200s: not a file; not checked",
			 uri);
		cx->log(cx->ctx, 2, msg);
		return 0;
	}
	d = doc_by_uri(cx, uri);
	if (!d) {
		d = xcalloc(1, sizeof(*d));
		d->uri = xstrdup(uri);
		d->path = path;
		d->name = live_name(path);
		l = strlen(path);
		d->is_c = l > 2 && !strcmp(path + l - 2, ".c");
		VEC_PUSH(cx->docs, cx->ndocs, cx->docs_cap, d);
	} else {
		free(path);
	}
	d->version = (long)json_integer_value(json_object_get(td, "version"));
	set_text(d, json_string_value(text), json_string_length(text));
	d->dirty = d->is_c;
	mark_readers(cx, d->name, NULL);
	return 0;
}

int lsp_did_change(struct lsp_ctx *cx, json_t *params)
{
	json_t *td = json_object_get(params, "textDocument");
	json_t *changes = json_object_get(params, "contentChanges");
	const char *uri = str_at(td, "uri");
	struct lsp_doc *d = uri ? doc_by_uri(cx, uri) : NULL;
	json_t *full = NULL, *c;
	size_t i;

	if (!uri || !json_is_array(changes))
		return -1;
	if (!d)
		return 0;	/* not open (not a file): nothing to follow */
	/* the server asks for whole texts: the last one is the text */
	json_array_foreach(changes, i, c) {
		if (json_object_get(c, "range")) {
			cx->log(cx->ctx, 1, "isbcheck: a change by range; the server takes whole texts only (textDocumentSync 1)");
			return 0;
		}
		if (json_is_string(json_object_get(c, "text")))
			full = json_object_get(c, "text");
	}
	if (!full)
		return -1;
	d->version = (long)json_integer_value(json_object_get(td, "version"));
	set_text(d, json_string_value(full), json_string_length(full));
	d->dirty = d->is_c;
	mark_readers(cx, d->name, NULL);
	return 0;
}

int lsp_did_save(struct lsp_ctx *cx, json_t *params)
{
	json_t *td = json_object_get(params, "textDocument");
	json_t *text = json_object_get(params, "text");
	const char *uri = str_at(td, "uri");
	struct lsp_doc *d = uri ? doc_by_uri(cx, uri) : NULL;

	if (!uri)
		return -1;
	if (!d)
		return 0;
	if (json_is_string(text))
		set_text(d, json_string_value(text), json_string_length(text));
	if (d->is_c) {
		d->dirty = d->refresh = true;
		free(d->saved);
		d->saved = xstrdup(d->path);
	}
	mark_readers(cx, d->name, d->path);
	return 0;
}

int lsp_did_close(struct lsp_ctx *cx, json_t *params)
{
	const char *uri = str_at(json_object_get(params, "textDocument"),
				 "uri");
	struct lsp_doc *d = uri ? doc_by_uri(cx, uri) : NULL;

	if (!uri)
		return -1;
	if (!d)
		return 0;
	for (int i = 0; i < cx->ndocs; i++)
		if (cx->docs[i] == d)
			cx->docs[i] = cx->docs[--cx->ndocs];
	if (d->is_c)
		live_forget(cx->live, d->path);
	mark_readers(cx, d->name, NULL);	/* their buffer is gone */
	cx->republish = true;	/* its own findings are gone */
	doc_free(d);
	return 0;
}

/* ---- checks and diagnostics ---- */

static struct lsp_pub *pub_for(struct lsp_ctx *cx, const char *file)
{
	struct lsp_pub p = { NULL, NULL };

	for (int i = 0; i < cx->npubs; i++)
		if (!strcmp(cx->pubs[i].file, file))
			return &cx->pubs[i];
	p.file = xstrdup(file);
	VEC_PUSH(cx->pubs, cx->npubs, cx->pubs_cap, p);
	return &cx->pubs[cx->npubs - 1];
}

static void check(struct lsp_ctx *cx, struct lsp_doc *d)
{
	struct CXUnsavedFile *u = xcalloc((size_t)cx->ndocs + 1, sizeof(*u));
	struct live_result res;

	for (int i = 0; i < cx->ndocs; i++) {
		u[i].Filename = cx->docs[i]->path;
		u[i].Contents = cx->docs[i]->text;
		u[i].Length = cx->docs[i]->len;
	}
	live_check(cx->live, d->path, u, (unsigned)cx->ndocs, d->refresh,
		   d->saved, &res);
	free(u);
	live_result_free(&d->res);
	d->res = res;
	d->checked = d->fresh = true;
	d->dirty = d->refresh = false;
	free(d->saved);
	d->saved = NULL;
	/* what the parse and the flags said, when it says something new */
	if (res.msglen && (!d->logged || strcmp(d->logged, res.msgs))) {
		cx->log(cx->ctx, res.failed ? 1 : 4, res.msgs);
		free(d->logged);
		d->logged = xstrdup(res.msgs);
	}
}

static bool in_list(const char **v, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(v[i], s))
			return true;
	return false;
}

/* Every file that has, or had, diagnostics from the open C files. */
static void files_to_publish(struct lsp_ctx *cx, const char ***out, int *n)
{
	int cap = 0;

	*out = NULL;
	*n = 0;
	for (int i = 0; i < cx->npubs; i++)
		VEC_PUSH(*out, *n, cap, cx->pubs[i].file);
	for (int i = 0; i < cx->ndocs; i++) {
		struct lsp_doc *d = cx->docs[i];

		if (!d->checked)
			continue;
		if (!in_list(*out, *n, d->name))
			VEC_PUSH(*out, *n, cap, d->name);
		for (int k = 0; k < d->res.nitems; k++)
			if (!in_list(*out, *n, d->res.items[k].access.loc.file))
				VEC_PUSH(*out, *n, cap,
					 d->res.items[k].access.loc.file);
		for (int k = 0; k < d->res.nnotes; k++)
			if (!in_list(*out, *n, d->res.notes[k].file))
				VEC_PUSH(*out, *n, cap, d->res.notes[k].file);
	}
}

/* The items at accesses in file, from every open C file, each once. */
static int items_in(struct lsp_ctx *cx, const char *file,
		    const struct report_item ***out)
{
	int n = 0, cap = 0;

	*out = NULL;
	for (int i = 0; i < cx->ndocs; i++) {
		struct lsp_doc *d = cx->docs[i];

		for (int k = 0; d->checked && k < d->res.nitems; k++) {
			const struct report_item *it = &d->res.items[k];
			bool seen = false;

			if (strcmp(it->access.loc.file, file))
				continue;
			for (int j = 0; j < n && !seen; j++)
				seen = !strcmp((*out)[j]->key, it->key);
			if (!seen)
				VEC_PUSH(*out, n, cap, it);
		}
	}
	return n;
}

static json_t *diagnostics_of(struct lsp_ctx *cx, const char *file)
{
	json_t *v = json_array();
	const struct report_item **its;
	int n = items_in(cx, file, &its);

	for (int i = 0; i < cx->ndocs; i++) {
		struct lsp_doc *d = cx->docs[i];

		if (d->checked && d->res.failed && !strcmp(d->name, file)) {
			const char *m = d->res.msgs ? d->res.msgs : "";
			size_t l = strcspn(m, "\n");
			char *text = xmalloc(l + 64);

			sprintf(text, "isbcheck could not check this file: %.*s",
				(int)l, m);
			json_array_append_new(v, json_pack("{s:{s:{s:i,s:i},s:{s:i,s:i}},s:i,s:s,s:o}",
				"range", "start", "line", 0, "character", 0,
				"end", "line", 0, "character", 0,
				"severity", 1, "source", "isbcheck",
				"message", lsp_str(text)));
			free(text);
		}
	}
	for (int i = 0; i < n; i++)
		json_array_append_new(v, lsp_diagnostic(&cx->files, its[i]));
	for (int i = 0; i < cx->ndocs; i++) {
		struct lsp_doc *d = cx->docs[i];

		for (int k = 0; d->checked && k < d->res.nnotes; k++)
			if (!strcmp(d->res.notes[k].file, file))
				json_array_append_new(v, lsp_note_diagnostic(
					&cx->files, &d->res.notes[k]));
	}
	free(its);
	return v;
}

static void publish_all(struct lsp_ctx *cx)
{
	const char **files;
	int n;

	sources_free(&cx->disk);	/* a save may have changed them */
	files_to_publish(cx, &files, &n);
	for (int i = 0; i < n; i++) {
		struct lsp_doc *d = doc_by_name(cx, files[i]);
		json_t *params = json_pack("{s:o,s:o}", "uri",
					   file_uri(&cx->files, files[i]),
					   "diagnostics",
					   diagnostics_of(cx, files[i]));
		struct lsp_pub *p = pub_for(cx, files[i]);
		char *dump;

		/* an open file's, for each version it was checked in */
		if (d)
			json_object_set_new(params, "version",
					    json_integer(d->version));
		dump = json_dumps(params, JSON_COMPACT | JSON_SORT_KEYS);
		/* a file just checked gets its list even if it is the same */
		if (!dump || (p->sent && !strcmp(p->sent, dump) &&
			      !(d && d->fresh))) {
			free(dump);
			json_decref(params);
			continue;
		}
		free(p->sent);
		p->sent = dump;
		cx->publish(cx->ctx, params);
	}
	for (int i = 0; i < cx->ndocs; i++)
		cx->docs[i]->fresh = false;
	free(files);
}

void lsp_check_pending(struct lsp_ctx *cx)
{
	bool any = false;

	for (int i = 0; i < cx->ndocs; i++)
		if (cx->docs[i]->dirty && cx->docs[i]->is_c) {
			check(cx, cx->docs[i]);
			any = true;
		}
	if (any || cx->republish)
		publish_all(cx);
	cx->republish = false;
}

/* ---- requests ---- */

static bool kind_wanted(json_t *only, const char *kind)
{
	size_t i;
	json_t *v;

	if (!json_is_array(only))
		return true;
	json_array_foreach(only, i, v) {
		const char *k = json_string_value(v);
		size_t l = k ? strlen(k) : 0;

		if (k && !strncmp(kind, k, l) && (!kind[l] || kind[l] == '.'))
			return true;
	}
	return false;
}

static json_t *quick_fix(struct lsp_ctx *cx, const struct report_item *it)
{
	struct fix_insertion ins = { it->fix.file, it->fix.line,
				     it->fix.lines };
	json_t *edit = lsp_edit(&cx->files, &ins, 1, cx->doc_changes);
	char *title, *stmts;
	size_t l;

	if (!edit)
		return NULL;
	/* "isb();\n" or "tsb_csync();\nisb();\n" as "isb(); tsb_csync();" */
	stmts = xstrdup(it->fix.stmts);
	for (char *p = stmts; *p; p++)
		if (*p == '\n')
			*p = ' ';
	l = strlen(stmts);
	while (l && stmts[l - 1] == ' ')
		stmts[--l] = '\0';
	title = xmalloc(strlen(stmts) + strlen(it->fix.where) +
			strlen(it->rule) + 32);
	sprintf(title, "Insert %s %s [%s]", stmts, it->fix.where, it->rule);
	free(stmts);
	{
		json_t *a = json_pack("{s:o,s:s,s:[o],s:b,s:o}",
				      "title", lsp_str(title),
				      "kind", "quickfix",
				      "diagnostics",
				      lsp_diagnostic(&cx->files, it),
				      "isPreferred", 1,
				      "edit", edit);

		free(title);
		return a;
	}
}

static json_t *fix_all(struct lsp_ctx *cx, const struct report_item **its,
		       int n)
{
	struct report_item *v = xcalloc((size_t)n + 1, sizeof(*v));
	struct fix_insertion *ins;
	struct arena a = { 0 };
	json_t *edit;
	int m;

	for (int i = 0; i < n; i++)
		v[i] = *its[i];
	m = fix_insertions(v, n, &a, &ins);
	edit = m ? lsp_edit(&cx->files, ins, m, cx->doc_changes) : NULL;
	free(ins);
	free(v);
	arena_free(&a);
	if (!edit)
		return NULL;
	return json_pack("{s:s,s:s,s:o}",
			 "title", "Insert every missing synchronization in this file (isbcheck)",
			 "kind", LSP_FIX_ALL_KIND, "edit", edit);
}

int lsp_code_actions(struct lsp_ctx *cx, json_t *params, json_t **result)
{
	const char *uri = str_at(json_object_get(params, "textDocument"),
				 "uri");
	json_t *range = json_object_get(params, "range");
	json_t *only = json_object_get(json_object_get(params, "context"),
				       "only");
	struct lsp_doc *d = uri ? doc_by_uri(cx, uri) : NULL;
	const struct report_item **its;
	int n;

	if (!uri || !json_is_object(range))
		return -1;
	*result = json_array();
	if (!d)
		return 0;
	lsp_check_pending(cx);
	n = items_in(cx, d->name, &its);
	for (int i = 0; i < n && kind_wanted(only, "quickfix"); i++) {
		json_t *r, *a;

		if (!its[i]->fix.file)
			continue;
		r = lsp_range(&cx->files, its[i]->access.loc.file,
			      its[i]->access.loc.line, its[i]->access.loc.col);
		if (lsp_ranges_meet(r, range) && (a = quick_fix(cx, its[i])))
			json_array_append_new(*result, a);
		json_decref(r);
	}
	if (n && kind_wanted(only, LSP_FIX_ALL_KIND)) {
		json_t *a = fix_all(cx, its, n);

		if (a)
			json_array_append_new(*result, a);
	}
	free(its);
	return 0;
}

int lsp_hover(struct lsp_ctx *cx, json_t *params, json_t **result)
{
	const char *uri = str_at(json_object_get(params, "textDocument"),
				 "uri");
	json_t *pos = json_object_get(params, "position");
	json_t *line = json_object_get(pos, "line");
	json_t *ch = json_object_get(pos, "character");
	struct lsp_doc *d = uri ? doc_by_uri(cx, uri) : NULL;
	const struct report_item **its, **at;
	json_t *range = NULL;
	int n, m = 0;

	if (!uri || !json_is_integer(line) || !json_is_integer(ch))
		return -1;
	*result = json_null();
	if (!d)
		return 0;
	lsp_check_pending(cx);
	n = items_in(cx, d->name, &its);
	at = xcalloc((size_t)n + 1, sizeof(*at));
	for (int i = 0; i < n; i++) {
		json_t *r = lsp_range(&cx->files, its[i]->access.loc.file,
				      its[i]->access.loc.line,
				      its[i]->access.loc.col);

		if (lsp_range_holds(r, (long)json_integer_value(line),
				    (long)json_integer_value(ch))) {
			at[m++] = its[i];
			if (!range)
				range = json_incref(r);
		}
		json_decref(r);
	}
	if (m)
		*result = json_pack("{s:o,s:o}", "contents",
				    lsp_hover_text(at, m, cx->markdown),
				    "range", range);
	free(at);
	free(its);
	return 0;
}

void lsp_ctx_free(struct lsp_ctx *cx)
{
	for (int i = 0; i < cx->ndocs; i++)
		doc_free(cx->docs[i]);
	free(cx->docs);
	for (int i = 0; i < cx->npubs; i++) {
		free(cx->pubs[i].file);
		free(cx->pubs[i].sent);
	}
	free(cx->pubs);
	sources_free(&cx->disk);
	live_free(cx->live);
}
