/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the hypervisor objects share: the vCPU, the EL1 accessors that
 * differ between VHE and nVHE objects, TLB and AT instructions, and the
 * functions implemented elsewhere (assembly, or other objects).
 */
#ifndef __CORPUS_KVM_HYP_H
#define __CORPUS_KVM_HYP_H

#include <asm/alternative.h>
#include <asm/barrier.h>
#include <asm/sysreg.h>

/*
 * EL1 (and EL0 timer) registers of the guest.  A VHE object runs at EL2
 * with E2H=1, where the EL1 names reach EL2's own registers, so it must use
 * the EL12/EL02 aliases; an nVHE object reaches the EL1 registers by name.
 */
#ifdef __KVM_VHE_HYPERVISOR__
#define read_sysreg_el0(r)	read_sysreg_s(r##_EL02)
#define read_sysreg_el1(r)	read_sysreg_s(r##_EL12)
#define write_sysreg_el1(v, r)	write_sysreg_s(v, r##_EL12)
#else
#define read_sysreg_el0(r)	read_sysreg_s(r##_EL0)
#define read_sysreg_el1(r)	read_sysreg_s(r##_EL1)
#define write_sysreg_el1(v, r)	write_sysreg_s(v, r##_EL1)
#endif

#define __tlbi(op)		asm volatile("tlbi " #op : : : "memory")
#define __tlbi_va(op, va)	asm volatile("tlbi " #op ", %0" : : "r" (va) : "memory")
#define __at(op, va)		asm volatile("at " #op ", %0" : : "r" (va))

struct kvm_cpu_context {
	u64 regs[31];
	u64 elr_el2, spsr_el2;
	u64 sys_regs[16];
};

enum vcpu_sysreg {
	CNTP_CVAL,
	CNTP_CTL,
	TRFCR,
	PMSCR,
	TRBLIMITR,
	ICH_VMCR,
	ZCR,
};

struct kvm_s2_mmu {
	u64 vttbr;
	u64 vtcr;
};

struct kvm_vcpu {
	struct kvm_cpu_context ctxt;
	struct kvm_s2_mmu *mmu;
	u64 hcr_el2;
	u64 cptr_el2;
	u64 mdcr_el2;
	u32 sve_vq;
	bool has_sve, fp_enabled, sre_off;
	void *sve_state;
	u32 fpsr;
	u64 timer_offset;
};

struct kvm_host_data {
	struct kvm_cpu_context host_ctxt;
	u64 hcr_el2;
	u64 vbar;
	u64 trfcr_el1, pmscr_el1, trblimitr_el1, pmblimitr_el1;
	u64 mdcr_el2;
	bool trbe_enabled, spe_enabled;
};

extern struct kvm_host_data kvm_host_data;

#define vcpu_sys_reg(v, r)	((v)->ctxt.sys_regs[(r)])

/* entry.S: erets to the guest; the guest exits through an exception */
u64 __guest_enter(struct kvm_vcpu *vcpu);
void __noreturn hyp_panic(void);

/* fpsimd.S: these use the FP/SVE registers */
void __fpsimd_save_state(void *fp_regs);
void __fpsimd_restore_state(void *fp_regs);
void __sve_save_state(void *sve_pffr, u32 *fpsr);
void __sve_restore_state(void *sve_pffr, u32 *fpsr);

#endif
