/* SPDX-License-Identifier: MIT */
/* The interrupt flag (SDM Vol. 1, 3.4.3.3: RFLAGS.IF is bit 9). */
#ifndef KERNEL_ARCH_X86_64_IRQ_FLAGS_H
#define KERNEL_ARCH_X86_64_IRQ_FLAGS_H
#include <stdbool.h>
#include <stdint.h>

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

static inline void outw(uint16_t port, uint16_t v)
{
	__asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint16_t inw(uint16_t port)
{
	uint16_t v;

	__asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint32_t inl(uint16_t port)
{
	uint32_t v;

	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void cpu_pause(void)
{
	__asm__ volatile("pause");
}
#endif
