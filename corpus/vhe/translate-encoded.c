// SPDX-License-Identifier: GPL-2.0
/*
 * VHE address translation issued as an encoding, as KVM's __kvm_at()
 * does: the AT operation is a sys_insn(1, op1, CRn, CRm, op2) value
 * passed to the msr_s assembler macro, which emits the SYS word.  The
 * result reaches PAR_EL1 by an indirect write, so a read of PAR_EL1 must
 * follow a context synchronization event.  The macros are this file's
 * own, so that the shared headers stay as they are.  (Named to sort
 * after the other VHE files: the format tests follow the corpus findings
 * in order.)
 */
#include <hyp/switch.h>

#define at_sys_insn(op1, crn, crm, op2)	sys_reg(1, op1, crn, crm, op2)
#define AT_OP_S1E1R			at_sys_insn(0, 7, 8, 0)
#define AT_OP_S1E0R			at_sys_insn(0, 7, 8, 2)

/*
 * The AT, its isb, and a fixup for a faulting walk that the branch skips:
 * 0 if the translation ran, -EFAULT (-14) if it faulted.
 */
#define __at_encoded(op, va) ({						\
	int __err = 0;							\
	u64 __spsr, __elr;						\
	asm volatile("	mrs	%1, spsr_el2\n"				\
		     "	mrs	%2, elr_el2\n"				\
		     "1:	" __msr_s(op, "%3")			\
		     "	isb\n"						\
		     "	b	9f\n"					\
		     "2:	msr	spsr_el2, %1\n"			\
		     "	msr	elr_el2, %2\n"				\
		     "	mov	%w0, %4\n"				\
		     "9:\n"						\
		     : "+r" (__err), "=&r" (__spsr), "=&r" (__elr)	\
		     : "r" (va), "i" (-14));				\
	__err;								\
})

/* The same operation with nothing after it. */
#define __at_encoded_bare(op, va)					\
	asm volatile(__msr_s(op, "%x0") : : "r" (va))

/* entry points of this file only: declared here, not in a shared header */
u64 __translate_guest_va_encoded(u64 va);
u64 __translate_guest_el0_va_encoded(u64 va);

u64 __translate_guest_va_encoded(u64 va)
{
	if (__at_encoded(AT_OP_S1E1R, va))
		return 1;		/* PAR_EL1.F */
	return read_sysreg(par_el1);
}

u64 __translate_guest_el0_va_encoded(u64 va)
{
	__at_encoded_bare(AT_OP_S1E0R, va);
	return read_sysreg(par_el1);	/* expect: at-par */
}
