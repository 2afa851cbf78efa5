// Must stay silent: the VHE guest-exit path of seed 001.  HCR_EL2 gets the
// host flags (TGE flips to 1, E2H stays 1), then the EL1 physical timer's
// CVAL is read through its EL02 alias with no isb.  The EL02 alias depends
// on E2H only (pinned to 1 in a VHE object), and the stored CVAL value does
// not depend on TGE (TGE changes when the timer fires, not what CVAL
// holds), so no rule names this read after a TGE change.
//
// RUN: %isbcheck %s -- --target=aarch64-linux-gnu -I%inputs -D__KVM_VHE_HYPERVISOR__ > %t 2>&1; test $? -eq 0
// RUN: %FileCheck %s --allow-empty --implicit-check-not=warning: < %t
#include "mini.h"

u64 __deactivate_traps_and_save_timer(void)
{
	write_sysreg(HCR_HOST_VHE_FLAGS, hcr_el2);
	return read_sysreg(cntp_cval_el02);
}
