/* A loop with two entries (a and b): irreducible control flow. */
#include "mini.h"

u64 f(u64 va, int x)
{
	u64 s = 0;

	if (x)
		goto b;
a:
	at_s1e1r(va);
	if (cond())
		goto done;
b:
	s += read_par();	/* reached from a with the AT pending */
	if (cond())
		goto a;
	isb();
	goto b;
done:
	return s;
}
