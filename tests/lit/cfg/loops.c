// Loops run to a fixpoint: an AT late in one iteration reaches a read
// early in the next through the back edge.
//
// RUN: %isbcheck %s -- --target=aarch64-linux-gnu -I%inputs > %t 2>&1; test $? -eq 1
// RUN: %FileCheck %s --implicit-check-not=warning: < %t
#include "mini.h"

u64 for_back_edge(u64 va, int n)
{
	u64 sum = 0;

	for (int i = 0; i < n; i++) {
		sum += read_par();
		// CHECK: loops.c:[[@LINE-1]]:10: warning: read of PAR_EL1 {{.*}}[at-par]
		at_s1e1r(va + i);
	}
	return sum;
}

u64 while_sync_each_time(u64 va, int n)
{
	u64 sum = 0;

	while (n--) {
		at_s1e1r(va);
		isb();
		sum += read_par();
	}
	return sum;
}

u64 infinite_loop_break(u64 va)
{
	for (;;) {
		at_s1e1r(va);
		isb();
		if (cond())
			break;
	}
	return read_par();		/* only reached through the break */
}

u64 while_one_break_before_sync(u64 va)
{
	while (1) {
		at_s1e1r(va);
		if (cond())
			break;		/* leaves with the AT pending */
		isb();
	}
	return read_par();
	// CHECK: loops.c:[[@LINE-1]]:9: warning: read of PAR_EL1 {{.*}}[at-par]
}

u64 do_while_continue(u64 va, int n)
{
	u64 sum = 0;

	do {
		at_s1e1r(va);
		if (cond())
			continue;	/* skips the isb, back to the condition */
		isb();
		sum += read_par();
	} while (--n);
	return sum + read_par();
	// CHECK: loops.c:[[@LINE-1]]:15: warning: read of PAR_EL1 {{.*}}[at-par]
}

u64 do_while_zero(u64 va)
{
	do {
		at_s1e1r(va);
		isb();
	} while (0);		/* runs once, no back edge */
	return read_par();
}

u64 backward_goto(u64 va, int n)
{
	u64 sum = 0;
again:
	sum += read_par();
	// CHECK: loops.c:[[@LINE-1]]:9: warning: read of PAR_EL1 {{.*}}[at-par]
	at_s1e1r(va);
	if (--n)
		goto again;
	return sum;
}
