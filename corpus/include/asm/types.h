/* SPDX-License-Identifier: GPL-2.0 */
/* Freestanding types and helpers for the reference world switch. */
#ifndef __CORPUS_TYPES_H
#define __CORPUS_TYPES_H

typedef unsigned char u8;
typedef unsigned int u32;
typedef unsigned long u64;
typedef _Bool bool;

#define true	1
#define false	0
#define NULL	((void *)0)

#define UL(x)		(x##UL)
#define BIT(n)		(UL(1) << (n))
#define GENMASK(h, l)	((~UL(0) << (l)) & (~UL(0) >> (63 - (h))))

#define __stringify_1(x...)	#x
#define __stringify(x...)	__stringify_1(x)

#define __noreturn	__attribute__((__noreturn__))
#define unlikely(x)	__builtin_expect(!!(x), 0)

#endif
