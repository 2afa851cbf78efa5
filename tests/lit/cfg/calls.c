// Calls within a TU: a write in a helper and the access in its caller, and
// the reverse, are connected through per-function summaries; the finding
// names each call on the path.  Built as a VHE object (E2H pinned to 1).
//
// RUN: %isbcheck %s -- --target=aarch64-linux-gnu -I%inputs -D__KVM_VHE_HYPERVISOR__ > %t 2>&1; test $? -eq 1
// RUN: %FileCheck %s --implicit-check-not=warning: < %t
#include "mini.h"

static void clear_tge(void)
{
	write_hcr(read_hcr() & ~HCR_TGE);
}

static void clear_tge_synced(void)
{
	write_hcr(read_hcr() & ~HCR_TGE);
	asm volatile("isb" : : : "memory");
}

static void maybe_sync(int x)
{
	if (x)
		isb();
}

static void flush(void)
{
	tlbi_vmalle1is();
}

static void enter_and_flush(void)
{
	clear_tge();
	flush();
}

void helper_writes_caller_flushes(void)
{
	clear_tge();
	tlbi_vmalle1is();
}

void caller_writes_helper_flushes(void)
{
	write_hcr(read_hcr() & ~HCR_TGE);
	flush();
	// The access is in flush(); the finding is reported there, with the call.
}

void synced_helper(void)
{
	clear_tge_synced();
	tlbi_vmalle1is();
}

void sync_on_one_path_only(int x)
{
	write_hcr(read_hcr() & ~HCR_TGE);
	maybe_sync(x);
	tlbi_vmalle1is();
}

void two_levels(void)
{
	enter_and_flush();
	// Reported once, inside flush(), reached from clear_tge() via enter_and_flush().
}

void guest_entry_synchronizes(struct kvm_vcpu *vcpu)
{
	write_hcr(read_hcr() & ~HCR_TGE);
	__guest_enter(vcpu);		/* eret, then exception entry */
	tlbi_vmalle1is();
}

static void recurse(int n)
{
	if (n)
		recurse(n - 1);		/* recursion is cut, not followed forever */
	tlbi_vmalle1is();
}

void known_value_no_change(void)
{
	write_hcr(HCR_TGE);
	asm volatile("isb" : : : "memory");
	write_hcr(HCR_TGE);		/* TGE cannot change: same known value */
	tlbi_vmalle1is();
	recurse(2);
}

// Findings come sorted by the access's location, then by the write's.
// Line numbers are absolute: keep them in step when editing above.
//
// Through enter_and_flush(): the write in clear_tge() returns, flush() is
// entered; reported while analysing enter_and_flush(), so two_levels()
// adds nothing of its own.
// CHECK: calls.c:28:2: warning: tlbi vmalle1is follows the write to HCR_EL2 (TGE) with no context synchronization event in between [hcr-tge-tlbi-at]
// CHECK-NEXT: calls.c:11:2: note: HCR_EL2 written here by write_hcr(); TGE may change
// CHECK-NEXT: calls.c:33:2: note: clear_tge() returns here with the write not yet synchronized
// CHECK-NEXT: calls.c:34:2: note: flush() is called here and reaches the access
// CHECK-NEXT: calls.c:28:2: note: With E2H=1, HCR_EL2.TGE selects
// CHECK-NEXT: calls.c:28:2: note: see Arm ARM (DDI 0487 M.a.a) D8.13.1 R_QWHVM
// CHECK-NEXT: calls.c:28:2: note: an isb() before this access would synchronize the write
// helper_writes_caller_flushes() reaches a tlbi of its own after the same
// write in clear_tge(), with the same isb missing: one finding, one cause.
// CHECK-NEXT: calls.c:11:2: note: and 1 more access that the same write reaches with no context synchronization event:
// CHECK-NEXT: calls.c:40:2: note: tlbi vmalle1is here
//
// caller_writes_helper_flushes(): the access is in flush(), with the call.
// CHECK: calls.c:28:2: warning: tlbi vmalle1is follows the write to HCR_EL2 (TGE)
// CHECK-NEXT: calls.c:45:2: note: HCR_EL2 written here by write_hcr(); TGE may change
// CHECK-NEXT: calls.c:46:2: note: flush() is called here and reaches the access

//
// sync_on_one_path_only(): maybe_sync() does not synchronize on every path.
// CHECK: calls.c:60:2: warning: tlbi vmalle1is follows the write to HCR_EL2 (TGE)
// CHECK-NEXT: calls.c:58:2: note: HCR_EL2 written here by write_hcr(); TGE may change
// CHECK: calls.c:58:2: note: an isb() after this write would synchronize it
//
// Nothing else: synced_helper(), guest_entry_synchronizes(), recurse() and
// known_value_no_change() are silent (--implicit-check-not).
// CHECK: 3 findings
