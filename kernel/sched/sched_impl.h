/* SPDX-License-Identifier: MIT */
/* Scheduler internals shared by sched.c, thread.c and sleep.c. */
#ifndef KERNEL_SCHED_SCHED_IMPL_H
#define KERNEL_SCHED_SCHED_IMPL_H
#include <stdbool.h>
#include "sched/runq.h"
#include "sched/thread.h"

struct sched {
	struct thread threads[THREAD_MAX]; /* slot 0: the boot thread */
	struct thread *current;
	struct thread *idle;
	struct runq rq;
	bool need_resched;
	uint64_t ticks;
	unsigned next_id;
	uint64_t created, reaped;
};

extern struct sched sched;

/* Switch to the best READY thread (IF = 0). */
void sched_schedule(void);

/* Guarded stacks (stack.c). */
int thread_stack_alloc(struct thread *t);
void thread_stack_free(struct thread *t);
#endif
