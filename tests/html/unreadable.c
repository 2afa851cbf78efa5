// Findings whose write, or write and access, are in a header the page
// cannot read (tests/lit/formats/html-unreadable.test).
#include "mini.h"
#include "gone/helper.h"

void unreadable_sve(u64 vq)
{
	unreadable_enable_fp();
	write_sysreg(vq - 1, s3_0_c1_c2_0);	/* ZCR_EL1 */
}

u64 unreadable_at(u64 va)
{
	return unreadable_translate(va);
}
