/* SPDX-License-Identifier: MIT */
/*
 * The GDT and the TSS (SDM Vol. 3A, 3.4.5 segment descriptors, 7.2.3 64-bit
 * TSS descriptor, 7.7 64-bit TSS). Selectors:
 *
 *   0x00 null
 *   0x08 kernel code, 64-bit        (CS)
 *   0x10 kernel data                (SS, DS, ES)
 *   0x18 user data,  DPL 3          placeholder; SYSRET wants data then
 *   0x20 user code, 64-bit, DPL 3   code right after it
 *   0x28 TSS (16-byte descriptor)
 */
#ifndef KERNEL_ARCH_X86_64_GDT_H
#define KERNEL_ARCH_X86_64_GDT_H

#define SEL_KCODE 0x08
#define SEL_KDATA 0x10
#define SEL_UDATA 0x18
#define SEL_UCODE 0x20
#define SEL_TSS   0x28

#ifndef __ASSEMBLER__ /* syscall_entry.S takes the selectors only */
#include <stdint.h>

/* Interrupt stack table slots (1-based, as in the IDT gate). */
#define IST_DF    1
#define IST_NMI   2
#define IST_MC    3
#define IST_COUNT 3

/* Load the GDT and the TSS, reload every segment register; ist_top[i] is
 * the top of the stack for IST slot i + 1. */
void gdt_init(const uint64_t ist_top[IST_COUNT]);
/* The same for CPU index cpu (smp.h): its own GDT and TSS. */
void gdt_init_cpu(unsigned cpu, const uint64_t ist_top[IST_COUNT]);
/* The stack the CPU switches to on an interrupt or exception from ring 3
 * (TSS.RSP0): the running thread's kernel stack top. */
void tss_set_rsp0(uint64_t top);
#endif /* __ASSEMBLER__ */
#endif
