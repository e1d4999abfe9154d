/* SPDX-License-Identifier: MIT */
#include <libk/panic.h>
#include "core/panic.h"
#include "sched/mutex.h"
#include "sched/thread.h"
#include "sync/lockdep.h"

void mutex_init(struct mutex *m, const char *name)
{
	m->lk = (struct spinlock)SPINLOCK_INIT("mutex");
	m->name = name;
	m->ld_class = 0;
	m->owner = NULL;
	m->contended = 0;
	waitq_init(&m->wq);
}

void mutex_lock(struct mutex *m)
{
	struct thread *me = thread_current();
	uint64_t f;

	if (m->owner == me)
		panic("mutex %s: relocked by its owner %s", m->name, me->name);
	lockdep_mutex_acquire(me ? &me->ld_mutexes : NULL, m->name,
	                      &m->ld_class);
	f = spin_lock_irqsave(&m->lk);
	if (m->owner)
		m->contended++;
	while (m->owner)
		waitq_wait(&m->wq, &m->lk);
	m->owner = me;
	spin_unlock_irqrestore(&m->lk, f);
}

void mutex_unlock(struct mutex *m)
{
	struct thread *me = thread_current();
	uint64_t f = spin_lock_irqsave(&m->lk);

	if (m->owner != me)
		panic("mutex %s: unlocked by a thread that does not own it",
		      m->name);
	m->owner = NULL;
	lockdep_mutex_release(me ? &me->ld_mutexes : NULL, m->ld_class);
	waitq_wake_one(&m->wq);
	spin_unlock_irqrestore(&m->lk, f);
}
