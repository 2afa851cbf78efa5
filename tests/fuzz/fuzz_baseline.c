// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the baseline reader (--baseline=FILE), over a file
 * that is the input, then matched against a few findings (paths relative
 * to a source root), written back (--write-baseline) from what matched
 * and pruned (--prune-baseline) of what was not found.
 */
#include "baseline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "a.c", "b.c", "", "x\001y" };
	static char dir[] = "/src", cwd[] = "/src/sub";
	static char a_c[] = "sub/a.c", b_c[] = "sub/b.c";
	char *looked[] = { a_c, b_c };
	struct srcroot root = { .dir = dir, .cwd = cwd };
	struct report_item it[4];
	struct baseline b = { 0 };
	char path[64], out[80];
	FILE *f, *null = fopen("/dev/null", "w");

	snprintf(path, sizeof(path), "/tmp/isbcheck-fuzz-baseline-%d.json",
		 (int)getpid());
	snprintf(out, sizeof(out), "%s.out", path);
	f = fopen(path, "wb");
	if (!f || !null)
		abort();
	fwrite(data, 1, size, f);
	fclose(f);
	memset(it, 0, sizeof(it));
	for (int i = 0; i < 4; i++) {
		it[i].rule = "hcr-tge-tlbi-at";
		it[i].access.loc.file = names[i];
		it[i].access.loc.function = i & 1 ? "f" : "g";
		it[i].write.key = "HCR_EL2";
		it[i].access.key = i < 2 ? "tlbi vmalle1is" : NULL;
	}
	if (!baseline_read(path, &b, &root, null)) {
		baseline_apply(&b, it, 4, &root);
		baseline_write(out, it, 4, &root, null);
		unlink(out);
		if (baseline_gone(&b, looked, 2))
			baseline_prune(out, &b, looked, 2, null);
		unlink(out);
	}
	baseline_free(&b);
	unlink(path);
	fclose(null);
	return 0;
}
