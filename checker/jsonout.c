// SPDX-License-Identifier: GPL-2.0
#include "jsonout.h"
#include "hashidx.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Length of the well-formed UTF-8 sequence at s (RFC 3629), or 0. */
static size_t utf8_len(const unsigned char *s)
{
	unsigned char c = s[0];
	size_t n, i;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4;
	else
		return 0;
	for (i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	/* no overlong forms, surrogates or code points past U+10FFFF */
	if ((c == 0xe0 && s[1] < 0xa0) || (c == 0xed && s[1] > 0x9f) ||
	    (c == 0xf0 && s[1] < 0x90) || (c == 0xf4 && s[1] > 0x8f))
		return 0;
	return n;
}

json_t *jsonout_str(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	char *buf, *o;
	json_t *j;

	if (!s)
		return json_null();
	j = json_string(s);
	if (j)
		return j;
	/* at most three bytes (U+FFFD) for each byte of s */
	o = buf = xmalloc(3 * strlen(s) + 1);
	while (*p) {
		size_t n = utf8_len(p);

		if (n) {
			memcpy(o, p, n);
			o += n;
			p += n;
		} else {
			memcpy(o, "\xef\xbf\xbd", 3);
			o += 3;
			p++;
		}
	}
	*o = '\0';
	j = json_string(buf);
	free(buf);
	return j ? j : json_null();
}

void jsonout_set(json_t *obj, const char *key, json_t *val)
{
	json_object_set_new(obj, key, val ? val : json_null());
}

/* The pieces of s between separators sep, as an array of strings. */
static json_t *split(const char *s, const char *sep)
{
	json_t *a = json_array();
	size_t l = strlen(sep);

	while (s && *s) {
		const char *end = strstr(s, sep);
		char *one;

		if (!end)
			end = s + strlen(s);
		one = xmalloc((size_t)(end - s) + 1);
		memcpy(one, s, (size_t)(end - s));
		one[end - s] = '\0';
		json_array_append_new(a, jsonout_str(one));
		free(one);
		s = *end ? end + l : end;
	}
	return a;
}

json_t *jsonout_lines(const char *s)
{
	return split(s, "\n");
}

static uint64_t hash_str(uint64_t h, const char *s)
{
	/* with its NUL, so that "ab"+"c" and "a"+"bc" differ */
	return hash_bytes(s ? s : "", strlen(s ? s : "") + 1, h);
}

void jsonout_fingerprints(const struct run *r, char (*out)[JSONOUT_FP_SIZE])
{
	uint64_t *h = xcalloc((size_t)r->nitems + 1, sizeof(*h));

	for (int i = 0; i < r->nitems; i++) {
		const struct report_item *it = &r->items[i];
		char *wf = srcroot_path(r->root, it->write.loc.file);
		char *af = srcroot_path(r->root, it->access.loc.file);
		uint64_t v = HASH_SEED;
		int nth = 1;

		v = hash_str(v, it->rule);
		v = hash_str(v, wf);
		v = hash_str(v, it->write.loc.function);
		v = hash_str(v, it->write.key);
		v = hash_str(v, af);
		v = hash_str(v, it->access.loc.function);
		v = hash_str(v, it->access.key);
		free(wf);
		free(af);
		h[i] = v;
		for (int k = 0; k < i; k++)
			nth += h[k] == v;
		snprintf(out[i], JSONOUT_FP_SIZE, "%016llx:%d",
			 (unsigned long long)v, nth);
	}
	free(h);
}

int jsonout_dump(json_t *doc, FILE *out, FILE *err, const char *format)
{
	size_t flags = JSON_INDENT(2) | JSON_PRESERVE_ORDER;
	bool ok = false;

	errno = 0;
	if (doc && !json_dumpf(doc, out, flags))
		ok = fputc('\n', out) != EOF;
	if (!ok)
		fprintf(err, "isbcheck: error: cannot write the %s report: %s\n",
			format, errno ? strerror(errno) : "no memory");
	json_decref(doc);
	return ok ? 0 : -1;
}
