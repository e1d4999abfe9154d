/* SPDX-License-Identifier: MIT */
/*
 * Scheduler internals shared by sched.c, thread.c, sleep.c and intr.c.
 *
 * Each CPU has a struct cpu_sched: its run queue, its running and idle
 * threads, and the lock over them. A thread belongs to one CPU at a time
 * (t->cpu); that CPU's lock guards its state and its queue links:
 *
 *   cpu 0 [lock] current=shell  idle=idle/0  rq: L3 [] L2 [net] L1 []
 *   cpu 1 [lock] current=idle/1 idle=idle/1  rq: (empty) -- steals net
 *
 * The switch runs with the CPU's lock held: the outgoing thread takes it,
 * the incoming one drops it (sched_finish), so "t is not some CPU's
 * current, under that CPU's lock" means t's stack is free. Never hold two
 * CPUs' locks: moving a thread takes it out under one lock and queues it
 * under the other; in between it is READY on no queue, and a wake-up
 * leaves a READY thread alone.
 */
#ifndef KERNEL_SCHED_SCHED_IMPL_H
#define KERNEL_SCHED_SCHED_IMPL_H
#include <stdbool.h>
#include <arch/smp.h>
#include "sched/runq.h"
#include "sched/thread.h"
#include "sync/spinlock.h"

#define SCHED_MAX_CPUS SMP_MAX_CPUS
/* How often a busy CPU looks for imbalance (ticks, TICK_HZ = 1000). */
#define SCHED_BALANCE_TICKS 50

struct cpu_sched {
	struct spinlock lock; /* all below, and its threads' state/links */
	struct runq rq;
	struct thread *current;
	struct thread *idle;
	struct thread *prev; /* switched away from: sched_finish's business */
	bool need_resched;   /* atomic: remote wakers set it */
	bool online;         /* runs the scheduler (atomic) */
	bool balance_due;    /* this CPU's: sched_tick asks sched_preempt */
	uint64_t ticks, switches, steals, pushes;
	uint64_t balanced; /* of steals, by a busy CPU's balancing */
} __attribute__((aligned(64)));

struct sched {
	struct spinlock lock; /* the thread table: slots, ids, counters */
	struct thread threads[THREAD_MAX];     /* slot 0: the boot thread */
	struct thread ap_idle[SCHED_MAX_CPUS]; /* idle/1..: on AP stacks */
	unsigned next_id;
	uint64_t created, reaped;
	struct cpu_sched cpu[SCHED_MAX_CPUS];
};

extern struct sched sched;

/* This CPU's scheduler (interrupts off). */
struct cpu_sched *sched_this_cpu(void);
/* Switch to the best READY thread (IF = 0). */
void sched_schedule(void);
/* After a switch, on the incoming thread: release the CPU's lock and
 * settle the outgoing thread (hand a dead one to the reaper, move one
 * this CPU may no longer run). IF = 0. */
void sched_finish(void);
/* A dead thread's remains go to the reaper (thread.c). */
void sched_reap_later(struct thread *t);
/* Make t READY on a CPU it may run on (t READY on no queue, no lock
 * held, IF = 0). */
void sched_enqueue(struct thread *t);

/* May t run on cpu (its affinity)? */
bool sched_allowed(const struct thread *t, unsigned cpu);
/* For runq_pop_if: a queued thread (n) allowed on *(unsigned *)cpu. */
bool sched_runnable_here(const struct list_node *n, void *cpu);
bool sched_cpu_online(unsigned c);
/* Queue READY t on cs (lock held, t->cpu == cs's index); ask that CPU
 * to switch if t should preempt what it runs. */
void sched_push_locked(struct cpu_sched *cs, struct thread *t);
/* balance.c, IF = 0, no lock held: an idle CPU me takes the best READY
 * thread it may run from another CPU's queue (true if one moved); a
 * busy one evens out the queues (sched_tick asks every
 * SCHED_BALANCE_TICKS). */
bool sched_steal(unsigned me);
void sched_balance(unsigned me);

/* The idle threads' loop body: run what is queued here or can be stolen,
 * else halt until an interrupt. */
void sched_idle_once(void);
/* Wake t if it is BLOCKED in the timed sleep numbered gen (setting
 * t->timed_out) / in an interruptible wait. */
void sched_wake_sleep(struct thread *t, unsigned gen);
void sched_wake_intr(struct thread *t);
/* The way back from sched_prepare_block when nothing will wake us. */
void sched_cancel_block(void);

/* waitq_wait in two steps, for waits that arm a timer in between:
 * queue the caller on q, BLOCKED (lk held, IF = 0) / sleep, lk dropped
 * and retaken; true if a waker took it off q. */
struct waitq;
void waitq_enqueue_blocked(struct waitq *q);
bool waitq_sleep(struct waitq *q, struct spinlock *lk);

/* Guarded stacks (stack.c). */
int thread_stack_alloc(struct thread *t);
void thread_stack_free(struct thread *t);
#endif
