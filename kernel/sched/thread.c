/* SPDX-License-Identifier: MIT */
/* Thread life: creation, exit, the reaper, the idle thread, sched_init. */
#include <libk/string.h>
#include <arch/cpu.h>
#include <arch/thread_arch.h>
#include "console/kprintf.h"
#include <libk/panic.h>
#include "core/entropy.h"
#include "core/panic.h"
#include "irq/irq.h"
#include "sched/sched_impl.h"
#include "sched/thread.h"
#include "sched/waitq.h"
#include "sync/lockdep.h"
#include "sync/spinlock.h"
#include "time/tick.h"

static struct list_node zombies = LIST_INIT(zombies);
static struct waitq reaper_wq;
static struct spinlock reaper_lock = SPINLOCK_INIT("reaper");

/* A free slot, claimed (state BLOCKED until it is queued), or NULL. */
static struct thread *claim_slot(const char *name, unsigned prio)
{
	uint64_t f = irq_save();
	struct thread *t = NULL;

	for (unsigned i = 0; i < THREAD_MAX && !t; i++) {
		if (sched.threads[i].state == THREAD_FREE)
			t = &sched.threads[i];
	}
	if (t) {
		memset(t, 0, sizeof(*t));
		t->state = THREAD_BLOCKED;
		t->id = sched.next_id++;
		t->prio = prio < SCHED_PRIOS ? prio : SCHED_PRIOS - 1;
		strlcpy(t->name, name, sizeof(t->name));
		list_init(&t->link);
	}
	irq_restore(f);
	return t;
}

static void release_slot(struct thread *t)
{
	uint64_t f = irq_save();

	t->state = THREAD_FREE;
	irq_restore(f);
}

/* A READY thread running fn(arg) at prio, on proc's tables cr3 (0, 0
 * for a kernel thread). */
static struct thread *create(const char *name, thread_fn fn, void *arg,
                             unsigned prio, struct proc *proc, uint64_t cr3,
                             uint8_t *fpu)
{
	struct thread *t = claim_slot(name, prio);

	if (!t)
		return NULL;
	t->proc = proc;
	t->cr3 = cr3;
	t->fpu = fpu;
	if (thread_stack_alloc(t)) {
		release_slot(t);
		return NULL;
	}
	t->sp = thread_arch_init_stack(t->stack_top, (void *)fn, arg);
	sched.created++;
	sched_wake(t);
	return t;
}

struct thread *thread_create(const char *name, thread_fn fn, void *arg,
                             unsigned prio)
{
	return create(name, fn, arg, prio, NULL, 0, NULL);
}

struct thread *thread_create_proc(const char *name, thread_fn fn, void *arg,
                                  struct proc *proc, uint64_t cr3, uint8_t *fpu)
{
	return create(name, fn, arg, PRIO_NORMAL, proc, cr3, fpu);
}

_Noreturn void thread_exit(void)
{
	struct thread *me = thread_current();

	if (me == &sched.threads[0] || me == sched.idle)
		panic("thread %s may not exit", me->name);
	irq_save();
	me->state = THREAD_DEAD;
	list_add_tail(&zombies, &me->link);
	waitq_wake_one(&reaper_wq);
	sched_schedule();
	panic("dead thread %s was scheduled", me->name);
}

/* Free the stacks and slots of exited threads, forever. */
static void reaper(void *arg)
{
	(void)arg;
	for (;;) {
		uint64_t f = spin_lock_irqsave(&reaper_lock);
		struct thread *t;

		while (list_empty(&zombies))
			waitq_wait(&reaper_wq, &reaper_lock);
		t = list_entry(list_first(&zombies), struct thread, link);
		list_del(&t->link);
		spin_unlock_irqrestore(&reaper_lock, f);
		thread_stack_free(t);
		sched.reaped++;
		release_slot(t);
	}
}

/* Runs when no thread is ready: mixes interrupt entropy into the CSPRNG,
 * then halts until the next interrupt. */
static void idle(void *arg)
{
	(void)arg;
	for (;;) {
		entropy_drain(); /* no thread runs: the CSPRNG is free */
		arch_idle();
	}
}

void sched_counts(uint64_t *created, uint64_t *reaped)
{
	*created = sched.created;
	*reaped = sched.reaped;
}

/* The boot code becomes thread 0 ("boot", on the boot stack). The idle
 * thread is never on the run queue: it runs when the queue is empty. */
/* lockdep: the running thread's mutex stack. */
static struct ld_held *current_mutexes(void)
{
	return sched.current ? &sched.current->ld_mutexes : NULL;
}

void sched_init(void)
{
	struct thread *boot;

	if (sched.current)
		return;
	thread_arch_forbid_fpu();
	runq_init(&sched.rq);
	waitq_init(&reaper_wq);
	boot = claim_slot("boot", PRIO_NORMAL);
	boot->state = THREAD_RUNNING;
	boot->slice = SCHED_SLICE_TICKS;
	boot->tsc_in = rdtsc(); /* CPU time counts from here, not power-on */
	lockdep_set_thread_stack(current_mutexes);
	sched.current = boot;
	sched.idle = thread_create("idle", idle, NULL, PRIO_IDLE);
	if (!sched.idle)
		panic("sched: no idle thread");
	/* thread_create queued it; idle is picked only when nothing else is */
	runq_remove(&sched.rq, &sched.idle->link, PRIO_IDLE);
	sched.idle->state = THREAD_READY;
	if (!thread_create("reaper", reaper, NULL, PRIO_HIGH))
		panic("sched: no reaper thread");
	tick_set_handler(sched_tick);
	irq_set_exit_hook(sched_preempt);
	kprintf("sched: %u priority levels, slice %u ticks, %u KiB stacks "
	        "with guard pages\n",
	        SCHED_PRIOS, SCHED_SLICE_TICKS, THREAD_STACK_SIZE / 1024);
}
