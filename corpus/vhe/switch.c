// SPDX-License-Identifier: GPL-2.0
/*
 * VHE world switch.  The host kernel itself runs at EL2 with E2H=1 and
 * TGE=1: entering a guest clears TGE, leaving it sets TGE again, and E2H
 * stays 1 throughout.  The guest's EL1 and timer registers are reached
 * through the EL12/EL02 aliases.
 */
#include <hyp/debug-sr.h>
#include <hyp/switch.h>
#include <hyp/sysreg-sr.h>
#include <hyp/timer-sr.h>

extern char __kvm_hyp_vector[];
extern char vectors[];

static void __activate_traps(struct kvm_vcpu *vcpu)
{
	u64 cpacr;

	__activate_traps_common(vcpu);

	/* FP and SVE trap to EL2 until the guest first uses them */
	cpacr = read_sysreg(cpacr_el1);
	cpacr &= ~(CPACR_EL1_FPEN | CPACR_EL1_ZEN);
	write_sysreg(cpacr, cpacr_el1);

	/*
	 * TGE goes to 0.  The guest timer is restored right after with no
	 * isb: the EL02 aliases need E2H only, and CVAL holds what is
	 * written whatever TGE is.  VBAR is read by the exception entry,
	 * after that entry has synchronized.
	 */
	write_sysreg(vcpu->hcr_el2, hcr_el2);
	__timer_restore_state(vcpu);
	write_sysreg(__kvm_hyp_vector, vbar_el1);
}

static void __deactivate_traps(struct kvm_vcpu *vcpu)
{
	/*
	 * Back to the host: TGE goes to 1 and E2H stays 1.  The timer save
	 * that follows reads CVAL through CNTP_CVAL_EL02 before any isb.
	 * That is correct: the alias depends on E2H only, and the stored
	 * CVAL does not depend on TGE.
	 */
	write_sysreg(HCR_HOST_VHE_FLAGS, hcr_el2);
	__timer_save_state(vcpu);

	__deactivate_traps_common();
	write_sysreg(read_sysreg(cpacr_el1) | CPACR_EL1_FPEN, cpacr_el1);
	write_sysreg(vectors, vbar_el1);
}

u64 __kvm_vcpu_run_vhe(struct kvm_vcpu *vcpu)
{
	u64 exit_code;

	__sysreg_restore_el1_state(&vcpu->ctxt, true);
	__load_stage2(vcpu->mmu);
	__activate_traps(vcpu);
	__debug_switch_to_guest_common(vcpu);

	/* ELR_EL2 and SPSR_EL2 are consumed by the guest entry's eret */
	__sysreg_restore_el2_return_state(&vcpu->ctxt);

	for (;;) {
		exit_code = __guest_enter(vcpu);
		if (!fixup_guest_exit(vcpu, &exit_code))
			break;
	}

	__sysreg_save_el2_return_state(&vcpu->ctxt);
	__hyp_save_fpsimd(vcpu);
	__sysreg_save_el1_state(&vcpu->ctxt);
	__debug_switch_to_host_common(vcpu);
	__deactivate_traps(vcpu);

	switch (exit_code) {
	case ARM_EXCEPTION_IRQ:
	case ARM_EXCEPTION_TRAP:
		break;
	case ARM_EXCEPTION_EL1_SERROR:
		/* the host handles it as an exit like any other */
		exit_code = ARM_EXCEPTION_TRAP;
		break;
	default:
		hyp_panic();
	}
	return exit_code;
}

/*
 * Install the hypervisor's vectors through the EL2 name and check them
 * through the EL1 name the host kernel uses.  With E2H=1 both names reach
 * VBAR_EL2, but through different encodings, which are not ordered with
 * each other: the isb makes the write visible to the read.
 */
void __kvm_vhe_set_vectors(void *base)
{
	write_sysreg(base, vbar_el2);
	isb();
	if (read_sysreg(vbar_el1) != (u64)base)
		hyp_panic();
}
