// SPDX-License-Identifier: GPL-2.0
/*
 * nVHE: the hypervisor's pointer-authentication keys.  On the way in from
 * the guest they replace the guest's, and the saved host return address
 * is checked with them; on the way out the eret synchronizes whatever the
 * guest's keys are.
 */
#include <hyp/ptrauth.h>

struct ptrauth_keys hyp_keys;

/* Loads the hypervisor's keys and checks the host's saved return address. */
u64 __ptrauth_switch_to_hyp(u64 saved_lr, u64 sp)
{
	__ptrauth_keys_install(&hyp_keys);
	isb();
	return __ptrauth_auth_ia(saved_lr, sp);
}

/*
 * Loads the guest's keys for the eret that follows.  The strip uses no
 * key, so it needs no synchronization either; and the function calls
 * nothing that is not inlined, so -mbranch-protection=pac-ret leaves it
 * unsigned (no paciasp, no autiasp with the guest's key).
 */
u64 __ptrauth_switch_to_guest(const struct ptrauth_keys *guest, u64 lr)
{
	__ptrauth_keys_install(guest);
	return __ptrauth_strip(lr);
}

/* Signs the host's return address with the hypervisor's key A */
u64 __ptrauth_sign_host_lr(u64 lr, u64 sp)
{
	return __ptrauth_sign_ia(lr, sp);
}

/*
 * Key A installed, then a call, so the compiler signs this function on
 * entry and authenticates its return address on the way out: synchronized
 * before either (seeded.c has it without).
 */
void __ptrauth_switch_and_note_synced(void)
{
	write_sysreg_s(hyp_keys.ia.lo, SYS_APIAKEYLO_EL1);
	write_sysreg_s(hyp_keys.ia.hi, SYS_APIAKEYHI_EL1);
	isb();
	hyp_note_key_switch();
}

/*
 * Key A and its isb in the same block of an alternative: where the CPU
 * has the capability both run; where it does not neither does.
 */
void __ptrauth_switch_if_ras(u64 lo)
{
	asm volatile(ALTERNATIVE("nop\n\tnop",
				 ".arch_extension pauth\n\t"
				 "msr apiakeylo_el1, %0\n\tisb",
				 ARM64_HAS_RAS_EXTN) : : "r" (lo));
	hyp_note_key_switch();
}
