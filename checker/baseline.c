// SPDX-License-Identifier: GPL-2.0
/*
 * baseline.c - the baseline file, read and written with jansson:
 *	{ "isbcheck-baseline": 1,
 *	  "findings": [ { "file", "function", "rule", "write", "access",
 *			  "count" }, ... ] }
 * one entry per (file, function, rule, write, access), sorted, with the
 * number of findings that share it.  file and function are the access's
 * (where the warning points); write and access are the registers or
 * instructions, as item->write.key and item->access.key name them.
 */
#include "baseline.h"
#include "infile.h"
#include "outfile.h"
#include "hashidx.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define BASELINE_VERSION 1

/* What a finding is matched by: never its line. */
enum { K_FILE, K_FUNCTION, K_RULE, K_WRITE, K_ACCESS, NKEYS };

static const char *const key_names[NKEYS] = {
	[K_FILE] = "file", [K_FUNCTION] = "function", [K_RULE] = "rule",
	[K_WRITE] = "write", [K_ACCESS] = "access",
};

struct baseline_key {
	const char *f[NKEYS];
};

struct baseline_entry {
	struct baseline_key k;	/* malloc'ed strings */
	int count;		/* findings it accounts for */
	int used;		/* of those, matched in this run */
};

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

/*
 * The key of the item at one of its accesses (its own, or one grouped
 * under it); the file (relative to the root) is malloc'ed.
 */
static struct baseline_key access_key(const struct report_item *it,
				      const struct item_event *access,
				      const struct srcroot *root)
{
	struct baseline_key k = { {
		[K_FILE] = srcroot_path(root, or_empty(access->loc.file)),
		[K_FUNCTION] = or_empty(access->loc.function),
		[K_RULE] = or_empty(it->rule),
		[K_WRITE] = or_empty(it->write.key),
		[K_ACCESS] = or_empty(access->key),
	} };

	return k;
}

static struct baseline_key item_key(const struct report_item *it,
				    const struct srcroot *root)
{
	return access_key(it, &it->access, root);
}

static int key_cmp(const struct baseline_key *a, const struct baseline_key *b)
{
	int i, c;

	for (i = 0; i < NKEYS; i++) {
		c = strcmp(a->f[i], b->f[i]);
		if (c)
			return c;
	}
	return 0;
}

static uint64_t key_hash(const struct baseline_key *k)
{
	uint64_t h = HASH_SEED;
	int i;

	/* each field with its NUL, so that ("ab", "c") != ("a", "bc") */
	for (i = 0; i < NKEYS; i++)
		h = hash_bytes(k->f[i], strlen(k->f[i]) + 1, h);
	return h;
}

void baseline_free(struct baseline *b)
{
	int i, k;

	for (i = 0; i < b->n; i++)
		for (k = 0; k < NKEYS; k++)
			free((char *)b->v[i].k.f[k]);
	free(b->v);
	hashidx_free(&b->index);
	b->v = NULL;
	b->n = b->cap = 0;
}

/* Reads findings[i]; -1 after a message. */
static int read_entry(const char *path, size_t i, json_t *e,
		      struct baseline_entry *out, FILE *err)
{
	json_t *count;
	int k;

	if (!json_is_object(e)) {
		fprintf(err, "%s: error: findings[%zu] is not an object\n",
			path, i);
		return -1;
	}
	for (k = 0; k < NKEYS; k++) {
		json_t *v = json_object_get(e, key_names[k]);

		if (!json_is_string(v)) {
			fprintf(err, "%s: error: findings[%zu]: \"%s\" is %s\n",
				path, i, key_names[k],
				v ? "not a string" : "missing");
			return -1;
		}
	}
	count = json_object_get(e, "count");
	if (!json_is_integer(count)) {
		fprintf(err, "%s: error: findings[%zu]: \"count\" is %s\n",
			path, i, count ? "not a whole number" : "missing");
		return -1;
	}
	if (json_integer_value(count) < 1 ||
	    json_integer_value(count) > INT32_MAX) {
		fprintf(err, "%s: error: findings[%zu]: \"count\" is %" JSON_INTEGER_FORMAT "; it must be from 1 to %d\n",
			path, i, json_integer_value(count), INT32_MAX);
		return -1;
	}
	for (k = 0; k < NKEYS; k++)
		out->k.f[k] = xstrdup(json_string_value(
					json_object_get(e, key_names[k])));
	out->count = (int)json_integer_value(count);
	out->used = 0;
	return 0;
}

