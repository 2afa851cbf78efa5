// SPDX-License-Identifier: GPL-2.0
/*
 * GICv3 CPU interface traps around a guest.  A guest that uses the
 * memory-mapped interface (SRE off) needs ICC_SRE_EL1.SRE cleared, which
 * the architecture only allows while HCR_EL2.{IMO,FMO,AMO} are in effect.
 */
#include <asm/kvm_hyp.h>

#define ICH_HCR_EN	BIT(0)
#define ICC_SRE_EL1_SRE	BIT(0)

void __vgic_v3_activate_traps(struct kvm_vcpu *vcpu);
void __vgic_v3_deactivate_traps(struct kvm_vcpu *vcpu);

void __vgic_v3_activate_traps(struct kvm_vcpu *vcpu)
{
	if (vcpu->sre_off) {
		write_sysreg(read_sysreg(hcr_el2) | HCR_IMO | HCR_FMO | HCR_AMO,
			     hcr_el2);
		isb();
		write_sysreg_s(0, SYS_ICC_SRE_EL1);
		isb();	/* VMCR.VFIQEn is RES1 while SRE is 1 */
		write_sysreg_s(vcpu_sys_reg(vcpu, ICH_VMCR), SYS_ICH_VMCR_EL2);
	}
	write_sysreg_s(ICH_HCR_EN, SYS_ICH_HCR_EL2);
}

void __vgic_v3_deactivate_traps(struct kvm_vcpu *vcpu)
{
	u64 val = read_sysreg_s(SYS_ICC_SRE_EL2);

	/* SRE must be in effect before the ICH_* registers are used */
	write_sysreg_s(val | ICC_SRE_EL2_SRE | ICC_SRE_EL2_ENABLE,
		       SYS_ICC_SRE_EL2);
	isb();
	vcpu_sys_reg(vcpu, ICH_VMCR) = read_sysreg_s(SYS_ICH_VMCR_EL2);
	write_sysreg_s(0, SYS_ICH_HCR_EL2);

	if (vcpu->sre_off) {
		write_sysreg_s(ICC_SRE_EL1_SRE, SYS_ICC_SRE_EL1);
		isb();
		write_sysreg(read_sysreg(hcr_el2) & ~(HCR_IMO | HCR_FMO | HCR_AMO),
			     hcr_el2);
	}
}
