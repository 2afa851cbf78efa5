// SPDX-License-Identifier: GPL-2.0
/*
 * Seeded bugs, VHE.  Each function is a sequence from the clean world
 * switch with its synchronization missing; the line isbcheck must report
 * carries an "expect:" comment naming the rule.
 */
#include <hyp/seeded.h>
#include <hyp/switch.h>

/* Clears TGE and returns without synchronizing: the caller must. */
static u64 __enter_guest_regime(void)
{
	u64 hcr = read_sysreg(hcr_el2);

	write_sysreg(hcr & ~HCR_TGE, hcr_el2);
	return hcr;
}

/* The TLBI may still act on the host's EL2&0 regime. */
void seeded_tlb_tge_in_helper(void)
{
	u64 hcr = __enter_guest_regime();

	__tlbi(vmalle1is);	/* expect: hcr-tge-tlbi-at */
	dsb(ish);
	write_sysreg(hcr, hcr_el2);
	isb();
}

/* An isb that only some CPUs get does not synchronize on the others. */
void seeded_tlb_tge_alternative_isb(void)
{
	u64 hcr = read_sysreg(hcr_el2);

	write_sysreg(hcr & ~HCR_TGE, hcr_el2);
	asm volatile(ALTERNATIVE("nop", "isb", ARM64_WORKAROUND_SPECULATIVE_AT));
	__tlbi(vmalle1is);	/* expect: hcr-tge-tlbi-at */
	dsb(ish);
	write_sysreg(hcr, hcr_el2);
	isb();
}

/* SRE=0 is only allowed once IMO/FMO/AMO are in effect. */
void seeded_vgic_xmo_then_sre(void)
{
	write_sysreg(read_sysreg(hcr_el2) | HCR_IMO | HCR_FMO | HCR_AMO,
		     hcr_el2);
	write_sysreg_s(0, SYS_ICC_SRE_EL1);	/* expect: hcr-xmo-icc-sre */
	isb();
}

/* PAR_EL1 may not hold the AT result yet. */
u64 seeded_at_then_par(u64 va)
{
	__at(s1e1r, va);
	return read_sysreg(par_el1);	/* expect: at-par */
}

/* Stage 2 enabled, then a stage 1+2 walk that may not use it. */
void seeded_vm_then_at(struct kvm_vcpu *vcpu, u64 ipa)
{
	write_sysreg(vcpu->hcr_el2 | HCR_VM, hcr_el2);
	__at(s12e1r, ipa);	/* expect: hcr-vm-at */
	isb();
}

/* With E2H=1, ELR_EL1 names ELR_EL2: a different encoding, not ordered. */
u64 seeded_elr_alias(u64 pc)
{
	write_sysreg(pc, elr_el2);
	return read_sysreg(elr_el1);	/* expect: e2h-accessor-alias */
}
