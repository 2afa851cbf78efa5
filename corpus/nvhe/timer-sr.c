// SPDX-License-Identifier: GPL-2.0
/*
 * nVHE timer traps: the host has direct access to the physical counter and
 * timer, a guest does not.  CNTHCTL_EL2's layout depends on HCR_EL2.E2H,
 * which never changes in an nVHE object, so these writes need no isb after
 * an HCR_EL2 write.
 */
#include <asm/kvm_hyp.h>

void __timer_enable_traps(struct kvm_vcpu *vcpu)
{
	u64 clr = CNTHCTL_EL1PCEN;
	u64 set = CNTHCTL_EL1PCTEN;

	/* an offset counter must not be bypassed by a direct read */
	if (vcpu->timer_offset) {
		clr |= CNTHCTL_EL1PCTEN;
		set = 0;
	}
	write_sysreg(vcpu->timer_offset, cntvoff_el2);
	sysreg_clear_set(cnthctl_el2, clr, set);
}

void __timer_disable_traps(void)
{
	sysreg_clear_set(cnthctl_el2, 0, CNTHCTL_EL1PCTEN | CNTHCTL_EL1PCEN);
}
