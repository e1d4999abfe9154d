/* SPDX-License-Identifier: MIT */
/* Balancing between busy CPUs (kernel/sched/sched.c, balance): with no
 * CPU ever idle, nothing is stolen, yet a pile of threads on one CPU
 * spreads to the others, and a thread queued on a CPU its affinity no
 * longer allows reaches one it does. */
#include <arch/irq_flags.h>
#include <arch/percpu.h>
#include "console/kprintf.h"
#include "sched/sched_bench.h"
#include "sched/thread.h"
#include "test/ktest.h"
#include "test/ktest_sched.h"
#include "time/time.h"

#define WORKERS 8

/* Static: a thread a failed test leaves behind must not write into a
 * stack that is gone. */
static struct {
	volatile bool stop;
	volatile unsigned started, done;
	uint32_t seen[WORKERS];
} bal;

static unsigned cpu_now(void)
{
	uint64_t f = irq_save();
	unsigned c = this_cpu_index();

	irq_restore(f);
	return c;
}

/* Busy until bal.stop, noting in *seen every CPU it ran on. */
static void busy_fn(void *arg)
{
	uint32_t *seen = arg;

	__atomic_add_fetch(&bal.started, 1, __ATOMIC_RELEASE);
	while (!bal.stop)
		if (seen)
			__atomic_or_fetch(seen, 1u << cpu_now(),
			                  __ATOMIC_RELAXED);
	__atomic_add_fetch(&bal.done, 1, __ATOMIC_RELEASE);
}

/* One busy thread pinned to every CPU but 0, all running, so that no
 * CPU but 0 is ever idle; cpu 1's at prio1. How many, or 0 if one could
 * not start. */
static unsigned start_anchors(unsigned prio1)
{
	uint32_t mask = sched_cpu_mask() & ~1u;
	unsigned n = 0;

	bal = (typeof(bal)){0};
	for (unsigned c = 1; c < 32; c++) {
		if (!(mask >> c & 1))
			continue;
		if (!thread_create_affine("anchor", busy_fn, NULL,
		                          c == 1 ? prio1 : PRIO_NORMAL,
		                          1u << c))
			return 0;
		n++;
	}
	return sched_wait_count(&bal.started, n) ? n : 0;
}

/* Stop every busy thread (started of them) and wait for them to go. */
static bool stop_all(void)
{
	bal.stop = true;
	return sched_wait_count(&bal.done, bal.started) &&
	       all_test_threads_reaped();
}

/* WORKERS busy threads made on CPU 0 (their affinity, then widened to
 * every CPU) while every other CPU runs an anchor: the others take some
 * of them, each CPU ends up running at least one. */
KTEST(sched_smp_busy_cpus_balance)
{
	uint32_t others, seen = 0;
	struct thread *w[WORKERS];
	unsigned anchors;

	sched_init();
	others = sched_cpu_mask() & ~1u;
	if (!others) {
		kprintf("    one CPU: nothing to balance\n");
		return;
	}
	anchors = start_anchors(PRIO_NORMAL);
	KREQUIRE(anchors);
	for (unsigned i = 0; i < WORKERS; i++) {
		w[i] = thread_create_affine("worker", busy_fn, &bal.seen[i],
		                            PRIO_NORMAL, 1u << 0);
		KREQUIRE(w[i]);
	}
	for (unsigned i = 0; i < WORKERS; i++)
		KEXPECT(thread_set_affinity(w[i], ~0u) == 0);
	thread_sleep_ns(500 * MS);
	for (unsigned i = 0; i < WORKERS; i++)
		seen |= __atomic_load_n(&bal.seen[i], __ATOMIC_RELAXED);
	kprintf("    %u workers made on cpu 0, %u CPUs busy with an anchor: "
	        "workers ran on CPUs %#x\n",
	        WORKERS, anchors, seen);
	KEXPECT(stop_all());
	KEXPECT_EQ(seen & others, others);
}

/* A thread queued on cpu 1 behind a higher-priority busy thread (so it
 * never runs there) is sent to cpu 2, also busy, by its affinity alone:
 * cpu 2's balancing takes it within a second. */
KTEST(sched_smp_stranded_thread_moves)
{
	struct thread *t;
	uint64_t end;
	uint32_t seen;

	sched_init();
	if (sched_cpus() < 3) {
		kprintf("    fewer than 3 CPUs: nothing to strand\n");
		return;
	}
	KREQUIRE(thread_set_affinity(thread_current(), 1u << 0) == 0);
	KREQUIRE(start_anchors(PRIO_HIGH));
	t = thread_create_affine("stranded", busy_fn, &bal.seen[0], PRIO_NORMAL,
	                         1u << 1);
	KREQUIRE(t);
	thread_sleep_ns(20 * MS);
	KEXPECT_EQ(__atomic_load_n(&bal.seen[0], __ATOMIC_RELAXED), 0);
	KEXPECT(thread_set_affinity(t, 1u << 2) == 0);
	end = time_ns() + 1000 * MS;
	while (!__atomic_load_n(&bal.seen[0], __ATOMIC_RELAXED) &&
	       time_ns() < end)
		thread_sleep_ns(MS);
	seen = __atomic_load_n(&bal.seen[0], __ATOMIC_RELAXED);
	kprintf("    queued on cpu 1, sent to cpu 2: ran on CPUs %#x\n", seen);
	KEXPECT_EQ(seen, 1u << 2);
	KEXPECT(stop_all());
	KEXPECT(thread_set_affinity(thread_current(), ~0u) == 0);
}
