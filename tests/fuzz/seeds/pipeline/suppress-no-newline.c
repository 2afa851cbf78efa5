#include <asm/kvm_hyp.h>
void f(void)
{
	write_sysreg(0, hcr_el2);
	/* isbcheck: ignore hcr-tge-tlbi-at: [31m */
	__tlbi(vmalle1is);
}