// Must stay silent: the nVHE guest-exit path of seed 001.  The host's
// HCR_EL2 value (not known here) is written, then CPTR_EL2 and VBAR_EL2
// with no isb.  In an nVHE object E2H never changes (config nvhe pins it)
// and TGE is 0, so the only HCR_EL2 field a CPTR_EL2 write depends on (E2H
// selects its layout) cannot change; nothing makes VBAR_EL2 depend on
// HCR_EL2 at all (exception entry reads VBAR after its own
// synchronization).  The other fields the write may change only trap or
// route EL1/EL0.
//
// RUN: %isbcheck %s -- --target=aarch64-linux-gnu -I%inputs -D__KVM_NVHE_HYPERVISOR__ > %t 2>&1; test $? -eq 0
// RUN: %FileCheck %s --allow-empty --implicit-check-not=warning: < %t
// And the same code in a build where E2H may change is reported, which
// shows the silence above comes from the pin, not from blindness:
// RUN: %isbcheck %s -- --target=aarch64-linux-gnu -I%inputs > %t.unpinned 2>&1; test $? -eq 1
// RUN: %FileCheck --check-prefix=UNPINNED %s < %t.unpinned
// UNPINNED: warning: write to CPTR_EL2 follows the write to HCR_EL2 (E2H) with no context synchronization event in between [hcr-e2h-accessor]
#include "mini.h"

void __deactivate_traps(void)
{
	write_sysreg(kvm_init_params.hcr_el2, hcr_el2);
	write_sysreg(CPTR_EL2_TFP | CPTR_EL2_TZ, cptr_el2);
	write_sysreg(kvm_init_params.vbar, vbar_el2);
}
