// SPDX-License-Identifier: GPL-2.0
/*
 * nVHE TLB maintenance on behalf of a guest.  The guest's VMID is in
 * VTTBR_EL2, and every TLBI that acts on "the current VMID" reads it, so
 * the guest's stage 2 is loaded and synchronized before the TLBIs.
 */
#include <hyp/switch.h>

#define MAX_TLBI_RANGE_PAGES	512

static void __tlb_switch_to_guest(struct kvm_s2_mmu *mmu)
{
	__load_stage2(mmu);
	/* __load_stage2() synchronizes only on some CPUs */
	isb();
}

static void __tlb_switch_to_host(void)
{
	__load_stage2(&kvm_host_data.host_mmu);
}

void __kvm_tlb_flush_vmid(struct kvm_s2_mmu *mmu)
{
	dsb(ishst);
	__tlb_switch_to_guest(mmu);
	__tlbi(vmalls12e1is);
	dsb(ish);
	isb();
	__tlb_switch_to_host();
}

void __kvm_tlb_flush_vmid_range(struct kvm_s2_mmu *mmu, u64 start,
				u64 pages)
{
	u64 end;

	if (pages > MAX_TLBI_RANGE_PAGES) {
		__kvm_tlb_flush_vmid(mmu);
		return;
	}

	end = start + (pages << PAGE_SHIFT);
	dsb(ishst);
	__tlb_switch_to_guest(mmu);
	while (start < end) {
		__tlbi_va(ipas2e1is, start >> PAGE_SHIFT);
		start += PAGE_SIZE;
	}
	/* the stage 1 entries built on those stage 2 ones go too */
	dsb(ish);
	__tlbi(vmalle1is);
	dsb(ish);
	isb();
	__tlb_switch_to_host();
}

/* This CPU only: the guest's TLB entries and instruction cache */
void __kvm_flush_cpu_context(struct kvm_s2_mmu *mmu)
{
	__tlb_switch_to_guest(mmu);
	__tlbi(vmalle1);
	asm volatile("ic iallu");
	dsb(nsh);
	isb();
	__tlb_switch_to_host();
}
