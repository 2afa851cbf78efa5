// SPDX-License-Identifier: GPL-2.0
/*
 * Seeded bugs, VHE: the speculative-AT erratum's workaround.  As in
 * seeded.c, each function is a sequence of the clean world switch with
 * its synchronization missing; the comment above it says what the fix is.
 */
#include <hyp/seeded.h>
#include <hyp/switch.h>

/*
 * Speculative-AT erratum: the guest's EL1&0 regime comes into context
 * (TGE cleared) before its walks are known to be disabled.  Fix: isb()
 * after the TCR_EL12 write.
 */
void seeded_at_spec_tge_with_walks_on(struct kvm_vcpu *vcpu)
{
	u64 tcr = ctxt_sys_reg(&vcpu->ctxt, TCR_EL1);

	if (!cpus_have_final_cap(ARM64_WORKAROUND_SPECULATIVE_AT))
		return;
	write_sysreg_el1(tcr | TCR_EPD0 | TCR_EPD1, SYS_TCR);
	write_sysreg(vcpu->hcr_el2 & ~HCR_TGE, hcr_el2); /* expect: at-spec-walks-off-before-tge */
}

/*
 * Speculative-AT erratum: back to the host, the guest's SCTLR_EL12 is
 * reset while TGE=1 may not be in effect yet.  Fix: isb() after the
 * HCR_EL2 write.
 */
void seeded_at_spec_el12_before_tge(u64 sctlr)
{
	write_sysreg(HCR_HOST_VHE_FLAGS, hcr_el2);
	if (cpus_have_final_cap(ARM64_WORKAROUND_SPECULATIVE_AT))
		write_sysreg_el1(sctlr, SYS_SCTLR); /* expect: at-spec-tge-before-el12-regime */
}
