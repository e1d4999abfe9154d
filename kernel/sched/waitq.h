/* SPDX-License-Identifier: MIT */
/*
 * Wait queues: threads blocked until someone wakes them. The condition a
 * thread waits for is checked and the thread queued under the same
 * spinlock, so a wake-up between the check and the sleep is never lost:
 *
 *	f = spin_lock_irqsave(&lk);
 *	while (!cond)
 *		waitq_wait(&wq, &lk);   // drops lk while asleep, retakes it
 *	spin_unlock_irqrestore(&lk, f);
 *
 * and the waker changes cond under lk, then calls waitq_wake_one/all
 * (safe from interrupt handlers, on any CPU). The queue's own lock guards
 * its list; a waiter woken by anything but a waker (a timeout, an
 * interrupted wait) takes itself off. Lock order: lk, then the queue's
 * lock, then the scheduler's.
 */
#ifndef KERNEL_SCHED_WAITQ_H
#define KERNEL_SCHED_WAITQ_H
#include <stdbool.h>
#include <libk/list.h>
#include "sync/spinlock.h"

struct waitq {
	struct spinlock lock;
	struct list_node waiters; /* struct thread.wait_link, FIFO */
};

/* A waitq in static storage: static struct waitq q = WAITQ_INIT(q); */
#define WAITQ_INIT(q)                                                          \
	{                                                                      \
		.lock = SPINLOCK_INIT("waitq"),                                \
		.waiters = LIST_INIT(q.waiters)                                \
	}

void waitq_init(struct waitq *q);
/* Block the current thread on q; lk is held (and interrupts are off) on
 * entry and again on return. True if a waker took it off q (false: a
 * timeout or an interrupt ended the wait). */
bool waitq_wait(struct waitq *q, struct spinlock *lk);
/* Like waitq_wait, but also wakes after ns nanoseconds; returns false if
 * it timed out. With no timer to be had (all TIMER_SLOTS in use) it
 * returns false at once rather than block without a bound. */
bool waitq_wait_timeout(struct waitq *q, struct spinlock *lk, uint64_t ns);
/* Wake the longest waiter / every waiter. Return how many woke. */
unsigned waitq_wake_one(struct waitq *q);
unsigned waitq_wake_all(struct waitq *q);
#endif
