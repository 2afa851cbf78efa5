// SPDX-License-Identifier: GPL-2.0
/* libFuzzer target: the rule-file parser. */
#include "rules.h"

#include <stdio.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ruleset rs = { 0 };
	FILE *null = fopen("/dev/null", "w");

	if (!null)
		return 0;
	rules_load_text(&rs, "fuzz.rules", (const char *)data, size, null);
	rules_free(&rs);
	fclose(null);
	return 0;
}
