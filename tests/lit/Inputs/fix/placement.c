/* Scenarios for tests/lit/fix/placement.test: where a fix goes. */
#include "mini.h"

u64 same_function(u64 va)
{
	at_s1e1r(va);
	return read_par();
}

static void do_at(u64 va)
{
	at_s1e1r(va);
}

u64 write_in_a_helper(u64 va)
{
	do_at(va);
	return read_par();
}

u64 after_a_label(u64 va)
{
	do_at(va);
	if (cond())
		goto out;
	va++;
out:
	return read_par();
}

u64 write_over_two_lines(u64 va)
{
	at_s1e1r(va +
		 1);	/* a comment after it */
	return read_par();
}

u64 code_after_the_write(u64 va)
{
	at_s1e1r(va); va++;
	return read_par();
}

u64 two_writes_pending(u64 a, u64 b)
{
	at_s1e1r(a);
	at_s1e1r(b);
	return read_par();
}

void only_the_missing_step(void)
{
	write_trfcr(0);
	isb();
	write_trblimitr(0);
}

u64 no_line_of_its_own(u64 va)
{
	do_at(va); return read_par();
}
