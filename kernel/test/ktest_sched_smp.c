/* SPDX-License-Identifier: MIT */
/*
 * The scheduler on several CPUs: threads on each CPU, stealing, counters
 * under a spinlock and a mutex with no lost update, migration by
 * affinity, cross-CPU wake-ups (ping-pong, sleeps). With one CPU each
 * test still runs, on it alone.
 */
#include <arch/irq_flags.h>
#include <arch/percpu.h>
#include <arch/smp.h>
#include "console/kprintf.h"
#include "irq/irq.h"
#include "sched/mutex.h"
#include "sched/thread.h"
#include "sched/waitq.h"
#include "sync/spinlock.h"
#include "test/ktest.h"
#include "test/ktest_sched.h"
#include "sched/sched_bench.h"
#include "time/time.h"

/* The CPU running the caller, read with interrupts off. */
static unsigned cpu_now(void)
{
	uint64_t f = irq_save();
	unsigned c = this_cpu_index();

	irq_restore(f);
	return c;
}

/* Busy for ns, noting every CPU it runs on in *seen. */
static void spin_for(uint64_t ns, uint32_t *seen)
{
	uint64_t end = time_ns() + ns;

	while (time_ns() < end)
		__atomic_or_fetch(seen, 1u << cpu_now(), __ATOMIC_RELAXED);
}

struct on_cpu {
	volatile unsigned ran_on;
	uint32_t seen;
	volatile unsigned *done;
};

static void on_cpu_fn(void *arg)
{
	struct on_cpu *o = arg;

	o->ran_on = cpu_now();
	spin_for(2 * MS, &o->seen);
	__atomic_add_fetch(o->done, 1, __ATOMIC_RELEASE);
}

/* ktest_pin_each on every CPU that schedules. */
static unsigned pin_on_each_cpu(const char *name, thread_fn fn, void *base,
                                size_t size)
{
	return ktest_pin_each(name, fn, base, size, sched_cpu_mask());
}

/* pin_on_each_cpu, then wait until each of them counted itself in done.
 * False if one could not start or they did not all finish. */
static bool pin_and_wait(const char *name, thread_fn fn, void *base,
                         size_t size, volatile unsigned *done)
{
	unsigned n = pin_on_each_cpu(name, fn, base, size);

	return n == sched_cpus() && sched_wait_count(done, n);
}

/* A thread pinned to each CPU runs there, and only there. */
KTEST(sched_smp_thread_on_each_cpu)
{
	static struct on_cpu o[SMP_MAX_CPUS];
	static volatile unsigned done;
	uint32_t mask;

	sched_init();
	mask = sched_cpu_mask();
	done = 0;
	for (unsigned c = 0; c < SMP_MAX_CPUS; c++)
		o[c] = (struct on_cpu){.ran_on = ~0u, .done = &done};
	kprintf("    %u CPUs schedule (mask %#x)\n", sched_cpus(), mask);
	KREQUIRE(pin_and_wait("pinned", on_cpu_fn, o, sizeof(o[0]), &done));
	for (unsigned c = 0; c < SMP_MAX_CPUS; c++) {
		if (!(mask >> c & 1))
			continue;
		KEXPECT_EQ(o[c].ran_on, c);
		KEXPECT_EQ(o[c].seen, 1u << c);
	}
	KEXPECT(all_test_threads_reaped());
}

struct spread {
	uint32_t seen, want;
	uint64_t end;
	volatile unsigned done;
};

/* Busy until every CPU in want ran one of the spread threads (or the
 * deadline), noting its CPUs in the shared seen. */
static void spread_fn(void *arg)
{
	struct spread *s = arg;

	while (time_ns() < s->end &&
	       (__atomic_or_fetch(&s->seen, 1u << cpu_now(), __ATOMIC_RELAXED) &
	        s->want) != s->want)
		;
	__atomic_add_fetch(&s->done, 1, __ATOMIC_RELEASE);
}

/* Busy threads created on one CPU spread to every other: placed on idle
 * CPUs or stolen by them (the creating CPU may be left none). They keep
 * going until every other CPU ran one, or 5 s. */
