// The source around a finding, with markup characters in it, for
// tests/lit/formats/html-escape.test: the page shows it as text.
#include "mini.h"

u64 translate_markup(u64 va, u64 a, u64 b)
{
	at_s1e1r(va);	/* <script>throw new Error("ran")</script> */
	if (a < b && b > 2)	/* </td></tr></table><img src=x onerror=throw> */
		a = b;
	return read_par() & a;	/* &amp; stays "&amp;" */
}
