// SPDX-License-Identifier: GPL-2.0
/*
 * nVHE: the host's statistical profiling (SPE) and trace (TRBE) buffers
 * are owned by EL1, where the guest is about to run.  Both are drained and
 * turned off before the guest's EL1 context is loaded, and turned back on
 * once the host's is back.
 */
#include <asm/kvm_hyp.h>

static void __debug_save_spe(struct kvm_host_data *host)
{
	if (!host->has_spe)
		return;

	/*
	 * Profiling prohibited; the prohibition synchronized, so that the
	 * PSB CSYNC covers every sampled instruction before it; the sample
	 * records written out (dsb); then the buffer disabled.
	 */
	host->pmscr_el1 = read_sysreg_el1(SYS_PMSCR);
	write_sysreg_el1(0, SYS_PMSCR);
	isb();
	psb_csync();
	dsb(nsh);

	host->pmblimitr_el1 = read_sysreg_s(SYS_PMBLIMITR_EL1);
	write_sysreg_s(0, SYS_PMBLIMITR_EL1);
	/* the buffer must be off before its status is changed under it */
	isb();
	host->pmbsr_el1 = read_sysreg_s(SYS_PMBSR_EL1);
	write_sysreg_s(0, SYS_PMBSR_EL1);
}

static void __debug_restore_spe(struct kvm_host_data *host)
{
	if (!host->has_spe)
		return;

	write_sysreg_s(host->pmbsr_el1, SYS_PMBSR_EL1);
	/* status and owner (MDCR_EL2.E2PB) settled before the buffer */
	isb();
	write_sysreg_s(host->pmblimitr_el1, SYS_PMBLIMITR_EL1);
	isb();
	write_sysreg_el1(host->pmscr_el1, SYS_PMSCR);
}

static void __debug_save_trace(struct kvm_host_data *host)
{
	u64 limit;

	host->trbe_saved = false;
	if (!host->has_trbe)
		return;

	/*
	 * Trace prohibited, the prohibition synchronized, then the trace
	 * generated before it drained into the buffer: isb, then tsb csync,
	 * in that order.
	 */
	host->trfcr_el1 = read_sysreg_el1(SYS_TRFCR);
	write_sysreg_el1(0, SYS_TRFCR);
	isb();
	tsb_csync();
	dsb(nsh);

	/*
	 * An enabled trace buffer unit may keep walking the host's tables
	 * once the guest's are loaded: disable it, and synchronize before
	 * touching its other registers.
	 */
	limit = read_sysreg_s(SYS_TRBLIMITR_EL1);
	if (!(limit & TRBLIMITR_EL1_E))
		return;
	host->trblimitr_el1 = limit;
	write_sysreg_s(0, SYS_TRBLIMITR_EL1);
	isb();
	host->trbsr_el1 = read_sysreg_s(SYS_TRBSR_EL1);
	write_sysreg_s(0, SYS_TRBSR_EL1);
	host->trbe_saved = true;
}

static void __debug_restore_trace(struct kvm_host_data *host)
{
	if (!host->has_trbe)
		return;

	if (host->trbe_saved) {
		/*
		 * The status, and the owner in MDCR_EL2.E2TB (restored by
		 * the caller), must be in effect before the unit is enabled.
		 */
		write_sysreg_s(host->trbsr_el1, SYS_TRBSR_EL1);
		isb();
		write_sysreg_s(host->trblimitr_el1, SYS_TRBLIMITR_EL1);
	}
	write_sysreg_el1(host->trfcr_el1, SYS_TRFCR);
	isb();
}

void __debug_save_host_buffers_nvhe(struct kvm_host_data *host)
{
	__debug_save_spe(host);
	__debug_save_trace(host);
}

void __debug_restore_host_buffers_nvhe(struct kvm_host_data *host)
{
	__debug_restore_spe(host);
	__debug_restore_trace(host);
}
