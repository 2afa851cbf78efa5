// SPDX-License-Identifier: GPL-2.0
/* STUB: to be written (issue #4). */
#include "output.h"

int output_json(const struct run *r, FILE *out, FILE *err)
{
	(void)r; (void)out;
	fputs("isbcheck: error: --format=json is not written yet\n", err);
	return -1;
}