KTEST(sched_smp_idle_cpus_steal)
{
	static struct spread s;
	unsigned threads, home;

	sched_init();
	threads = 2 * sched_cpus();
	home = cpu_now();
	thread_set_affinity(thread_current(), 1u << home); /* stay here */
	s = (struct spread){.want = sched_cpu_mask() & ~(1u << home),
	                    .end = time_ns() + 5000 * MS};
	for (unsigned i = 0; i < threads; i++)
		KREQUIRE(thread_create("spread", spread_fn, &s, PRIO_NORMAL));
	KREQUIRE(sched_wait_count(&s.done, threads));
	thread_set_affinity(thread_current(), ~0u);
	kprintf("    %u threads created on cpu %u ran on CPUs %#x\n", threads,
	        home, s.seen);
	KEXPECT_EQ(s.seen & s.want, s.want);
	KEXPECT(all_test_threads_reaped());
}

#define COUNT_ROUNDS 5000

struct counter {
	struct spinlock lk;
	struct mutex m;
	volatile uint64_t value; /* plain ++ under the lock: races lose */
	uint32_t seen;
	volatile unsigned done;
};

static void spin_count_fn(void *arg)
{
	struct counter *k = arg;

	for (unsigned i = 0; i < COUNT_ROUNDS; i++) {
		uint64_t f = spin_lock_irqsave(&k->lk);

		k->value++;
		spin_unlock_irqrestore(&k->lk, f);
		if (!(i & 255))
			__atomic_or_fetch(&k->seen, 1u << cpu_now(),
			                  __ATOMIC_RELAXED);
	}
	__atomic_add_fetch(&k->done, 1, __ATOMIC_RELEASE);
}

static void mutex_count_fn(void *arg)
{
	struct counter *k = arg;

	for (unsigned i = 0; i < COUNT_ROUNDS / 4; i++) {
		mutex_lock(&k->m);
		k->value++;
		if (!(i & 63))
			thread_yield(); /* holding it: others block on it */
		mutex_unlock(&k->m);
		if (!(i & 63))
			__atomic_or_fetch(&k->seen, 1u << cpu_now(),
			                  __ATOMIC_RELAXED);
	}
	__atomic_add_fetch(&k->done, 1, __ATOMIC_RELEASE);
}

/* Run 2 threads per CPU of fn on k; true if all finished. */
static bool count_on_all(struct counter *k, thread_fn fn)
{
	unsigned threads = 2 * sched_cpus();

	for (unsigned i = 0; i < threads; i++)
		if (!thread_create("counter", fn, k, PRIO_NORMAL))
			return false;
	if (sched_wait_count(&k->done, threads))
		return true;
	kprintf("    stuck: %u of %u done, value %llu\n", k->done, threads,
	        (unsigned long long)k->value);
	sched_dump_cpus(kprintf);
	return false;
}

/* Every CPU increments one counter under a spinlock: none is lost. */
KTEST(sched_smp_spinlock_counter)
{
	static struct counter k = {.lk = SPINLOCK_INIT("test-counter")};
	unsigned threads;

	sched_init();
	threads = 2 * sched_cpus();
	k.value = 0;
	k.done = 0;
	k.seen = 0;
	KREQUIRE(count_on_all(&k, spin_count_fn));
	kprintf("    %u threads on CPUs %#x: %llu increments\n", threads,
	        k.seen, (unsigned long long)k.value);
	KEXPECT_EQ(k.value, (uint64_t)threads * COUNT_ROUNDS);
	KEXPECT(all_test_threads_reaped());
}

/* The same under a mutex whose holders yield: waiters block, sleep and
 * are woken from other CPUs, and still no increment is lost. */
KTEST(sched_smp_mutex_counter)
{
	static struct counter k;
	unsigned threads;

	sched_init();
	threads = 2 * sched_cpus();
	mutex_init(&k.m, "test-counter");
	k.value = 0;
	k.done = 0;
	k.seen = 0;
	KREQUIRE(count_on_all(&k, mutex_count_fn));
	kprintf("    %u threads on CPUs %#x: %llu increments, %llu "
	        "contended\n",
	        threads, k.seen, (unsigned long long)k.value,
	        (unsigned long long)k.m.contended);
	KEXPECT_EQ(k.value, (uint64_t)threads * (COUNT_ROUNDS / 4));
	KEXPECT(all_test_threads_reaped());
}

#define MIGRATE_ROUNDS 20

struct migrate {
	unsigned moves, wrong;
	volatile unsigned done;
};

static void migrate_fn(void *arg)
{
	struct migrate *m = arg;
	struct thread *me = thread_current();
	uint32_t mask = sched_cpu_mask();

	for (unsigned r = 0; r < MIGRATE_ROUNDS; r++) {
		for (unsigned c = 0; c < SMP_MAX_CPUS; c++) {
			if (!(mask >> c & 1))
				continue;
			if (thread_set_affinity(me, 1u << c))
				m->wrong++;
			m->moves++;
			if (cpu_now() != c || thread_cpu(me) != c)
				m->wrong++;
		}
	}
	thread_set_affinity(me, ~0u);
	__atomic_add_fetch(&m->done, 1, __ATOMIC_RELEASE);
}

