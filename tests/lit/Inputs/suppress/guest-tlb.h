/*
 * A helper whose access is reported in this header (through the call in
 * suppress/where.c): the suppression is looked for here, by the access.
 */
static inline void flush_guest_tlb_checked(void)
{
	/* isbcheck: ignore hcr-tge-tlbi-at: every caller has TGE set already */
	tlbi_vmalle1is();
}

static inline void flush_guest_tlb(void)
{
	tlbi_vmalle1is();
}