int baseline_read(const char *path, struct baseline *b,
		  const struct srcroot *root, FILE *err)
{
	const char *why;
	FILE *f = infile_fopen(path, INFILE_MAX_BYTES, &why);
	json_t *doc, *version, *findings;
	json_error_t je;
	size_t i;
	int rc = -1;

	if (!f) {
		fprintf(err, "%s: error: cannot read the baseline: %s\n", path,
			why);
		return -1;
	}
	doc = json_loadf(f, JSON_REJECT_DUPLICATES, &je);
	fclose(f);
	if (!doc) {
		/* jansson counts the characters read on the line: 0 at first */
		if (je.line > 0)
			fprintf(err, "%s:%d:%d: error: the baseline is not valid JSON: %s\n",
				path, je.line, je.column > 0 ? je.column : 1,
				je.text);
		else
			fprintf(err, "%s: error: the baseline is not valid JSON: %s\n",
				path, je.text);
		return -1;
	}
	version = json_object_get(doc, "isbcheck-baseline");
	findings = json_object_get(doc, "findings");
	if (!json_is_object(doc) || !version) {
		fprintf(err, "%s: error: not an isbcheck baseline (no \"isbcheck-baseline\" member); write one with --write-baseline\n",
			path);
	} else if (!json_is_integer(version)) {
		fprintf(err, "%s: error: \"isbcheck-baseline\" is not a version number\n",
			path);
	} else if (json_integer_value(version) != BASELINE_VERSION) {
		fprintf(err, "%s: error: baseline version %" JSON_INTEGER_FORMAT " is not supported (this isbcheck reads version %d)\n",
			path, json_integer_value(version), BASELINE_VERSION);
	} else if (!json_is_array(findings)) {
		fprintf(err, "%s: error: \"findings\" is %s\n", path,
			findings ? "not an array" : "missing");
	} else {
		rc = 0;
		for (i = 0; !rc && i < json_array_size(findings); i++) {
			struct baseline_entry e;

			rc = read_entry(path, i, json_array_get(findings, i),
					&e, err);
			if (!rc && e.k.f[K_FILE][0] == '/') {
				/* written before paths were the root's */
				char *rel = srcroot_path(root, e.k.f[K_FILE]);

				free((char *)e.k.f[K_FILE]);
				e.k.f[K_FILE] = rel;
			}
			if (!rc) {
				hashidx_add(&b->index, key_hash(&e.k), b->n);
				VEC_PUSH(b->v, b->n, b->cap, e);
			}
		}
	}
	json_decref(doc);
	if (rc)
		baseline_free(b);
	return rc;
}

struct match {
	struct baseline *b;
	const struct baseline_key *k;
};

/* Same key, and not yet used up. */
static bool entry_free(int val, void *ctx)
{
	struct match *m = ctx;
	const struct baseline_entry *e = &m->b->v[val];

	return e->used < e->count && !key_cmp(&e->k, m->k);
}

