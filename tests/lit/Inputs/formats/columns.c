/*
 * An access after a comment with a two-byte character in it: clang's
 * column counts bytes, SARIF's (columnKind unicodeCodePoints) characters,
 * so the two differ by one (formats/sarif-paths.test).
 */
#include "mini.h"

void flush_after_comment(void)
{
	write_hcr(read_hcr() & ~HCR_TGE);
	/* café */ tlbi_vmalle1is();
}
