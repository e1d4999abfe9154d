/* SPDX-License-Identifier: MIT */
/*
 * The scheduler core: picking and switching on one CPU, blocking and
 * waking across CPUs, the tick. Locking: sched_impl.h. Everything here
 * runs with interrupts off.
 *
 *   sched_schedule (cpu c, lock c)           sched_wake(t) (any cpu)
 *   ------------------------------           -----------------------
 *   prev RUNNING? -> READY, queued           lock t->cpu; BLOCKED?
 *   next = best READY here, else idle          still current there:
 *   current = next; switch                       RUNNING again (no sleep)
 *   (next) sched_finish: unlock c;             else READY, onto a CPU
 *     dead prev -> reaper                        (its last, or an idle
 *     prev not allowed here -> move it            one), IPI if it should
 *                                                 preempt that CPU
 */
#include <libk/string.h>
#include <arch/cpu.h>
#include <arch/percpu.h>
#include <arch/thread_arch.h>
#include <libk/panic.h>
#include "core/panic.h"
#include "sched/runq.h"
#include "sched/sched_impl.h"
#include "sched/thread.h"

struct sched sched = {.lock = SPINLOCK_INIT("threads")};

struct thread *thread_current(void)
{
	return this_cpu_thread();
}

struct cpu_sched *sched_this_cpu(void)
{
	return &sched.cpu[this_cpu_index()];
}

bool sched_allowed(const struct thread *t, unsigned cpu)
{
	return (t->affinity >> cpu) & 1;
}

bool sched_runnable_here(const struct list_node *n, void *cpu)
{
	return sched_allowed(list_entry(n, struct thread, link),
	                     *(unsigned *)cpu);
}

/* Charge the outgoing thread its TSC time; stamp the incoming one. */
static void account(struct thread *prev, struct thread *next)
{
	uint64_t now = rdtsc();

	prev->tsc_total += now - prev->tsc_in;
	next->tsc_in = now;
	next->switches++;
}

/* The best READY thread this CPU may run, taken off its queue, or its
 * idle thread. Lock held. */
static struct thread *pick(struct cpu_sched *cs, unsigned cpu)
{
	struct list_node *n = runq_pop_if(&cs->rq, sched_runnable_here, &cpu);

	return n ? list_entry(n, struct thread, link) : cs->idle;
}

/* Switch this CPU (lock held, IF = 0) from prev to the best READY thread;
 * prev's state says what becomes of it. Returns on prev's stack once it
 * runs again, lock released. */
static void switch_from(struct cpu_sched *cs, struct thread *prev)
{
	unsigned cpu = (unsigned)(cs - sched.cpu);
	struct thread *next;

	__atomic_store_n(&cs->need_resched, false, __ATOMIC_RELAXED);
	if (prev->state == THREAD_RUNNING) {
		prev->state = THREAD_READY;
		if (prev != cs->idle) /* idle is never queued */
			runq_push(&cs->rq, &prev->link, prev->prio);
	}
	next = pick(cs, cpu);
	next->state = THREAD_RUNNING;
	next->slice = SCHED_SLICE_TICKS;
	if (next == prev) {
		spin_unlock(&cs->lock);
		return;
	}
	if (next->cpu != cpu)
		panic("sched: %s on cpu %u's queue belongs to cpu %u",
		      next->name, cpu, next->cpu);
	account(prev, next);
	cs->switches++;
	cs->current = next;
	cs->prev = prev;
	this_cpu_set_thread(next);
	if (prev->cr3 || next->cr3)
		thread_arch_switch_space(prev->fpu, next->cr3, next->fpu,
		                         next->stack_top);
	sched_switch(&prev->sp, next->sp);
	sched_finish();
}

void sched_schedule(void)
{
	struct cpu_sched *cs = sched_this_cpu();

	spin_lock(&cs->lock);
	switch_from(cs, cs->current);
}

void sched_finish(void)
{
	struct cpu_sched *cs = sched_this_cpu();
	unsigned cpu = (unsigned)(cs - sched.cpu);
	struct thread *prev = cs->prev, *move = NULL;

	cs->prev = NULL;
	if (prev && prev->state == THREAD_READY && !sched_allowed(prev, cpu)) {
		runq_remove(&cs->rq, &prev->link, prev->prio);
		move = prev;
	}
	spin_unlock(&cs->lock);
	if (prev && prev->state == THREAD_DEAD)
		sched_reap_later(prev);
	if (move)
		sched_enqueue(move);
}

void thread_yield(void)
{
	uint64_t f = irq_save();

	sched_schedule();
	irq_restore(f);
}

void sched_prepare_block(void)
{
	struct thread *me = thread_current();

	if (irq_enabled())
		panic("sched_prepare_block with interrupts on");
	__atomic_store_n(&me->state, THREAD_BLOCKED, __ATOMIC_SEQ_CST);
}

