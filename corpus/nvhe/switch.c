// SPDX-License-Identifier: GPL-2.0
/*
 * nVHE world switch.  The host kernel runs at EL1 and calls into EL2 to
 * run a guest, so both share the EL1 registers: the host's are saved, the
 * guest's loaded, and the EL2 traps set up for the guest, then all of it
 * undone on the way back.
 */
#include <hyp/debug-sr.h>
#include <hyp/switch.h>
#include <hyp/sysreg-sr.h>

extern char __guest_exit_vectors[];

static void __activate_traps(struct kvm_vcpu *vcpu)
{
	__activate_traps_common(vcpu);

	/* FP and SVE trap to EL2 until the guest first uses them */
	write_sysreg(CPTR_NVHE_EL2_RES1 | CPTR_EL2_TFP | CPTR_EL2_TZ, cptr_el2);

	/*
	 * Nothing between this write and the guest entry depends on the new
	 * HCR_EL2; the eret into the guest synchronizes it.  A pending
	 * virtual SError goes in with a read-modify-write: reading back the
	 * register just written, through the same encoding, is ordered.
	 */
	write_sysreg(vcpu->hcr_el2, hcr_el2);
	if (vcpu->pending_serror)
		write_sysreg(read_sysreg(hcr_el2) | HCR_VSE, hcr_el2);

	write_sysreg(__guest_exit_vectors, vbar_el2);

	/*
	 * Speculative-AT erratum: the guest's stage 2 is enabled now, once
	 * synchronized; only then its stage 1, SCTLR_EL1 first and TCR_EL1
	 * (walks back on) after it.
	 */
	if (cpus_have_final_cap(ARM64_WORKAROUND_SPECULATIVE_AT)) {
		isb();
		write_sysreg_el1(ctxt_sys_reg(&vcpu->ctxt, SCTLR_EL1), SYS_SCTLR);
		isb();
		write_sysreg_el1(ctxt_sys_reg(&vcpu->ctxt, TCR_EL1), SYS_TCR);
	}
}

static void __deactivate_traps(void)
{
	__deactivate_traps_common();

	/*
	 * Speculative-AT erratum: no stage-1 walks of the EL1&0 regime, and
	 * that synchronized, before its stage 2 goes back to the host's.
	 */
	if (cpus_have_final_cap(ARM64_WORKAROUND_SPECULATIVE_AT)) {
		write_sysreg_el1(read_sysreg_el1(SYS_TCR) | TCR_EPD0 | TCR_EPD1,
				 SYS_TCR);
		isb();
		write_sysreg_el1(read_sysreg_el1(SYS_SCTLR) | SCTLR_ELx_M,
				 SYS_SCTLR);
		isb();
	}

	/*
	 * HCR_EL2 is not self-synchronizing, and CPTR_EL2 and VBAR_EL2 are
	 * written right after it with no isb.  That is correct: the only
	 * HCR_EL2 field these writes depend on is E2H (CPTR_EL2's layout),
	 * which never changes in an nVHE object, and TGE is always 0.  The
	 * other fields act on EL1 and EL0, after the eret to the host.
	 */
	write_sysreg(kvm_init_params.hcr_el2, hcr_el2);
	write_sysreg(kvm_init_params.cptr_el2, cptr_el2);
	write_sysreg(kvm_init_params.vbar_el2, vbar_el2);
}

/*
 * The host's streaming mode, read for it: SME traps to EL2 while a guest
 * runs, so the trap is lifted, and synchronized, before SVCR is read.
 */
u64 __sme_read_host_svcr(void)
{
	write_sysreg(read_sysreg(cptr_el2) & ~CPTR_EL2_TSM, cptr_el2);
	isb();
	return read_sysreg_s(SYS_SVCR);
}

