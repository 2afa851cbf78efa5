/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pointer-authentication keys across the world switch.  The key registers
 * are shared by every EL, so the hypervisor loads its own keys when it
 * takes over from the guest, and signs and checks the return addresses it
 * keeps in host memory with them.  A key write is seen by the PAC and AUT
 * instructions only after a context synchronization event.
 */
#ifndef __CORPUS_HYP_PTRAUTH_H
#define __CORPUS_HYP_PTRAUTH_H

#include <asm/kvm_hyp.h>

struct ptrauth_key {
	u64 lo, hi;
};

struct ptrauth_keys {
	struct ptrauth_key ia, ib, da, db, ga;
};

#define __ptrauth_key_install(k, name)					\
	do {								\
		write_sysreg_s((k)->lo, SYS_AP##name##KEYLO_EL1);	\
		write_sysreg_s((k)->hi, SYS_AP##name##KEYHI_EL1);	\
	} while (0)

/* Loads every key; the caller synchronizes before using any of them. */
static inline void __ptrauth_keys_install(const struct ptrauth_keys *keys)
{
	__ptrauth_key_install(&keys->ia, IA);
	__ptrauth_key_install(&keys->ib, IB);
	__ptrauth_key_install(&keys->da, DA);
	__ptrauth_key_install(&keys->db, DB);
	__ptrauth_key_install(&keys->ga, GA);
}

/*
 * PAC and AUT instructions, one each, as statement expressions so that a
 * finding points at the line that uses them.  The objects are built for
 * ARMv8.2, so the templates turn the assembler's pauth extension on.  __ptrauth_op(op, addr, ctx) signs or
 * authenticates addr with modifier ctx.
 */
#define __ptrauth_op(op, addr, ctx)					\
	({								\
		u64 __pa = (addr);					\
		asm volatile(".arch_extension pauth\n\t" op " %0, %1"	\
			     : "+r" (__pa) : "r" (ctx));		\
		__pa;							\
	})
#define __ptrauth_sign_ia(addr, ctx)	__ptrauth_op("pacia", addr, ctx)
#define __ptrauth_auth_ia(addr, ctx)	__ptrauth_op("autia", addr, ctx)
#define __ptrauth_sign_ib(addr, ctx)	__ptrauth_op("pacib", addr, ctx)
#define __ptrauth_sign_da(addr, ctx)	__ptrauth_op("pacda", addr, ctx)
#define __ptrauth_sign_db(addr, ctx)	__ptrauth_op("pacdb", addr, ctx)

/* A generic MAC of two values with key GA */
#define __ptrauth_mac(a, b)						\
	({								\
		u64 __mac;						\
		asm volatile(".arch_extension pauth\n\t"		\
			     "pacga %0, %1, %2"				\
			     : "=r" (__mac) : "r" (a), "r" (b));	\
		__mac;							\
	})

/* Strips a code without any key: no key write can affect it */
#define __ptrauth_strip(addr)						\
	({								\
		u64 __sa = (addr);					\
		asm volatile(".arch_extension pauth\n\txpaci %0"	\
			     : "+r" (__sa));				\
		__sa;							\
	})

/* nvhe/ptrauth.c */
extern struct ptrauth_keys hyp_keys;
u64 __ptrauth_switch_to_hyp(u64 saved_lr, u64 sp);
u64 __ptrauth_switch_to_guest(const struct ptrauth_keys *guest, u64 lr);
u64 __ptrauth_sign_host_lr(u64 lr, u64 sp);
void __ptrauth_switch_and_note_synced(void);
void __ptrauth_switch_if_ras(u64 lo);
/* out of line, elsewhere: a call that makes its caller save the LR */
void hyp_note_key_switch(void);

#endif
