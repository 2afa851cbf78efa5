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
 * at the exception return into it: no isb is needed here.
 */
static inline void __sysreg_restore_el1_state(struct kvm_cpu_context *ctxt)
{
	write_sysreg_el1(ctxt_sys_reg(ctxt, MAIR_EL1), SYS_MAIR);
	write_sysreg_el1(ctxt_sys_reg(ctxt, TTBR0_EL1), SYS_TTBR0);
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
