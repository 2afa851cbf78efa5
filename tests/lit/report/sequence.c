// A rule that needs a sequence (cse, then tsb csync) names the missing
// steps; the register is recognised by name, by sN_N_cN_cN_N and by .inst.
//
// RUN: %isbcheck %s -- --target=aarch64-linux-gnu -I%inputs > %t 2>&1; test $? -eq 1
// RUN: %FileCheck %s --implicit-check-not=warning: < %t
#include "mini.h"

void drain_out_of_order(void)
{
	write_trfcr(0);
	tsb_csync();		/* too early: before the CSE */
	isb();
	write_trblimitr(0);
	// CHECK: sequence.c:[[@LINE-1]]:2: warning: write to TRBLIMITR_EL1 follows the write to TRFCR_EL1 (E0TRE, E1TRE) with no tsb csync in between [trbe-drain-before-disable]
	// CHECK-NEXT: sequence.c:[[@LINE-5]]:2: note: TRFCR_EL1 written here by write_trfcr(); E0TRE, E1TRE may change
	// CHECK-NEXT: note: Trace generated before TRFCR prohibited it
	// CHECK-NEXT: note: see Arm ARM (DDI 0487 M.a.a) K10.5.10 S_VKHHY
	// CHECK-NEXT: sequence.c:[[@LINE-5]]:2: note: tsb csync must come before this access
	isb();
	clear_trbptr();
}

void no_drain_at_all(void)
{
	write_trfcr(0);
	write_trblimitr(0);
	// CHECK: sequence.c:[[@LINE-1]]:2: warning: write to TRBLIMITR_EL1 follows the write to TRFCR_EL1 (E0TRE, E1TRE) with no context synchronization event, then tsb csync in between [trbe-drain-before-disable]
	clear_trbptr();
	// CHECK: sequence.c:[[@LINE-1]]:2: warning: write to TRBPTR_EL1 follows the write to TRBLIMITR_EL1 (E) with no context synchronization event in between [trbe-disable-sync]
}

void drain_in_order(void)
{
	write_trfcr(0);
	isb();
	tsb_csync();
	write_trblimitr(0);
	isb();
	clear_trbptr();
}

void enable_not_disable(u64 limit)
{
	/* E=1: not a disable, so no drain is needed before it */
	write_trfcr(0);
	write_trblimitr(limit | 1);
}
