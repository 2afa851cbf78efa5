// AT and TLBI issued as encodings, the way KVM's __kvm_at() issues AT:
// an msr_s-style macro over a sys_insn(1, op1, CRn, CRm, op2) encoding,
// an msr of the generic s1_* name, sys with its four fields and an .inst
// of the SYS word.  Each is the AT (TLBI) instruction it encodes, so
// at-par fires when PAR_EL1 is read with no isb after it, and is silent
// with one; hcr-tge-tlbi-at sees an encoded tlbi vmalle1is, and AT
// S12E1W, whose regime TGE selects.
//
// RUN: %isbcheck %s -- --target=aarch64-linux-gnu -D__KVM_VHE_HYPERVISOR__ > %t 2>&1; test $? -eq 1
// RUN: %FileCheck %s --implicit-check-not=warning: < %t
typedef unsigned long u64;

#define __s(x...)	#x
#define __xs(x...)	__s(x)

/* encodings as the kernel's sysreg.h builds them (op0 is 1: a SYS op) */
#define my_sys_insn(op0, op1, crn, crm, op2)				\
	(((op0) << 19) | ((op1) << 16) | ((crn) << 12) | ((crm) << 8) | ((op2) << 5))
#define MY_AT_S1E1R		my_sys_insn(1, 0, 7, 8, 0)
#define MY_AT_S12E1W		my_sys_insn(1, 4, 7, 8, 5)
#define MY_TLBI_VMALLE1IS	my_sys_insn(1, 0, 8, 3, 0)

/* the msr_s scaffolding: GPR numbers, the macro, its use */
#define MY_GPR_NUMS							\
	"	.irp	num,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30\n" \
	"	.equ	.L__gpr_num_x\\num, \\num\n"			\
	"	.equ	.L__gpr_num_w\\num, \\num\n"			\
	"	.endr\n"						\
	"	.equ	.L__gpr_num_xzr, 31\n"				\
	"	.equ	.L__gpr_num_wzr, 31\n"
#define my_msr_s(enc, v)						\
	MY_GPR_NUMS							\
	"	.macro	msr_s, sreg, rt\n"				\
	"	.inst	0xd5000000|(\\sreg)|(.L__gpr_num_\\rt)\n"	\
	"	.endm\n"						\
	"	msr_s " __xs(enc) ", " v "\n"				\
	"	.purgem	msr_s\n"

#define my_at(op, va)	asm volatile(my_msr_s(op, "%x0") : : "r" (va))
#define my_tlbi(op)	asm volatile(my_msr_s(op, "xzr") : : : "memory")
#define my_isb()	asm volatile("isb" : : : "memory")
#define my_read_par()	({ u64 __v; asm volatile("mrs %0, par_el1" : "=r" (__v)); __v; })
#define my_read_hcr()	({ u64 __v; asm volatile("mrs %0, hcr_el2" : "=r" (__v)); __v; })
#define my_write_hcr(v)	do { u64 __val = (v); asm volatile("msr hcr_el2, %x0" : : "rZ" (__val)); } while (0)

/* __kvm_at's shape: the AT, its isb, and the fixup skipped by a branch */
#define my_kvm_at(op, va)						\
({									\
	int __err = 0;							\
	u64 __spsr, __elr;						\
	asm volatile("	mrs	%1, spsr_el2\n"				\
		     "	mrs	%2, elr_el2\n"				\
		     "1:	" my_msr_s(op, "%3")			\
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

u64 at_msr_s(u64 va)
{
	my_at(MY_AT_S1E1R, va);
	return my_read_par();
	// CHECK: at-encoded.c:[[@LINE-1]]:9: warning: read of PAR_EL1 follows at s1e1r {{.*}}[at-par]
}

u64 at_msr_s_s12(u64 va)
{
	my_at(MY_AT_S12E1W, va);
	return my_read_par();
	// CHECK: at-encoded.c:[[@LINE-1]]:9: warning: read of PAR_EL1 follows at s12e1w {{.*}}[at-par]
}

u64 at_generic_name(u64 va)
{
	asm volatile("msr s1_0_c7_c8_0, %x0" : : "r" (va));
	return my_read_par();
	// CHECK: at-encoded.c:[[@LINE-1]]:9: warning: read of PAR_EL1 follows at s1e1r {{.*}}[at-par]
}

u64 at_sys(u64 va)
{
	asm volatile("sys #0, c7, c8, #0, %x0" : : "r" (va));
	return my_read_par();
	// CHECK: at-encoded.c:[[@LINE-1]]:9: warning: read of PAR_EL1 follows at s1e1r {{.*}}[at-par]
}

u64 at_inst(void)
{
	asm volatile(".inst 0xd5087800");	/* at s1e1r, x0 */
	return my_read_par();
	// CHECK: at-encoded.c:[[@LINE-1]]:9: warning: read of PAR_EL1 follows at s1e1r {{.*}}[at-par]
}

/* silent: the isb after the AT */
u64 at_msr_s_then_isb(u64 va)
{
	my_at(MY_AT_S1E1R, va);
	my_isb();
	return my_read_par();
}

/* silent: __kvm_at has its isb inside */
u64 kvm_at_shape(u64 va)
{
	if (my_kvm_at(MY_AT_S1E1R, va))
		return 0;
	return my_read_par();
}

/* with E2H=1 (VHE), TGE decides which regime the encoded TLBI acts on */
void tlbi_encoded_after_tge(void)
{
	my_write_hcr(my_read_hcr() & ~(1UL << 27));
	my_tlbi(MY_TLBI_VMALLE1IS);
	// CHECK: at-encoded.c:[[@LINE-1]]:2: warning: tlbi vmalle1is follows the write to HCR_EL2 (TGE) {{.*}}[hcr-tge-tlbi-at]
}

void tlbi_encoded_after_tge_isb(void)
{
	my_write_hcr(my_read_hcr() & ~(1UL << 27));
	my_isb();
	my_tlbi(MY_TLBI_VMALLE1IS);
}

/*
 * AT S12E1W is a TGE dependent too: with {E2H,TGE} = {1,1} it translates
 * in the EL2&0 regime, stage 1 only.
 */
void at_s12_after_tge(u64 ipa)
{
	my_write_hcr(my_read_hcr() & ~(1UL << 27));
	my_at(MY_AT_S12E1W, ipa);
	// CHECK: at-encoded.c:[[@LINE-1]]:2: warning: at s12e1w follows the write to HCR_EL2 (TGE) {{.*}}[hcr-tge-tlbi-at]
}
