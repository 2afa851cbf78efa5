/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the hypervisor objects share: the vCPU and per-CPU state, the EL0
 * and EL1 accessors that differ between VHE and nVHE objects, TLB and AT
 * instructions, and the functions implemented elsewhere.
 */
#ifndef __CORPUS_KVM_HYP_H
#define __CORPUS_KVM_HYP_H

#include <asm/alternative.h>
#include <asm/barrier.h>
#include <asm/sysreg.h>

#define PAGE_SHIFT	12
#define PAGE_SIZE	(UL(1) << PAGE_SHIFT)

/*
 * The guest's EL1 and EL0 registers, named SYS_<REG> without the suffix.
 * A VHE object runs at EL2 with E2H=1, where the EL1 and EL0 names reach
 * EL2's own registers, so it goes through the EL12/EL02 aliases.  An nVHE
 * object reaches the guest's registers by their own names, except when it
 * runs with E2H=1 too (hVHE, ARM64_KVM_HVHE): then the aliases, patched in
 * at boot.  read_sysreg_elx() is that choice: the encoding with suffix
 * nvh, or vh where capability VHE_ALT_KEY is set.
 */
#define VHE_ALT_KEY	ARM64_KVM_HVHE

#define read_sysreg_elx(r, nvh, vh) ({					\
	u64 __val;							\
	asm volatile(ALTERNATIVE(__mrs_s("%0", r##nvh),			\
				 __mrs_s("%0", r##vh),			\
				 VHE_ALT_KEY)				\
		     : "=r" (__val));					\
	__val;								\
})
#define write_sysreg_elx(v, r, nvh, vh) do {				\
	u64 __val = (u64)(v);						\
	asm volatile(ALTERNATIVE(__msr_s(r##nvh, "%x0"),		\
				 __msr_s(r##vh, "%x0"),			\
				 VHE_ALT_KEY)				\
		     : : "rZ" (__val));					\
} while (0)

#ifdef __KVM_VHE_HYPERVISOR__
#define read_sysreg_el0(r)	read_sysreg_s(r##_EL02)
#define write_sysreg_el0(v, r)	write_sysreg_s(v, r##_EL02)
#define read_sysreg_el1(r)	read_sysreg_s(r##_EL12)
#define write_sysreg_el1(v, r)	write_sysreg_s(v, r##_EL12)
#else
#define read_sysreg_el0(r)	read_sysreg_elx(r, _EL0, _EL02)
#define write_sysreg_el0(v, r)	write_sysreg_elx(v, r, _EL0, _EL02)
#define read_sysreg_el1(r)	read_sysreg_elx(r, _EL1, _EL12)
#define write_sysreg_el1(v, r)	write_sysreg_elx(v, r, _EL1, _EL12)
#endif

#define __tlbi(op)		asm volatile("tlbi " #op : : : "memory")
#define __tlbi_va(op, va)						\
	asm volatile("tlbi " #op ", %0" : : "r" (va) : "memory")
#define __at(op, va)		asm volatile("at " #op ", %0" : : "r" (va))

/* __guest_enter()'s return value: why the guest exited */
#define ARM_EXCEPTION_IRQ		0
#define ARM_EXCEPTION_EL1_SERROR	1
#define ARM_EXCEPTION_TRAP		2
#define ARM_EXCEPTION_IL		3

enum vcpu_sysreg {
	SCTLR_EL1,
	TCR_EL1,
	TTBR0_EL1,
	MAIR_EL1,
	ZCR_EL1,
	CNTP_CTL_EL0,
	CNTP_CVAL_EL0,
	ICH_VMCR_EL2,
	NR_SYS_REGS,
};

struct kvm_cpu_context {
	u64 regs[31];
	u64 elr_el2;
	u64 spsr_el2;
	u64 sys_regs[NR_SYS_REGS];
};

#define ctxt_sys_reg(c, r)	((c)->sys_regs[(r)])
#define __vcpu_sys_reg(v, r)	ctxt_sys_reg(&(v)->ctxt, r)

/* Hardware breakpoint 0 and the debug control register */
struct kvm_guest_debug_arch {
	u64 mdscr_el1;
	u64 bcr0;
	u64 bvr0;
};

struct kvm_s2_mmu {
	u64 vttbr;
	u64 vtcr;
};

struct kvm_vcpu {
	struct kvm_cpu_context ctxt;
	struct kvm_guest_debug_arch debug;
	struct kvm_s2_mmu *mmu;
	u64 hcr_el2;
	u64 mdcr_el2;
	u64 timer_offset;
	u64 fp_regs[66];
	void *sve_state;
	u32 sve_vq;
	u32 fpsr;
	bool has_sve;
	bool fp_enabled;
	bool debug_dirty;
	bool pending_serror;
	bool vgic_sre_off;
};

/* Per-CPU state the host leaves with the hypervisor */
struct kvm_host_data {
	struct kvm_cpu_context host_ctxt;
	struct kvm_guest_debug_arch host_debug;
	struct kvm_s2_mmu host_mmu;
	u64 fp_regs[66];
	u64 mdcr_el2;
	u64 pmscr_el1, pmblimitr_el1, pmbsr_el1;
	u64 trfcr_el1, trblimitr_el1, trbsr_el1;
	bool has_spe;
	bool has_trbe;
	bool trbe_saved;
};

/* nVHE: the host's EL2 configuration, set up at init */
struct kvm_nvhe_init_params {
	u64 hcr_el2;
	u64 cptr_el2;
	u64 vbar_el2;
};

extern struct kvm_host_data kvm_host_data;
extern struct kvm_nvhe_init_params kvm_init_params;

/* A feature the vCPU was created with: fixed for the vCPU's life */
bool vcpu_has_feature(const struct kvm_vcpu *vcpu, int feature)
	__attribute__((__pure__));

/* entry.S: erets to the guest, which comes back through an exception */
u64 __guest_enter(struct kvm_vcpu *vcpu);
void __noreturn hyp_panic(void);

/* fpsimd.S: these use the FP/SVE registers */
void __fpsimd_save_state(u64 *fp_regs);
void __fpsimd_restore_state(u64 *fp_regs);
void __sve_save_state(void *sve_pffr, u32 *fpsr);
void __sve_restore_state(void *sve_pffr, u32 *fpsr);

/* nvhe/ */
u64 __kvm_vcpu_run(struct kvm_vcpu *vcpu);
void __noreturn __hyp_eret_to_host(u64 pc, u64 spsr);
void __debug_save_host_buffers_nvhe(struct kvm_host_data *host);
u64 __sme_read_host_svcr(void);
void __debug_restore_host_buffers_nvhe(struct kvm_host_data *host);
void __timer_enable_traps(struct kvm_vcpu *vcpu);
void __timer_disable_traps(void);
void __vgic_v3_activate_traps(struct kvm_vcpu *vcpu);
void __vgic_v3_deactivate_traps(struct kvm_vcpu *vcpu);
void __kvm_tlb_flush_vmid(struct kvm_s2_mmu *mmu);
void __kvm_tlb_flush_vmid_range(struct kvm_s2_mmu *mmu, u64 start,
				u64 pages);
void __kvm_flush_cpu_context(struct kvm_s2_mmu *mmu);

/* vhe/ */
u64 __kvm_vcpu_run_vhe(struct kvm_vcpu *vcpu);
void __kvm_vhe_set_vectors(void *base);
void __kvm_tlb_flush_vmid_vhe(struct kvm_s2_mmu *mmu);
void __kvm_tlb_flush_vmid_range_vhe(struct kvm_s2_mmu *mmu, u64 start,
				    u64 pages);
u64 __kvm_at_guest_va_vhe(struct kvm_vcpu *vcpu, u64 va, bool stage2);

#endif
