/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Self-hosted trace (TRBE) and statistical profiling (SPE) owned by the
 * host: drained and disabled around the guest, restored after it.
 */
#ifndef __CORPUS_HYP_DEBUG_SR_H
#define __CORPUS_HYP_DEBUG_SR_H

#include <asm/kvm_hyp.h>

/*
 * Switching the trace buffer out: prohibit trace, synchronize so the trace
 * unit sees it, drain, disable the buffer, synchronize so the unit is off
 * before anything it uses changes.
 */
static inline void __trace_switch_to_guest(struct kvm_host_data *host)
{
	host->trfcr_el1 = read_sysreg_el1(SYS_TRFCR);
	write_sysreg_el1(0, SYS_TRFCR);
	isb();
	tsb_csync();

	if (!host->trbe_enabled)
		return;
	host->trblimitr_el1 = read_sysreg_s(SYS_TRBLIMITR_EL1);
	if (!(host->trblimitr_el1 & TRBLIMITR_EL1_E))
		return;
	write_sysreg_s(0, SYS_TRBLIMITR_EL1);
	isb();
}

/*
 * Switching in: the buffer's owner (MDCR_EL2.E2TB, restored by the caller)
 * and registers first, a CSE, then enable.
 */
static inline void __trace_switch_to_host(struct kvm_host_data *host)
{
	isb();
	if (host->trbe_enabled && (host->trblimitr_el1 & TRBLIMITR_EL1_E))
		write_sysreg_s(host->trblimitr_el1, SYS_TRBLIMITR_EL1);
	write_sysreg_el1(host->trfcr_el1, SYS_TRFCR);
	isb();
}

static inline void __spe_switch_to_guest(struct kvm_host_data *host)
{
	if (!host->spe_enabled)
		return;
	host->pmscr_el1 = read_sysreg_el1(SYS_PMSCR);
	write_sysreg_el1(0, SYS_PMSCR);
	isb();
	psb_csync();
	dsb(nsh);
	host->pmblimitr_el1 = read_sysreg_s(SYS_PMBLIMITR_EL1);
	write_sysreg_s(0, SYS_PMBLIMITR_EL1);
	isb();
}

static inline void __spe_switch_to_host(struct kvm_host_data *host)
{
	if (!host->spe_enabled)
		return;
	write_sysreg_s(host->pmblimitr_el1, SYS_PMBLIMITR_EL1);
	isb();
	write_sysreg_el1(host->pmscr_el1, SYS_PMSCR);
}

#endif
