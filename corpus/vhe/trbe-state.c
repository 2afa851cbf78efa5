// SPDX-License-Identifier: GPL-2.0
/*
 * VHE: the host's trace buffer unit stays enabled across the world switch
 * and that is correct.  The host owns it at EL2 (MDCR_EL2.E2TB), in the
 * EL2&0 regime, which the switch leaves alone: only the guest's EL1&0
 * regime and stage 2 change, and trace is prohibited in the guest by
 * TRFCR_EL1 through its EL12 alias.  trbe-off-at-regime-switch applies
 * only where the kernel may run without VHE, so nothing here is reported.
 */
#include <hyp/seeded.h>
#include <hyp/switch.h>

void trbe_case_vhe_enabled(struct kvm_vcpu *vcpu)
{
	if (read_sysreg_s(SYS_TRBLIMITR_EL1) & TRBLIMITR_EL1_E) {
		write_sysreg_el1(0, SYS_TRFCR);
		isb();
		tsb_csync();
	}
	__load_stage2(vcpu->mmu);
	write_sysreg(vcpu->hcr_el2, hcr_el2);
}
