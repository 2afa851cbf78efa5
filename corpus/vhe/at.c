// SPDX-License-Identifier: GPL-2.0
/*
 * VHE address translation on behalf of a guest: an AT instruction run at
 * EL2 walks the EL1&0 regime as the guest sees it.  The walk reads
 * HCR_EL2.{TGE,VM}, so they are synchronized first; the result lands in
 * PAR_EL1 by an indirect write, so that is synchronized before the read.
 */
#include <hyp/switch.h>

static u64 __at_s1e1r(u64 va)
{
	__at(s1e1r, va);
	isb();
	return read_sysreg(par_el1);
}

static u64 __at_s12e1r(u64 ipa)
{
	__at(s12e1r, ipa);
	isb();
	return read_sysreg(par_el1);
}

u64 __kvm_at_guest_va_vhe(struct kvm_vcpu *vcpu, u64 va, bool stage2)
{
	u64 hcr = read_sysreg(hcr_el2);
	u64 par;

	__load_stage2(vcpu->mmu);
	write_sysreg((vcpu->hcr_el2 | HCR_VM) & ~HCR_TGE, hcr_el2);
	isb();

	par = stage2 ? __at_s12e1r(va) : __at_s1e1r(va);

	write_sysreg(hcr, hcr_el2);
	isb();
	return par;
}
