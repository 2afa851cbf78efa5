// SPDX-License-Identifier: GPL-2.0
#include "escape.h"

#include <stdlib.h>
#include <string.h>

/*
 * The length of the valid, printable UTF-8 character at s (at most n
 * bytes), or 0 if s[0] must be escaped.
 */
static size_t printable(const unsigned char *s, size_t n, bool keep_newlines)
{
	unsigned cp, len, i;

	if (s[0] < 0x80) {
		if (s[0] == '\t' || (s[0] == '\n' && keep_newlines))
			return 1;
		return s[0] >= 0x20 && s[0] != 0x7f;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* overlong forms, surrogates, past U+10FFFF, C1 controls */
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff ||
	    (cp >= 0x80 && cp <= 0x9f))
		return 0;
	return len;
}

void escape_put(FILE *out, const char *s, size_t n, bool keep_newlines)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		size_t k = printable(p + i, n - i, keep_newlines);

		if (k) {
			fwrite(p + i, 1, k, out);
			i += k;
		} else {
			fprintf(out, "\\x%02x", p[i]);
			i++;
		}
	}
}

bool escape_needed(const char *s, size_t n, bool keep_newlines)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		size_t k = printable(p + i, n - i, keep_newlines);

		if (!k)
			return true;
		i += k;
	}
	return false;
}

const char *escape_str(struct arena *a, const char *s)
{
	char *text = NULL, *r;
	size_t len = 0, n;
	FILE *m;

	if (!s || !escape_needed(s, n = strlen(s), false))
		return s;
	m = open_memstream(&text, &len);
	if (!m)
		return "?";
	escape_put(m, s, n, false);
	fclose(m);
	r = arena_strdup(a, text);
	free(text);
	return r;
}
