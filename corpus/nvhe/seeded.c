// SPDX-License-Identifier: GPL-2.0
/*
 * Seeded bugs, nVHE.  Each function is a sequence from the clean world
 * switch with its synchronization missing or in the wrong order; the line
 * isbcheck must report carries an "expect:" comment naming the rule.
 */
#include <hyp/seeded.h>
#include <hyp/switch.h>

#define ICH_HCR_EN	BIT(0)

/* FP/SVE traps lifted, then ZCR_EL2 written: the write may still trap. */
void seeded_fpsimd_no_isb(struct kvm_vcpu *vcpu)
{
	write_sysreg(read_sysreg(cptr_el2) & ~(CPTR_EL2_TFP | CPTR_EL2_TZ),
		     cptr_el2);
	write_sysreg_s(vcpu->sve_vq - 1, SYS_ZCR_EL2);	/* expect: fpsimd-trap-enable */
	__sve_restore_state(vcpu->sve_state, &vcpu->fpsr);	/* expect: fpsimd-trap-enable */
}

/* tsb csync before the isb: the drain may miss trace still in flight. */
void seeded_trbe_drain_out_of_order(struct kvm_host_data *host)
{
	host->trfcr_el1 = read_sysreg_el1(SYS_TRFCR);
	write_sysreg_el1(0, SYS_TRFCR);
	tsb_csync();
	isb();
	write_sysreg_s(0, SYS_TRBLIMITR_EL1);	/* expect: trbe-drain-before-disable */
	isb();
}

/* The buffer pointer is reset while the unit may still be enabled. */
void seeded_trbe_disable_then_ptr(void)
{
	write_sysreg_s(0, SYS_TRBLIMITR_EL1);
	write_sysreg_s(0, SYS_TRBPTR_EL1);	/* expect: trbe-disable-sync */
	isb();
}

/* The unit is enabled before it is guaranteed to see its new pointers. */
void seeded_trbe_enable_too_early(u64 ptr, u64 limit)
{
	write_sysreg_s(ptr, SYS_TRBPTR_EL1);
	write_sysreg_s(ptr, SYS_TRBBASER_EL1);
	write_sysreg_s(limit | TRBLIMITR_EL1_E, SYS_TRBLIMITR_EL1);	/* expect: trbe-enable-sync */
	isb();
}

/* Profiling prohibited and synchronized, but never drained. */
void seeded_spe_no_psb(struct kvm_host_data *host)
{
	host->pmscr_el1 = read_sysreg_el1(SYS_PMSCR);
	write_sysreg_el1(0, SYS_PMSCR);
	isb();
	dsb(nsh);
	write_sysreg_s(0, SYS_PMBLIMITR_EL1);	/* expect: spe-drain-before-disable */
	isb();
}

void seeded_spe_disable_then_ptr(void)
{
	write_sysreg_s(0, SYS_PMBLIMITR_EL1);
	write_sysreg_s(0, SYS_PMBPTR_EL1);	/* expect: spe-disable-sync */
	isb();
}

/*
 * __load_stage2() has an isb only on CPUs with the speculative-AT erratum:
 * everywhere else the TLBI may use the previous VMID.
 */
void seeded_tlb_isb_only_by_alternative(struct kvm_s2_mmu *mmu)
{
	__load_stage2(mmu);
	__tlbi(vmalls12e1is);	/* expect: vttbr-vmid-tlbi */
	dsb(ish);
	isb();
}

/* ICH_HCR_EL2 touched before SRE=1 is in effect. */
void seeded_gic_sre_el2_then_ich(void)
{
	write_sysreg_s(read_sysreg_s(SYS_ICC_SRE_EL2) | ICC_SRE_EL2_SRE,
		       SYS_ICC_SRE_EL2);
	write_sysreg_s(ICH_HCR_EN, SYS_ICH_HCR_EL2);	/* expect: gic-sre-el2-ich */
}

/* VMCR written while ICC_SRE_EL1.SRE may still read as the old value. */
void seeded_gic_sre_el1_then_vmcr(struct kvm_vcpu *vcpu)
{
	write_sysreg_s(0, SYS_ICC_SRE_EL1);
	write_sysreg_s(vcpu_sys_reg(vcpu, ICH_VMCR), SYS_ICH_VMCR_EL2);	/* expect: gic-sre-el1-vmcr */
}
