/* SPDX-License-Identifier: MIT */
/* Lock misuse on purpose, each of which must end in a panic naming the
 * lock: a self-deadlock (any build), a lock order inversion, an
 * irq-unsafe lock (the lock-order checker) and a lock another CPU holds
 * for too long (debug builds). */
#include <arch/irq_flags.h>
#include <arch/lapic.h>
#include <arch/smp_call.h>
#include "irq/irq.h"
#include "sync/spinlock.h"
#include "test/crashtest_lock.h"
#include "time/time.h"

static struct spinlock crash_a = SPINLOCK_INIT("crash-a");
static struct spinlock crash_b = SPINLOCK_INIT("crash-b");
static struct spinlock crash_irq = SPINLOCK_INIT("crash-irq");
static struct spinlock crash_stall = SPINLOCK_INIT("crash-stall");

void crashtest_lockrecurse(void)
{
	uint64_t f = spin_lock_irqsave(&crash_a);
	uint64_t g = spin_lock_irqsave(&crash_a); /* never returns */

	spin_unlock_irqrestore(&crash_a, g);
	spin_unlock_irqrestore(&crash_a, f);
}

/* a then b, as one path might; later b then a, as another might. On one
 * CPU nothing hangs, but two CPUs running these paths can deadlock: the
 * checker must say so at the second path's inner lock. */
void crashtest_lockinv(void)
{
	uint64_t f = spin_lock_irqsave(&crash_a);
	uint64_t g = spin_lock_irqsave(&crash_b);

	spin_unlock_irqrestore(&crash_b, g);
	spin_unlock_irqrestore(&crash_a, f);
	f = spin_lock_irqsave(&crash_b);
	g = spin_lock_irqsave(&crash_a);
	spin_unlock_irqrestore(&crash_a, g);
	spin_unlock_irqrestore(&crash_b, f);
}

static void take_in_handler(unsigned vector, void *ctx)
{
	uint64_t f = spin_lock_irqsave(&crash_irq);

	(void)vector;
	(void)ctx;
	spin_unlock_irqrestore(&crash_irq, f);
}

/* crash-irq held with interrupts enabled, then taken by an interrupt
 * handler (a self-IPI): had the interrupt come while it was held, the
 * handler would spin for ever on its own CPU's lock. */
void crashtest_lockirq(void)
{
	int v = irq_alloc_vector();

	if (v < 0 || irq_register((unsigned)v, take_in_handler, NULL))
		return;
	irq_enable();
	spin_lock(&crash_irq);
	spin_unlock(&crash_irq);
	lapic_self_ipi((uint8_t)v);
	time_sleep_busy_ns(50000000ull);
}

/* crash-stall as if cpu 1 had taken it and never let go (its ticket drawn
 * and served, its CPU recorded): the wait must end in the spin-too-long
 * panic naming cpu 1 after SPIN_TOO_LONG_MS. */
void crashtest_lockstall(void)
{
	uint64_t f;

	__atomic_fetch_add(&crash_stall.next, 1, __ATOMIC_ACQUIRE);
	crash_stall.cpu = 2;
	f = spin_lock_irqsave(&crash_stall); /* never returns */
	spin_unlock_irqrestore(&crash_stall, f);
}

static void take_in_call(void *arg)
{
	spin_lock(arg);
	spin_unlock(arg);
}

/* A cross-CPU call whose function takes a lock: cpu 1 might have been
 * waiting for that lock with its ticket served when the call came, and
 * would never take it (the deadlock qemu.smp.ktests met once in CI). The
 * checker must refuse any lock inside a call, contended or not. */
void crashtest_lockincall(void)
{
	smp_call_on(1, take_in_call, &crash_a);
}
