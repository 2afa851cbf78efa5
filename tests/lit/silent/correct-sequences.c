// Must stay silent: each rule's correct sequence.  Every function here has
// a twin without its barrier in tests/lit/report or the corpus, which is
// reported; these are silent because the synchronization is there.
//
// RUN: %isbcheck %s -- --target=aarch64-linux-gnu -I%inputs -D__KVM_VHE_HYPERVISOR__ > %t 2>&1; test $? -eq 0
// RUN: %FileCheck %s --allow-empty --implicit-check-not=warning: < %t
#include "mini.h"

/* hcr-tge-tlbi-at: clear TGE, isb, then invalidate the guest's TLB */
void tlb_in_guest_context(void)
{
	write_sysreg(read_sysreg(hcr_el2) & ~HCR_TGE, hcr_el2);
	isb();
	tlbi_vmalle1is();
}

/* hcr-xmo-icc-sre: set IMO/FMO/AMO, isb, then clear ICC_SRE_EL1.SRE */
void vgic_v3_sre_off(void)
{
	write_sysreg(read_sysreg(hcr_el2) | HCR_IMO | HCR_FMO | HCR_AMO, hcr_el2);
	isb();
	write_sysreg(0, s3_0_c12_c12_5);	/* ICC_SRE_EL1 */
}

/* fpsimd-trap-enable: lift the traps, isb, then touch ZCR */
void enable_sve(u64 vq)
{
	write_sysreg(3UL << 16 | 3UL << 20, cpacr_el1);	/* ZEN, FPEN */
	isb();
	write_sysreg(vq - 1, s3_0_c1_c2_0);		/* ZCR_EL1 */
}

/* at-par: at, isb, read PAR_EL1 */
u64 translate(u64 va)
{
	at_s1e1r(va);
	isb();
	return read_par();
}

/* trbe: prohibit, cse, drain, disable, cse, then the buffer registers */
void trbe_switch_out(void)
{
	write_trfcr(0);
	isb();
	tsb_csync();
	write_trblimitr(0);
	isb();
	clear_trbptr();
}

/* spe: prohibit, cse, drain, dsb, disable, cse, then the buffer registers */
void spe_switch_out(void)
{
	write_sysreg(0, s3_0_c9_c9_0);		/* PMSCR_EL1 */
	isb();
	psb_csync();
	dsb_nsh();
	write_sysreg(0, s3_0_c9_c10_0);		/* PMBLIMITR_EL1 */
	isb();
	write_sysreg(0, s3_0_c9_c10_3);		/* PMBSR_EL1 */
}

/* guest entry is a context synchronization event */
u64 run_guest(struct kvm_vcpu *vcpu)
{
	write_sysreg(read_sysreg(hcr_el2) & ~HCR_TGE, hcr_el2);
	__guest_enter(vcpu);
	tlbi_vmalle1is();
	return 0;
}
