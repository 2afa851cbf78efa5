// A header that is not there, for tests/lit/asm/frontend.test.
#include "no/such/header.h"
	.text
f:	ret
