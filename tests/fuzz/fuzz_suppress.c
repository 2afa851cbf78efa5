// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the suppression-comment reader, over a source file
 * that is the input, with findings whose write and access are on its
 * first lines.  The shipped rules give the rule ids
 * (ISBCHECK_RULES, default "rules": run from the repository).
 */
#include "suppress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct ruleset rs;
static bool loaded;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct report_item it[3];
	/* lines looked at, for stale comments: before and past the items' */
	struct line_ref looked[4];
	struct sources src = { 0 };
	struct arena a = { 0 };
	char path[64];
	FILE *f, *null;

	if (!loaded) {
		const char *rules = getenv("ISBCHECK_RULES");

		if (!rules)
			rules = "rules";
		if (rules_load(&rs, &rules, 1, stderr) || !rs.nrules)
			abort();
		loaded = true;
	}
	snprintf(path, sizeof(path), "/tmp/isbcheck-fuzz-suppress-%d.c",
		 (int)getpid());
	f = fopen(path, "wb");
	null = fopen("/dev/null", "w");
	if (!f || !null)
		abort();
	fwrite(data, 1, size, f);
	fclose(f);
	for (int i = 0; i < 3; i++) {
		memset(&it[i], 0, sizeof(it[i]));
		it[i].rule = rs.rules[(size ? data[0] + i : i) % rs.nrules].id;
		it[i].write.loc = (struct item_loc){ path, (unsigned)i + 1, 1, "f" };
		it[i].access.loc = (struct item_loc){ path, (unsigned)i + 2, 1, "f" };
	}
	for (int i = 0; i < 4; i++)
		looked[i] = (struct line_ref){ path, (unsigned)(2 * i + 1) };
	suppress_apply(it, 3, &rs, &src, &a, looked, 4, null);
	unlink(path);
	fclose(null);
	sources_free(&src);
	arena_free(&a);
	return 0;
}