void sched_block_current(void)
{
	struct cpu_sched *cs;
	struct thread *me;

	if (irq_enabled())
		panic("sched_block_current with interrupts on");
	cs = sched_this_cpu();
	me = cs->current;
	spin_lock(&cs->lock);
	/* an interrupt raised before BLOCKED was seen ends the wait now
	 * (both sides write then read, sequentially consistent: one of
	 * them sees the other) */
	if (me->state == THREAD_BLOCKED && me->intr_ok &&
	    __atomic_load_n(&me->intr, __ATOMIC_SEQ_CST))
		me->state = THREAD_RUNNING;
	if (me->state != THREAD_BLOCKED) { /* woken before it got here */
		spin_unlock(&cs->lock);
		return;
	}
	switch_from(cs, me);
}

void sched_cancel_block(void)
{
	struct cpu_sched *cs = sched_this_cpu();

	spin_lock(&cs->lock);
	cs->current->state = THREAD_RUNNING;
	spin_unlock(&cs->lock);
}

/* Lock the CPU t belongs to; t->cpu may change until it is held. */
static struct cpu_sched *lock_cpu_of(struct thread *t)
{
	for (;;) {
		unsigned c = __atomic_load_n(&t->cpu, __ATOMIC_ACQUIRE);
		struct cpu_sched *cs = &sched.cpu[c];

		spin_lock(&cs->lock);
		if (__atomic_load_n(&t->cpu, __ATOMIC_RELAXED) == c)
			return cs;
		spin_unlock(&cs->lock);
	}
}

static bool cpu_idle(unsigned c)
{
	const struct cpu_sched *cs = &sched.cpu[c];

	return __atomic_load_n(&cs->online, __ATOMIC_ACQUIRE) &&
	       __atomic_load_n(&cs->current, __ATOMIC_RELAXED) == cs->idle &&
	       !__atomic_load_n(&cs->rq.count, __ATOMIC_RELAXED);
}

bool sched_cpu_online(unsigned c)
{
	return __atomic_load_n(&sched.cpu[c].online, __ATOMIC_ACQUIRE);
}

/* Where a READY t should go: its last CPU if idle, else an idle CPU it
 * may run on, else its last CPU if allowed, else the allowed CPU with
 * the shortest queue. A hint: the queues may change meanwhile. */
static unsigned place(const struct thread *t)
{
	unsigned best = SCHED_MAX_CPUS, best_len = ~0u;

	if (sched_allowed(t, t->cpu) && cpu_idle(t->cpu))
		return t->cpu;
	for (unsigned c = 0; c < SCHED_MAX_CPUS; c++)
		if (sched_allowed(t, c) && cpu_idle(c))
			return c;
	if (sched_allowed(t, t->cpu) && sched_cpu_online(t->cpu))
		return t->cpu;
	for (unsigned c = 0; c < SCHED_MAX_CPUS; c++) {
		unsigned len;

		if (!sched_allowed(t, c) || !sched_cpu_online(c))
			continue;
		len = __atomic_load_n(&sched.cpu[c].rq.count, __ATOMIC_RELAXED);
		if (len < best_len) {
			best = c;
			best_len = len;
		}
	}
	if (best == SCHED_MAX_CPUS)
		panic("sched: %s may run on no online CPU (affinity %#x)",
		      t->name, t->affinity);
	return best;
}

void sched_push_locked(struct cpu_sched *cs, struct thread *t)
{
	unsigned c = (unsigned)(cs - sched.cpu);

	runq_push(&cs->rq, &t->link, t->prio);
	if (t->prio > cs->current->prio) {
		__atomic_store_n(&cs->need_resched, true, __ATOMIC_RELAXED);
		if (c != this_cpu_index())
			smp_send_resched(c);
	}
}

void sched_enqueue(struct thread *t)
{
	unsigned c = place(t);
	struct cpu_sched *cs = &sched.cpu[c];

	spin_lock(&cs->lock);
	if (t->cpu != c)
		t->migrations++;
	__atomic_store_n(&t->cpu, c, __ATOMIC_RELEASE);
	sched_push_locked(cs, t);
	cs->pushes++;
	spin_unlock(&cs->lock);
}

enum wake_kind { WAKE_ANY, WAKE_SLEEP, WAKE_INTR };

/* Wake t if BLOCKED (and, for a sleep's timer, in sleep number gen; for
 * an interrupt, in an interruptible wait). */
static void wake(struct thread *t, enum wake_kind kind, unsigned gen)
{
	uint64_t f = irq_save();
	struct cpu_sched *cs = lock_cpu_of(t);
	bool go = t->state == THREAD_BLOCKED;

	if (kind == WAKE_SLEEP)
		go = go &&
		     __atomic_load_n(&t->sleep_gen, __ATOMIC_RELAXED) == gen;
	if (kind == WAKE_INTR)
		go = go && t->intr_ok;
	if (go && kind == WAKE_SLEEP)
		t->timed_out = true;
	if (!go) {
		spin_unlock(&cs->lock);
	} else if (cs->current == t) { /* not switched away yet */
		t->state = THREAD_RUNNING;
		spin_unlock(&cs->lock);
	} else {
		t->state = THREAD_READY;
		spin_unlock(&cs->lock);
		sched_enqueue(t); /* READY on no queue: wake-ups leave it */
	}
	irq_restore(f);
}

