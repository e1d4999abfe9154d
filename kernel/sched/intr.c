/* SPDX-License-Identifier: MIT */
/*
 * Interruptible waits (thread.h): how kill reaches a process blocked in a
 * system call. Only waits made through these functions can be cut short;
 * a thread blocked anywhere else (a mutex, a driver's wait) is left
 * alone and notices t->intr when it next checks.
 *
 *   thread_interrupt(t):  intr = 1; if BLOCKED && intr_ok: wake t
 *   the waiter:           wakes, takes itself off its queue (waitq.c),
 *                         sees intr, returns false
 *
 * intr is written by the interrupter and read by the waiter after it
 * marks itself BLOCKED, both sequentially consistent, so one of them sees
 * the other: an interrupt never slips between the check and the sleep
 * (sched_block_current checks intr under its CPU's lock).
 */
#include <arch/irq_flags.h>
#include "sched/sched_impl.h"
#include "sched/thread.h"
#include "sched/waitq.h"

void thread_interrupt(struct thread *t)
{
	__atomic_store_n(&t->intr, true, __ATOMIC_SEQ_CST);
	sched_wake_intr(t);
}

bool waitq_wait_intr(struct waitq *q, struct spinlock *lk)
{
	struct thread *t = thread_current();

	if (__atomic_load_n(&t->intr, __ATOMIC_SEQ_CST))
		return false;
	t->intr_ok = true;
	waitq_wait(q, lk);
	t->intr_ok = false;
	return !__atomic_load_n(&t->intr, __ATOMIC_SEQ_CST);
}
