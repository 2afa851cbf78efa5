// SPDX-License-Identifier: GPL-2.0
/*
 * VHE TLB maintenance in a guest's context.  With E2H=1 and TGE=1 an
 * EL1&0 TLBI issued at EL2 acts on the host's EL2&0 regime, so TGE must be
 * cleared, and the change synchronized, first.  Also the AT helper.
 */
#include <hyp/switch.h>

void __kvm_tlb_flush_vmid_vhe(struct kvm_s2_mmu *mmu);
u64 __kvm_at_s1e1r(u64 va);

struct tlb_inv_context {
	u64 hcr;
};

static void __tlb_switch_to_guest(struct kvm_s2_mmu *mmu,
				  struct tlb_inv_context *cxt)
{
	u64 val;

	cxt->hcr = read_sysreg(hcr_el2);
	__load_stage2(mmu);
	val = cxt->hcr & ~HCR_TGE;
	write_sysreg(val, hcr_el2);
	isb();
}

static void __tlb_switch_to_host(struct tlb_inv_context *cxt)
{
	write_sysreg(cxt->hcr, hcr_el2);
	isb();
}

void __kvm_tlb_flush_vmid_vhe(struct kvm_s2_mmu *mmu)
{
	struct tlb_inv_context cxt;

	dsb(ishst);
	__tlb_switch_to_guest(mmu, &cxt);
	__tlbi(vmalls12e1is);
	__tlbi(vmalle1is);
	dsb(ish);
	__tlb_switch_to_host(&cxt);
}

u64 __kvm_at_s1e1r(u64 va)
{
	__at(s1e1r, va);
	isb();
	return read_sysreg(par_el1);
}
