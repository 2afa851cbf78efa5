/*
 * The smallest accessors the control-flow scenarios need, written as
 * plain inline asm so that those tests depend on nothing but the checker.
 * at_s1e1r() writes PAR_EL1 indirectly; read_par() reads it; the at-par
 * rule needs a context synchronization event between the two.
 */
typedef unsigned long u64;

#define at_s1e1r(va)	asm volatile("at s1e1r, %0" : : "r" (va))
#define isb()		asm volatile("isb" : : : "memory")
#define read_par()	({ u64 __v; asm volatile("mrs %0, par_el1" : "=r" (__v)); __v; })
#define ALT_ISB()	asm volatile("661:\n\tnop\n662:\n"			\
				     ".pushsection .altinstructions, \"a\"\n"	\
				     ".word 661b - .\n.popsection\n"		\
				     ".subsection 1\n663:\n\tisb\n664:\n"	\
				     ".previous\n")

void hyp_panic(void) __attribute__((noreturn));
_Noreturn void hyp_stop(void);
int cond(void);

#define HCR_TGE		(1UL << 27)
#define read_hcr()	({ u64 __v; asm volatile("mrs %0, hcr_el2" : "=r" (__v)); __v; })
#define write_hcr(v)	do { u64 __val = (v); asm volatile("msr hcr_el2, %x0" : : "rZ" (__val)); } while (0)
#define tlbi_vmalle1is() asm volatile("tlbi vmalle1is" : : : "memory")

struct kvm_vcpu;
u64 __guest_enter(struct kvm_vcpu *vcpu);

/* trace: TRFCR_EL1 by name, TRBLIMITR_EL1 by its generic name, TRBPTR_EL1 by .inst */
#define write_trfcr(v)	   do { u64 __val = (v); asm volatile("msr trfcr_el1, %x0" : : "rZ" (__val)); } while (0)
#define write_trblimitr(v) do { u64 __val = (v); asm volatile("msr s3_0_c9_c11_0, %x0" : : "rZ" (__val)); } while (0)
#define clear_trbptr()	   asm volatile(".inst 0xd5189b3f")	/* msr trbptr_el1, xzr */
#define tsb_csync()	   asm volatile("hint #18" : : : "memory")

/* generic accessors by register name, as the kernel's expand */
#define __str(x...)		#x
#define write_sysreg(v, r)	do { u64 __val = (u64)(v); asm volatile("msr " __str(r) ", %x0" : : "rZ" (__val)); } while (0)
#define read_sysreg(r)		({ u64 __val; asm volatile("mrs %0, " __str(r) : "=r" (__val)); __val; })
#define eret()			asm volatile("eret")
#define psb_csync()		asm volatile("hint #17" : : : "memory")
#define dsb_nsh()		asm volatile("dsb nsh" : : : "memory")

#define HCR_IMO		(1UL << 4)
#define HCR_FMO		(1UL << 3)
#define HCR_AMO		(1UL << 5)
#define HCR_RW		(1UL << 31)
#define HCR_E2H		(1UL << 34)
#define HCR_HOST_VHE_FLAGS	(HCR_RW | HCR_TGE | HCR_E2H)
#define CPTR_EL2_TFP	(1UL << 10)
#define CPTR_EL2_TZ	(1UL << 8)

struct kvm_init_params { u64 hcr_el2; u64 vbar; };
extern struct kvm_init_params kvm_init_params;
void __sve_restore_state(void *sve_pffr, unsigned int *fpsr);
