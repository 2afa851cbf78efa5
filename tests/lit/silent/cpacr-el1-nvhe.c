// Must stay silent: in an nVHE object (E2H=0) a write to CPACR_EL1 at EL2
// writes the guest's EL1 register; it does not reach CPTR_EL2, so EL2's
// own FP/SVE accesses do not depend on it (Arm ARM D8.13.2 R_JGGMV: the
// redirection needs E2H=1).  The rule's CPACR_EL1 events carry
// "when HCR_EL2.E2H == 1"; under VHE the same code is reported.
//
// RUN: %isbcheck %s -- --target=aarch64-linux-gnu -I%inputs -D__KVM_NVHE_HYPERVISOR__ > %t 2>&1; test $? -eq 0
// RUN: %FileCheck %s --allow-empty --implicit-check-not=warning: < %t
// RUN: %isbcheck %s -- --target=aarch64-linux-gnu -I%inputs -D__KVM_VHE_HYPERVISOR__ > %t.vhe 2>&1; test $? -eq 1
// RUN: %FileCheck --check-prefix=VHE %s < %t.vhe
// VHE: warning: write to ZCR_EL2 follows the write to CPACR_EL1 (ZEN) {{.*}}[sve-trap-enable]
#include "mini.h"

void restore_guest_cpacr(u64 cpacr, u64 vq)
{
	write_sysreg(cpacr, cpacr_el1);
	write_sysreg(vq - 1, s3_4_c1_c2_0);	/* ZCR_EL2 */
}
