// SPDX-License-Identifier: GPL-2.0
/*
 * VHE TLB maintenance on behalf of a guest.  With E2H=1 and TGE=1 an EL1&0
 * TLBI issued at EL2 acts on the host's EL2&0 regime instead, so TGE is
 * cleared, and the guest's VMID loaded, and both synchronized, first.
 */
#include <hyp/switch.h>

#define MAX_TLBI_RANGE_PAGES	512

struct tlb_inv_context {
	u64 hcr;
};

static void enter_vmid_context(struct kvm_s2_mmu *mmu,
			       struct tlb_inv_context *cxt)
{
	cxt->hcr = read_sysreg(hcr_el2);
	__load_stage2(mmu);
	write_sysreg(cxt->hcr & ~HCR_TGE, hcr_el2);
	/* for the VTTBR_EL2 and the HCR_EL2 writes alike */
	isb();
}

static void exit_vmid_context(struct tlb_inv_context *cxt)
{
	write_sysreg(cxt->hcr, hcr_el2);
	isb();
}

void __kvm_tlb_flush_vmid_vhe(struct kvm_s2_mmu *mmu)
{
	struct tlb_inv_context cxt;

	dsb(ishst);
	enter_vmid_context(mmu, &cxt);
	__tlbi(vmalls12e1is);
	dsb(ish);
	isb();
	exit_vmid_context(&cxt);
}

void __kvm_tlb_flush_vmid_range_vhe(struct kvm_s2_mmu *mmu, u64 start,
				    u64 pages)
{
	struct tlb_inv_context cxt;
	u64 addr;

	dsb(ishst);
	enter_vmid_context(mmu, &cxt);

	if (pages > MAX_TLBI_RANGE_PAGES) {
		/* cheaper to drop everything the VMID has */
		__tlbi(vmalls12e1is);
		goto out;
	}
	for (addr = start; addr < start + (pages << PAGE_SHIFT);
	     addr += PAGE_SIZE)
		__tlbi_va(ipas2e1is, addr >> PAGE_SHIFT);
	dsb(ish);
	__tlbi(vmalle1is);
out:
	dsb(ish);
	isb();
	exit_vmid_context(&cxt);
}
