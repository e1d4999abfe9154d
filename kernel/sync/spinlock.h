/* SPDX-License-Identifier: MIT */
/*
 * Ticket spinlocks. A taker draws the next ticket and waits (PAUSE) until
 * the lock serves it, so CPUs get the lock in the order they asked:
 *
 *   next  = 7   the ticket the next taker draws (atomic fetch-and-add)
 *   owner = 5   the ticket being served; unlock adds one
 *   cpu   = 2   the holder's CPU index + 1 (0: free), for diagnostics
 *
 *	uint64_t f = spin_lock_irqsave(&l);
 *	... critical section: no preemption, no interrupts ...
 *	spin_unlock_irqrestore(&l, f);
 *
 * spin_lock_irqsave saves RFLAGS and clears IF first; the unlock restores
 * IF only if it was set, so locks nest and work from interrupt handlers.
 * spin_lock/spin_unlock leave IF alone (the caller already has it off,
 * or the lock is never taken by an interrupt handler).
 *
 * Taking a lock this CPU holds panics naming it (it would never be
 * freed). Debug builds (TERN_LOCK_DEBUG) also panic when a waiter sees
 * the lock change hands not once in SPIN_TOO_LONG_MS, and check lock
 * order (lockdep.h); name is the lock's lockdep class.
 */
#ifndef KERNEL_SYNC_SPINLOCK_H
#define KERNEL_SYNC_SPINLOCK_H
#include <stdint.h>
#include <arch/percpu.h>
#include <arch/thread_arch.h>

struct spinlock {
	uint16_t owner;
	uint16_t next;
	uint16_t cpu;
	uint16_t ld_class; /* lockdep: class + 1; 0 until first taken */
	const char *name;
};

/* Zero is an unlocked, unnamed lock: static zeroed storage is valid. */
#define SPINLOCK_INIT(n)                                                       \
	{                                                                      \
		.name = (n)                                                    \
	}

#define SPIN_TOO_LONG_MS 1000

/* Called when a lock is taken twice on this CPU (never returns). */
_Noreturn void spin_deadlock(struct spinlock *l);
/* The slow path: wait until l serves ticket (spinlock.c). */
void spin_wait(struct spinlock *l, uint16_t ticket);

#ifdef TERN_LOCK_DEBUG
/* Lock-order checks (lockdep.c): before a spinlock is taken (irq_on: IF
 * stays set while it is held) and as it is released. */
void lockdep_spin_acquire(struct spinlock *l, bool irq_on);
void lockdep_spin_release(struct spinlock *l);
#else
static inline void lockdep_spin_acquire(struct spinlock *l, bool irq_on)
{
	(void)l;
	(void)irq_on;
}
static inline void lockdep_spin_release(struct spinlock *l)
{
	(void)l;
}
#endif

/* Take l without the checker (waitq's re-take, the checker's own lock).
 * The caller has interrupts off or never meets l in a handler. */
static inline void spin_acquire_raw(struct spinlock *l)
{
	uint16_t t = __atomic_fetch_add(&l->next, 1, __ATOMIC_ACQUIRE);

	if (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != t)
		spin_wait(l, t);
	__atomic_store_n(&l->cpu, (uint16_t)(arch_cpu_index() + 1),
	                 __ATOMIC_RELAXED);
}

static inline void spin_release_raw(struct spinlock *l)
{
	__atomic_store_n(&l->cpu, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&l->owner, (uint16_t)(l->owner + 1), __ATOMIC_RELEASE);
}

static inline void spin_lock(struct spinlock *l)
{
	lockdep_spin_acquire(l, irq_enabled());
	spin_acquire_raw(l);
}

static inline void spin_unlock(struct spinlock *l)
{
	lockdep_spin_release(l);
	spin_release_raw(l);
}

static inline uint64_t spin_lock_irqsave(struct spinlock *l)
{
	uint64_t flags = irq_save();

	lockdep_spin_acquire(l, false);
	spin_acquire_raw(l);
	return flags;
}

static inline void spin_unlock_irqrestore(struct spinlock *l, uint64_t flags)
{
	spin_unlock(l);
	irq_restore(flags);
}
#endif
