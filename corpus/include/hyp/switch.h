/* SPDX-License-Identifier: GPL-2.0 */
/*
 * World-switch helpers shared by the nVHE and VHE objects.  Like most of a
 * real world switch they are static inline, so each object's copy is
 * analysed under that object's configuration.
 */
#ifndef __CORPUS_HYP_SWITCH_H
#define __CORPUS_HYP_SWITCH_H

#include <asm/kvm_hyp.h>

/*
 * VTTBR_EL2 carries the VMID that guest TLB maintenance uses.  Only CPUs
 * with the speculative-AT erratum get an isb here; a caller that issues a
 * TLBI in this context synchronizes on its own.
 */
static inline void __load_stage2(struct kvm_s2_mmu *mmu)
{
	write_sysreg(mmu->vtcr, vtcr_el2);
	write_sysreg(mmu->vttbr, vttbr_el2);
	asm volatile(ALTERNATIVE("nop", "isb",
				 ARM64_WORKAROUND_SPECULATIVE_AT));
}

static inline void __activate_traps_common(struct kvm_vcpu *vcpu)
{
	write_sysreg(vcpu->mdcr_el2, mdcr_el2);
	/* no trapping of AArch32 CP15 accesses by the primary coprocessor */
	write_sysreg(0, hstr_el2);
}

static inline void __deactivate_traps_common(void)
{
	write_sysreg(kvm_host_data.mdcr_el2, mdcr_el2);
}

/*
 * Lift the FP (and, for an SVE guest, SVE) traps.  Whether an FP/SVE
 * instruction or a ZCR_ELx access traps is decided by these controls, so
 * the write is synchronized before anything relies on it.
 */
static inline void __fpsimd_traps_off(struct kvm_vcpu *vcpu)
{
#ifdef __KVM_VHE_HYPERVISOR__
	u64 set = CPACR_EL1_FPEN;

	if (vcpu->has_sve)
		set |= CPACR_EL1_ZEN;
	sysreg_clear_set(cpacr_el1, 0, set);
#else
	u64 clr = CPTR_EL2_TFP;

	if (vcpu->has_sve)
		clr |= CPTR_EL2_TZ;
	sysreg_clear_set(cptr_el2, clr, 0);
#endif
	isb();
}

/*
 * The guest's FP/SVE state is loaded lazily, on its first FP/SVE trap:
 * save the host's, load the guest's.
 */
static inline bool kvm_hyp_handle_fpsimd(struct kvm_vcpu *vcpu)
{
	__fpsimd_traps_off(vcpu);
	__fpsimd_save_state(kvm_host_data.fp_regs);

	if (vcpu->has_sve) {
		/*
		 * ZCR_ELx.LEN is read by SVE instructions in program order
		 * with its writes: no isb between these writes and the
		 * restore that uses the new vector length.
		 */
		write_sysreg_el1(__vcpu_sys_reg(vcpu, ZCR_EL1), SYS_ZCR);
		write_sysreg_s(vcpu->sve_vq - 1, SYS_ZCR_EL2);
		__sve_restore_state(vcpu->sve_state, &vcpu->fpsr);
	} else {
		__fpsimd_restore_state(vcpu->fp_regs);
	}
	vcpu->fp_enabled = true;
	return true;
}

/* After the guest: its FP/SVE state, while the traps are still lifted. */
static inline void __hyp_save_fpsimd(struct kvm_vcpu *vcpu)
{
	if (!vcpu->fp_enabled)
		return;

	if (vcpu->has_sve) {
		__vcpu_sys_reg(vcpu, ZCR_EL1) = read_sysreg_el1(SYS_ZCR);
		__sve_save_state(vcpu->sve_state, &vcpu->fpsr);
	} else {
		__fpsimd_save_state(vcpu->fp_regs);
	}
	vcpu->fp_enabled = false;
}

/*
 * Exits handled without going back to the host.  Returns true when the
 * guest can be re-entered at once.
 */
static inline bool fixup_guest_exit(struct kvm_vcpu *vcpu, u64 *exit_code)
{
	u64 esr;

	if (*exit_code != ARM_EXCEPTION_TRAP)
		return false;

	esr = read_sysreg(esr_el2);
	switch (ESR_ELx_EC(esr)) {
	case ESR_ELx_EC_SVE:
		/* undefined for a guest without SVE: the host injects it */
		if (!vcpu->has_sve)
			return false;
		return kvm_hyp_handle_fpsimd(vcpu);
	case ESR_ELx_EC_FP_ASIMD:
		return kvm_hyp_handle_fpsimd(vcpu);
	default:
		return false;
	}
}

/* nvhe/switch.c: one guest exit, handled or returned to the host */
u64 __kvm_vcpu_exit_once(struct kvm_vcpu *vcpu, int kind);

#endif
