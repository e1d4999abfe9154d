/* SPDX-License-Identifier: MIT */
/* What the scheduler needs from x86_64: the interrupt flag, the initial
 * stack of a new thread, the switch itself (switch.S), idle halting and
 * the FPU/SSE trap that backs the "kernel never uses SSE" rule. */
#ifndef KERNEL_ARCH_X86_64_THREAD_ARCH_H
#define KERNEL_ARCH_X86_64_THREAD_ARCH_H
#include <stdbool.h>
#include <stdint.h>
#include <arch/irq_flags.h> /* irq_save, irq_restore, ... */

/* Enable interrupts and halt until the next one, atomically (STI's
 * one-instruction shadow covers the HLT). */
static inline void arch_idle(void)
{
	__asm__ volatile("sti; hlt" ::: "memory");
}

/* Save callee-saved registers and RSP into *save_sp, continue on new_sp. */
void sched_switch(uint64_t *save_sp, uint64_t new_sp);

/* Build a new thread's first frame below top (16-byte aligned): switching
 * to the returned sp runs thread_entry(fn, arg). */
uint64_t thread_arch_init_stack(uint64_t top, void *fn, void *arg);

/* Set CR0.EM and CR0.TS and clear CR4.OSFXSR: any x87, MMX or SSE
 * instruction now faults (#NM or #UD) instead of silently using state that
 * switches do not save. */
void thread_arch_forbid_fpu(void);
/* Before switching threads, when either runs a process: prev's user
 * FPU/SSE state saved into prev_fpu (if not NULL); next's page tables
 * (cr3, or the kernel's when 0, with the kernel half refreshed); for a
 * process's thread its kernel stack top for ring 3 entries and its
 * FPU/SSE state from next_fpu, with x87/SSE allowed; for a kernel thread
 * the FPU forbidden again (thread_arch_forbid_fpu). IF = 0. */
void thread_arch_switch_space(uint8_t *prev_fpu, uint64_t cr3,
                              const uint8_t *next_fpu, uint64_t kstack_top);
/* FXSAVE layout (SDM Vol. 1, 10.5.1): 512 bytes, 16-byte aligned. */
#define FPU_AREA_SIZE 512
/* A fresh FPU/SSE state as after FNINIT, with MXCSR's default. */
void thread_arch_fpu_init(uint8_t *area);
/* Save the FPU/SSE state live in the CPU into area (a process's thread,
 * FPU allowed). */
void thread_arch_fpu_save(uint8_t *area);
/* Load area's FPU/SSE state into the CPU (a process's thread). */
void thread_arch_fpu_load(const uint8_t *area);
/* The calling thread stops being a process's: kernel tables, FPU
 * forbidden. IF = 0. */
void thread_arch_leave_user(void);
#endif
