// SPDX-License-Identifier: GPL-2.0
/*
 * VHE world switch: the host kernel itself runs at EL2 with E2H=1, so
 * entering the guest clears TGE and leaving it sets TGE again.
 */
#include <hyp/debug-sr.h>
#include <hyp/switch.h>

int __kvm_vcpu_run_vhe(struct kvm_vcpu *vcpu);
void kvm_vcpu_fpsimd_trap(struct kvm_vcpu *vcpu);

extern char __kvm_hyp_vector[];

static void __activate_traps(struct kvm_vcpu *vcpu)
{
	u64 val = read_sysreg(cpacr_el1);	/* CPTR_EL2, E2H layout */

	__activate_traps_common(vcpu);
	if (!vcpu->fp_enabled)
		val &= ~(CPACR_EL1_FPEN | CPACR_EL1_ZEN);
	write_sysreg(val, cpacr_el1);

	write_sysreg(vcpu->hcr_el2 | HCR_E2H, hcr_el2);
	write_sysreg(__kvm_hyp_vector, vbar_el1);	/* VBAR_EL2 under E2H */
}

static void __deactivate_traps(struct kvm_vcpu *vcpu)
{
	/*
	 * Back to the host: TGE goes to 1 and E2H stays 1.  The timer state
	 * saved right after reads CVAL through the EL02 alias, which depends
	 * on E2H only; the stored CVAL does not depend on TGE.  No isb is
	 * needed between the two.
	 */
	write_sysreg(HCR_HOST_VHE_FLAGS, hcr_el2);
	__timer_save_state(vcpu);

	__deactivate_traps_common();
	write_sysreg(read_sysreg(cpacr_el1) | CPACR_EL1_FPEN, cpacr_el1);
	write_sysreg(__kvm_hyp_vector, vbar_el1);
}

void kvm_vcpu_fpsimd_trap(struct kvm_vcpu *vcpu)
{
	write_sysreg(read_sysreg(cpacr_el1) | CPACR_EL1_FPEN | CPACR_EL1_ZEN,
		     cpacr_el1);
	isb();
	__hyp_restore_fpsimd(vcpu);
}

int __kvm_vcpu_run_vhe(struct kvm_vcpu *vcpu)
{
	u64 exit_code;

	__load_stage2(vcpu->mmu);
	__activate_traps(vcpu);
	__sysreg_restore_el2_return_state(&vcpu->ctxt);

	for (;;) {
		exit_code = __guest_enter(vcpu);
		if (exit_code != 0)
			break;
		kvm_vcpu_fpsimd_trap(vcpu);
	}

	__deactivate_traps(vcpu);
	switch (exit_code) {
	case 1:
	case 2:
		return 1;
	case 3:
		hyp_panic();
	default:
		return 0;
	}
}
