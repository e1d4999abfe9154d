/* SPDX-License-Identifier: MIT */
/* A sleeping mutex: a thread that finds it taken blocks (FIFO) instead of
 * spinning. Not for interrupt handlers. Not recursive: relocking panics. */
#ifndef KERNEL_SCHED_MUTEX_H
#define KERNEL_SCHED_MUTEX_H
#include "sched/waitq.h"
#include "sync/spinlock.h"

struct thread;

struct mutex {
	struct spinlock lk; /* lockdep class "mutex", shared by all */
	const char *name;   /* the mutex's own lockdep class */
	uint16_t ld_class;
	struct thread *owner;
	struct waitq wq;
	uint64_t contended; /* times a locker had to sleep */
};

void mutex_init(struct mutex *m, const char *name);
void mutex_lock(struct mutex *m);
/* Panics unless the caller owns m. */
void mutex_unlock(struct mutex *m);
#endif
