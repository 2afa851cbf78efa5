// SPDX-License-Identifier: GPL-2.0
/*
 * nVHE timer traps: the host gets direct access to the physical timer and
 * counter, the guest does not.  CNTHCTL_EL2's layout depends on E2H, which
 * never changes in an nVHE object, so its writes need no isb after HCR_EL2.
 */
#include <asm/kvm_hyp.h>

#define CNTHCTL_EL1PCTEN	BIT(0)
#define CNTHCTL_EL1PCEN		BIT(1)

void __timer_enable_traps(struct kvm_vcpu *vcpu);
void __timer_disable_traps(struct kvm_vcpu *vcpu);

void __timer_enable_traps(struct kvm_vcpu *vcpu)
{
	u64 clr = CNTHCTL_EL1PCEN, set = CNTHCTL_EL1PCTEN;

	if (vcpu->timer_offset)
		set = 0;
	sysreg_clear_set(cnthctl_el2, clr, set);
}

void __timer_disable_traps(struct kvm_vcpu *vcpu)
{
	(void)vcpu;
	sysreg_clear_set(cnthctl_el2, 0, CNTHCTL_EL1PCTEN | CNTHCTL_EL1PCEN);
}
