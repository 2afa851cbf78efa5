// SPDX-License-Identifier: GPL-2.0
/*
 * Seeded bugs, nVHE.  Each function is a sequence from the clean world
 * switch with its synchronization missing or in the wrong order.  The line
 * isbcheck must report, the dependent access, carries an "expect:" comment
 * naming the rule; the comment above each function says what the fix is.
 */
#include <hyp/seeded.h>
#include <hyp/switch.h>

/*
 * FP/SVE traps lifted, then ZCR_EL2 and the SVE registers used: both may
 * still trap.  Fix: isb() after the CPTR_EL2 write.
 */
void seeded_fpsimd_no_isb(struct kvm_vcpu *vcpu)
{
	u64 cptr = read_sysreg(cptr_el2);
	u64 len = vcpu->sve_vq - 1;
	void *sve = vcpu->sve_state;

	write_sysreg(cptr & ~(CPTR_EL2_TFP | CPTR_EL2_TZ), cptr_el2);
	write_sysreg_s(len, SYS_ZCR_EL2); /* expect: sve-trap-enable */
	__sve_restore_state(sve, &vcpu->fpsr); /* expect: fpsimd-trap-enable, sve-trap-enable+ */
}

/*
 * The drain is out of order: a tsb csync before the isb does not wait for
 * trace generated before the prohibition took effect.  Fix: isb(), then
 * tsb_csync().
 */
void seeded_trbe_drain_out_of_order(struct kvm_host_data *host)
{
	host->trfcr_el1 = read_sysreg_el1(SYS_TRFCR);
	write_sysreg_el1(0, SYS_TRFCR);
	tsb_csync();
	isb();
	write_sysreg_s(0, SYS_TRBLIMITR_EL1); /* expect: trbe-drain-before-disable */
	isb();
}

/*
 * The write pointer is reset while the unit may still be enabled.  Fix:
 * isb() between disabling the unit and writing TRBPTR_EL1.
 */
void seeded_trbe_disable_then_ptr(u64 base)
{
	write_sysreg_s(0, SYS_TRBLIMITR_EL1);
	write_sysreg_s(base, SYS_TRBPTR_EL1); /* expect: trbe-disable-sync */
	isb();
}

/*
 * The unit is enabled before its new pointers are guaranteed to be in
 * effect.  Fix: isb() before the TRBLIMITR_EL1 write.
 */
void seeded_trbe_enable_too_early(u64 base, u64 limit)
{
	write_sysreg_s(base, SYS_TRBBASER_EL1);
	write_sysreg_s(base, SYS_TRBPTR_EL1);
	limit |= TRBLIMITR_EL1_E;
	write_sysreg_s(limit, SYS_TRBLIMITR_EL1); /* expect: trbe-enable-sync */
	isb();
}

/*
 * Profiling prohibited and synchronized, but never drained (the dsb comes
 * first, waiting for nothing): samples in flight may be lost when the
 * buffer goes off.  Fix: psb_csync(), then a dsb, before the disable.
 */
void seeded_spe_no_psb(struct kvm_host_data *host)
{
	host->pmscr_el1 = read_sysreg_el1(SYS_PMSCR);
	write_sysreg_el1(0, SYS_PMSCR);
	isb();
	dsb(nsh);
	write_sysreg_s(0, SYS_PMBLIMITR_EL1); /* expect: spe-drain-before-disable */
	isb();
}

/*
 * The buffer pointer is moved while the buffer may still be enabled.  Fix:
 * isb() after the PMBLIMITR_EL1 write.
 */
void seeded_spe_disable_then_ptr(u64 base)
{
	write_sysreg_s(0, SYS_PMBLIMITR_EL1);
	write_sysreg_s(base, SYS_PMBPTR_EL1); /* expect: spe-disable-sync */
	isb();
}

/*
 * Relies on __load_stage2()'s isb, which only CPUs with the speculative-AT
 * erratum have: elsewhere the TLBI may use the previous VMID.  Fix: an
 * unconditional isb() before the TLBI.
 */
void seeded_tlb_isb_only_by_alternative(struct kvm_s2_mmu *mmu)
{
	__load_stage2(mmu);
	__tlbi(vmalls12e1is); /* expect: vttbr-vmid-tlbi */
	dsb(ish);
	isb();
}

/*
 * A whole-VMID flush jumps past the isb that the IPA path has.  Fix: the
 * isb() right after __load_stage2(), before the branch.
 */
void seeded_tlb_isb_skipped_by_goto(struct kvm_s2_mmu *mmu, u64 ipa)
{
	__load_stage2(mmu);
	if (!ipa)
		goto flush_vmid;

	isb();
	__tlbi_va(ipas2e1is, ipa >> PAGE_SHIFT);
	dsb(ish);
flush_vmid:
	__tlbi(vmalle1is); /* expect: vttbr-vmid-tlbi+ */
	dsb(ish);
	isb();
}

/*
 * ICH_HCR_EL2 is accessed before ICC_SRE_EL2.SRE=1 is in effect.  Fix:
 * isb() after the ICC_SRE_EL2 write.
 */
void seeded_gic_sre_el2_then_ich(void)
{
	write_sysreg_s(read_sysreg_s(SYS_ICC_SRE_EL2) | ICC_SRE_EL2_SRE,
		       SYS_ICC_SRE_EL2);
	write_sysreg_s(ICH_HCR_EN, SYS_ICH_HCR_EL2); /* expect: gic-sre-el2-ich */
}

