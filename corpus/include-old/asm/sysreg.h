/* SPDX-License-Identifier: GPL-2.0 */
/*
 * System-register accessors as older kernels spelled them.  The encodings
 * (SYS_*) and field constants are the architecture's and the same in
 * every generation: they come from the current header.  What differs is
 * how an access through an encoding is emitted: the msr_s/mrs_s
 * assembler macros are defined once per translation unit, in a file-scope
 * asm statement, and each accessor's inline asm only uses them, so its
 * template holds "mrs_s %0, <encoding>" with no definition in sight.
 */
#ifndef __CORPUS_OLD_SYSREG_H
#define __CORPUS_OLD_SYSREG_H

#include_next <asm/sysreg.h>

#undef __mrs_s
#undef __msr_s
#undef read_sysreg_s
#undef write_sysreg_s

/*
 * x0..x30 and xzr as register numbers, then the two macros: an MRS or MSR
 * (register) instruction word is 0xd5200000 or 0xd5000000 with the
 * encoding's op0..op2 fields in bits 20:5 and Rt in bits 4:0.
 */
asm(
"	.irp	num,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,"
"21,22,23,24,25,26,27,28,29,30\n"
"	.equ	.L__reg_num_x\\num, \\num\n"
"	.endr\n"
"	.equ	.L__reg_num_xzr, 31\n"
"	.macro	mrs_s, rt, sreg\n"
"	.inst	0xd5200000|(\\sreg)|(.L__reg_num_\\rt)\n"
"	.endm\n"
"	.macro	msr_s, sreg, rt\n"
"	.inst	0xd5000000|(\\sreg)|(.L__reg_num_\\rt)\n"
"	.endm\n"
);

#define __mrs_s(v, r)	"mrs_s " v ", " __stringify(r) "\n"
#define __msr_s(r, v)	"msr_s " __stringify(r) ", " v "\n"

#define read_sysreg_s(r) ({						\
	u64 __val;							\
	asm volatile("mrs_s %0, " __stringify(r) : "=r" (__val));	\
	__val;								\
})

#define write_sysreg_s(v, r) do {					\
	u64 __val = (u64)(v);						\
	asm volatile("msr_s " __stringify(r) ", %x0" : : "rZ" (__val));	\
} while (0)

#endif
