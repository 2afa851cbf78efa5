// Must stay silent, two precision cases found on the real kernel tree:
// - a read-modify-write keeps every bit it does not touch, so writing
//   read_sysreg(icc_sre_el2) | ENABLE cannot change SRE (bit 0);
// - a branch on a capability the configuration pins has one side only:
//   has_vhe() tests ARM64_HAS_VIRT_HOST_EXTN, which the VHE configuration
//   pins to 1 ("cap" in rules/sync.rules), so the nVHE-only branch is dead.
// Their twins are reported (the second run below): a write of a value that
// is not a read-modify-write, and the same branch with no configuration.
//
// RUN: %isbcheck %s -- --target=aarch64-linux-gnu -I%inputs -D__KVM_VHE_HYPERVISOR__ > %t 2>&1; test $? -eq 0
// RUN: %FileCheck %s --allow-empty --implicit-check-not=warning: < %t
// RUN: %isbcheck %s -- --target=aarch64-linux-gnu -I%inputs -DTWINS > %t.twins 2>&1; test $? -eq 1
// RUN: %FileCheck --check-prefix=TWINS %s < %t.twins
// TWINS: rmw-and-config-branches.c:40:9: warning: read of CPTR_EL2 follows the write to CPACR_EL1 {{.*}}[e2h-accessor-alias]
// TWINS: rmw-and-config-branches.c:48:2: warning: write to ICH_HCR_EL2 follows the write to ICC_SRE_EL2 (SRE) {{.*}}[gic-sre-el2-ich]
#include "mini.h"

#define ICC_SRE_EL2_ENABLE	(1UL << 3)

#define ARM64_HAS_VIRT_HOST_EXTN	11

_Bool cpus_have_final_cap(int cap);

static inline _Bool has_vhe(void)
{
	return cpus_have_final_cap(ARM64_HAS_VIRT_HOST_EXTN);
}

void vgic_restore(u64 hcr)
{
	write_sysreg(read_sysreg(s3_4_c12_c9_5) | ICC_SRE_EL2_ENABLE,
		     s3_4_c12_c9_5);			/* ICC_SRE_EL2 */
	write_sysreg(hcr, s3_4_c12_c11_0);		/* ICH_HCR_EL2 */
}

void fp_untrap(void)
{
	write_sysreg(3UL << 20, cpacr_el1);
	if (!has_vhe())
		(void)read_sysreg(cptr_el2);
}

#ifdef TWINS
void vgic_restore_not_rmw(u64 hcr)
{
	write_sysreg(read_sysreg(s3_4_c12_c11_1) | ICC_SRE_EL2_ENABLE,
		     s3_4_c12_c9_5);			/* from ICH_VTR_EL2 */
	write_sysreg(hcr, s3_4_c12_c11_0);
}
#endif
