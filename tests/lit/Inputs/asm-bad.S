// Bad assembly for tests/lit/asm/frontend.test.
	.text
	.if undefined_symbol + 1
	isb
	.endif

.macro needs_arg x:req
	nop
.endm
	needs_arg

	.globl	still_read
still_read:
	msr	vttbr_el2, x0
	tlbi	vmalls12e1is
	ret

.macro twice n
	.if nosuch_\n
	.else
	twice \n
	twice \n
	.endif
.endm
	twice 1

.macro never_closed
	nop
