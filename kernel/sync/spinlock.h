/* SPDX-License-Identifier: MIT */
/*
 * Spinlocks that disable interrupts. Taking one saves RFLAGS and clears IF
 * before spinning on the lock word; releasing it restores IF only if it was
 * set before, so locks nest (inner unlock leaves interrupts off until the
 * outer one is released) and work from interrupt handlers. On one CPU the
 * word never spins; it catches recursion (self-deadlock panics) and keeps
 * the code right for a second CPU.
 *
 *	uint64_t f = spin_lock_irqsave(&l);
 *	... critical section: no preemption, no interrupts ...
 *	spin_unlock_irqrestore(&l, f);
 */
#ifndef KERNEL_SYNC_SPINLOCK_H
#define KERNEL_SYNC_SPINLOCK_H
#include <stdint.h>
#include <arch/thread_arch.h>

struct spinlock {
	volatile uint32_t locked;
	const char *name;
};

#define SPINLOCK_INIT(n)                                                       \
	{                                                                      \
		0, n                                                           \
	}

/* Called when a lock is taken twice on this CPU (never returns). */
_Noreturn void spin_deadlock(struct spinlock *l);

static inline uint64_t spin_lock_irqsave(struct spinlock *l)
{
	uint64_t flags = irq_save();

	if (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		spin_deadlock(l); /* one CPU, IF off: nobody else can free it */
	return flags;
}

static inline void spin_unlock_irqrestore(struct spinlock *l, uint64_t flags)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
	irq_restore(flags);
}
#endif
