// SPDX-License-Identifier: GPL-2.0
/* STUB: to be written (issue #4). */
#include "baseline.h"

int baseline_read(const char *path, struct baseline *b, FILE *err)
{
	(void)b;
	fprintf(err, "%s: error: --baseline is not written yet\n", path);
	return -1;
}

void baseline_apply(struct baseline *b, struct report_item *items, int n)
{
	(void)b; (void)items; (void)n;
}

int baseline_write(const char *path, const struct report_item *items, int n,
		   FILE *err)
{
	(void)items; (void)n;
	fprintf(err, "%s: error: --write-baseline is not written yet\n", path);
	return -1;
}

void baseline_free(struct baseline *b)
{
	(void)b;
}
