// Control flow inside one function: the at-par rule fires when some path
// carries the AT to the PAR_EL1 read with no isb on it.
//
// RUN: %isbcheck %s -- --target=aarch64-linux-gnu -I%inputs > %t 2>&1; test $? -eq 1
// RUN: %FileCheck %s --implicit-check-not=warning: < %t
#include "mini.h"

u64 if_without_else(u64 va, int x)
{
	at_s1e1r(va);
	if (x)
		isb();
	return read_par();
	// CHECK: branches.c:[[@LINE-1]]:9: warning: read of PAR_EL1 follows at s1e1r {{.*}}[at-par]
}

u64 if_else_both_sync(u64 va, int x)
{
	at_s1e1r(va);
	if (x)
		isb();
	else
		isb();
	return read_par();
}

u64 early_return(u64 va, int x)
{
	at_s1e1r(va);
	if (x)
		return 0;
	isb();
	return read_par();
}

u64 switch_fallthrough(u64 va, int x)
{
	at_s1e1r(va);
	switch (x) {
	case 1:
		isb();
		break;
	case 2:			/* falls through to 3 without an isb */
	case 3:
		break;
	default:
		isb();
	}
	return read_par();
	// CHECK: branches.c:[[@LINE-1]]:9: warning: read of PAR_EL1 {{.*}}[at-par]
}

u64 switch_no_default(u64 va, int x)
{
	at_s1e1r(va);
	switch (x) {		/* x == 0 matches no case */
	case 1:
		isb();
		break;
	case 2:
		isb();
		break;
	}
	return read_par();
	// CHECK: branches.c:[[@LINE-1]]:9: warning: read of PAR_EL1 {{.*}}[at-par]
}

u64 switch_all_sync(u64 va, int x)
{
	at_s1e1r(va);
	switch (x) {
	case 1:
		isb();
		break;
	default:
		isb();
		break;
	}
	return read_par();
}

u64 short_circuit_and(u64 va, int x)
{
	at_s1e1r(va);
	if (x && ({ isb(); 1; }))	/* the isb only runs when x is true */
		return 0;
	return read_par();
	// CHECK: branches.c:[[@LINE-1]]:9: warning: read of PAR_EL1 {{.*}}[at-par]
}

u64 short_circuit_or(u64 va, int x)
{
	at_s1e1r(va);
	if (({ isb(); 0; }) || x)	/* the isb runs first on every path */
		return read_par();
	return 0;
}

u64 conditional_operator(u64 va, int x)
{
	at_s1e1r(va);
	(void)(x ? ({ isb(); 0; }) : 1);
	return read_par();
	// CHECK: branches.c:[[@LINE-1]]:9: warning: read of PAR_EL1 {{.*}}[at-par]
}

u64 goto_skips_isb(u64 va, int x)
{
	at_s1e1r(va);
	if (x)
		goto out;
	isb();
out:
	return read_par();
	// CHECK: branches.c:[[@LINE-1]]:9: warning: read of PAR_EL1 {{.*}}[at-par]
}

u64 goto_error_path(u64 va, int x)
{
	at_s1e1r(va);
	isb();
	if (x)
		goto fail;
	return read_par();
fail:
	return 0;
}

u64 noreturn_ends_path(u64 va, int x)
{
	at_s1e1r(va);
	if (x) {
		hyp_panic();
		return read_par();	/* never reached */
	}
	if (x > 1) {
		hyp_stop();		/* C11 _Noreturn */
		return read_par();	/* never reached */
	}
	isb();
	return read_par();
}

u64 alternative_isb_is_not_enough(u64 va)
{
	at_s1e1r(va);
	ALT_ISB();		/* only on CPUs with the capability */
	return read_par();
	// CHECK: branches.c:[[@LINE-1]]:9: warning: read of PAR_EL1 {{.*}}[at-par]
}
