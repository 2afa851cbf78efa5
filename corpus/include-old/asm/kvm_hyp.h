/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hypervisor's accessors as older kernels spelled them, when one hyp
 * object ran both with VHE and without it.  The vCPU state, prototypes
 * and TLB instructions are the current header's; the EL0/EL1 accessors
 * and the AT helper are redefined here.
 */
#ifndef __CORPUS_OLD_KVM_HYP_H
#define __CORPUS_OLD_KVM_HYP_H

#include_next <asm/kvm_hyp.h>

#undef read_sysreg_el0
#undef write_sysreg_el0
#undef read_sysreg_el1
#undef write_sysreg_el1
#undef __at

/*
 * A register of the EL1&0 regime has two encodings at EL2.  Without VHE
 * (HCR_EL2.E2H=0) its own, <reg>_EL1 or _EL0, reaches it.  With VHE
 * (E2H=1) that encoding is redirected to the EL2 register, and the guest's
 * is reached through the _EL12/_EL02 alias instead.  The same object code
 * served both: the accessor holds the non-VHE instruction, and boot-time
 * patching puts the alias in its place on a CPU with VHE.  The _EL2
 * accessors pick the other way round: the EL2 encoding without VHE, and
 * with VHE the EL1 one, which then reaches the EL2 register too.  The
 * capability's number is what the configurations pin: 0 in nVHE objects,
 * 1 in VHE ones, so each accessor resolves to one side.  The current
 * header's read_sysreg_elx() is that accessor, on this capability.
 */
#undef VHE_ALT_KEY
#define VHE_ALT_KEY	ARM64_HAS_VIRT_HOST_EXTN

#define read_sysreg_el0(r)	read_sysreg_elx(r, _EL0, _EL02)
#define write_sysreg_el0(v, r)	write_sysreg_elx(v, r, _EL0, _EL02)
#define read_sysreg_el1(r)	read_sysreg_elx(r, _EL1, _EL12)
#define write_sysreg_el1(v, r)	write_sysreg_elx(v, r, _EL1, _EL12)
#define read_sysreg_el2(r)	read_sysreg_elx(r, _EL2, _EL1)
#define write_sysreg_el2(v, r)	write_sysreg_elx(v, r, _EL2, _EL1)

/*
 * Address translation with no fault handling: a plain AT instruction, the
 * operation as a string.  (Later kernels wrap it with an exception-table
 * entry that recovers from a fault the walk takes.)
 */
#define __kvm_at(at_op, addr)						\
	asm volatile("at " at_op ", %0" : : "r" (addr))
#define __at(op, va)		__kvm_at(#op, va)

#endif
