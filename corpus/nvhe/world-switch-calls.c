// SPDX-License-Identifier: GPL-2.0
/*
 * Calls between C and assembly (world-switch.S): a write in one language whose
 * dependent access is in the other.
 */
#include <hyp/switch.h>

/* world-switch.S */
void corpus_asm_flush_vmid(void);

/* for world-switch.S, and for whoever calls the C cases */
void corpus_c_calls_asm(u64 vttbr);
void corpus_c_calls_asm_synced(u64 vttbr);
void corpus_c_flush_vmid(void);
void corpus_c_signed_entry(void);
void corpus_c_signed_entry_synced(void);

/* Seeded: the VMID written, then assembly that flushes by it.  Fix: isb(). */
void corpus_c_calls_asm(u64 vttbr)
{
	write_sysreg(vttbr, vttbr_el2);
	corpus_asm_flush_vmid();
}

/* Silent: synchronized before the call. */
void corpus_c_calls_asm_synced(u64 vttbr)
{
	write_sysreg(vttbr, vttbr_el2);
	isb();
	corpus_asm_flush_vmid();
}

/* Called from corpus_asm_calls_c() with the VMID not yet synchronized. */
void corpus_c_flush_vmid(void)
{
	__tlbi(vmalls12e1is);			/* expect: vttbr-vmid-tlbi */
	dsb(ish);
}

/*
 * Called from world-switch.S with pointer-authentication key A just
 * written: a function that calls another, so that -mbranch-protection=
 * pac-ret signs its return address on entry (the paciasp at its name)
 * and authenticates it on the way out (the autiasp at its closing brace,
 * listed under the first).
 */
void corpus_c_signed_entry(void)		/* expect: pauth-ia-key */
{
	corpus_c_flush_vmid();
}						/* expect: pauth-ia-key+ */

/* The same, called from the alternative that synchronizes. */
void corpus_c_signed_entry_synced(void)
{
	corpus_c_flush_vmid();
}
