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
#include "time/time.h"
#include <arch/percpu.h>
#include <arch/smp.h>
#include <libk/printf.h>

static struct list_node zombies = LIST_INIT(zombies);
static struct waitq reaper_wq;
static struct spinlock reaper_lock = SPINLOCK_INIT("reaper");

/* A free slot, claimed (state BLOCKED until it is queued), or NULL. */
static struct thread *claim_slot(const char *name, unsigned prio)
{
	uint64_t f = spin_lock_irqsave(&sched.lock);
	struct thread *t = NULL;

	for (unsigned i = 0; i < THREAD_MAX && !t; i++) {
		if (sched.threads[i].state == THREAD_FREE)
			t = &sched.threads[i];
	}
	if (t) {
		/* the sleep number survives: a stale timer token for this
		 * slot (sleep.c) must never match the next thread's sleeps */
		unsigned gen = t->sleep_gen;

		memset(t, 0, sizeof(*t));
		t->sleep_gen = gen;
		t->state = THREAD_BLOCKED;
		t->id = sched.next_id++;
		t->prio = prio < SCHED_PRIOS ? prio : SCHED_PRIOS - 1;
		strlcpy(t->name, name, sizeof(t->name));
		list_init(&t->link);
		t->affinity = ~0u;
		t->cpu = percpu_ready ? this_cpu_index() : 0;
	}
	spin_unlock_irqrestore(&sched.lock, f);
	return t;
}

static void release_slot(struct thread *t)
{
	uint64_t f = spin_lock_irqsave(&sched.lock);

	t->state = THREAD_FREE;
	spin_unlock_irqrestore(&sched.lock, f);
}

/* A READY thread running fn(arg) at prio on the CPUs in affinity, on
 * proc's tables cr3 (0, 0 for a kernel thread). */
static struct thread *create(const char *name, thread_fn fn, void *arg,
                             unsigned prio, uint32_t affinity,
                             struct proc *proc, uint64_t cr3, uint8_t *fpu)
{
	struct thread *t = claim_slot(name, prio);
	uint64_t f;

	if (!t)
		return NULL;
	t->affinity = affinity;
	t->proc = proc;
	t->cr3 = cr3;
	t->fpu = fpu;
	if (thread_stack_alloc(t)) {
		release_slot(t);
		return NULL;
	}
	t->sp = thread_arch_init_stack(t->stack_top, (void *)fn, arg);
	__atomic_fetch_add(&sched.created, 1, __ATOMIC_RELAXED);
	f = irq_save();
	t->state = THREAD_READY; /* on no queue: nobody else touches it */
	sched_enqueue(t);
	irq_restore(f);
	return t;
}

struct thread *thread_create(const char *name, thread_fn fn, void *arg,
                             unsigned prio)
{
	return create(name, fn, arg, prio, ~0u, NULL, 0, NULL);
}

struct thread *thread_create_affine(const char *name, thread_fn fn, void *arg,
                                    unsigned prio, uint32_t affinity)
{
	if (!(affinity & sched_cpu_mask()))
		return NULL;
	return create(name, fn, arg, prio, affinity, NULL, 0, NULL);
}

struct thread *thread_create_proc(const char *name, thread_fn fn, void *arg,
                                  struct proc *proc, uint64_t cr3, uint8_t *fpu)
{
	return create(name, fn, arg, PRIO_NORMAL, ~0u, proc, cr3, fpu);
}

_Noreturn void thread_exit(void)
{
	struct thread *me = thread_current();

	if (me == &sched.threads[0] || me->prio == PRIO_IDLE)
		panic("thread %s may not exit", me->name);
	irq_save();
	me->state = THREAD_DEAD; /* sched_finish hands it to the reaper */
	sched_schedule();
	panic("dead thread %s was scheduled", me->name);
}

/* From sched_finish, once t's stack is no longer in use. */
void sched_reap_later(struct thread *t)
{
	spin_lock(&reaper_lock);
	list_add_tail(&zombies, &t->link);
	waitq_wake_one(&reaper_wq);
	spin_unlock(&reaper_lock);
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
		__atomic_fetch_add(&sched.reaped, 1, __ATOMIC_RELAXED);
		release_slot(t);
	}
}

/* Runs when no thread is ready: looks for work (its queue, other CPUs'
 * queues), halts until the next interrupt. The boot CPU's also mixes
 * interrupt entropy (sampled there) into the CSPRNG. */
static _Noreturn void idle_loop(bool drain)
{
	for (;;) {
		if (drain)
			entropy_drain();
		sched_idle_once();
	}
}

