/* SPDX-License-Identifier: MIT */
/* Wait queues (waitq.h): FIFO lists of blocked threads, on top of
 * sched_prepare_block, sched_block_current and sched_wake. */
#include "sched/sched_impl.h"
#include "sched/thread.h"
#include "sched/waitq.h"
#include "sync/lockdep.h"

void waitq_init(struct waitq *q)
{
	q->lock = (struct spinlock)SPINLOCK_INIT("waitq");
	list_init(&q->waiters);
}

void waitq_enqueue_blocked(struct waitq *q)
{
	struct thread *t = thread_current();

	spin_lock(&q->lock);
	list_add_tail(&q->waiters, &t->wait_link);
	t->wq = q;
	sched_prepare_block(); /* a waker takes q's lock: it sees BLOCKED */
	spin_unlock(&q->lock);
}

bool waitq_sleep(struct waitq *q, struct spinlock *lk)
{
	struct thread *t = thread_current();
	bool woken;

	lockdep_wait_begin(lk);
	spin_release_raw(lk);
	sched_block_current(); /* IF stays off: no wake-up can slip past */
	spin_acquire_raw(lk);
	lockdep_wait_end(lk);
	spin_lock(&q->lock);
	woken = !t->wq;
	if (!woken) { /* a timeout or an interrupt: off q by itself */
		list_del(&t->wait_link);
		t->wq = NULL;
	}
	spin_unlock(&q->lock);
	return woken;
}

bool waitq_wait(struct waitq *q, struct spinlock *lk)
{
	waitq_enqueue_blocked(q);
	return waitq_sleep(q, lk);
}

static unsigned wake(struct waitq *q, unsigned max)
{
	unsigned n = 0;
	uint64_t f = spin_lock_irqsave(&q->lock);

	while (n < max && !list_empty(&q->waiters)) {
		struct list_node *node = list_first(&q->waiters);
		struct thread *t = list_entry(node, struct thread, wait_link);

		list_del(node);
		t->wq = NULL;
		sched_wake(t);
		n++;
	}
	spin_unlock_irqrestore(&q->lock, f);
	return n;
}

unsigned waitq_wake_one(struct waitq *q)
{
	return wake(q, 1);
}

unsigned waitq_wake_all(struct waitq *q)
{
	return wake(q, ~0u);
}
