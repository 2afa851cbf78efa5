// SPDX-License-Identifier: GPL-2.0
/*
 * Seeded bug, VHE: memory tagging.  As in seeded.c, the function is a
 * sequence with its synchronization missing; the comment above it says
 * what the fix is.
 */
#include <hyp/seeded.h>

/*
 * A VHE host with hardware tag checks generates tags at EL2 with
 * GCR_EL1: IRG may choose a tag from the old exclusion mask.  Fix: isb()
 * after the GCR_EL1 write.
 */
u64 seeded_gcr_then_irg(u64 exclude, u64 ptr)
{
	write_sysreg_s(exclude, SYS_GCR_EL1);
	asm volatile(".arch_extension memtag\n\tirg %0, %0" : "+r" (ptr)); /* expect: gcr-tag-generation */
	return ptr;
}