u64 __kvm_vcpu_run(struct kvm_vcpu *vcpu)
{
	struct kvm_host_data *host = &kvm_host_data;
	u64 exit_code;

	__sysreg_save_el1_state(&host->host_ctxt);

	/* the host's trace and profiling buffers, off before EL1 changes */
	__debug_save_host_buffers_nvhe(host);
	__debug_switch_to_guest_common(vcpu);

	/* the guest's EL1 state before its stage 2 (speculative AT) */
	__sysreg_restore_el1_state(&vcpu->ctxt, true);
	__load_stage2(vcpu->mmu);
	__timer_enable_traps(vcpu);
	__activate_traps(vcpu);
	__vgic_v3_activate_traps(vcpu);
	__sysreg_restore_el2_return_state(&vcpu->ctxt);

	/* each guest entry and exit is a context synchronization event */
	do {
		exit_code = __guest_enter(vcpu);
	} while (fixup_guest_exit(vcpu, &exit_code));

	__sysreg_save_el2_return_state(&vcpu->ctxt);
	__hyp_save_fpsimd(vcpu);
	__sysreg_save_el1_state(&vcpu->ctxt);
	__vgic_v3_deactivate_traps(vcpu);
	__timer_disable_traps();
	__deactivate_traps();
	__load_stage2(&host->host_mmu);

	__debug_switch_to_host_common(vcpu);
	/*
	 * The host's EL1 context before its buffers: a trace buffer unit
	 * enabled under the guest's would walk the guest's tables.
	 */
	__sysreg_restore_el1_state(&host->host_ctxt, false);
	__debug_restore_host_buffers_nvhe(host);

	if (unlikely(exit_code == ARM_EXCEPTION_IL))
		hyp_panic();
	return exit_code;
}

/*
 * A guest's first FP access traps to EL2: the trap is lifted for it and
 * the guest re-entered, which synchronizes the write.  True: re-enter.
 */
static bool fixup_fp_exit(struct kvm_vcpu *vcpu)
{
	if (!vcpu->fp_enabled)
		return false;
	write_sysreg(read_sysreg(cptr_el2) & ~CPTR_EL2_TFP, cptr_el2);
	return true;
}

/*
 * One guest exit.  The FP state is saved for the host only where the
 * fixup did not lift the trap; where it did, the guest runs first.  The
 * five kinds of exit, each for vCPUs with three features (pure calls to
 * the analysis), make ten paths out of the fixup, more than the bound
 * keeps apart: none that returned true is merged with one that returned
 * false, so the pending write stays on the side that re-enters.
 */
u64 __kvm_vcpu_exit_once(struct kvm_vcpu *vcpu, int kind)
{
	/* each kind of exit is handled here only for vCPUs with its features */
	switch (kind) {
	case 0:
		if (!(vcpu_has_feature(vcpu, 0) && vcpu_has_feature(vcpu, 1) &&
		      vcpu_has_feature(vcpu, 2)))
			return 0;
		break;
	case 1:
		if (!(vcpu_has_feature(vcpu, 3) && vcpu_has_feature(vcpu, 4) &&
		      vcpu_has_feature(vcpu, 5)))
			return 0;
		break;
	case 2:
		if (!(vcpu_has_feature(vcpu, 6) && vcpu_has_feature(vcpu, 7) &&
		      vcpu_has_feature(vcpu, 8)))
			return 0;
		break;
	case 3:
		if (!(vcpu_has_feature(vcpu, 9) && vcpu_has_feature(vcpu, 10) &&
		      vcpu_has_feature(vcpu, 11)))
			return 0;
		break;
	case 4:
		if (!(vcpu_has_feature(vcpu, 12) && vcpu_has_feature(vcpu, 13) &&
		      vcpu_has_feature(vcpu, 14)))
			return 0;
		break;
	default:
		return 0;
	}
	if (fixup_fp_exit(vcpu))
		return __guest_enter(vcpu);
	__fpsimd_save_state(vcpu->fp_regs);
	return 0;
}

/*
 * Leave EL2 for the given host address instead of returning from the
 * hypercall (the host's panic path).  ELR_EL2 and SPSR_EL2 are
 * special-purpose registers, ordered with the eret that reads them, and
 * the eret is itself the context synchronization event.
 */
void __noreturn __hyp_eret_to_host(u64 pc, u64 spsr)
{
	write_sysreg(pc, elr_el2);
	write_sysreg(spsr, spsr_el2);
	asm volatile("eret");
	__builtin_unreachable();
}
