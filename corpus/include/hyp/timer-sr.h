/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest's EL1 physical timer, switched with the vCPU.  In a VHE object
 * it is reached through the CNTP_*_EL02 aliases, which depend on HCR_EL2.E2H
 * alone.  HCR_EL2.TGE changes when the timer fires, not what CVAL holds, so
 * these accesses need no isb after a TGE flip.
 */
#ifndef __CORPUS_HYP_TIMER_SR_H
#define __CORPUS_HYP_TIMER_SR_H

#include <asm/kvm_hyp.h>

#define CNTP_CTL_ENABLE		BIT(0)

static inline void __timer_save_state(struct kvm_vcpu *vcpu)
{
	u64 ctl = read_sysreg_el0(SYS_CNTP_CTL);

	__vcpu_sys_reg(vcpu, CNTP_CTL_EL0) = ctl;
	__vcpu_sys_reg(vcpu, CNTP_CVAL_EL0) = read_sysreg_el0(SYS_CNTP_CVAL);

	/* the host takes over; the guest's timer must not fire meanwhile */
	if (ctl & CNTP_CTL_ENABLE)
		write_sysreg_el0(0, SYS_CNTP_CTL);
}

static inline void __timer_restore_state(struct kvm_vcpu *vcpu)
{
	write_sysreg_el0(__vcpu_sys_reg(vcpu, CNTP_CVAL_EL0), SYS_CNTP_CVAL);
	write_sysreg_el0(__vcpu_sys_reg(vcpu, CNTP_CTL_EL0), SYS_CNTP_CTL);
}

#endif