void sched_wake(struct thread *t)
{
	wake(t, WAKE_ANY, 0);
}

void sched_wake_sleep(struct thread *t, unsigned gen)
{
	wake(t, WAKE_SLEEP, gen);
}

void sched_wake_intr(struct thread *t)
{
	wake(t, WAKE_INTR, 0);
}

void sched_idle_once(void)
{
	struct cpu_sched *cs;

	uint64_t switches;

	(void)irq_save(); /* IF = 0; idle runs with it set otherwise */
	cs = sched_this_cpu();
	switches = cs->switches;
	if (cs->rq.count || sched_steal((unsigned)(cs - sched.cpu)))
		sched_schedule();
	/* nothing ran (what is queued here may not run here): halt */
	if (cs->switches == switches &&
	    !__atomic_load_n(&cs->need_resched, __ATOMIC_RELAXED))
		arch_idle(); /* sti; hlt: a wake-up's IPI ends it */
	irq_enable();
}

/* No lock: it touches only this CPU's running thread and counters, and
 * reads its queue as a hint (a thread queued meanwhile gets its own
 * need_resched from push_locked). */
void sched_tick(void)
{
	struct cpu_sched *cs = sched_this_cpu();
	struct thread *t = cs->current;
	int top = runq_top(&cs->rq);
	bool resched = false;

	if (!t)
		return;
	cs->ticks++;
	t->ticks++;
	if (t == cs->idle) {
		resched = top >= 0;
	} else if (t->slice && --t->slice == 0) {
		resched = top >= (int)t->prio;
		if (!resched)
			t->slice = SCHED_SLICE_TICKS; /* nobody else here */
	}
	if (resched)
		__atomic_store_n(&cs->need_resched, true, __ATOMIC_RELAXED);
	/* staggered, so that the CPUs do not all look at once */
	if ((cs->ticks + (uint64_t)(cs - sched.cpu) * 7) %
	        SCHED_BALANCE_TICKS ==
	    0)
		cs->balance_due = true;
}

void sched_preempt(void)
{
	struct cpu_sched *cs = sched_this_cpu();

	if (cs->balance_due && cs->current) {
		cs->balance_due = false;
		sched_balance((unsigned)(cs - sched.cpu));
	}
	if (cs->current && __atomic_load_n(&cs->need_resched, __ATOMIC_RELAXED))
		sched_schedule();
}

/* First C code of every new thread (from thread_start, IF = 0, the CPU's
 * lock held by the switch that brought it here). */
_Noreturn void thread_entry(thread_fn fn, void *arg);
_Noreturn void thread_entry(thread_fn fn, void *arg)
{
	sched_finish();
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

unsigned thread_cpu(const struct thread *t)
{
	return __atomic_load_n(&t->cpu, __ATOMIC_RELAXED);
}

uint32_t sched_cpu_mask(void)
{
	uint32_t m = 0;

	for (unsigned c = 0; c < SCHED_MAX_CPUS; c++)
		m |= (uint32_t)sched_cpu_online(c) << c;
	return m;
}

unsigned sched_cpus(void)
{
	return (unsigned)__builtin_popcount(sched_cpu_mask());
}

int thread_set_affinity(struct thread *t, uint32_t mask)
{
	if (!(mask & sched_cpu_mask()))
		return -1;
	__atomic_store_n(&t->affinity, mask, __ATOMIC_RELEASE);
	if (t == thread_current() && !sched_allowed(t, thread_cpu(t)))
		thread_yield(); /* sched_finish moves it */
	return 0;
}

void sched_for_each(void (*fn)(const struct thread *t, void *ctx), void *ctx)
{
	uint64_t f = spin_lock_irqsave(&sched.lock);

	for (unsigned i = 0; i < THREAD_MAX; i++) {
		if (sched.threads[i].state != THREAD_FREE)
			fn(&sched.threads[i], ctx);
	}
	for (unsigned c = 1; c < SCHED_MAX_CPUS; c++) {
		if (sched.ap_idle[c].state != THREAD_FREE)
			fn(&sched.ap_idle[c], ctx);
	}
	spin_unlock_irqrestore(&sched.lock, f);
}

void sched_dump_cpus(int (*print)(const char *fmt, ...))
{
	print("cpu  running          queued      ticks   switches  stolen  "
	      "balanced  queued-here\n");
	for (unsigned c = 0; c < SCHED_MAX_CPUS; c++) {
		const struct cpu_sched *cs = &sched.cpu[c];
		const struct thread *cur;

		if (!sched_cpu_online(c))
			continue;
		cur = __atomic_load_n(&cs->current, __ATOMIC_RELAXED);
		print("%3u  %-16s %6u %10llu %10llu %7llu %9llu %12llu\n", c,
		      cur ? cur->name : "-",
		      __atomic_load_n(&cs->rq.count, __ATOMIC_RELAXED),
		      (unsigned long long)cs->ticks,
		      (unsigned long long)cs->switches,
		      (unsigned long long)cs->steals,
		      (unsigned long long)cs->balanced,
		      (unsigned long long)cs->pushes);
	}
}
