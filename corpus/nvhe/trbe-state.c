// SPDX-License-Identifier: GPL-2.0
/*
 * The host's trace buffer unit across the nVHE world switch (the rule
 * trbe-off-at-regime-switch).  An enabled unit keeps writing trace through
 * its owner's translation regime even while trace is prohibited, so before
 * the owner (MDCR_EL2.E2TB), the stage 2 or the EL1 translation registers
 * change, TRBLIMITR_EL1.E must be 0 and that write synchronized.
 *
 * Each function is a variant of __debug_save_trace() followed by the
 * first regime write of the switch.  Where the unit's state is not known
 * (nothing read it) isbcheck says nothing: on most CPUs there is no unit.
 */
#include <hyp/seeded.h>
#include <hyp/switch.h>

/* The guest's trace ownership: the first write of the regime switch. */
static inline void trbe_case_switch(struct kvm_vcpu *vcpu)
{
	write_sysreg(vcpu->mdcr_el2, mdcr_el2);
}

/*
 * Trace prohibited and drained, but the buffer left enabled when it was:
 * the unit may still walk the host's tables once the guest's are in.
 * Fix: write 0 to TRBLIMITR_EL1, then isb(), keeping the host's value.
 */
void trbe_case_left_enabled(struct kvm_vcpu *vcpu, struct kvm_host_data *host)
{
	if (read_sysreg_s(SYS_TRBLIMITR_EL1) & TRBLIMITR_EL1_E) {
		host->trfcr_el1 = read_sysreg_el1(SYS_TRFCR);
		write_sysreg_el1(0, SYS_TRFCR);
		isb();
		tsb_csync();
	}
	write_sysreg(vcpu->mdcr_el2, mdcr_el2); /* expect: trbe-off-at-regime-switch */
}

/* The correct sequence: drained, disabled, synchronized; value kept. */
void trbe_case_disabled(struct kvm_vcpu *vcpu, struct kvm_host_data *host)
{
	u64 limit = read_sysreg_s(SYS_TRBLIMITR_EL1);

	if (limit & TRBLIMITR_EL1_E) {
		host->trfcr_el1 = read_sysreg_el1(SYS_TRFCR);
		write_sysreg_el1(0, SYS_TRFCR);
		isb();
		tsb_csync();
		dsb(nsh);
		host->trblimitr_el1 = limit;
		write_sysreg_s(0, SYS_TRBLIMITR_EL1);
		isb();
	}
	trbe_case_switch(vcpu);
}

/* The disable in a helper, called under a flag the read set. */
static void trbe_case_disable(struct kvm_host_data *host)
{
	write_sysreg_s(0, SYS_TRBLIMITR_EL1);
	isb();
}

void trbe_case_flag(struct kvm_vcpu *vcpu, struct kvm_host_data *host)
{
	host->trblimitr_el1 = read_sysreg_s(SYS_TRBLIMITR_EL1);
	host->trbe_saved = host->trblimitr_el1 & TRBLIMITR_EL1_E;
	if (host->trbe_saved)
		trbe_case_disable(host);
	trbe_case_switch(vcpu);
}

/* The value saved in host data through a pointer, and tested there. */
void trbe_case_pointer(struct kvm_vcpu *vcpu, struct kvm_host_data *host)
{
	u64 *saved = &host->trblimitr_el1;

	*saved = read_sysreg_s(SYS_TRBLIMITR_EL1);
	if (*saved & TRBLIMITR_EL1_E) {
		write_sysreg_s(0, SYS_TRBLIMITR_EL1);
		isb();
	}
	trbe_case_switch(vcpu);
}

/*
 * The same with the isb forgotten: the disable may not have taken effect
 * when the owner changes.  Fix: isb() after the TRBLIMITR_EL1 write.
 */
void trbe_case_pointer_no_isb(struct kvm_vcpu *vcpu,
			      struct kvm_host_data *host)
{
	u64 *saved = &host->trblimitr_el1;

	*saved = read_sysreg_s(SYS_TRBLIMITR_EL1);
	if (*saved & TRBLIMITR_EL1_E)
		write_sysreg_s(0, SYS_TRBLIMITR_EL1);
	write_sysreg(vcpu->mdcr_el2, mdcr_el2); /* expect: trbe-off-at-regime-switch */
}

/*
 * Back to the host in the wrong order: its buffer re-enabled while the
 * guest's EL1 regime is still loaded.  Fix: restore the host's EL1
 * context, isb(), and only then TRBLIMITR_EL1.
 */
void trbe_case_restore_early(struct kvm_host_data *host)
{
	struct kvm_cpu_context *ctxt = &host->host_ctxt;

	write_sysreg_s(host->trblimitr_el1, SYS_TRBLIMITR_EL1);
	write_sysreg_el1(ctxt_sys_reg(ctxt, TTBR0_EL1), SYS_TTBR0); /* expect: trbe-off-at-regime-switch */
	write_sysreg_el1(ctxt_sys_reg(ctxt, TCR_EL1), SYS_TCR); /* expect: trbe-off-at-regime-switch+ */
	isb();
}

/* Nothing read the unit's state: not known to be enabled, not reported. */
void trbe_case_unknown(struct kvm_vcpu *vcpu)
{
	trbe_case_switch(vcpu);
}

/*
 * The profiling buffer (SPE) left enabled is not reported: the Arm ARM
 * asks for no such disable before the owning regime changes (see
 * rules/spe.rules); the profiling is stopped and drained.
 */
void trbe_case_spe_enabled(struct kvm_vcpu *vcpu, struct kvm_host_data *host)
{
	if (read_sysreg_s(SYS_PMBLIMITR_EL1) & PMBLIMITR_EL1_E) {
		host->pmscr_el1 = read_sysreg_el1(SYS_PMSCR);
		write_sysreg_el1(0, SYS_PMSCR);
		isb();
		psb_csync();
		dsb(nsh);
	}
	trbe_case_switch(vcpu);
}
