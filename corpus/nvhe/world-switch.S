/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The assembly half of the corpus's nVHE world switch: guest entry and
 * exit with the pointer-authentication key switch, and assembly cases of
 * each way control flows (branches, alternatives, calls between C and
 * assembly), seeded bugs marked as in the C files.
 *
 * Register use: x0 the vCPU context (keys at offset 0), x1 a flag.
 */
#include <asm/assembler.h>

	.arch_extension pauth

	.text

/*
 * u64 __guest_enter(struct kvm_vcpu *vcpu): the guest's key in, then
 * eret; an interrupt already pending returns at once, after an isb, so
 * that every path synchronizes what the C code wrote before the call.
 */
SYM_CODE(__guest_enter)
	mrs	x1, isr_el1
	cbz	x1, 1f
	isb
	mov	x0, #0				// ARM_EXCEPTION_IRQ
	ret
1:	restore_ia_key x0
	eret

/*
 * The exit, where the exception from the guest lands (the rules say
 * __guest_enter's eret resumes here): the host's key back, synchronized
 * before the C code that called __guest_enter, built with return-address
 * signing, authenticates its return address with it.  Its ret returns to
 * that caller.
 */
SYM_CODE(__guest_exit)
	restore_ia_key x0
	isb
	ret

/*
 * Seeded: the key written by a macro and a return authenticated with it
 * at once.  Fix: isb before the retaa.
 */
SYM_CODE(corpus_asm_key_then_retaa)
	restore_ia_key x0, x4, x5
	retaa					/* expect: pauth-ia-key */

/*
 * Seeded: the VMID switched and the isb on one side of a branch only.
 * Fix: isb after the write, before the branch.
 */
SYM_CODE(corpus_asm_vmid_branch)
	msr	vttbr_el2, x0
	cbz	x1, 2f
	isb
2:	tlbi	vmalls12e1is			/* expect: vttbr-vmid-tlbi */
	dsb	ish
	ret

/* Silent: both sides of the branch synchronize. */
SYM_CODE(corpus_asm_vmid_both_sides)
	msr	vttbr_el2, x0
	cbz	x1, 3f
	isb
	b	4f
3:	isb
4:	tlbi	vmalls12e1is
	dsb	ish
	ret

/*
 * Seeded: the isb is in one block of an alternative, so a CPU with
 * ARM64_HAS_RAS_EXTN runs the nop instead.  Fix: the isb after the
 * alternative.
 */
SYM_CODE(corpus_asm_vmid_alternative)
	msr	vttbr_el2, x0
alternative_if_not ARM64_HAS_RAS_EXTN
	isb
alternative_else
	nop
alternative_endif
	tlbi	vmalls12e1is			/* expect: vttbr-vmid-tlbi */
	dsb	ish
	ret

/* Silent: both blocks of the alternative synchronize, so every CPU does. */
SYM_CODE(corpus_asm_vmid_alternative_both)
	msr	vttbr_el2, x0
alternative_if_not ARM64_HAS_RAS_EXTN
	isb
alternative_else
	isb
alternative_endif
	tlbi	vmalls12e1is
	dsb	ish
	ret

/*
 * Called from C (world-switch-calls.c) with the VMID just written; the TLBI is the
 * access that needs it synchronized, found in the caller that does not.
 */
SYM_CODE(corpus_asm_flush_vmid)
	dsb	ishst
	tlbi	vmalls12e1is			/* expect: vttbr-vmid-tlbi */
	dsb	ish
	ret

/*
 * Seeded: a C function called with the VMID written and not yet
 * synchronized (its TLBI carries the mark).  Fix: isb before the bl.
 */
SYM_CODE(corpus_asm_calls_c)
	stp	x29, x30, [sp, #-16]!
	msr	vttbr_el2, x0
	bl	corpus_c_flush_vmid
	ldp	x29, x30, [sp], #16
	ret

/*
 * Silent: which of the two registers is written follows HCR_EL2.E2H as
 * read back (the hVHE and nVHE configurations pin it), so the read of
 * CPACR_EL1 never follows the write of CPTR_EL2 through the other
 * encoding: x1 holds the read, the cbz tests it.
 */
SYM_CODE(corpus_asm_cptr_by_e2h)
	mrs	x1, hcr_el2
	and	x1, x1, #(1 << 34)		// HCR_EL2.E2H
	cbz	x1, 5f
	mov	x0, #(1 << 20)			// CPACR_EL1.FPEN: EL0 traps
	msr	cpacr_el1, x0
	b	6f
5:	mov	x0, #0x33ff
	msr	cptr_el2, x0
6:	mrs	x2, cpacr_el1
	ret

/*
 * Seeded: the VMID switched where E2H, read back, is clear (nVHE), and
 * the TLBI with no isb after it: found in the nVHE configuration, where
 * the test sends every path through the write, and not in hVHE, where it
 * sends none.  Fix: isb after the write.
 */
SYM_CODE(corpus_asm_vmid_unless_e2h)
	mrs	x1, hcr_el2
	and	x1, x1, #(1 << 34)		// HCR_EL2.E2H
	cbnz	x1, 7f
	msr	vttbr_el2, x0
7:	tlbi	vmalls12e1is			/* expect: vttbr-vmid-tlbi */
	dsb	ish
	ret

/*
 * Seeded: the key written, and the C function called next, built with
 * return-address signing, signs its return address with it on entry (its
 * definition's line carries the mark).  Fix: isb after the key.
 */
SYM_CODE(corpus_asm_key_then_call)
	stp	x29, x30, [sp, #-16]!
	msr	apiakeylo_el1, x0
	bl	corpus_c_signed_entry
	ldp	x29, x30, [sp], #16
	ret

/*
 * Silent: the key and its isb on the same side of an alternative: where
 * the key is written it is synchronized, and where it is not there is
 * nothing to synchronize.
 */
SYM_CODE(corpus_asm_key_and_isb_in_alternative)
	stp	x29, x30, [sp, #-16]!
alternative_if_not ARM64_HAS_RAS_EXTN
	nop
	nop
	nop
	nop
alternative_else
	restore_ia_key x0
	isb
alternative_endif
	bl	corpus_c_signed_entry_synced
	ldp	x29, x30, [sp], #16
	ret
