// Assembly cases for tests/lit/asm/frontend.test (our own code).
	.arch_extension pauth
	.text

.macro switch_key base, t1=x2, t2=x3
	ldp	\t1, \t2, [\base]
	msr	apiakeylo_el1, \t1
	msr	apiakeyhi_el1, \t2
.endm

/* .irp and \@: one local label per expansion */
.macro twice_then_ret
	.irp n, 1, 2
	cbz	x\n, .Lskip\@_\n
.Lskip\@_\n:
	.endr
.endm

	.globl	key_then_retaa
key_then_retaa:
	twice_then_ret
	switch_key x0
	retaa

	.set	.Lwant_isb, 0
	.globl	vmid_if
vmid_if:
	msr	vttbr_el2, x0
1:	nop
2:
	.if (2b - 1b) == 4 && .Lwant_isb
	isb
	.endif
	.rept 2
	nop
	.endr
	tlbi	vmalls12e1is
	ret

	.globl	hcr_then_branch
hcr_then_branch:
	msr	hcr_el2, x0
	b	flush_el1

	.globl	flush_el1
flush_el1:
	tlbi	vmalle1
	ret
