// SPDX-License-Identifier: GPL-2.0
#include "output.h"

#include <string.h>

const struct output_format output_formats[] = {
	{ "text", output_text, NULL, true },
	{ "json", output_json, NULL, false },
	{ "sarif", output_sarif, NULL, false },
	{ "html", NULL, output_html, false },
	{ "mail", output_mail, NULL, false },
	{ NULL, NULL, NULL, false },
};

const char *gap_kind_name(enum gap_kind k)
{
	static const char *const names[] = {
		[GAP_UNREAD] = "unreadable", [GAP_PARSE] = "parse-errors",
		[GAP_FRONTEND] = "front-end", [GAP_BUDGET] = "visit-budget",
	};

	return names[k];
}

const struct output_format *output_find(const char *name)
{
	for (const struct output_format *f = output_formats; f->name; f++)
		if (!strcmp(f->name, name))
			return f;
	return NULL;
}

int output_text(const struct run *r, FILE *out, FILE *err)
{
	(void)err;
	for (int i = 0; i < r->nitems; i++)
		if (item_active(&r->items[i]))
			fputs(r->items[i].text, out);
	return 0;
}
