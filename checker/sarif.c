// SPDX-License-Identifier: GPL-2.0
/* STUB: to be written (issue #4). */
#include "output.h"

int output_sarif(const struct run *r, FILE *out, FILE *err)
{
	(void)r; (void)out;
	fputs("isbcheck: error: --format=sarif is not written yet\n", err);
	return -1;
}
