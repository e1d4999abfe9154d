/* SPDX-License-Identifier: MIT */
/*
 * The scheduler core: the current thread, the run queue, switching,
 * blocking and waking, the tick. Everything here runs with interrupts off
 * (one CPU: that is the scheduler's lock).
 */
#include <libk/string.h>
#include <arch/cpu.h>
#include <arch/thread_arch.h>
#include <libk/panic.h>
#include "core/panic.h"
#include "sched/runq.h"
#include "sched/sched_impl.h"
#include "sched/thread.h"

struct sched sched;

struct thread *thread_current(void)
{
	return sched.current;
}

/* Charge the outgoing thread its TSC time; stamp the incoming one. */
static void account(struct thread *prev, struct thread *next)
{
	uint64_t now = rdtsc();

	prev->tsc_total += now - prev->tsc_in;
	next->tsc_in = now;
	next->switches++;
}

/* Pick the next thread and switch to it. IF = 0. If the current thread is
 * still RUNNING it goes to the back of its level. */
void sched_schedule(void)
{
	struct thread *prev = sched.current, *next;
	struct list_node *n;

	sched.need_resched = false;
	if (prev->state == THREAD_RUNNING) {
		prev->state = THREAD_READY;
		if (prev != sched.idle) /* idle is never queued */
			runq_push(&sched.rq, &prev->link, prev->prio);
	}
	n = runq_pop(&sched.rq);
	next = n ? list_entry(n, struct thread, link) : sched.idle;
	next->state = THREAD_RUNNING;
	next->slice = SCHED_SLICE_TICKS;
	if (next == prev)
		return;
	account(prev, next);
	sched.current = next;
	if (prev->cr3 || next->cr3)
		thread_arch_switch_space(prev->fpu, next->cr3, next->fpu,
		                         next->stack_top);
	sched_switch(&prev->sp, next->sp);
}

void thread_yield(void)
{
	uint64_t f = irq_save();

	sched_schedule();
	irq_restore(f);
}

void sched_block_current(void)
{
	if (irq_enabled())
		panic("sched_block_current with interrupts on");
	sched.current->state = THREAD_BLOCKED;
	sched_schedule();
}

void sched_wake(struct thread *t)
{
	uint64_t f = irq_save();

	if (t->state == THREAD_BLOCKED) {
		t->state = THREAD_READY;
		runq_push(&sched.rq, &t->link, t->prio);
		if (t->prio > sched.current->prio)
			sched.need_resched = true;
	}
	irq_restore(f);
}

void sched_tick(void)
{
	struct thread *t = sched.current;

	if (!t)
		return;
	sched.ticks++;
	t->ticks++;
	if (t == sched.idle) {
		if (sched.rq.count)
			sched.need_resched = true;
	} else if (t->slice && --t->slice == 0) {
		sched.need_resched = runq_top(&sched.rq) >= (int)t->prio;
		if (!sched.need_resched)
			t->slice =
			    SCHED_SLICE_TICKS; /* nobody else: keep going */
	}
}

void sched_preempt(void)
{
	if (sched.current && sched.need_resched)
		sched_schedule();
}

/* First C code of every new thread (from thread_start, IF = 0). */
_Noreturn void thread_entry(thread_fn fn, void *arg);
_Noreturn void thread_entry(thread_fn fn, void *arg)
{
	irq_enable();
	fn(arg);
	thread_exit();
}

const char *thread_state_name(enum thread_state s)
{
	static const char *const names[] = {"free", "ready", "running",
	                                    "blocked", "dead"};

	return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] : "?";
}

void sched_for_each(void (*fn)(const struct thread *t, void *ctx), void *ctx)
{
	uint64_t f = irq_save();

	for (unsigned i = 0; i < THREAD_MAX; i++) {
		if (sched.threads[i].state != THREAD_FREE)
			fn(&sched.threads[i], ctx);
	}
	irq_restore(f);
}
