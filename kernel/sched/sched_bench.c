/* SPDX-License-Identifier: MIT */
/* bench=smp (sched_bench.h). */
#include <libk/printf.h>
#include <arch/cpu.h>
#include "console/kprintf.h"
#include "mm/mm_boot.h"
#include "sched/sched_bench.h"
#include "sched/thread.h"
#include "sched/waitq.h"
#include "sync/spinlock.h"
#include "time/time.h"

#define MS        1000000ull
#define WAIT_NS   (30000ull * MS)
#define MIX_LIVE  10000
#define MIX_OPS   200000
#define PP_ROUNDS 2000
#define MAX_PAIRS 2

bool sched_wait_count(volatile unsigned *count, unsigned want)
{
	uint64_t end = time_ns() + WAIT_NS;

	while (__atomic_load_n(count, __ATOMIC_ACQUIRE) < want &&
	       time_ns() < end)
		thread_sleep_ns(MS);
	return *count >= want;
}

struct pingpong {
	struct spinlock lk;
	struct waitq wq;
	unsigned turn, rounds, left[2];
	volatile unsigned *done;
};

struct player {
	struct pingpong *p;
	unsigned me;
};

/* Take the turn when it is ours, pass it on, rounds times. */
static void player_fn(void *arg)
{
	struct player *pl = arg;
	struct pingpong *p = pl->p;

	for (unsigned i = 0; i < p->rounds; i++) {
		uint64_t f = spin_lock_irqsave(&p->lk);

		while (p->turn != pl->me)
			waitq_wait(&p->wq, &p->lk);
		p->left[pl->me]--;
		p->turn = !pl->me;
		waitq_wake_all(&p->wq);
		spin_unlock_irqrestore(&p->lk, f);
	}
	__atomic_add_fetch(p->done, 1, __ATOMIC_RELEASE);
}

/* npairs pairs, pair i's threads on cpus a[i] and b[i]: wall ns of the
 * whole run, or 0 if it did not finish. */
static uint64_t pingpong_run(unsigned npairs, const unsigned *a,
                             const unsigned *b, unsigned rounds)
{
	static struct pingpong p[MAX_PAIRS];
	static struct player pl[MAX_PAIRS][2];
	static volatile unsigned done; /* static: threads outlive a timeout */
	uint64_t t0 = time_ns();
	unsigned made = 0;

	done = 0;
	for (unsigned i = 0; i < npairs; i++) {
		p[i] = (struct pingpong){.lk = SPINLOCK_INIT("pingpong"),
		                         .rounds = rounds,
		                         .left = {rounds, rounds},
		                         .done = &done};
		waitq_init(&p[i].wq);
		pl[i][0] = (struct player){&p[i], 0};
		pl[i][1] = (struct player){&p[i], 1};
		made += thread_create_affine("ping", player_fn, &pl[i][0],
		                             PRIO_NORMAL, 1u << a[i]) != NULL;
		made += thread_create_affine("pong", player_fn, &pl[i][1],
		                             PRIO_NORMAL, 1u << b[i]) != NULL;
	}
	if (!sched_wait_count(&done, made) || made != 2 * npairs)
		return 0;
	for (unsigned i = 0; i < npairs; i++)
		if (p[i].left[0] || p[i].left[1])
			return 0;
	return time_ns() - t0;
}

uint64_t sched_pingpong_ns(unsigned a, unsigned b, unsigned rounds)
{
	uint64_t ns = pingpong_run(1, &a, &b, rounds);

	return ns / rounds;
}

struct mixer {
	volatile unsigned *ready, *done;
	unsigned want;
	bool realloc;
	uint64_t cycles;
};

/* Every mixer has its objects: start the timed loops together. */
static void mix_ready(void *ctx)
{
	struct mixer *m = ctx;

	__atomic_add_fetch(m->ready, 1, __ATOMIC_ACQ_REL);
	while (__atomic_load_n(m->ready, __ATOMIC_ACQUIRE) < m->want)
		cpu_pause();
}

