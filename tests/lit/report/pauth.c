// Pointer-authentication keys: a key write reaches the instructions of its
// own key family, in any spelling the kernel uses (the instruction by
// name, its HINT-space alias, an .inst word); never another family's, an
// instruction that uses no key, or one before the write (rules/pauth.rules).
// The PAC instructions are events only because rules name them: the
// reader reports an instruction outside its fixed classes when a rule,
// step or CSE names its mnemonic.
//
// RUN: %isbcheck %s -- --target=aarch64-linux-gnu -march=armv8.3-a -I%inputs -D__KVM_NVHE_HYPERVISOR__ > %t 2>&1; test $? -eq 1
// RUN: %FileCheck %s --implicit-check-not=warning: < %t
#include "mini.h"

#define write_ia_key(v)	write_sysreg(v, s3_0_c2_c1_0)	/* APIAKEYLO_EL1 */
#define write_ga_key(v)	write_sysreg(v, s3_0_c2_c3_0)	/* APGAKEYLO_EL1 */

u64 sign_by_name(u64 key, u64 lr, u64 sp)
{
	write_ia_key(key);
	asm volatile("pacia %0, %1" : "+r" (lr) : "r" (sp));
	// CHECK: pauth.c:[[@LINE-1]]:2: warning: pacia follows the write to APIAKEYLO_EL1 {{.*}}[pauth-ia-key]
	return lr;
}

void sign_by_hint(u64 key)
{
	write_ia_key(key);
	asm volatile("hint #25");	/* paciasp */
	// CHECK: pauth.c:[[@LINE-1]]:2: warning: paciasp follows the write to APIAKEYLO_EL1 {{.*}}[pauth-ia-key]
}

void auth_by_inst(u64 key)
{
	write_ia_key(key);
	asm volatile(".inst 0xdac11020");	/* autia x0, x1 */
	// CHECK: pauth.c:[[@LINE-1]]:2: warning: autia follows the write to APIAKEYLO_EL1 {{.*}}[pauth-ia-key]
}

/* Must stay silent: another key, no key, before the write, synchronized. */
u64 other_families(u64 key, u64 lr, u64 sp)
{
	u64 mac;

	asm volatile("pacia %0, %1" : "+r" (lr) : "r" (sp));
	write_ia_key(key);
	asm volatile("pacga %0, %1, %2" : "=r" (mac) : "r" (lr), "r" (sp));
	asm volatile("pacib %0, %1" : "+r" (lr) : "r" (sp));
	asm volatile("xpaci %0" : "+r" (lr));
	asm volatile("hint #7");	/* xpaclri */
	isb();
	write_ga_key(key);
	asm volatile("pacia %0, %1" : "+r" (lr) : "r" (sp));
	asm volatile("autiasp");
	isb();
	asm volatile("pacga %0, %1, %2" : "=r" (mac) : "r" (lr), "r" (sp));
	return lr ^ mac;
}
