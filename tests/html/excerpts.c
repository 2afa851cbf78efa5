// Writes and accesses 40 and 41 lines apart, for
// tests/lit/formats/html-excerpts.test: steps of one file up to 40
// lines apart share an excerpt, further apart they get one each.
#include "mini.h"

u64 forty_apart(u64 va)
{
	at_s1e1r(va);
	va += 1;
	va += 2;
	va += 3;
	va += 4;
	va += 5;
	va += 6;
	va += 7;
	va += 8;
	va += 9;
	va += 10;
	va += 11;
	va += 12;
	va += 13;
	va += 14;
	va += 15;
	va += 16;
	va += 17;
	va += 18;
	va += 19;
	va += 20;
	va += 21;
	va += 22;
	va += 23;
	va += 24;
	va += 25;
	va += 26;
	va += 27;
	va += 28;
	va += 29;
	va += 30;
	va += 31;
	va += 32;
	va += 33;
	va += 34;
	va += 35;
	va += 36;
	va += 37;
	va += 38;
	va += 39;
	return read_par() + va;
}

u64 forty_one_apart(u64 va)
{
	at_s1e1r(va);
	va += 1;
	va += 2;
	va += 3;
	va += 4;
	va += 5;
	va += 6;
	va += 7;
	va += 8;
	va += 9;
	va += 10;
	va += 11;
	va += 12;
	va += 13;
	va += 14;
	va += 15;
	va += 16;
	va += 17;
	va += 18;
	va += 19;
	va += 20;
	va += 21;
	va += 22;
	va += 23;
	va += 24;
	va += 25;
	va += 26;
	va += 27;
	va += 28;
	va += 29;
	va += 30;
	va += 31;
	va += 32;
	va += 33;
	va += 34;
	va += 35;
	va += 36;
	va += 37;
	va += 38;
	va += 39;
	va += 40;
	return read_par() + va;
}