static void mixer_fn(void *arg)
{
	struct mixer *m = arg;

	m->cycles = mm_bench_mix(0x9e3779b97f4a7c15ull + (uintptr_t)m, MIX_LIVE,
	                         MIX_OPS, m->realloc, mix_ready, m);
	__atomic_add_fetch(m->done, 1, __ATOMIC_RELEASE);
}

/* The mix (or its control, without realloc) on n CPUs (0..n-1) at once:
 * aggregate operations per second (each loop's rdtsc time; the slowest
 * one bounds the run), or 0. */
static uint64_t mix_ops_per_s(unsigned n, bool realloc)
{
	static struct mixer m[MAX_PAIRS];
	static volatile unsigned ready, done; /* threads outlive a timeout */
	uint64_t slowest = 0, hz = time_tsc_hz();

	ready = 0;
	done = 0;
	for (unsigned i = 0; i < n; i++) {
		m[i] = (struct mixer){&ready, &done, n, realloc, 0};
		if (!thread_create_affine("mix", mixer_fn, &m[i], PRIO_NORMAL,
		                          1u << i))
			return 0;
	}
	if (!sched_wait_count(&done, n))
		return 0;
	for (unsigned i = 0; i < n; i++)
		slowest = m[i].cycles > slowest ? m[i].cycles : slowest;
	return slowest ? (uint64_t)n * MIX_OPS * hz / slowest : 0;
}

/* "1.87x" of b/a into buf. */
static const char *ratio(char buf[static 16], uint64_t a, uint64_t b)
{
	uint64_t r = a ? b * 100 / a : 0;

	snprintf(buf, 16, "%llu.%02llux", (unsigned long long)(r / 100),
	         (unsigned long long)(r % 100));
	return buf;
}

static void row(const char *name, uint64_t one, uint64_t two, const char *unit)
{
	char r[16];

	kprintf("smpbench: %-15s %12llu %12llu  %-7s %s\n", name,
	        (unsigned long long)one, (unsigned long long)two,
	        ratio(r, one, two), unit);
}

void sched_bench_run(void)
{
	static const unsigned zero[1] = {0}, split[2] = {0, 1};
	uint64_t one, two, same, cross;

	kprintf("smpbench: %s build, %u CPUs schedule\n", TERN_BUILD_TYPE,
	        sched_cpus());
	if (sched_cpus() < 2) {
		kprintf("smpbench: needs 2 CPUs (-smp 2)\nsmpbench: done\n");
		return;
	}
	kprintf("smpbench: workload              1 CPU       2 CPUs  "
	        "scaling unit\n");
	one = mix_ops_per_s(1, true);
	two = mix_ops_per_s(2, true);
	row("kmalloc-mix", one, two, "ops/s, all threads");
	/* the same writes to 10,000 private 4 KiB objects, no kmalloc: how
	 * this machine scales memory traffic at all */
	one = mix_ops_per_s(1, false);
	two = mix_ops_per_s(2, false);
	row("touch-control", one, two, "ops/s, all threads (no kmalloc)");
	one = pingpong_run(1, zero, zero, PP_ROUNDS);
	two = pingpong_run(2, split, split, PP_ROUNDS); /* a pair per CPU */
	/* round trips per second: pairs * rounds / seconds */
	row("pingpong-pairs", one ? PP_ROUNDS * 1000000000ull / one : 0,
	    two ? 2 * PP_ROUNDS * 1000000000ull / two : 0,
	    "round trips/s, all pairs");
	same = sched_pingpong_ns(0, 0, PP_ROUNDS);
	cross = sched_pingpong_ns(0, 1, PP_ROUNDS);
	row("pingpong-cross", same, cross, "ns per round trip (2 CPUs: split)");
	kprintf("smpbench: done\n");
}
