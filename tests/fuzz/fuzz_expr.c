// SPDX-License-Identifier: GPL-2.0
/* libFuzzer target: the encoding-expression evaluator. */
#include "expr.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct expr_error err;
	uint64_t v;

	if (expr_eval((const char *)data, size, &v, &err) < 0 &&
	    err.col > size)
		__builtin_trap();	/* an error must point inside the text */
	return 0;
}
