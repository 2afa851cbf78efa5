// A TU that does not parse cleanly is still analysed as far as it can be,
// with a warning; the finding after the error is still reported and the
// exit status is that of the findings.
//
// RUN: %isbcheck %s -- --target=aarch64-linux-gnu -I%inputs > %t.out 2>%t.err; test $? -eq 1
// RUN: %FileCheck --check-prefix=ERR %s < %t.err
// RUN: %FileCheck %s < %t.out
// ERR: parse-error.c:15:9: error: use of undeclared identifier 'no_such_thing'
// ERR: parse-error.c: warning: 1 error while parsing; analysing what could be parsed
#include "mini.h"

static int broken(void)
{
	/* the error */
	return no_such_thing;
}

u64 at_then_par(u64 va)
{
	at_s1e1r(va);
	return read_par();
	// CHECK: parse-error.c:[[@LINE-1]]:9: warning: read of PAR_EL1 follows at s1e1r with no context synchronization event in between [at-par]
}
