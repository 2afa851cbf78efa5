/* SPDX-License-Identifier: GPL-2.0 */
/*
 * System-register accessors, as they look once expanded.  A register the
 * assembler knows by name goes through a plain msr/mrs.  The others go
 * through their encoding: an msr_s/mrs_s assembler macro is defined around
 * the use and builds the instruction word with .inst.
 */
#ifndef __CORPUS_SYSREG_H
#define __CORPUS_SYSREG_H

#include <asm/types.h>

#define sys_reg(op0, op1, crn, crm, op2)				\
	(((op0) << 19) | ((op1) << 16) | ((crn) << 12) |		\
	 ((crm) << 8) | ((op2) << 5))

/* EL1 registers, and their EL12 aliases (E2H=1 only) */
#define SYS_SCTLR_EL1		sys_reg(3, 0, 1, 0, 0)
#define SYS_SCTLR_EL12		sys_reg(3, 5, 1, 0, 0)
#define SYS_GCR_EL1		sys_reg(3, 0, 1, 0, 6)
#define SYS_ZCR_EL1		sys_reg(3, 0, 1, 2, 0)
#define SYS_ZCR_EL12		sys_reg(3, 5, 1, 2, 0)
#define SYS_TRFCR_EL1		sys_reg(3, 0, 1, 2, 1)
#define SYS_TRFCR_EL12		sys_reg(3, 5, 1, 2, 1)
#define SYS_TTBR0_EL1		sys_reg(3, 0, 2, 0, 0)
#define SYS_TTBR0_EL12		sys_reg(3, 5, 2, 0, 0)
#define SYS_TCR_EL1		sys_reg(3, 0, 2, 0, 2)
#define SYS_TCR_EL12		sys_reg(3, 5, 2, 0, 2)
#define SYS_APIAKEYLO_EL1	sys_reg(3, 0, 2, 1, 0)
#define SYS_APIAKEYHI_EL1	sys_reg(3, 0, 2, 1, 1)
#define SYS_APIBKEYLO_EL1	sys_reg(3, 0, 2, 1, 2)
#define SYS_APIBKEYHI_EL1	sys_reg(3, 0, 2, 1, 3)
#define SYS_APDAKEYLO_EL1	sys_reg(3, 0, 2, 2, 0)
#define SYS_APDAKEYHI_EL1	sys_reg(3, 0, 2, 2, 1)
#define SYS_APDBKEYLO_EL1	sys_reg(3, 0, 2, 2, 2)
#define SYS_APDBKEYHI_EL1	sys_reg(3, 0, 2, 2, 3)
#define SYS_APGAKEYLO_EL1	sys_reg(3, 0, 2, 3, 0)
#define SYS_APGAKEYHI_EL1	sys_reg(3, 0, 2, 3, 1)
#define SYS_PMSCR_EL1		sys_reg(3, 0, 9, 9, 0)
#define SYS_PMSCR_EL12		sys_reg(3, 5, 9, 9, 0)
#define SYS_MAIR_EL1		sys_reg(3, 0, 10, 2, 0)
#define SYS_MAIR_EL12		sys_reg(3, 5, 10, 2, 0)

/* Profiling buffer (SPE) and trace buffer (TRBE) */
#define SYS_PMBLIMITR_EL1	sys_reg(3, 0, 9, 10, 0)
#define SYS_PMBPTR_EL1		sys_reg(3, 0, 9, 10, 1)
#define SYS_PMBSR_EL1		sys_reg(3, 0, 9, 10, 3)
#define SYS_TRBLIMITR_EL1	sys_reg(3, 0, 9, 11, 0)
#define SYS_TRBPTR_EL1		sys_reg(3, 0, 9, 11, 1)
#define SYS_TRBBASER_EL1	sys_reg(3, 0, 9, 11, 2)
#define SYS_TRBSR_EL1		sys_reg(3, 0, 9, 11, 3)

/* EL2 registers reached through their encoding */
#define SYS_ZCR_EL2		sys_reg(3, 4, 1, 2, 0)
#define SYS_SMCR_EL2		sys_reg(3, 4, 1, 2, 6)
#define SYS_SVCR		sys_reg(3, 3, 4, 2, 2)
#define SYS_ICC_SRE_EL2		sys_reg(3, 4, 12, 9, 5)
#define SYS_ICH_HCR_EL2		sys_reg(3, 4, 12, 11, 0)
#define SYS_ICH_VMCR_EL2	sys_reg(3, 4, 12, 11, 7)

/* GICv3 CPU interface */
#define SYS_ICC_SRE_EL1		sys_reg(3, 0, 12, 12, 5)

/* EL1 physical timer, and its EL02 aliases (E2H=1 only) */
#define SYS_CNTP_CTL_EL0	sys_reg(3, 3, 14, 2, 1)
#define SYS_CNTP_CVAL_EL0	sys_reg(3, 3, 14, 2, 2)
#define SYS_CNTP_CTL_EL02	sys_reg(3, 5, 14, 2, 1)
#define SYS_CNTP_CVAL_EL02	sys_reg(3, 5, 14, 2, 2)