static void idle(void *arg)
{
	(void)arg;
	idle_loop(true);
}

void sched_counts(uint64_t *created, uint64_t *reaped)
{
	*created = sched.created;
	*reaped = sched.reaped;
}

/* lockdep: the running thread's mutex stack. */
static struct ld_held *current_mutexes(void)
{
	struct thread *t = thread_current();

	return t ? &t->ld_mutexes : NULL;
}

/* CPU cpu starts scheduling with t (RUNNING) as its current thread. */
static void cpu_start(unsigned cpu, struct thread *t)
{
	struct cpu_sched *cs = &sched.cpu[cpu];

	t->state = THREAD_RUNNING;
	t->slice = SCHED_SLICE_TICKS;
	t->cpu = cpu;
	t->tsc_in = rdtsc(); /* CPU time counts from here, not power-on */
	cs->current = t;
	this_cpu_set_thread(t);
	__atomic_store_n(&cs->online, true, __ATOMIC_RELEASE);
}

/* An AP joins (smp_set_ap_entry): its start stack becomes the stack of
 * its idle thread, "idle/N", which runs only there. */
static _Noreturn void ap_enter(unsigned cpu)
{
	struct thread *t = &sched.ap_idle[cpu];
	uint64_t f = spin_lock_irqsave(&sched.lock);

	memset(t, 0, sizeof(*t));
	snprintf(t->name, sizeof(t->name), "idle/%u", cpu);
	t->id = sched.next_id++;
	t->prio = PRIO_IDLE;
	t->affinity = 1u << cpu;
	list_init(&t->link);
	sched.cpu[cpu].idle = t;
	thread_arch_forbid_fpu(); /* the AP copied CR0/CR4 before sched_init */
	cpu_start(cpu, t);
	spin_unlock_irqrestore(&sched.lock, f);
	irq_enable();
	idle_loop(false);
}

/* The online APs join at their next timer tick: wait (up to AP_JOIN_NS)
 * until they all have, so that the boot goes on with every CPU. */
#define AP_JOIN_NS 1000000000ull

static void wait_for_aps(void)
{
	uint64_t end = time_ns() + AP_JOIN_NS;

	while (sched_cpus() < smp_cpus_online() && time_ns() < end)
		cpu_pause();
	if (sched_cpus() < smp_cpus_online())
		kprintf(KC_YELLOW "sched: only %u of %u CPUs joined within "
		                  "1 s" KC_RESET "\n",
		        sched_cpus(), smp_cpus_online());
}

/* The boot code becomes thread 0 ("boot", on the boot stack) on CPU 0,
 * whose idle thread is never queued: it runs when the queue is empty.
 * Then the other CPUs join, each with an idle thread of its own. */
void sched_init(void)
{
	struct thread *boot, *idle0;
	uint64_t f;

	if (thread_current())
		return;
	thread_arch_forbid_fpu();
	for (unsigned c = 0; c < SCHED_MAX_CPUS; c++) {
		sched.cpu[c].lock = (struct spinlock)SPINLOCK_INIT("runq");
		runq_init(&sched.cpu[c].rq);
	}
	waitq_init(&reaper_wq);
	boot = claim_slot("boot", PRIO_NORMAL);
	lockdep_set_thread_stack(current_mutexes);
	cpu_start(0, boot);
	idle0 = thread_create_affine("idle/0", idle, NULL, PRIO_IDLE, 1);
	if (!idle0)
		panic("sched: no idle thread");
	/* created READY on cpu 0's queue; idle is picked only when nothing
	 * else is */
	f = spin_lock_irqsave(&sched.cpu[0].lock);
	runq_remove(&sched.cpu[0].rq, &idle0->link, PRIO_IDLE);
	sched.cpu[0].idle = idle0;
	spin_unlock_irqrestore(&sched.cpu[0].lock, f);
	if (!thread_create("reaper", reaper, NULL, PRIO_HIGH))
		panic("sched: no reaper thread");
	tick_set_handler(sched_tick);
	smp_set_ap_tick(sched_tick);
	irq_set_exit_hook(sched_preempt);
	smp_set_ap_entry(ap_enter);
	wait_for_aps();
	kprintf("sched: %u priority levels, slice %u ticks, %u KiB stacks "
	        "with guard pages, run queues on %u of %u CPU%s\n",
	        SCHED_PRIOS, SCHED_SLICE_TICKS, THREAD_STACK_SIZE / 1024,
	        sched_cpus(), smp_cpus_online(),
	        smp_cpus_online() == 1 ? "" : "s");
}
