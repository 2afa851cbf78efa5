#include <asm/sysreg.h>
void f(void)
{
	write_sysreg(0, hcr_el2);
	__tlbi(vmalle1is);
}
