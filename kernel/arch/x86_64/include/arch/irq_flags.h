/* SPDX-License-Identifier: MIT */
/* The interrupt flag (SDM Vol. 1, 3.4.3.3: RFLAGS.IF is bit 9). */
#ifndef KERNEL_ARCH_X86_64_IRQ_FLAGS_H
#define KERNEL_ARCH_X86_64_IRQ_FLAGS_H
#include <stdbool.h>
#include <stdint.h>
#include <arch/cpu.h> /* port I/O, cpu_pause: users of this header */

#define RFLAGS_IF (1ull << 9)

/* Disable interrupts; returns the previous RFLAGS for irq_restore. */
static inline uint64_t irq_save(void)
{
	uint64_t f;

	__asm__ volatile("pushfq; popq %0; cli" : "=r"(f) : : "memory");
	return f;
}

static inline void irq_restore(uint64_t flags)
{
	if (flags & RFLAGS_IF)
		__asm__ volatile("sti" ::: "memory");
}

static inline void irq_enable(void)
{
	__asm__ volatile("sti" ::: "memory");
}

static inline bool irq_enabled(void)
{
	uint64_t f;

	__asm__ volatile("pushfq; popq %0" : "=r"(f));
	return f & RFLAGS_IF;
}

#endif