/* HCR_EL2 */
#define HCR_VM		BIT(0)
#define HCR_SWIO	BIT(1)
#define HCR_FMO		BIT(3)
#define HCR_IMO		BIT(4)
#define HCR_AMO		BIT(5)
#define HCR_VSE		BIT(8)
#define HCR_TWI		BIT(13)
#define HCR_TWE		BIT(14)
#define HCR_TSC		BIT(19)
#define HCR_TVM		BIT(26)
#define HCR_TGE		BIT(27)
#define HCR_RW		BIT(31)
#define HCR_E2H		BIT(34)
#define HCR_APK		BIT(40)
#define HCR_API		BIT(41)
#define HCR_HOST_NVHE_FLAGS	(HCR_RW | HCR_API | HCR_APK)
#define HCR_HOST_VHE_FLAGS	(HCR_RW | HCR_TGE | HCR_E2H)
#define HCR_GUEST_FLAGS		(HCR_TSC | HCR_TWE | HCR_TWI | HCR_VM | \
				 HCR_AMO | HCR_SWIO | HCR_RW | HCR_FMO | \
				 HCR_IMO | HCR_TVM)

/* CPTR_EL2 as laid out with E2H=0 */
#define CPTR_EL2_TZ		BIT(8)
#define CPTR_EL2_TFP		BIT(10)
#define CPTR_EL2_TSM		BIT(12)
#define CPTR_NVHE_EL2_RES1	(BIT(13) | BIT(9) | GENMASK(7, 0))

/* CPACR_EL1, which is CPTR_EL2 in this layout when E2H=1 */
#define CPACR_EL1_ZEN		GENMASK(17, 16)
#define CPACR_EL1_FPEN		GENMASK(21, 20)

/* CNTHCTL_EL2 as laid out with E2H=0 */
#define CNTHCTL_EL1PCTEN	BIT(0)
#define CNTHCTL_EL1PCEN		BIT(1)

/* stage-1 walks of TTBR0/TTBR1 disabled; the EL1&0 stage-1 MMU on */
#define TCR_EPD0		BIT(7)
#define TCR_EPD1		BIT(23)
#define SCTLR_ELx_M		BIT(0)

#define MDCR_EL2_E2PB		GENMASK(13, 12)
#define MDCR_EL2_E2TB		GENMASK(25, 24)
#define TRBLIMITR_EL1_E		BIT(0)
#define PMBLIMITR_EL1_E		BIT(0)

#define ICC_SRE_EL1_SRE		BIT(0)
#define ICC_SRE_EL2_SRE		BIT(0)
#define ICC_SRE_EL2_ENABLE	BIT(3)
#define ICH_HCR_EN		BIT(0)

/* ESR_ELx exception classes the world switch handles itself */
#define ESR_ELx_EC(esr)		(((esr) >> 26) & 0x3f)
#define ESR_ELx_EC_FP_ASIMD	0x07
#define ESR_ELx_EC_SVE		0x19

#define read_sysreg(r) ({						\
	u64 __val;							\
	asm volatile("mrs %0, " __stringify(r) : "=r" (__val));		\
	__val;								\
})

#define write_sysreg(v, r) do {						\
	u64 __val = (u64)(v);						\
	asm volatile("msr " __stringify(r) ", %x0" : : "rZ" (__val));	\
} while (0)

/* x0..x30 (and xzr) as numbers, so that .inst can encode a register */
#define __GPR_NUMS							\
	"	.irp	num,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,"	\
	"16,17,18,19,20,21,22,23,24,25,26,27,28,29,30\n"		\
	"	.equ	.L__gpr_num_x\\num, \\num\n"			\
	"	.endr\n"						\
	"	.equ	.L__gpr_num_xzr, 31\n"

#define __DEFINE_MRS_S							\
	__GPR_NUMS							\
	"	.macro	mrs_s, rt, sreg\n"				\
	"	.inst	0xd5200000|(\\sreg)|(.L__gpr_num_\\rt)\n"	\
	"	.endm\n"

#define __DEFINE_MSR_S							\
	__GPR_NUMS							\
	"	.macro	msr_s, sreg, rt\n"				\
	"	.inst	0xd5000000|(\\sreg)|(.L__gpr_num_\\rt)\n"	\
	"	.endm\n"

#define __mrs_s(v, r)							\
	__DEFINE_MRS_S "	mrs_s " v ", " __stringify(r) "\n"	\
	"	.purgem	mrs_s\n"

#define __msr_s(r, v)							\
	__DEFINE_MSR_S "	msr_s " __stringify(r) ", " v "\n"	\
	"	.purgem	msr_s\n"

#define read_sysreg_s(r) ({						\
	u64 __val;							\
	asm volatile(__mrs_s("%0", r) : "=r" (__val));			\
	__val;								\
})

#define write_sysreg_s(v, r) do {					\
	u64 __val = (u64)(v);						\
	asm volatile(__msr_s(r, "%x0") : : "rZ" (__val));		\
} while (0)

/* Writes only when the value changes: a write that may not happen. */
#define sysreg_clear_set(r, clr, set) do {				\
	u64 __scs_val = read_sysreg(r);					\
	u64 __scs_new = (__scs_val & ~(u64)(clr)) | (set);		\
	if (__scs_new != __scs_val)					\
		write_sysreg(__scs_new, r);				\
} while (0)

#endif
