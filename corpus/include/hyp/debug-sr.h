/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest's self-hosted debug state (MDSCR_EL1 and a breakpoint),
 * switched only when the guest has changed it.  These registers are used
 * by EL1 and EL0, after the exception return into them.
 */
#ifndef __CORPUS_HYP_DEBUG_SR_H
#define __CORPUS_HYP_DEBUG_SR_H

#include <asm/kvm_hyp.h>

static inline void __debug_save_state(struct kvm_guest_debug_arch *dbg)
{
	dbg->bcr0 = read_sysreg(dbgbcr0_el1);
	dbg->bvr0 = read_sysreg(dbgbvr0_el1);
	dbg->mdscr_el1 = read_sysreg(mdscr_el1);
}

static inline void __debug_restore_state(struct kvm_guest_debug_arch *dbg)
{
	write_sysreg(dbg->bvr0, dbgbvr0_el1);
	write_sysreg(dbg->bcr0, dbgbcr0_el1);
	write_sysreg(dbg->mdscr_el1, mdscr_el1);
}

static inline void __debug_switch_to_guest_common(struct kvm_vcpu *vcpu)
{
	if (!vcpu->debug_dirty)
		return;
	__debug_save_state(&kvm_host_data.host_debug);
	__debug_restore_state(&vcpu->debug);
}

static inline void __debug_switch_to_host_common(struct kvm_vcpu *vcpu)
{
	if (!vcpu->debug_dirty)
		return;
	__debug_save_state(&vcpu->debug);
	__debug_restore_state(&kvm_host_data.host_debug);
	vcpu->debug_dirty = false;
}

#endif
