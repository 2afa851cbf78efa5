// SPDX-License-Identifier: GPL-2.0
/*
 * nVHE TLB maintenance in a guest's context: load the guest's stage 2
 * (VTTBR_EL2 carries the VMID that "tlbi vmalle1is" uses), synchronize,
 * invalidate, and switch back.
 */
#include <hyp/switch.h>

void __kvm_tlb_flush_vmid(struct kvm_s2_mmu *mmu);
void __kvm_tlb_flush_vmid_ipa(struct kvm_s2_mmu *mmu, u64 ipa);

static void __tlb_switch_to_guest(struct kvm_s2_mmu *mmu)
{
	__load_stage2(mmu);
	/* the ISB in __load_stage2() is only there on some CPUs */
	isb();
}

static void __tlb_switch_to_host(struct kvm_s2_mmu *host_mmu)
{
	__load_stage2(host_mmu);
}

void __kvm_tlb_flush_vmid(struct kvm_s2_mmu *mmu)
{
	struct kvm_s2_mmu host = { 0, 0 };

	dsb(ishst);
	__tlb_switch_to_guest(mmu);
	__tlbi(vmalls12e1is);
	dsb(ish);
	isb();
	__tlb_switch_to_host(&host);
}

void __kvm_tlb_flush_vmid_ipa(struct kvm_s2_mmu *mmu, u64 ipa)
{
	struct kvm_s2_mmu host = { 0, 0 };
	int retries;

	dsb(ishst);
	__tlb_switch_to_guest(mmu);
	for (retries = 0; retries < 2; retries++) {
		__tlbi_va(ipas2e1is, ipa >> 12);
		if (ipa & 1)
			break;
		ipa >>= 1;
	}
	dsb(ish);
	__tlbi(vmalle1is);
	dsb(ish);
	isb();
	__tlb_switch_to_host(&host);
}