void baseline_apply(struct baseline *b, struct report_item *items, int n,
		    const struct srcroot *root)
{
	int i, e;

	for (i = 0; i < n; i++) {
		/* suppressed findings were never written to a baseline */
		if (items[i].suppressed)
			continue;
		/*
		 * A finding is one cause at one or more accesses (report.h):
		 * the baseline accounts for it if it holds any of them, as
		 * one written before accesses were grouped holds each.
		 */
		for (int g = -1; g < items[i].nmore; g++) {
			struct baseline_key k;
			struct match m = { b, &k };

			k = access_key(&items[i], g < 0 ? &items[i].access :
				       &items[i].more[g].access, root);
			e = hashidx_find(&b->index, key_hash(&k), entry_free,
					 &m);
			if (e >= 0) {
				b->v[e].used++;
				items[i].in_baseline = true;
			}
			free((char *)k.f[K_FILE]);
		}
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Is the entry's file one the run looked at? */
static bool looked_at(const struct baseline_entry *e, char *const *files,
		      int n)
{
	const char *f = e->k.f[K_FILE];

	return n && bsearch(&f, files, (size_t)n, sizeof(*files), cmp_str);
}

int baseline_gone(const struct baseline *b, char *const *files, int n)
{
	int gone = 0;

	for (int i = 0; i < b->n; i++)
		if (looked_at(&b->v[i], files, n))
			gone += b->v[i].count - b->v[i].used;
	return gone;
}

/*
 * Writes doc to path (two spaces, a final newline) whole or not at all
 * (outfile.h); -1 after a message.
 */
static int write_doc(const char *path, json_t *doc, FILE *err)
{
	struct outfile out;
	int werr = 0;

	if (outfile_open(&out, path)) {
		fprintf(err, "%s: error: cannot write the baseline: %s\n", path,
			strerror(errno));
		return -1;
	}
	errno = 0;
	if (json_dumpf(doc, out.f, JSON_INDENT(2) | JSON_PRESERVE_ORDER) ||
	    fputc('\n', out.f) == EOF)
		werr = errno ? errno : EIO;	/* the write's own reason */
	if (outfile_close(&out, !werr)) {
		fprintf(err, "%s: error: cannot write the baseline (left as it was): %s\n",
			path, strerror(werr ? werr : errno));
		return -1;
	}
	return 0;
}

int baseline_prune(const char *path, const struct baseline *b,
		   char *const *files, int n, FILE *err)
{
	json_t *doc = json_object(), *findings = json_array();
	int rc;

	for (int i = 0; i < b->n; i++) {
		const struct baseline_entry *e = &b->v[i];
		int count = looked_at(e, files, n) ? e->used : e->count;
		json_t *o;

		if (!count)
			continue;
		o = json_object();
		for (int k = 0; k < NKEYS; k++)
			json_object_set_new(o, key_names[k],
					    json_string(e->k.f[k]));
		json_object_set_new(o, "count", json_integer(count));
		json_array_append_new(findings, o);
	}
	json_object_set_new(doc, "isbcheck-baseline",
			    json_integer(BASELINE_VERSION));
	json_object_set_new(doc, "findings", findings);
	rc = write_doc(path, doc, err);
	json_decref(doc);
	return rc;
}

static int cmp_keys(const void *a, const void *b)
{
	return key_cmp(a, b);
}

int baseline_write(const char *path, const struct report_item *items, int n,
		   const struct srcroot *root, FILE *err)
{
	struct baseline_key *keys;
	json_t *doc = json_object(), *findings = json_array();
	int i, j, nkeys = 0, rc = 0, total = 0;

	for (i = 0; i < n; i++)
		total += 1 + items[i].nmore;
	keys = xcalloc((size_t)total + 1, sizeof(*keys));
	/* every access of each finding, so that any one of them matches */
	for (i = 0; i < n; i++) {
		if (items[i].suppressed)
			continue;
		keys[nkeys++] = item_key(&items[i], root);
		for (int g = 0; g < items[i].nmore; g++)
			keys[nkeys++] = access_key(&items[i],
						   &items[i].more[g].access,
						   root);
	}
	qsort(keys, (size_t)nkeys, sizeof(*keys), cmp_keys);
	for (i = 0; i < nkeys; i = j) {
		json_t *e = json_object();
		int k;

		for (j = i + 1; j < nkeys && !key_cmp(&keys[i], &keys[j]); j++)
			;
		for (k = 0; k < NKEYS; k++) {
			json_t *v = json_string(keys[i].f[k]);

			if (!v && !rc) {
				fprintf(err, "%s: error: cannot write the baseline: %s '%s' is not valid UTF-8\n",
					path, key_names[k], keys[i].f[k]);
				rc = -1;
			}
			json_object_set_new(e, key_names[k], v);
		}
		json_object_set_new(e, "count", json_integer(j - i));
		json_array_append_new(findings, e);
	}
	for (i = 0; i < nkeys; i++)
		free((char *)keys[i].f[K_FILE]);
	free(keys);
	json_object_set_new(doc, "isbcheck-baseline",
			    json_integer(BASELINE_VERSION));
	json_object_set_new(doc, "findings", findings);
	if (rc) {
		json_decref(doc);
		return rc;
	}

	rc = write_doc(path, doc, err);
	json_decref(doc);
	return rc;
}
