/*
 * Read by the compiler through a VFS overlay under a name that is not on
 * disk (tests/lit/formats/html-unreadable.test): the page cannot quote it.
 */
static inline void unreadable_enable_fp(void)
{
	write_sysreg(3UL << 16 | 3UL << 20, cpacr_el1);	/* ZEN, FPEN */
}

static inline u64 unreadable_translate(u64 va)
{
	at_s1e1r(va);
	return read_par();
}
