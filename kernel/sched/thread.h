/* SPDX-License-Identifier: MIT */
/*
 * Kernel threads and the scheduler (every CPU, preemptive).
 *
 *   sched_init()                 the running boot code becomes thread
 *                                "boot"; the idle and reaper threads start
 *   thread_create(name, fn, arg, prio)
 *                                a READY thread on its own guarded stack
 *   thread_yield()               let others of the same level run
 *   thread_exit()                end the calling thread (returning from
 *                                fn does the same); the reaper frees it
 *   thread_sleep_ns(ns)          block for at least ns nanoseconds
 *   thread_set_affinity(t, mask) the CPUs t may run on (bit i: CPU i)
 *
 * Scheduling: one run queue per CPU (sched_impl.h), round robin inside a
 * priority level, strict priority between levels (sched/runq.h). A woken
 * thread goes back to the CPU it last ran on unless another allowed CPU
 * is idle; an idle CPU steals READY threads from busy ones, busy CPUs
 * balance their queues every SCHED_BALANCE_TICKS, and a wake-up
 * that should preempt a remote CPU sends it a reschedule IPI. Each CPU's
 * timer tick (sched_tick) charges its running thread and, once its slice
 * of SCHED_SLICE_TICKS is used up, asks for a switch, made after the EOI
 * in the interrupt exit hook (sched_preempt). Interrupts are off inside
 * the scheduler; spinlocks (sync/spinlock.h) disable them too, so a
 * thread holding one is never preempted.
 *
 *   READY --pick--> RUNNING --slice/yield--> READY
 *                      |  \--block (waitq, mutex, sleep)--> BLOCKED
 *                      |                         wake --> READY
 *                      \--exit--> DEAD --reaper--> (stack freed, slot free)
 */
#ifndef KERNEL_SCHED_THREAD_H
#define KERNEL_SCHED_THREAD_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libk/list.h>
#include "sync/lockdep_graph.h"

#define THREAD_NAME_MAX   16
#define THREAD_MAX        32 /* live threads at once */
#define THREAD_STACK_SIZE (16 * 1024)
#define SCHED_SLICE_TICKS 4

enum thread_prio {
	PRIO_IDLE = 0, /* the idle thread only */
	PRIO_LOW = 1,
	PRIO_NORMAL = 2,
	PRIO_HIGH = 3,
};

enum thread_state {
	THREAD_FREE = 0, /* unused slot */
	THREAD_READY,
	THREAD_RUNNING,
	THREAD_BLOCKED,
	THREAD_DEAD, /* exited, waiting for the reaper */
};

typedef void (*thread_fn)(void *arg);
struct proc;

struct thread {
	uint64_t sp; /* saved RSP while not running */
	unsigned id;
	char name[THREAD_NAME_MAX];
	enum thread_state state;
	unsigned prio;
	struct list_node link;          /* run queue or zombie list */
	struct list_node wait_link;     /* its wait queue's list (wq) */
	uint64_t stack_base, stack_top; /* usable range; 0 for boot */
	void *stack_alloc;              /* what the stack allocator gave */
	uint64_t stack_guard_phys;      /* frame of the unmapped guard page */
	uint64_t ticks;                 /* timer ticks charged */
	uint64_t tsc_total, tsc_in;     /* TSC cycles run; TSC at switch-in */
	unsigned slice;                 /* ticks left in this turn */
	uint64_t switches;              /* times switched in */
	bool timed_out;                 /* set by a sleep's wake-up */
	unsigned cpu;        /* its CPU: running there, queued or last ran */
	uint32_t affinity;   /* CPUs it may run on (bit i: CPU i) */
	unsigned sleep_gen;  /* counts its timed sleeps (sleep.c) */
	uint64_t migrations; /* times it moved to another CPU */
	struct proc *proc;   /* the process it runs, or NULL */
	uint64_t cr3;     /* its page tables (a process's), 0: the kernel's */
	uint8_t *fpu;     /* a process's FXSAVE area (512 bytes), else NULL */
	struct waitq *wq; /* the wait queue it is queued on, or NULL (that
	                     queue's lock guards wq and wait_link) */
	bool intr_ok;     /* blocked in an interruptible wait (intr.c) */
	bool intr;        /* interrupted (its process is being killed) */
	struct ld_held ld_mutexes; /* lockdep: the mutex classes it holds */
};

void sched_init(void);

struct thread *thread_current(void);
struct thread *thread_create(const char *name, thread_fn fn, void *arg,
                             unsigned prio);
/* The same for a process's thread (kernel/proc): it runs on the page
 * tables rooted at cr3, and ring 3 entries land on its stack. */
struct thread *thread_create_proc(const char *name, thread_fn fn, void *arg,
                                  struct proc *proc, uint64_t cr3,
                                  uint8_t *fpu);
/* A READY thread that runs only on the CPUs in affinity (bit i: CPU i;
 * ~0u: any), or NULL. */
struct thread *thread_create_affine(const char *name, thread_fn fn, void *arg,
                                    unsigned prio, uint32_t affinity);
/* Restrict t to the CPUs in mask (one of them online; else -1). The
 * calling thread moves at once if its CPU is not in mask; another thread
 * at its next switch if running, else when an allowed CPU balances (at
 * most SCHED_BALANCE_TICKS) or steals. */
int thread_set_affinity(struct thread *t, uint32_t mask);
/* The CPU t runs on, is queued on, or last ran on. */
unsigned thread_cpu(const struct thread *t);
/* CPUs running the scheduler, and the mask of them. */
unsigned sched_cpus(void);
uint32_t sched_cpu_mask(void);
void thread_yield(void);
_Noreturn void thread_exit(void);
void thread_sleep_ns(uint64_t ns);

/* Interruptible waits (intr.c), for the waits a process makes in its
 * system calls: thread_interrupt(t) sets t->intr for good and, if t is
 * blocked in one of them, wakes it, taking it off its wait queue. They
 * return false when interrupted (before or during); the caller gives up
 * (-EINTR) and the process ends on its way out of the kernel. */
struct waitq;
struct spinlock;
void thread_interrupt(struct thread *t);
bool waitq_wait_intr(struct waitq *q, struct spinlock *lk);
bool thread_sleep_intr_ns(uint64_t ns);

/* Blocking, in two steps, interrupts off from the first to the second:
 * sched_prepare_block() marks the caller BLOCKED where its wakers can see
 * it (under the lock they take, or before arming the timer that wakes
 * it); sched_block_current() then switches away unless a wake-up came in
 * between. sched_wake(t) makes a BLOCKED t READY (or, if it has not
 * switched away yet, RUNNING again) and does nothing to any other. */
void sched_prepare_block(void);
void sched_block_current(void);
void sched_wake(struct thread *t);

/* Timer-tick hook, on every CPU: charge the current thread, request
 * preemption when the slice is used up. Interrupt context. */
void sched_tick(void);
/* Switch now if a tick asked for it (end of an interrupt, IF=0). */
void sched_preempt(void);

/* Visit every live thread, the idle threads of every CPU included (the
 * thread table's lock held during the walk; fn must not block). */
void sched_for_each(void (*fn)(const struct thread *t, void *ctx), void *ctx);
const char *thread_state_name(enum thread_state s);
/* One line per CPU running the scheduler: its running thread, queue
 * length, ticks, switches, threads stolen and queued there. */
void sched_dump_cpus(int (*print)(const char *fmt, ...));
/* TSC ticks per second (from the platform's calibration), 0 if unknown. */
uint64_t sched_tsc_hz(void);
/* Threads created and reaped since boot. */
void sched_counts(uint64_t *created, uint64_t *reaped);
#endif
