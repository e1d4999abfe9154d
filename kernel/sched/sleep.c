/* SPDX-License-Identifier: MIT */
/*
 * Sleeping, on top of the kernel timers (time/time.h): a sleeping thread
 * is BLOCKED with a one-shot timer armed whose callback (interrupt
 * context, on the boot CPU, at the first tick after the deadline) makes
 * it READY again. The thread is marked BLOCKED before the timer is armed,
 * so a timer that fires at once (on another CPU) still finds it so.
 *
 *   thread_sleep_ns:   IF=0, BLOCKED, arm timer(token) -> switch away
 *   tick (cpu 0):      timer fires -> sched_wake_sleep(t, gen)
 *
 * The timer's context is a token, not a pointer to the sleeper's stack:
 * the thread's slot and the number of its sleep. A timer that fires late
 * (its cancel raced with it on another CPU) finds another number and
 * leaves the thread alone.
 */
#include <arch/thread_arch.h>
#include "sched/sched_impl.h"
#include "sched/thread.h"
#include "sched/waitq.h"
#include "time/time.h"

#define TOKEN_SLOT_BITS 16

/* Start sleep number ++gen of the caller: its timer's context. */
static void *sleep_token(struct thread *t)
{
	unsigned idx = (unsigned)(t - sched.threads);
	unsigned gen = __atomic_add_fetch(&t->sleep_gen, 1, __ATOMIC_RELAXED);

	t->timed_out = false;
	return (void *)(((uintptr_t)gen << TOKEN_SLOT_BITS) | idx);
}

/* The sleep is over (woken or not): its timer may no longer wake us. */
static void sleep_end(struct thread *t, timer_handle_t h)
{
	__atomic_add_fetch(&t->sleep_gen, 1, __ATOMIC_RELAXED);
	if (h)
		timer_cancel(h);
}

/* Timer callback: wake the sleeper if it is still in that sleep. */
static void sleep_expired(void *ctx)
{
	uintptr_t v = (uintptr_t)ctx;
	unsigned idx = v & ((1u << TOKEN_SLOT_BITS) - 1);

	if (idx < THREAD_MAX)
		sched_wake_sleep(&sched.threads[idx],
		                 (unsigned)(v >> TOKEN_SLOT_BITS));
}

/* No timer slot free: give the CPU away until the time has passed. */
static void sleep_yielding(uint64_t ns)
{
	uint64_t end = time_ns() + ns;

	while (time_ns() < end)
		thread_yield();
}

/* Sleep ns (interruptible if intr): BLOCKED, timer armed, switch away.
 * False if no timer was to be had (then nothing slept). */
static bool sleep_timed(struct thread *me, uint64_t ns)
{
	uint64_t f = irq_save();
	timer_handle_t h;

	sched_prepare_block();
	h = timer_add_oneshot(ns, sleep_expired, sleep_token(me));
	if (h)
		sched_block_current();
	else
		sched_cancel_block();
	sleep_end(me, h);
	irq_restore(f);
	return h != 0;
}

void thread_sleep_ns(uint64_t ns)
{
	if (!sleep_timed(thread_current(), ns))
		sleep_yielding(ns);
}

bool thread_sleep_intr_ns(uint64_t ns)
{
	struct thread *t = thread_current();
	uint64_t end = time_ns() + ns;
	bool timed;

	if (__atomic_load_n(&t->intr, __ATOMIC_SEQ_CST))
		return false;
	t->intr_ok = true;
	timed = sleep_timed(t, ns);
	t->intr_ok = false;
	while (!timed && !t->intr && time_ns() < end)
		thread_yield(); /* no timer slot free */
	return !__atomic_load_n(&t->intr, __ATOMIC_SEQ_CST);
}

bool waitq_wait_timeout(struct waitq *q, struct spinlock *lk, uint64_t ns)
{
	struct thread *t = thread_current();
	timer_handle_t h;
	bool woken;

	waitq_enqueue_blocked(q);
	h = timer_add_oneshot(ns, sleep_expired, sleep_token(t));
	if (!h) {
		/* every timer slot is taken: blocking could last for ever,
		 * so this wait ends at once as a timeout (the caller's wait
		 * is bounded, which matters more than its length) */
		sched_cancel_block();
		spin_lock(&q->lock);
		if (t->wq) {
			list_del(&t->wait_link);
			t->wq = NULL;
		}
		spin_unlock(&q->lock);
		t->timed_out = true;
		return false;
	}
	woken = waitq_sleep(q, lk);
	sleep_end(t, h);
	return woken;
}

uint64_t sched_tsc_hz(void)
{
	return time_tsc_hz();
}
