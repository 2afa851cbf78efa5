// SPDX-License-Identifier: GPL-2.0
/*
 * Seeded bugs, VHE.  The conventions are those of nvhe/seeded.c.
 */
#include <hyp/seeded.h>
#include <hyp/switch.h>

/* Clears TGE and returns without synchronizing: its callers must. */
static u64 __enter_guest_regime(void)
{
	u64 hcr = read_sysreg(hcr_el2);

	write_sysreg(hcr & ~HCR_TGE, hcr_el2);
	return hcr;
}

/*
 * The TLBI may act on the host's EL2&0 regime.  Fix: isb() after the call.
 */
void seeded_tlb_tge_in_helper(void)
{
	u64 hcr = __enter_guest_regime();

	__tlbi(vmalle1is); /* expect: hcr-tge-tlbi-at */
	dsb(ish);
	write_sysreg(hcr, hcr_el2);
	isb();
}

/*
 * The only isb is one side of an alternative: CPUs without the capability
 * run the nop.  Fix: an unconditional isb().
 */
void seeded_tlb_tge_alternative_isb(void)
{
	u64 hcr = read_sysreg(hcr_el2);

	write_sysreg(hcr & ~HCR_TGE, hcr_el2);
	asm volatile(ALTERNATIVE("nop", "isb",
				 ARM64_WORKAROUND_SPECULATIVE_AT));
	__tlbi(vmalle1is); /* expect: hcr-tge-tlbi-at */
	dsb(ish);
	write_sysreg(hcr, hcr_el2);
	isb();
}

/*
 * ICC_SRE_EL1.SRE=0 only sticks once IMO/FMO/AMO are in effect.  Fix:
 * isb() between the two writes.
 */
void seeded_vgic_xmo_then_sre(void)
{
	write_sysreg(read_sysreg(hcr_el2) | HCR_IMO | HCR_FMO | HCR_AMO,
		     hcr_el2);
	write_sysreg_s(0, SYS_ICC_SRE_EL1); /* expect: hcr-xmo-icc-sre */
	isb();
}

/*
 * PAR_EL1 may not hold the AT result yet.  Fix: isb() between the AT and
 * the read.
 */
u64 seeded_at_then_par(u64 va)
{
	__at(s1e1r, va);
	return read_sysreg(par_el1); /* expect: at-par */
}

/*
 * Stage 2 enabled, then a stage 1+2 walk that may run without it.  Fix:
 * isb() before the AT.
 */
void seeded_vm_then_at(struct kvm_vcpu *vcpu, u64 ipa)
{
	write_sysreg(read_sysreg(hcr_el2) | HCR_VM, hcr_el2);
	__at(s12e1r, ipa); /* expect: hcr-vm-at */
	isb();
}

/*
 * With E2H=1, ELR_EL1 names ELR_EL2, through another encoding: the read is
 * not ordered with the write and may return the old value.  Fix: isb()
 * between them, or read it back as elr_el2.
 */
u64 seeded_elr_alias(u64 pc)
{
	write_sysreg(pc, elr_el2);
	return read_sysreg(elr_el1); /* expect: e2h-accessor-alias */
}

/*
 * The traps are lifted with a write that only happens when CPACR_EL1
 * changes, and the SVE state is restored without synchronizing it.  Fix:
 * isb() after sysreg_clear_set().
 */
void seeded_cpacr_may_write_then_sve(struct kvm_vcpu *vcpu)
{
	void *sve = vcpu->sve_state;

	sysreg_clear_set(cpacr_el1, 0, CPACR_EL1_FPEN | CPACR_EL1_ZEN);
	__sve_restore_state(sve, &vcpu->fpsr); /* expect: fpsimd-trap-enable, sve-trap-enable */
}
