/* SPDX-License-Identifier: MIT */
/* ktest_on_other_cpus (ktest_sched.h): the same work on every CPU at once,
 * in pinned threads with interrupts off. */
#include <arch/cpu.h>
#include <arch/irq_flags.h>
#include <arch/percpu.h>
#include "console/kprintf.h"
#include "sched/sched_bench.h"
#include "sched/thread.h"
#include "test/ktest_sched.h"
#include "time/time.h"

#define START_NS (2000ull * 1000 * 1000) /* the start line's patience */

/* Static: a worker a failed wait leaves behind must not write into a
 * stack that is gone. One run at a time (ktests run one by one). */
static struct {
	void (*fn)(void *);
	void *arg;
	unsigned want;
	volatile unsigned arrived, done;
} run;

/* Meet the others at the start line (or give up waiting after START_NS),
 * then fn with interrupts off, as a cross-CPU call would run it. */
static void worker(void *unused)
{
	uint64_t end = time_ns() + START_NS, f;

	(void)unused;
	__atomic_add_fetch(&run.arrived, 1, __ATOMIC_ACQ_REL);
	while (__atomic_load_n(&run.arrived, __ATOMIC_ACQUIRE) < run.want &&
	       time_ns() < end)
		cpu_pause();
	f = irq_save();
	run.fn(run.arg);
	irq_restore(f);
	__atomic_add_fetch(&run.done, 1, __ATOMIC_RELEASE);
}

unsigned ktest_pin_each(const char *name, void (*fn)(void *), void *base,
                        size_t size, uint32_t mask)
{
	unsigned n = 0;

	for (unsigned c = 0; c < 32; c++) {
		if (!(mask >> c & 1))
			continue;
		if (!thread_create_affine(name, fn, (char *)base + c * size,
		                          PRIO_NORMAL, 1u << c))
			return 0;
		n++;
	}
	return n;
}

unsigned ktest_on_other_cpus(void (*fn)(void *), void *arg)
{
	struct thread *me;
	uint32_t mask;
	unsigned n;

	sched_init();
	me = thread_current();
	mask = sched_cpu_mask() & ~1u;
	if (thread_set_affinity(me, 1u))
		return 0;
	run = (typeof(run)){.fn = fn, .arg = arg};
	run.want = (unsigned)__builtin_popcount(mask);
	n = ktest_pin_each("on-cpu", worker, NULL, 0, mask);
	if (n != run.want || !sched_wait_count(&run.done, n)) {
		kprintf("    ktest_on_other_cpus: %u of %u workers started, "
		        "%u finished\n",
		        n, run.want, run.done);
		n = 0;
	}
	thread_set_affinity(me, ~0u);
	return n;
}
