/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The seeded bugs.  Each function repeats a sequence of the clean world
 * switch with its synchronization missing or in the wrong order.
 * isbcheck must report every line marked "expect:" and nothing else.
 */
#ifndef __CORPUS_HYP_SEEDED_H
#define __CORPUS_HYP_SEEDED_H

#include <asm/kvm_hyp.h>
#include <hyp/ptrauth.h>

/* nvhe/seeded.c */
void seeded_fpsimd_no_isb(struct kvm_vcpu *vcpu);
void seeded_trbe_drain_out_of_order(struct kvm_host_data *host);
void seeded_trbe_disable_then_ptr(u64 base);
void seeded_trbe_enable_too_early(u64 base, u64 limit);
void seeded_spe_no_psb(struct kvm_host_data *host);
void seeded_spe_disable_then_ptr(u64 base);
void seeded_tlb_isb_only_by_alternative(struct kvm_s2_mmu *mmu);
void seeded_tlb_isb_skipped_by_goto(struct kvm_s2_mmu *mmu, u64 ipa);
void seeded_gic_sre_el2_then_ich(void);
void seeded_gic_sre_el1_then_vmcr(struct kvm_vcpu *vcpu);
u64 seeded_sme_svcr_no_isb(void);
u64 seeded_exit_fp_not_reentered(struct kvm_vcpu *vcpu, int kind);
u64 seeded_ptrauth_keys_then_sign(const struct ptrauth_keys *keys, u64 lr,
				  u64 sp);

/* nvhe/spec-at.c */
void seeded_at_spec_s2_before_walks_off(struct kvm_vcpu *vcpu);
void seeded_at_spec_el1_before_s2(struct kvm_vcpu *vcpu);
void seeded_at_spec_tcr_before_sctlr(struct kvm_vcpu *vcpu);

/* nvhe/trbe-state.c: the trace buffer unit's state at the regime switch */
void trbe_case_left_enabled(struct kvm_vcpu *vcpu, struct kvm_host_data *host);
void trbe_case_disabled(struct kvm_vcpu *vcpu, struct kvm_host_data *host);
void trbe_case_flag(struct kvm_vcpu *vcpu, struct kvm_host_data *host);
void trbe_case_pointer(struct kvm_vcpu *vcpu, struct kvm_host_data *host);
void trbe_case_pointer_no_isb(struct kvm_vcpu *vcpu,
			      struct kvm_host_data *host);
void trbe_case_restore_early(struct kvm_host_data *host);
void trbe_case_unknown(struct kvm_vcpu *vcpu);
void trbe_case_spe_enabled(struct kvm_vcpu *vcpu, struct kvm_host_data *host);

/* vhe/seeded.c */
void seeded_tlb_tge_in_helper(void);
void seeded_tlb_tge_alternative_isb(void);
void seeded_vgic_xmo_then_sre(void);
u64 seeded_at_then_par(u64 va);
void seeded_vm_then_at(struct kvm_vcpu *vcpu, u64 ipa);
u64 seeded_elr_alias(u64 pc);
void seeded_cpacr_may_write_then_sve(struct kvm_vcpu *vcpu);

/* vhe/spec-at.c */
void seeded_at_spec_tge_with_walks_on(struct kvm_vcpu *vcpu);
void seeded_at_spec_el12_before_tge(u64 sctlr);

/* vhe/tags.c */
u64 seeded_gcr_then_irg(u64 exclude, u64 ptr);
void seeded_ptrauth_key_then_return(void);
void seeded_ptrauth_key_in_alternative(u64 lo);

/* vhe/trbe-state.c */
void trbe_case_vhe_enabled(struct kvm_vcpu *vcpu);

#endif
