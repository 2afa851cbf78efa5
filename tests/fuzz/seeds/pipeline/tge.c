#include <asm/kvm_hyp.h>
void f(void)
{
	write_sysreg(read_sysreg(hcr_el2) & ~HCR_TGE, hcr_el2);
	__tlbi(vmalle1is);
}
