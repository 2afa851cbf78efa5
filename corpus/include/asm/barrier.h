/* SPDX-License-Identifier: GPL-2.0 */
/* Barriers and synchronization, one instruction each. */
#ifndef __CORPUS_BARRIER_H
#define __CORPUS_BARRIER_H

#define isb()		asm volatile("isb" : : : "memory")
#define dsb(opt)	asm volatile("dsb " #opt : : : "memory")
/* psb csync and tsb csync live in the hint space: any assembler takes them */
#define psb_csync()	asm volatile("hint #17" : : : "memory")
#define tsb_csync()	asm volatile("hint #18" : : : "memory")

#endif
