// SPDX-License-Identifier: GPL-2.0
/*
 * GICv3 CPU interface around a guest.  A guest that uses the memory-mapped
 * interface needs ICC_SRE_EL1.SRE clear, which the GIC architecture only
 * allows while HCR_EL2.{IMO,FMO,AMO} are set.
 */
#include <asm/kvm_hyp.h>

void __vgic_v3_activate_traps(struct kvm_vcpu *vcpu)
{
	if (vcpu->vgic_sre_off) {
		/* the routing that permits SRE=0 must be in effect first */
		write_sysreg(read_sysreg(hcr_el2) | HCR_IMO | HCR_FMO | HCR_AMO,
			     hcr_el2);
		isb();
		write_sysreg_s(0, SYS_ICC_SRE_EL1);
		/* ICH_VMCR_EL2.VFIQEn is RES1 until SRE=0 takes effect */
		isb();
	}
	write_sysreg_s(__vcpu_sys_reg(vcpu, ICH_VMCR_EL2), SYS_ICH_VMCR_EL2);
	write_sysreg_s(ICH_HCR_EN, SYS_ICH_HCR_EL2);
}

void __vgic_v3_deactivate_traps(struct kvm_vcpu *vcpu)
{
	u64 sre = read_sysreg_s(SYS_ICC_SRE_EL2);

	/* ICH_* are only reachable at EL2 once ICC_SRE_EL2.SRE is in effect */
	if (!(sre & ICC_SRE_EL2_SRE)) {
		write_sysreg_s(sre | ICC_SRE_EL2_SRE, SYS_ICC_SRE_EL2);
		isb();
	}
	__vcpu_sys_reg(vcpu, ICH_VMCR_EL2) = read_sysreg_s(SYS_ICH_VMCR_EL2);
	write_sysreg_s(0, SYS_ICH_HCR_EL2);

	if (!vcpu->vgic_sre_off)
		return;

	/* give the host its system-register interface back, then the routing */
	write_sysreg_s(ICC_SRE_EL1_SRE, SYS_ICC_SRE_EL1);
	isb();
	write_sysreg(read_sysreg(hcr_el2) & ~(HCR_IMO | HCR_FMO | HCR_AMO),
		     hcr_el2);
}
