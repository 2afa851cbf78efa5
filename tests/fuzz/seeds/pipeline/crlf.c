#include <asm/kvm_hyp.h>
void f(void)
{
	write_sysreg(0, hcr_el2);
	__tlbi(vmalle1is);
}
