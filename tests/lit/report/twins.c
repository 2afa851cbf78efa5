// The twins of silent/correct-sequences.c with their barrier missing: each
// is reported under its rule.
//
// RUN: %isbcheck %s -- --target=aarch64-linux-gnu -I%inputs -D__KVM_VHE_HYPERVISOR__ > %t 2>&1; test $? -eq 1
// RUN: %FileCheck %s --implicit-check-not=warning: < %t
#include "mini.h"

void tlb_in_guest_context(void)
{
	write_sysreg(read_sysreg(hcr_el2) & ~HCR_TGE, hcr_el2);
	tlbi_vmalle1is();
	// CHECK: twins.c:[[@LINE-1]]:2: warning: tlbi vmalle1is follows the write to HCR_EL2 (TGE) {{.*}}[hcr-tge-tlbi-at]
}

void vgic_v3_sre_off(void)
{
	write_sysreg(read_sysreg(hcr_el2) | HCR_IMO | HCR_FMO | HCR_AMO, hcr_el2);
	write_sysreg(0, s3_0_c12_c12_5);	/* ICC_SRE_EL1 */
	// CHECK: twins.c:[[@LINE-1]]:2: warning: write to ICC_SRE_EL1 follows the write to HCR_EL2 (FMO, IMO, AMO) {{.*}}[hcr-xmo-icc-sre]
}

void enable_sve(u64 vq)
{
	write_sysreg(3UL << 16 | 3UL << 20, cpacr_el1);	/* ZEN, FPEN */
	write_sysreg(vq - 1, s3_0_c1_c2_0);		/* ZCR_EL1 */
	// CHECK: twins.c:[[@LINE-1]]:2: warning: write to ZCR_EL1 follows the write to CPACR_EL1 (ZEN) {{.*}}[sve-trap-enable]
}

u64 translate(u64 va)
{
	at_s1e1r(va);
	return read_par();
	// CHECK: twins.c:[[@LINE-1]]:9: warning: read of PAR_EL1 follows at s1e1r {{.*}}[at-par]
}

void spe_switch_out(void)
{
	write_sysreg(0, s3_0_c9_c9_0);		/* PMSCR_EL1 */
	isb();
	dsb_nsh();				/* no psb csync */
	write_sysreg(0, s3_0_c9_c10_0);		/* PMBLIMITR_EL1 */
	// CHECK: twins.c:[[@LINE-1]]:2: warning: write to PMBLIMITR_EL1 follows the write to PMSCR_EL1 (E0SPE, E1SPE) with no psb csync, then dsb in between [spe-drain-before-disable]
	write_sysreg(0, s3_0_c9_c10_3);		/* PMBSR_EL1 */
	// CHECK: twins.c:[[@LINE-1]]:2: warning: write to PMBSR_EL1 follows the write to PMBLIMITR_EL1 (E) {{.*}}[spe-disable-sync]
}

/* drained, but the records' writes not waited for */
void spe_switch_out_no_dsb(void)
{
	write_sysreg(0, s3_0_c9_c9_0);		/* PMSCR_EL1 */
	isb();
	psb_csync();
	write_sysreg(0, s3_0_c9_c10_0);		/* PMBLIMITR_EL1 */
	// CHECK: twins.c:[[@LINE-1]]:2: warning: write to PMBLIMITR_EL1 follows the write to PMSCR_EL1 (E0SPE, E1SPE) with no dsb in between [spe-drain-before-disable]
	isb();
}

/* under E2H=1 the two names of one register are not ordered */
u64 alias(u64 v)
{
	write_sysreg(v, elr_el2);
	return read_sysreg(elr_el1);
	// CHECK: twins.c:[[@LINE-1]]:9: warning: read of ELR_EL1 follows the write to ELR_EL2 {{.*}}[e2h-accessor-alias]
}
