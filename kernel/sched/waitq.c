/* SPDX-License-Identifier: MIT */
/* Wait queues (waitq.h): FIFO lists of blocked threads, on top of
 * sched_block_current and sched_wake. */
#include "sched/thread.h"
#include "sched/waitq.h"
#include "sync/lockdep.h"

void waitq_init(struct waitq *q)
{
	list_init(&q->waiters);
}

void waitq_wait(struct waitq *q, struct spinlock *lk)
{
	struct thread *t = thread_current();

	list_add_tail(&q->waiters, &t->link);
	t->wq = q;
	lockdep_wait_begin(lk);
	spin_release_raw(lk);
	sched_block_current(); /* IF stays off: no wake-up can slip past */
	spin_acquire_raw(lk);
	lockdep_wait_end(lk);
}

static unsigned wake(struct waitq *q, unsigned max)
{
	unsigned n = 0;
	uint64_t f = irq_save();

	while (n < max && !list_empty(&q->waiters)) {
		struct list_node *node = list_first(&q->waiters);
		struct thread *t = list_entry(node, struct thread, link);

		list_del(node);
		t->wq = NULL;
		sched_wake(t);
		n++;
	}
	irq_restore(f);
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
