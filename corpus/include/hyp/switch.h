/* SPDX-License-Identifier: GPL-2.0 */
/*
 * World-switch helpers shared by the nVHE and VHE objects: static inline,
 * like most of the real world switch.
 */
#ifndef __CORPUS_HYP_SWITCH_H
#define __CORPUS_HYP_SWITCH_H

#include <asm/kvm_hyp.h>

static inline void __load_stage2(struct kvm_s2_mmu *mmu)
{
	write_sysreg(mmu->vtcr, vtcr_el2);
	write_sysreg(mmu->vttbr, vttbr_el2);
	/* only CPUs with the speculative-AT erratum need it here */
	asm volatile(ALTERNATIVE("nop", "isb", ARM64_WORKAROUND_SPECULATIVE_AT));
}

static inline void __activate_traps_common(struct kvm_vcpu *vcpu)
{
	write_sysreg(vcpu->mdcr_el2, mdcr_el2);
	write_sysreg(0, hstr_el2);
}

static inline void __deactivate_traps_common(void)
{
	write_sysreg(kvm_host_data.mdcr_el2, mdcr_el2);
}

/*
 * The guest's FP/SVE state is loaded lazily, on its first trap.  The trap
 * is lifted by the caller; this restores the state.
 */
static inline void __hyp_restore_fpsimd(struct kvm_vcpu *vcpu)
{
	if (vcpu->has_sve) {
		/* ZCR_ELx.LEN needs no isb before SVE use: ordered */
		write_sysreg_el1(vcpu_sys_reg(vcpu, ZCR), SYS_ZCR);
		write_sysreg_s(vcpu->sve_vq - 1, SYS_ZCR_EL2);
		__sve_restore_state(vcpu->sve_state, &vcpu->fpsr);
	} else {
		__fpsimd_restore_state(vcpu->ctxt.regs);
	}
	vcpu->fp_enabled = true;
}

/* Save the guest's EL1 physical timer. */
static inline void __timer_save_state(struct kvm_vcpu *vcpu)
{
	vcpu_sys_reg(vcpu, CNTP_CTL) = read_sysreg_el0(SYS_CNTP_CTL);
	vcpu_sys_reg(vcpu, CNTP_CVAL) = read_sysreg_el0(SYS_CNTP_CVAL);
}

static inline void __sysreg_restore_el2_return_state(struct kvm_cpu_context *ctxt)
{
	write_sysreg(ctxt->elr_el2, elr_el2);
	write_sysreg(ctxt->spsr_el2, spsr_el2);
}

#endif