/* A thread moving itself around every CPU lands where it asked each
 * time, while another does the same the other way round. */
KTEST(sched_smp_migration)
{
	static struct migrate m[2];

	sched_init();
	for (unsigned i = 0; i < 2; i++) {
		m[i] = (struct migrate){0};
		KREQUIRE(
		    thread_create("migrate", migrate_fn, &m[i], PRIO_NORMAL));
	}
	KREQUIRE(sched_wait_count(&m[0].done, 1));
	KREQUIRE(sched_wait_count(&m[1].done, 1));
	kprintf("    %u + %u moves, %u + %u misplaced\n", m[0].moves,
	        m[1].moves, m[0].wrong, m[1].wrong);
	KEXPECT_EQ(m[0].wrong + m[1].wrong, 0);
	KEXPECT_EQ(m[0].moves, MIGRATE_ROUNDS * sched_cpus());
	KEXPECT(all_test_threads_reaped());
}

#define PING_ROUNDS 500

/* Two threads hand a turn back and forth through a wait queue, on one
 * CPU and across two: no wake-up is lost either way. */
KTEST(sched_smp_pingpong)
{
	unsigned other;
	uint64_t same, cross;

	sched_init();
	other = sched_cpus() > 1 ? 1 : 0;
	same = sched_pingpong_ns(0, 0, PING_ROUNDS);
	KEXPECT(same != 0);
	KEXPECT(all_test_threads_reaped());
	cross = sched_pingpong_ns(0, other, PING_ROUNDS);
	KEXPECT(cross != 0);
	kprintf("    round trip: %llu ns on cpu 0, %llu ns between cpu 0 "
	        "and cpu %u\n",
	        (unsigned long long)same, (unsigned long long)cross, other);
	KEXPECT(all_test_threads_reaped());
}

struct sleeper {
	unsigned naps, wrong;
	volatile unsigned *done;
};

static void sleeper_fn(void *arg)
{
	struct sleeper *s = arg;
	unsigned home = cpu_now();

	for (unsigned i = 0; i < 20; i++) {
		uint64_t t0 = time_ns();

		thread_sleep_ns(2 * MS);
		s->naps++;
		if (time_ns() - t0 < 2 * MS || cpu_now() != home)
			s->wrong++;
	}
	__atomic_add_fetch(s->done, 1, __ATOMIC_RELEASE);
}

/* Threads pinned to every CPU sleep (their timers fire on the boot CPU)
 * and wake on their own CPU, never early. */
KTEST(sched_smp_sleep_everywhere)
{
	static struct sleeper s[SMP_MAX_CPUS];
	static volatile unsigned done;
	uint32_t mask;

	sched_init();
	mask = sched_cpu_mask();
	done = 0;
	for (unsigned c = 0; c < SMP_MAX_CPUS; c++)
		s[c] = (struct sleeper){.done = &done};
	KREQUIRE(pin_and_wait("sleeper", sleeper_fn, s, sizeof(s[0]), &done));
	for (unsigned c = 0; c < SMP_MAX_CPUS; c++) {
		KEXPECT_EQ(s[c].wrong, 0);
		KEXPECT_EQ(s[c].naps, mask >> c & 1 ? 20u : 0u);
	}
	KEXPECT(all_test_threads_reaped());
}

/* Regression: the boot thread may run on any CPU, and a device it set up
 * routed its interrupt to the APIC id of whichever CPU that was, where
 * irq_dispatch counted it as stray (qemu.shell.smp lost its serial
 * input under load). Device interrupts go to the boot CPU, from
 * wherever they are set up. */
KTEST(sched_smp_device_irqs_target_boot_cpu)
{
	struct thread *me;
	unsigned last = 0;

	sched_init();
	me = thread_current();
	for (unsigned c = 0; c < SMP_MAX_CPUS; c++)
		if (sched_cpu_mask() >> c & 1)
			last = c;
	KREQUIRE(!thread_set_affinity(me, 1u << last));
	KEXPECT_EQ(cpu_now(), last);
	KEXPECT_EQ(irq_device_apic_id(), cpus[0].apic_id);
	thread_set_affinity(me, ~0u);
}
