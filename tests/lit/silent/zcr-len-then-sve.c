// Must stay silent: FP/SVE traps were lifted and synchronized, then
// ZCR_EL2.LEN is written and SVE state restored with no isb.  The vector
// length an SVE instruction uses is an indirect read of ZCR_ELx.LEN that is
// ordered after a direct write of it (Arm ARM D24.2.226/227), so the LEN
// write needs no isb; no rule has ZCR in "after".
//
// RUN: %isbcheck %s -- --target=aarch64-linux-gnu -I%inputs -D__KVM_NVHE_HYPERVISOR__ > %t 2>&1; test $? -eq 0
// RUN: %FileCheck %s --allow-empty --implicit-check-not=warning: < %t
#include "mini.h"

void restore_guest_sve(void *pffr, unsigned int *fpsr, u64 vq)
{
	write_sysreg(0, cptr_el2);		/* TFP = TZ = 0: no traps */
	isb();
	write_sysreg(vq - 1, s3_4_c1_c2_0);	/* ZCR_EL2.LEN */
	__sve_restore_state(pffr, fpsr);
}
