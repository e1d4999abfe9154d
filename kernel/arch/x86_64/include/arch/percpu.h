/* SPDX-License-Identifier: MIT */
/*
 * Per-CPU data, reached through the GS base (SDM Vol. 3A, 3.4.4): while a
 * CPU runs kernel code its GS base is its struct percpu; while it runs
 * user code, GS holds the user's (0: tern gives user space no way to set
 * it) and the kernel's sits in IA32_KERNEL_GS_BASE. SWAPGS exchanges the
 * two on every crossing:
 *
 *   SYSCALL entry ........ swapgs first thing (syscall_entry.S)
 *   return to ring 3 ..... swapgs right before SYSRET / IRETQ
 *   interrupt, exception . swapgs if the frame's CS is ring 3, or the
 *                          fault is the IRETQ to ring 3 (trap_entry.S)
 *   NMI, #DF, #MC ........ may land between a swapgs and its SYSRET or
 *                          IRETQ: they read IA32_GS_BASE and swap only
 *                          if it is not a kernel address ("paranoid")
 *
 *   gs:0   kernel_rsp   the stack SYSCALL switches to
 *   gs:8   scratch      the user RSP during that switch
 *   gs:16  self         this struct, for this_percpu()
 *   gs:24  index        the CPU's index (smp.h cpus[])
 *   gs:32  irq_depth    interrupt handlers running (irq_dispatch)
 *   gs:40  thread       the thread running on this CPU (the scheduler's)
 */
#ifndef KERNEL_ARCH_X86_64_PERCPU_H
#define KERNEL_ARCH_X86_64_PERCPU_H

#define PERCPU_KERNEL_RSP 0
#define PERCPU_SCRATCH    8
#define PERCPU_SELF       16
#define PERCPU_INDEX      24
#define PERCPU_IRQ_DEPTH  32
#define PERCPU_THREAD     40

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct percpu {
	uint64_t kernel_rsp;
	uint64_t scratch;
	struct percpu *self;
	uint64_t index;
	uint64_t irq_depth;
	void *thread;
};

/* Point this CPU's GS base at its struct percpu (index cpu); the user's
 * GS base (IA32_KERNEL_GS_BASE while in the kernel) is 0. */
void percpu_init(unsigned cpu);

static inline struct percpu *this_percpu(void)
{
	struct percpu *p;

	__asm__ volatile("movq %%gs:%c1, %0" : "=r"(p) : "i"(PERCPU_SELF));
	return p;
}

/* Set once the boot CPU's GS base leads to its area. */
extern bool percpu_ready;

/* The running CPU's index: stable only while the caller cannot move to
 * another CPU (interrupts off, or a thread pinned to it). */
static inline unsigned this_cpu_index(void)
{
	uint64_t i;

	__asm__ volatile("movq %%gs:%c1, %0" : "=r"(i) : "i"(PERCPU_INDEX));
	return (unsigned)i;
}

/* this_cpu_index(), and 0 before the boot CPU's GS base is set (a panic
 * or a lock that early). */
static inline unsigned arch_cpu_index(void)
{
	return percpu_ready ? this_cpu_index() : 0;
}

/* The running thread (set by the scheduler at each switch; NULL before
 * it starts here). One GS-relative load, so it is right even if the
 * caller is preempted and moved just before or after it. */
static inline void *this_cpu_thread(void)
{
	void *t;

	if (!percpu_ready)
		return NULL;
	__asm__ volatile("movq %%gs:%c1, %0" : "=r"(t) : "i"(PERCPU_THREAD));
	return t;
}

static inline void this_cpu_set_thread(void *t)
{
	__asm__ volatile("movq %0, %%gs:%c1"
	                 :
	                 : "r"(t), "i"(PERCPU_THREAD)
	                 : "memory");
}

/* True while this CPU runs an interrupt handler (irq_dispatch). */
static inline bool in_irq(void)
{
	uint64_t d;

	if (!percpu_ready)
		return false;
	__asm__ volatile("movq %%gs:%c1, %0" : "=r"(d) : "i"(PERCPU_IRQ_DEPTH));
	return d != 0;
}
#endif /* __ASSEMBLER__ */
#endif
