// SPDX-License-Identifier: GPL-2.0
/*
 * nVHE world switch: the host kernel runs at EL1 and calls into EL2 (hvc)
 * to run a guest.  Trap setup, the lazy FP/SVE trap, and the run loop.
 */
#include <hyp/debug-sr.h>
#include <hyp/switch.h>

u64 __kvm_vcpu_run(struct kvm_vcpu *vcpu);
bool kvm_hyp_handle_fpsimd(struct kvm_vcpu *vcpu);

extern char __guest_vectors[];

static void __activate_traps(struct kvm_vcpu *vcpu)
{
	u64 val = CPTR_NVHE_EL2_RES1;

	__activate_traps_common(vcpu);

	/* FP/SVE stay trapped until the guest uses them */
	if (!vcpu->fp_enabled)
		val |= CPTR_EL2_TFP | CPTR_EL2_TZ;
	write_sysreg(val, cptr_el2);

	/*
	 * Nothing between here and the eret into the guest depends on the
	 * new HCR_EL2 value; the eret synchronizes it for the guest.
	 */
	write_sysreg(vcpu->hcr_el2, hcr_el2);
	write_sysreg(__guest_vectors, vbar_el2);
}

static void __deactivate_traps(struct kvm_vcpu *vcpu)
{
	(void)vcpu;
	__deactivate_traps_common();

	/*
	 * HCR_EL2 is not self-synchronizing, and CPTR_EL2 and VBAR_EL2 are
	 * written before any CSE.  That is correct: in an nVHE object E2H
	 * never changes (it selects CPTR_EL2's layout) and TGE is 0, and no
	 * other HCR_EL2 field affects these writes at EL2.
	 */
	write_sysreg(kvm_host_data.hcr_el2, hcr_el2);
	write_sysreg(CPTR_NVHE_EL2_RES1, cptr_el2);
	write_sysreg(kvm_host_data.vbar, vbar_el2);
}

/* The guest's first FP/SVE instruction traps here. */
bool kvm_hyp_handle_fpsimd(struct kvm_vcpu *vcpu)
{
	u64 cptr = read_sysreg(cptr_el2);

	cptr &= ~CPTR_EL2_TFP;
	if (vcpu->has_sve)
		cptr &= ~CPTR_EL2_TZ;
	write_sysreg(cptr, cptr_el2);
	isb();			/* the accesses below must not trap */

	__hyp_restore_fpsimd(vcpu);
	return true;
}

u64 __kvm_vcpu_run(struct kvm_vcpu *vcpu)
{
	struct kvm_host_data *host = &kvm_host_data;
	u64 exit_code;

	__trace_switch_to_guest(host);
	__spe_switch_to_guest(host);
	__load_stage2(vcpu->mmu);
	__activate_traps(vcpu);

	do {
		exit_code = __guest_enter(vcpu);
	} while (exit_code == 0 && kvm_hyp_handle_fpsimd(vcpu));

	__deactivate_traps(vcpu);
	__spe_switch_to_host(host);
	__trace_switch_to_host(host);

	if (unlikely(exit_code > 255))
		hyp_panic();
	return exit_code;
}