/*
 * ICH_VMCR_EL2 is written while ICC_SRE_EL1.SRE may still be 1, when
 * VFIQEn is RES1.  Fix: isb() between the two writes.
 */
void seeded_gic_sre_el1_then_vmcr(struct kvm_vcpu *vcpu)
{
	u64 vmcr = __vcpu_sys_reg(vcpu, ICH_VMCR_EL2);

	write_sysreg_s(0, SYS_ICC_SRE_EL1);
	write_sysreg_s(vmcr, SYS_ICH_VMCR_EL2); /* expect: gic-sre-el1-vmcr */
}

/*
 * Every key is replaced and then used at once: each PAC instruction may
 * still sign with the key it had.  Fix: isb() after the keys are loaded.
 */
u64 seeded_ptrauth_keys_then_sign(const struct ptrauth_keys *keys, u64 lr,
				  u64 sp)
{
	u64 v = __ptrauth_sign_ia(lr, sp);	/* before the write: old key */

	__ptrauth_keys_install(keys);
	v ^= __ptrauth_sign_ia(lr, sp); /* expect: pauth-ia-key */
	v ^= __ptrauth_sign_ib(lr, sp); /* expect: pauth-ib-key */
	v ^= __ptrauth_sign_da(lr, sp); /* expect: pauth-da-key */
	v ^= __ptrauth_sign_db(lr, sp); /* expect: pauth-db-key */
	return v ^ __ptrauth_mac(lr, sp); /* expect: pauth-ga-key */
}

/*
 * SME's trap is lifted and SVCR read at once: the read may still trap.
 * Fix: isb() after the CPTR_EL2 write.
 */
u64 seeded_sme_svcr_no_isb(void)
{
	write_sysreg(read_sysreg(cptr_el2) & ~CPTR_EL2_TSM, cptr_el2);
	return read_sysreg_s(SYS_SVCR); /* expect: sme-trap-enable */
}

/*
 * The fixup lifts the FP trap on the path where it returns false, on
 * which the guest is not re-entered: the FP state saved next may still
 * trap.  Fix: isb() after the CPTR_EL2 write.  (__kvm_vcpu_exit_once()
 * in nvhe/switch.c is the same exit done right.)
 */
static bool seeded_fixup_fp_exit(struct kvm_vcpu *vcpu)
{
	if (vcpu->fp_enabled)
		return true;
	write_sysreg(read_sysreg(cptr_el2) & ~CPTR_EL2_TFP, cptr_el2);
	return false;
}

u64 seeded_exit_fp_not_reentered(struct kvm_vcpu *vcpu, int kind)
{
	/* each kind of exit is handled here only for vCPUs with its features */
	switch (kind) {
	case 0:
		if (!(vcpu_has_feature(vcpu, 0) && vcpu_has_feature(vcpu, 1) &&
		      vcpu_has_feature(vcpu, 2)))
			return 0;
		break;
	case 1:
		if (!(vcpu_has_feature(vcpu, 3) && vcpu_has_feature(vcpu, 4) &&
		      vcpu_has_feature(vcpu, 5)))
			return 0;
		break;
	case 2:
		if (!(vcpu_has_feature(vcpu, 6) && vcpu_has_feature(vcpu, 7) &&
		      vcpu_has_feature(vcpu, 8)))
			return 0;
		break;
	case 3:
		if (!(vcpu_has_feature(vcpu, 9) && vcpu_has_feature(vcpu, 10) &&
		      vcpu_has_feature(vcpu, 11)))
			return 0;
		break;
	case 4:
		if (!(vcpu_has_feature(vcpu, 12) && vcpu_has_feature(vcpu, 13) &&
		      vcpu_has_feature(vcpu, 14)))
			return 0;
		break;
	default:
		return 0;
	}
	if (seeded_fixup_fp_exit(vcpu))
		return __guest_enter(vcpu);
	__fpsimd_save_state(vcpu->fp_regs); /* expect: fpsimd-trap-enable */
	return 0;
}

/*
 * The hypervisor's key A installed, then a call, so the compiler signs
 * this function on entry (with whatever key was in effect) and
 * authenticates its return address on the way out: with a key written
 * and not yet synchronized (the autiasp at the closing brace).
 * Fix: isb() after the install.
 */
void seeded_ptrauth_key_then_return(void)
{
	write_sysreg_s(hyp_keys.ia.lo, SYS_APIAKEYLO_EL1);
	write_sysreg_s(hyp_keys.ia.hi, SYS_APIAKEYHI_EL1);
	hyp_note_key_switch();
}					/* expect: pauth-ia-key */

/*
 * Key A written in one block of an alternative with no isb; the
 * capability's CPUs authenticate the return address with a key not yet
 * synchronized.  Fix: the isb in the alternative's second block (as
 * nvhe/ptrauth.c's __ptrauth_switch_if_ras() has it).
 */
void seeded_ptrauth_key_in_alternative(u64 lo)
{
	asm volatile(ALTERNATIVE("nop", ".arch_extension pauth\n\t"
				 "msr apiakeylo_el1, %0",
				 ARM64_HAS_RAS_EXTN) : : "r" (lo));
	hyp_note_key_switch();
}					/* expect: pauth-ia-key */
