// A TU that does not parse cleanly is still analysed as far as it can be,
// with a warning; the finding after the error is still reported.
//
// RUN: %isbcheck %s -- %vhe > %t.out 2>%t.err; test $? -eq 1
// RUN: %FileCheck --check-prefix=ERR %s < %t.err
// RUN: %FileCheck %s < %t.out
// ERR: parse-error.c:[[@LINE+6]]:{{[0-9]+}}: error: use of undeclared identifier 'no_such_thing'
// ERR: parse-error.c: warning: 1 error while parsing; analysing what could be parsed
#include <asm/sysreg.h>

static int broken(void)
{
	return no_such_thing;
}

void at_then_par(unsigned long va)
{
	asm volatile("at s1e1r, %0" : : "r" (va));
	(void)read_sysreg(par_el1);
	// CHECK: parse-error.c:[[@LINE-1]]:{{[0-9]+}}: warning: read of PAR_EL1 follows at s1e1r with no context synchronization event in between [at-par]
}
