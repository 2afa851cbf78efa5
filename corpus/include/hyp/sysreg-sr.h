/* SPDX-License-Identifier: GPL-2.0 */
/*
 * EL1 context save and restore.  In an nVHE object these are the EL1
 * registers themselves; in a VHE object the same code goes through the
 * EL12 aliases (see read_sysreg_el1()).
 */
#ifndef __CORPUS_HYP_SYSREG_SR_H
#define __CORPUS_HYP_SYSREG_SR_H

#include <asm/kvm_hyp.h>

static inline void __sysreg_save_el1_state(struct kvm_cpu_context *ctxt)
{
	ctxt_sys_reg(ctxt, SCTLR_EL1) = read_sysreg_el1(SYS_SCTLR);
	ctxt_sys_reg(ctxt, TCR_EL1) = read_sysreg_el1(SYS_TCR);
	ctxt_sys_reg(ctxt, TTBR0_EL1) = read_sysreg_el1(SYS_TTBR0);
	ctxt_sys_reg(ctxt, MAIR_EL1) = read_sysreg_el1(SYS_MAIR);
}

/*
 * Registers of the EL1&0 regime written at EL2 take effect for that regime
 * at the exception return into it: no isb is needed for the guest's sake.
 *
 * CPUs with the speculative-AT erratum may walk the EL1&0 regime while it
 * is half switched (nVHE: the host's and the guest's share it).  There a
 * guest's state goes in with its stage-1 walks disabled (the host's
 * SCTLR_EL1.M is 1), synchronized before the caller changes the stage 2;
 * __activate_traps() restores SCTLR_EL1 and then TCR_EL1 once the stage 2
 * is in place.  The host's comes back after its own stage 2: SCTLR_EL1,
 * synchronized, then TCR_EL1, which turns its walks back on.
 */
static inline void __sysreg_restore_el1_state(struct kvm_cpu_context *ctxt,
					      bool guest)
{
	write_sysreg_el1(ctxt_sys_reg(ctxt, MAIR_EL1), SYS_MAIR);
	write_sysreg_el1(ctxt_sys_reg(ctxt, TTBR0_EL1), SYS_TTBR0);

	if (!has_vhe() && cpus_have_final_cap(ARM64_WORKAROUND_SPECULATIVE_AT)) {
		if (guest) {
			write_sysreg_el1(ctxt_sys_reg(ctxt, TCR_EL1) |
					 TCR_EPD0 | TCR_EPD1, SYS_TCR);
			isb();
			return;
		}
		write_sysreg_el1(ctxt_sys_reg(ctxt, SCTLR_EL1), SYS_SCTLR);
		isb();
		write_sysreg_el1(ctxt_sys_reg(ctxt, TCR_EL1), SYS_TCR);
		return;
	}

	write_sysreg_el1(ctxt_sys_reg(ctxt, TCR_EL1), SYS_TCR);
	write_sysreg_el1(ctxt_sys_reg(ctxt, SCTLR_EL1), SYS_SCTLR);
}

static inline void __sysreg_save_el2_return_state(struct kvm_cpu_context *ctxt)
{
	ctxt->elr_el2 = read_sysreg(elr_el2);
	ctxt->spsr_el2 = read_sysreg(spsr_el2);
}

/*
 * ELR_EL2 and SPSR_EL2 are special-purpose registers: their accesses are
 * ordered in program order, up to the eret that consumes them.
 */
static inline void
__sysreg_restore_el2_return_state(struct kvm_cpu_context *ctxt)
{
	write_sysreg(ctxt->elr_el2, elr_el2);
	write_sysreg(ctxt->spsr_el2, spsr_el2);
}

#endif
