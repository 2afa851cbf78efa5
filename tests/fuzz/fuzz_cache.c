// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the reader of cache and summary entries (cache.h),
 * with every check cache_load() makes but the checksum and the files the
 * entry names (so that the fuzzer reaches the records), then, for an
 * entry it accepts, what a run does with a loaded TU: link, analyse,
 * report in every stream format, and the fix patch.  An entry the checks
 * let through must be one all of those can take.  The shipped rules
 * (ISBCHECK_RULES, default "rules"); run from the repository, where the
 * seeds' relative names (corpus/...) are files.
 */
#include "cache.h"
#include "coverage.h"
#include "dataflow.h"
#include "fix.h"
#include "output.h"
#include "program.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct ruleset rs;

static void setup(void)
{
	const char *rules = getenv("ISBCHECK_RULES");

	if (!rules)
		rules = "rules";
	if (rules_load(&rs, &rules, 1, stderr) || !rs.nrules)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int (*const formats[])(const struct run *, FILE *, FILE *) = {
		output_text, output_json, output_sarif, output_mail,
	};
	struct tu tu = { 0 }, *tus[1] = { &tu };
	struct findings out = { 0 };
	struct report_item *items = NULL;
	struct sources src = { 0 };
	struct arena a = { 0 };
	struct gaps gaps = { 0 };
	char *text, why[160];
	int n = 0, cap = 0, line;
	FILE *null;

	if (!rs.nrules)
		setup();
	text = malloc(size + 1);
	null = fopen("/dev/null", "w");
	if (!text || !null)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	if (!cache_parse(text, size, &rs, &tu, null, &line, why,
			 sizeof(why))) {
		struct run run = { .rs = &rs, .src = &src, .version = "fuzz" };

		link_calls(tus, 1);
		analyse_tus(tus, 1, &rs, &out);
		gaps_add_tu(&gaps, &tu, NULL, &a);
		for (int i = 0; i < out.n; i++) {
			struct report_item it;

			item_from_finding(&rs, &out.v[i], &a, &it);
			VEC_PUSH(items, n, cap, it);
		}
		run.items = items;
		run.nitems = n;
		run.incomplete = gaps.v;
		run.nincomplete = gaps.n;
		for (size_t k = 0; k < sizeof(formats) / sizeof(*formats); k++)
			formats[k](&run, null, null);
		fix_diff(items, n, &src, NULL, null, null);
		tu_free(&tu);
	}
	free(out.v);
	free(items);
	gaps_free(&gaps);
	sources_free(&src);
	arena_free(&a);
	free(text);
	fclose(null);
	return 0;
}
