// SPDX-License-Identifier: GPL-2.0
/*
 * Seeded bugs, nVHE: the speculative-AT erratum's workaround.  As in
 * seeded.c, each function is a sequence of the clean world switch with
 * its synchronization missing; the comment above it says what the fix is.
 */
#include <hyp/seeded.h>
#include <hyp/switch.h>

/*
 * Speculative-AT erratum: the guest's stage 1 goes in with its walks
 * disabled, but the stage 2 is switched before that is synchronized, so a
 * speculative AT may still walk with the old stage 1 and the new stage 2.
 * Fix: isb() after the TCR_EL1 write.
 */
void seeded_at_spec_s2_before_walks_off(struct kvm_vcpu *vcpu)
{
	u64 tcr = ctxt_sys_reg(&vcpu->ctxt, TCR_EL1);

	if (!cpus_have_final_cap(ARM64_WORKAROUND_SPECULATIVE_AT))
		return;
	write_sysreg_el1(tcr | TCR_EPD0 | TCR_EPD1, SYS_TCR);
	write_sysreg(vcpu->mmu->vttbr, vttbr_el2); /* expect: at-spec-walks-off-before-s2 */
	isb();
}

/*
 * Speculative-AT erratum: the guest's SCTLR_EL1 restored before the new
 * stage 2 is synchronized.  Fix: isb() after the VTTBR_EL2 write.
 */
void seeded_at_spec_el1_before_s2(struct kvm_vcpu *vcpu)
{
	struct kvm_cpu_context *ctxt = &vcpu->ctxt;

	write_sysreg(vcpu->mmu->vttbr, vttbr_el2);
	if (cpus_have_final_cap(ARM64_WORKAROUND_SPECULATIVE_AT)) {
		write_sysreg_el1(ctxt_sys_reg(ctxt, SCTLR_EL1), SYS_SCTLR); /* expect: at-spec-s2-before-el1-regime */
		isb();
		write_sysreg_el1(ctxt_sys_reg(ctxt, TCR_EL1), SYS_TCR);
	}
}

/*
 * Speculative-AT erratum: TCR_EL1 turns the walks back on before the
 * guest's SCTLR_EL1 is synchronized.  Fix: isb() between the two writes.
 */
void seeded_at_spec_tcr_before_sctlr(struct kvm_vcpu *vcpu)
{
	struct kvm_cpu_context *ctxt = &vcpu->ctxt;

	if (cpus_have_final_cap(ARM64_WORKAROUND_SPECULATIVE_AT)) {
		isb();
		write_sysreg_el1(ctxt_sys_reg(ctxt, SCTLR_EL1), SYS_SCTLR);
		write_sysreg_el1(ctxt_sys_reg(ctxt, TCR_EL1), SYS_TCR); /* expect: at-spec-sctlr-before-tcr */
	}
}
