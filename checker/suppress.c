// SPDX-License-Identifier: GPL-2.0
/* STUB: to be written (issue #4). */
#include "suppress.h"

void suppress_apply(struct report_item *items, int n, const struct ruleset *rs,
		    struct sources *src, FILE *err)
{
	(void)items; (void)n; (void)rs; (void)src; (void)err;
}
