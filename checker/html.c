// SPDX-License-Identifier: GPL-2.0
/* STUB: to be written (issue #4). */
#include "output.h"

int output_html(const struct run *r, const char *dir, FILE *err)
{
	(void)r; (void)dir;
	fputs("isbcheck: error: --format=html is not written yet\n", err);
	return -1;
}
