/* SPDX-License-Identifier: MIT */
/*
 * Every CPU's allocator caches back to the shared structures (mm_drain.h).
 * A cache is only ever touched by its own CPU, so each CPU drains its own:
 * asked through a per-CPU request number and a reschedule IPI, it drains
 * at the end of that interrupt (irq_set_exit_work), where the code it
 * interrupted had interrupts on and so was in no allocator section. Not
 * in a cross-CPU call: a CPU runs those while it spins for a lock, which
 * may be in the middle of its own cache.
 *
 *   kmem_drain (cpu 0)                  cpu 1..n
 *   req[c] = ++gen; IPI c  ----------->  interrupt exit: req != ack?
 *   sleep until ack[c] == gen  <-------    mm_drain_local; ack = req
 *   mm_drain_local, mm_drain_shared
 */
#include <mm/kmalloc.h>
#include <arch/irq_flags.h>
#include <arch/percpu.h>
#include <arch/smp.h>
#include "irq/irq.h"
#include "mm/mm_drain.h"
#include "sched/thread.h"
#include "time/time.h"

#define DRAIN_WAIT_NS 2000000000ull

static struct {
	unsigned req, ack; /* atomic: written by the asker / by the CPU */
} __attribute__((aligned(64))) drain[SMP_MAX_CPUS];
static unsigned gen;

/* Interrupt exit on every CPU: drain if asked. */
static void drain_if_asked(void)
{
	unsigned c = this_cpu_index();
	unsigned r = __atomic_load_n(&drain[c].req, __ATOMIC_ACQUIRE);

	if (r == __atomic_load_n(&drain[c].ack, __ATOMIC_RELAXED))
		return;
	mm_drain_local();
	__atomic_store_n(&drain[c].ack, r, __ATOMIC_RELEASE);
}

void kmem_drain_init(void)
{
	irq_set_exit_work(drain_if_asked);
}

/* Ask every other CPU in mask to drain; wait (sleeping) until all have
 * or DRAIN_WAIT_NS passed. */
static void drain_others(uint32_t mask, unsigned me)
{
	unsigned g = __atomic_add_fetch(&gen, 1, __ATOMIC_RELAXED);
	uint64_t end = time_ns() + DRAIN_WAIT_NS;
	bool all;

	for (unsigned c = 0; c < SMP_MAX_CPUS; c++) {
		if (!(mask >> c & 1) || c == me)
			continue;
		__atomic_store_n(&drain[c].req, g, __ATOMIC_RELEASE);
		smp_send_resched(c);
	}
	do {
		all = true;
		for (unsigned c = 0; c < SMP_MAX_CPUS; c++)
			if ((mask >> c & 1) && c != me &&
			    (int)(__atomic_load_n(&drain[c].ack,
			                          __ATOMIC_ACQUIRE) -
			          g) < 0) /* a later request answers ours */
				all = false;
		if (!all)
			thread_sleep_ns(1000000);
	} while (!all && time_ns() < end);
}

void kmem_drain(void)
{
	struct thread *me = thread_current();
	uint32_t mask = sched_cpu_mask(), was;

	if (!me || !(mask & (mask - 1))) { /* one CPU schedules */
		mm_drain_local();
		mm_drain_shared();
		return;
	}
	was = me->affinity;
	thread_set_affinity(me, 1u << this_cpu_index()); /* stay here */
	drain_others(mask, this_cpu_index());
	mm_drain_local();
	mm_drain_shared();
	thread_set_affinity(me, was);
}
