/* SPDX-License-Identifier: MIT */
/* Ticket spinlocks on one CPU (their fields, IF handling, wrap-around,
 * service order) and the lock-order checker's bookkeeping. Contention
 * between CPUs waits for threads on more than one CPU. */
#include <arch/irq_flags.h>
#include <arch/lapic.h>
#include <arch/percpu.h>
#include "console/kprintf.h"
#include "irq/irq.h"
#include "sched/mutex.h"
#include "sched/thread.h"
#include "sync/lockdep.h"
#include "sync/spinlock.h"
#include "test/ktest.h"
#include "time/time.h"

static struct spinlock kl_outer = SPINLOCK_INIT("ktest-outer");
static struct spinlock kl_inner = SPINLOCK_INIT("ktest-inner");

KTEST(lock_ticket_fields)
{
	uint64_t f;
	uint16_t t = kl_outer.next;

	KEXPECT_EQ(kl_outer.owner, t);
	KEXPECT_EQ(kl_outer.cpu, 0);
	f = spin_lock_irqsave(&kl_outer);
	KEXPECT(!irq_enabled());
	KEXPECT_EQ(kl_outer.next, (uint16_t)(t + 1));
	KEXPECT_EQ(kl_outer.owner, t);
	KEXPECT_EQ(kl_outer.cpu, arch_cpu_index() + 1);
	spin_unlock_irqrestore(&kl_outer, f);
	KEXPECT_EQ(kl_outer.owner, (uint16_t)(t + 1));
	KEXPECT_EQ(kl_outer.next, (uint16_t)(t + 1));
	KEXPECT_EQ(kl_outer.cpu, 0);
}

/* The inner unlock leaves interrupts off until the outer one. */
KTEST(lock_nesting_keeps_irqs_off)
{
	uint64_t f, g;

	KREQUIRE(irq_enabled());
	f = spin_lock_irqsave(&kl_outer);
	g = spin_lock_irqsave(&kl_inner);
	spin_unlock_irqrestore(&kl_inner, g);
	KEXPECT(!irq_enabled());
	spin_unlock_irqrestore(&kl_outer, f);
	KEXPECT(irq_enabled());
}

/* spin_lock leaves IF as it is. */
KTEST(lock_plain_keeps_irq_flag)
{
	static struct spinlock l = SPINLOCK_INIT("ktest-plain");

	KREQUIRE(irq_enabled());
	spin_lock(&l);
	KEXPECT(irq_enabled());
	KEXPECT_EQ(l.cpu, arch_cpu_index() + 1);
	spin_unlock(&l);
	KEXPECT(irq_enabled());
	KEXPECT_EQ(l.cpu, 0);
}

/* 16-bit tickets wrap: 0xfffe, 0xffff, 0, 1 are served in turn. */
KTEST(lock_ticket_wraps)
{
	static struct spinlock l = SPINLOCK_INIT("ktest-wrap");

	l.owner = l.next = 0xfffe;
	for (unsigned i = 0; i < 4; i++) {
		uint64_t f = spin_lock_irqsave(&l);

		KEXPECT_EQ(l.next, (uint16_t)(0xffff + i));
		spin_unlock_irqrestore(&l, f);
	}
	KEXPECT_EQ(l.owner, 2);
	KEXPECT_EQ(l.next, 2);
}

/* A waiter that drew its ticket first is served first: with one ticket
 * drawn by "another CPU" while held, the unlock serves that ticket, and
 * a later taker's ticket is the one after it. */
KTEST(lock_serves_in_ticket_order)
{
	static struct spinlock l = SPINLOCK_INIT("ktest-order");
	uint64_t f = spin_lock_irqsave(&l);
	uint16_t mine = (uint16_t)(l.next - 1);
	uint16_t waiter = __atomic_fetch_add(&l.next, 1, __ATOMIC_ACQUIRE);

	KEXPECT_EQ(waiter, (uint16_t)(mine + 1));
	spin_unlock_irqrestore(&l, f);
	KEXPECT_EQ(l.owner, waiter); /* served: the waiter holds it now */
	KEXPECT_EQ(l.next, (uint16_t)(waiter + 1));
	l.owner++; /* the waiter's unlock */
	f = spin_lock_irqsave(&l);
	KEXPECT_EQ(l.owner, (uint16_t)(waiter + 1));
	spin_unlock_irqrestore(&l, f);
}

static void note_in_irq(unsigned vector, void *ctx)
{
	(void)vector;
	*(volatile int *)ctx = in_irq() ? 1 : -1;
}

/* in_irq() is what the checker uses to tell handlers from threads. */
KTEST(lock_in_irq_only_in_handlers)
{
	volatile int seen = 0;
	int v = irq_alloc_vector();

	KEXPECT(!in_irq());
	KREQUIRE(v >= 0);
	KREQUIRE(irq_register((unsigned)v, note_in_irq, (void *)&seen) == 0);
	KREQUIRE(irq_enabled());
	lapic_self_ipi((uint8_t)v);
	time_sleep_busy_ns(5000000ull);
	KEXPECT_EQ(seen, 1);
	KEXPECT(!in_irq());
	irq_unregister((unsigned)v);
	irq_free_vector((unsigned)v);
}

/* Debug builds: the checker is on, gives each lock its class, and tracks
 * the mutexes a thread holds. */
KTEST(lock_checker_tracks_classes)
{
	static struct spinlock l = SPINLOCK_INIT("ktest-class");
	static struct mutex m;
	struct thread *me;
	unsigned n0;
	uint64_t f;

#ifndef TERN_LOCK_DEBUG
	KEXPECT(!lockdep_enabled());
	return;
#endif
	KREQUIRE(lockdep_enabled());
	f = spin_lock_irqsave(&l);
	spin_unlock_irqrestore(&l, f);
	KEXPECT(l.ld_class != 0);
	sched_init();
	me = thread_current();
	KREQUIRE(me);
	mutex_init(&m, "ktest-mutex");
	n0 = me->ld_mutexes.n;
	mutex_lock(&m);
	KEXPECT_EQ(me->ld_mutexes.n, n0 + 1);
	f = spin_lock_irqsave(&l); /* mutex -> spinlock: an allowed order */
	spin_unlock_irqrestore(&l, f);
	mutex_unlock(&m);
	KEXPECT_EQ(me->ld_mutexes.n, n0);
	KEXPECT(m.ld_class != 0);
}

/* What a nested pair of uncontended irqsave locks costs, in TSC cycles
 * (compare runs with and without nolockdep, or with a release build). */
KTEST(lock_cost_nested_pair)
{
	enum { N = 20000 };
	uint64_t t0 = rdtsc();

	for (unsigned i = 0; i < N; i++) {
		uint64_t f = spin_lock_irqsave(&kl_outer);
		uint64_t g = spin_lock_irqsave(&kl_inner);

		spin_unlock_irqrestore(&kl_inner, g);
		spin_unlock_irqrestore(&kl_outer, f);
	}
	kprintf("    nested lock pair: %llu cycles (checker %s)\n",
	        (unsigned long long)((rdtsc() - t0) / N),
	        lockdep_enabled() ? "on" : "off");
	KEXPECT_EQ(kl_outer.owner, kl_outer.next);
	KEXPECT_EQ(kl_inner.cpu, 0);
}
