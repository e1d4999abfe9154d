/* SPDX-License-Identifier: MIT */
/*
 * Interruptible waits (thread.h): how kill reaches a process blocked in a
 * system call. Only waits made through these functions can be cut short;
 * a thread blocked anywhere else (a mutex, a driver's wait) is left
 * alone and notices t->intr when it next checks.
 *
 *   thread_interrupt(t):  intr = 1; if BLOCKED && intr_ok:
 *                            off t->wq (if any) -> READY
 *   the waiter:           wakes, sees intr, returns false
 *
 * All of it runs with interrupts off, which on one CPU is the lock for
 * the thread fields and every wait queue list.
 */
#include <arch/irq_flags.h>
#include "sched/sched_impl.h"
#include "sched/thread.h"
#include "sched/waitq.h"
#include "time/time.h"

void thread_interrupt(struct thread *t)
{
	uint64_t f = irq_save();

	t->intr = true;
	if (t->state == THREAD_BLOCKED && t->intr_ok) {
		if (t->wq) {
			list_del(&t->link);
			t->wq = NULL;
		}
		sched_wake(t);
	}
	irq_restore(f);
}

bool waitq_wait_intr(struct waitq *q, struct spinlock *lk)
{
	struct thread *t = thread_current();

	if (t->intr)
		return false;
	t->intr_ok = true;
	waitq_wait(q, lk);
	t->intr_ok = false;
	return !t->intr;
}

/* Timer callback of an interruptible sleep. */
static void intr_sleep_expired(void *ctx)
{
	struct thread *t = ctx;

	if (t->state == THREAD_BLOCKED)
		sched_wake(t);
}

bool thread_sleep_intr_ns(uint64_t ns)
{
	struct thread *t = thread_current();
	uint64_t f = irq_save(), end = time_ns() + ns;
	timer_handle_t h;

	if (t->intr) {
		irq_restore(f);
		return false;
	}
	h = timer_add_oneshot(ns, intr_sleep_expired, t);
	if (h) {
		t->intr_ok = true;
		sched_block_current();
		t->intr_ok = false;
		timer_cancel(
		    h); /* woken early: the timer must not fire later */
	}
	irq_restore(f);
	while (!h && !t->intr && time_ns() < end)
		thread_yield(); /* no timer slot free */
	return !t->intr;
}
