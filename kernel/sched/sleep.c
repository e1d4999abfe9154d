/* SPDX-License-Identifier: MIT */
/*
 * Sleeping, on top of the kernel timers (time/time.h): a sleeping thread
 * is BLOCKED with a one-shot timer armed whose callback (interrupt
 * context, at the first tick after the deadline) makes it READY again. The
 * timer is armed with interrupts off and the thread blocks before they
 * come back on, so the wake-up can never run before the sleep.
 *
 *   thread_sleep_ns:   IF=0, arm timer(t) -> BLOCKED -> ... -> RUNNING
 *   tick (IF=0):       timer fires -> sched_wake(t)
 */
#include <arch/thread_arch.h>
#include "sched/sched_impl.h"
#include "sched/thread.h"
#include "sched/waitq.h"
#include "time/time.h"

struct sleeper {
	struct thread *t;
	bool on_waitq; /* also queued on a wait queue (waitq_wait_timeout) */
};

/* Timer callback: wake the sleeper if it is still blocked. */
static void sleep_expired(void *ctx)
{
	struct sleeper *s = ctx;

	if (s->t->state != THREAD_BLOCKED)
		return; /* woken by its wait queue first */
	if (s->on_waitq && s->t->wq) {
		list_del(&s->t->link);
		s->t->wq = NULL;
	}
	s->t->timed_out = true;
	sched_wake(s->t);
}

/* No timer slot free: give the CPU away until the time has passed. */
static void sleep_yielding(uint64_t ns)
{
	uint64_t end = time_ns() + ns;

	while (time_ns() < end)
		thread_yield();
}

void thread_sleep_ns(uint64_t ns)
{
	struct sleeper s = {.t = thread_current()};
	uint64_t f = irq_save();
	timer_handle_t h = timer_add_oneshot(ns, sleep_expired, &s);

	if (h)
		sched_block_current();
	irq_restore(f);
	if (!h)
		sleep_yielding(ns);
}

bool waitq_wait_timeout(struct waitq *q, struct spinlock *lk, uint64_t ns)
{
	struct sleeper s = {.t = thread_current(), .on_waitq = true};
	timer_handle_t h;

	s.t->timed_out = false;
	h = timer_add_oneshot(ns, sleep_expired, &s);
	if (!h) {
		/* every timer slot is taken: blocking could last for ever,
		 * so this wait ends at once as a timeout (the caller's wait
		 * is bounded, which matters more than its length) */
		s.t->timed_out = true;
		return false;
	}
	waitq_wait(q, lk); /* a wake-up takes us off q; the timer does too */
	timer_cancel(h); /* s is on this stack: the timer must not outlive it */
	return !s.t->timed_out;
}

uint64_t sched_tsc_hz(void)
{
	return time_tsc_hz();
}
