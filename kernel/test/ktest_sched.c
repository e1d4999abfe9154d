/* SPDX-License-Identifier: MIT */
/* Threads, preemption, sleep, mutex, exit and reaping. */
#include <libk/sort.h>
#include <libk/string.h>
#include <mm/kmalloc.h>
#include <arch/pgwalk.h>
#include "console/kprintf.h"
#include "core/csprng.h"
#include "core/entropy.h"
#include "core/kstack.h"
#include "sched/mutex.h"
#include "sched/thread.h"
#include "sched/waitq.h"
#include "sync/spinlock.h"
#include "test/ktest.h"
#include "test/ktest_sched.h"
#include "time/time.h"
#include "time/timer_heap.h"
#include <arch/irq_flags.h>

#define BUSY_THREADS 4
#define WAIT_NS      (2000ull * 1000 * 1000) /* generous bound for waits */

bool wait_count(volatile unsigned *count, unsigned want)
{
	uint64_t end = time_ns() + WAIT_NS;

	while (*count < want && time_ns() < end)
		thread_sleep_ns(1000000);
	return *count >= want;
}

#define SYSTEM_THREADS 2 /* idle/0 and reaper (boot is not created) */

bool all_test_threads_reaped(void)
{
	uint64_t created, reaped, end = time_ns() + WAIT_NS;

	for (;;) {
		sched_counts(&created, &reaped);
		if (created - reaped == SYSTEM_THREADS)
			return true;
		if (time_ns() >= end)
			return false;
		thread_sleep_ns(1000000);
	}
}

struct busy {
	volatile uint64_t progress;
	volatile bool stop;
	volatile unsigned *done;
};

/* Spin without ever yielding: only preemption lets others run. */
static void busy_fn(void *arg)
{
	struct busy *b = arg;

	while (!b->stop)
		b->progress++;
	__atomic_add_fetch(b->done, 1, __ATOMIC_SEQ_CST);
}

KTEST(sched_preempt_busy_threads)
{
	static struct busy b[BUSY_THREADS];
	static volatile unsigned done;
	uint64_t end;

	sched_init();
	done = 0;
	for (int i = 0; i < BUSY_THREADS; i++) {
		b[i] = (struct busy){.done = &done};
		KREQUIRE(thread_create("busy", busy_fn, &b[i], PRIO_NORMAL));
	}
	/* the test thread spins too (no sleep): it only gets the CPU back
	 * if the tick preempts the busy threads */
	end = time_ns() + 300ull * 1000 * 1000;
	while (time_ns() < end)
		;
	for (int i = 0; i < BUSY_THREADS; i++) {
		kprintf("ktest: busy thread %d: %llu iterations\n", i,
		        (unsigned long long)b[i].progress);
		KEXPECT(b[i].progress > 0);
		b[i].stop = true;
	}
	KEXPECT(wait_count(&done, BUSY_THREADS));
	KEXPECT(all_test_threads_reaped());
}

/* Interrupt timing reaches the CSPRNG: while this thread sleeps, the tick
 * fills entropy batches and the idle thread mixes them in (core/entropy.h:
 * 300 ticks make 4 batches of 64). */
KTEST(sched_idle_mixes_irq_entropy)
{
	uint8_t key[sizeof(kernel_csprng.key)];
	uint64_t r0;

	sched_init();
	memcpy(key, kernel_csprng.key, sizeof(key));
	r0 = entropy_reseeds();
	thread_sleep_ns(300ull * 1000 * 1000);
	kprintf("ktest: entropy batches mixed in while asleep: %llu\n",
	        (unsigned long long)(entropy_reseeds() - r0));
	KEXPECT(entropy_reseeds() > r0);
	KEXPECT(memcmp(key, kernel_csprng.key, sizeof(key)) != 0);
}

KTEST(sched_sleep_100ms)
{
	uint64_t t0, t1, ms;

	sched_init();
	t0 = time_ns();
	thread_sleep_ns(100ull * 1000 * 1000);
	t1 = time_ns();
	ms = (t1 - t0) / 1000000;
	kprintf("ktest: slept 100 ms: woke after %llu.%03llu ms (bound: "
	        "100..1000 ms)\n",
	        (unsigned long long)ms,
	        (unsigned long long)((t1 - t0) / 1000 % 1000));
	KEXPECT(t1 - t0 >= 100ull * 1000 * 1000);
	KEXPECT(t1 - t0 < 1000ull * 1000 * 1000);
}

static void never_fires(void *ctx)
{
	(void)ctx;
}

/* Regression (review of issue 11): with every timer slot taken, a timed
 * wait could not arm its timer and blocked for ever. It must time out. */
KTEST(sched_waitq_timeout_without_timers)
{
	static timer_handle_t held[TIMER_SLOTS + 1];
	struct spinlock lk = SPINLOCK_INIT("ktest");
	struct waitq q;
	unsigned n = 0;
	uint64_t f;
	bool woke;

	sched_init();
	waitq_init(&q);
	f = irq_save();
	while (n <= TIMER_SLOTS &&
	       (held[n] =
	            timer_add_oneshot(3600ull * 1000000000, never_fires, NULL)))
		n++;
	irq_restore(f);
	f = spin_lock_irqsave(&lk);
	woke = waitq_wait_timeout(&q, &lk, 1000000);
	spin_unlock_irqrestore(&lk, f);
	for (unsigned i = 0; i < n; i++)
		timer_cancel(held[i]);
	kprintf("ktest: %u timers held, timed wait returned %d\n", n, woke);
	KEXPECT(n > 0 && n <= TIMER_SLOTS); /* and the next add failed */
	KEXPECT(!woke);
}

#define MUTEX_THREADS 4
#define MUTEX_ROUNDS  2000

static struct mutex stress_lock;
static volatile uint64_t stress_counter;
static volatile unsigned stress_done;

/* Read-modify-write with a yield in the middle: without the mutex the
 * other threads would overwrite each other's updates. */
static void mutex_fn(void *arg)
{
	(void)arg;
	for (int i = 0; i < MUTEX_ROUNDS; i++) {
		mutex_lock(&stress_lock);
		uint64_t v = stress_counter;
		if (!(i % 16))
			thread_yield();
		stress_counter = v + 1;
		mutex_unlock(&stress_lock);
	}
	__atomic_add_fetch(&stress_done, 1, __ATOMIC_SEQ_CST);
}

KTEST(sched_mutex_no_lost_updates)
{
	sched_init();
	mutex_init(&stress_lock, "stress");
	stress_counter = 0;
	stress_done = 0;
	for (int i = 0; i < MUTEX_THREADS; i++)
		KREQUIRE(thread_create("mutex", mutex_fn, NULL, PRIO_NORMAL));
	KREQUIRE(wait_count(&stress_done, MUTEX_THREADS));
	kprintf("ktest: mutex counter %llu (want %u), %llu contended locks\n",
	        (unsigned long long)stress_counter,
	        MUTEX_THREADS * MUTEX_ROUNDS,
	        (unsigned long long)stress_lock.contended);
	KEXPECT_EQ(stress_counter, MUTEX_THREADS * MUTEX_ROUNDS);
	KEXPECT(stress_lock.contended > 0);
	KEXPECT(all_test_threads_reaped());
}

static void quick_fn(void *arg)
{
	__atomic_add_fetch((volatile unsigned *)arg, 1, __ATOMIC_SEQ_CST);
}

KTEST(sched_exit_and_reap)
{
	static volatile unsigned ran;
	uint64_t live0, pages0, created0, reaped0, created, reaped;
	uint64_t end;

	sched_init();
	thread_sleep_ns(20ull * 1000 *
	                1000); /* let earlier tests' threads go */
	sched_counts(&created0, &reaped0);
	live0 = mm_heap.pa.live_count;
	pages0 = mm_heap.pa.pages_mapped;
	ran = 0;
	for (int i = 0; i < 20; i++)
		KREQUIRE(thread_create("quick", quick_fn, (void *)&ran,
		                       PRIO_NORMAL));
	KEXPECT(mm_heap.pa.live_count > live0);
	KEXPECT(wait_count(&ran, 20));
	end = time_ns() + WAIT_NS;
	do {
		thread_sleep_ns(1000000);
		sched_counts(&created, &reaped);
	} while (reaped - reaped0 < 20 && time_ns() < end);
	kprintf("ktest: 20 threads created and reaped: page allocations "
	        "%llu -> %llu, pages %llu -> %llu\n",
	        (unsigned long long)live0,
	        (unsigned long long)mm_heap.pa.live_count,
	        (unsigned long long)pages0,
	        (unsigned long long)mm_heap.pa.pages_mapped);
	KEXPECT_EQ(created - created0, 20);
	KEXPECT_EQ(reaped - reaped0, 20);
	KEXPECT_EQ(mm_heap.pa.live_count, live0);
	KEXPECT_EQ(mm_heap.pa.pages_mapped, pages0);
}

/* An SSE instruction must fault now that CR0.EM/TS are set: checked in
 * the crash-free way, by reading the control registers. */
KTEST(sched_fpu_forbidden)
{
	uint64_t cr0, cr4;

	sched_init();
	__asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
	__asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
	KEXPECT(cr0 & (1ull << 2));    /* EM */
	KEXPECT(cr0 & (1ull << 3));    /* TS */
	KEXPECT(!(cr4 & (1ull << 9))); /* OSFXSR */
}

static struct spinlock tw_lock = SPINLOCK_INIT("ktest-waitq");
static struct waitq tw_q;
static volatile bool tw_flag;

static void waker_fn(void *arg)
{
	uint64_t f;

	(void)arg;
	thread_sleep_ns(10ull * 1000 * 1000);
	f = spin_lock_irqsave(&tw_lock);
	tw_flag = true;
	waitq_wake_all(&tw_q);
	spin_unlock_irqrestore(&tw_lock, f);
}

/* A wait nobody ends times out after its time; one that a thread ends
 * returns true before the timeout. */
KTEST(sched_waitq_timeout)
{
	uint64_t t0, f;
	bool woke;

	sched_init();
	waitq_init(&tw_q);
	tw_flag = false;
	t0 = time_ns();
	f = spin_lock_irqsave(&tw_lock);
	woke = waitq_wait_timeout(&tw_q, &tw_lock, 30ull * 1000 * 1000);
	spin_unlock_irqrestore(&tw_lock, f);
	KEXPECT(!woke);
	KEXPECT(time_ns() - t0 >= 30ull * 1000 * 1000);

	KREQUIRE(thread_create("waker", waker_fn, NULL, PRIO_NORMAL));
	t0 = time_ns();
	f = spin_lock_irqsave(&tw_lock);
	woke = true;
	while (!tw_flag && woke)
		woke = waitq_wait_timeout(&tw_q, &tw_lock, WAIT_NS);
	spin_unlock_irqrestore(&tw_lock, f);
	KEXPECT(woke && tw_flag);
	KEXPECT(time_ns() - t0 < WAIT_NS);
	KEXPECT(all_test_threads_reaped());
}

static volatile unsigned high_wakeups;

static void high_fn(void *arg)
{
	(void)arg;
	for (int i = 0; i < 10; i++) {
		thread_sleep_ns(2ull * 1000 * 1000);
		high_wakeups++;
	}
}

/* A high-priority thread that sleeps gets the CPU back from a spinning
 * normal-priority one each time it wakes (the test thread spins). */
KTEST(sched_priority_preempts)
{
	uint64_t end;

	sched_init();
	high_wakeups = 0;
	KREQUIRE(thread_create("high", high_fn, NULL, PRIO_HIGH));
	end = time_ns() + WAIT_NS;
	while (high_wakeups < 10 && time_ns() < end)
		; /* never yields */
	KEXPECT_EQ(high_wakeups, 10);
	KEXPECT(all_test_threads_reaped());
}

static volatile bool guard_done;

static void guard_fn(void *arg)
{
	*(uint64_t *)arg = thread_current()->stack_base;
	while (!guard_done)
		thread_sleep_ns(1000000);
}

/* The page below a thread's stack is unmapped and registered as its
 * guard. */
KTEST(sched_stack_guard_unmapped)
{
	static volatile uint64_t base;
	const struct kstack *k;

	sched_init();
	base = 0;
	KREQUIRE(
	    thread_create("guarded", guard_fn, (void *)&base, PRIO_NORMAL));
	while (!base)
		thread_yield();
	KEXPECT(!pgwalk(base - 4096).present);
	KEXPECT(pgwalk(base).present);
	k = kstack_guard_hit(&kernel_stacks, base - 8);
	KEXPECT(k != NULL && !strcmp(k->name, "guarded"));
	guard_done = true;
	KEXPECT(all_test_threads_reaped());
	KEXPECT(!kstack_guard_hit(&kernel_stacks, base - 8)); /* deregistered */
}

/* Regression test: kmalloc/kfree used to run without a lock, so a thread
 * preempted inside the heap could collide with another thread's (or the
 * reaper's) kfree. Now mm/ holds its platform lock (interrupts off); four
 * preempted threads churn the heap, each checking its own fill pattern. */
#define HEAP_THREADS 4
#define HEAP_ITERS   3000

struct heap_churn {
	unsigned seed, errors;
	volatile unsigned *done;
};

static void heap_churn_fn(void *arg)
{
	struct heap_churn *h = arg;
	unsigned x = h->seed;

	for (unsigned i = 0; i < HEAP_ITERS; i++) {
		x = x * 1103515245u + 12345u;
		size_t n = (x >> 8) % 64 ? 8 + (x >> 16) % 2040 : 9000;
		unsigned char *p = kmalloc(n);

		if (!p) {
			h->errors++;
			continue;
		}
		memset(p, (int)(h->seed & 0xff), n);
		for (volatile unsigned spin = 0; spin < 50; spin++)
			; /* widen the window for a preemption */
		for (size_t k = 0; k < n; k += 97)
			if (p[k] != (h->seed & 0xff))
				h->errors++;
		kfree(p);
	}
	__atomic_add_fetch(h->done, 1, __ATOMIC_SEQ_CST);
}

KTEST(mm_heap_shared_by_preempted_threads)
{
	static struct heap_churn h[HEAP_THREADS];
	static volatile unsigned done;
	uint64_t live0 = mm_heap.pa.live_count;

	sched_init();
	done = 0;
	for (unsigned i = 0; i < HEAP_THREADS; i++) {
		h[i] =
		    (struct heap_churn){.seed = 0x11 * (i + 1), .done = &done};
		KREQUIRE(thread_create("heap-churn", heap_churn_fn, &h[i],
		                       PRIO_NORMAL));
	}
	KEXPECT(wait_count(&done, HEAP_THREADS));
	KEXPECT(all_test_threads_reaped());
	for (unsigned i = 0; i < HEAP_THREADS; i++)
		KEXPECT_EQ(h[i].errors, 0);
	KEXPECT_EQ(mm_heap.pa.live_count, live0);
}

/* The kernel CSPRNG shared by preempted threads (csprng_kernel.c): three
 * threads draw 64-bit values while one of them also reseeds; every value
 * is distinct and the buffer count never passes the buffer. Without the
 * lock, a preemption inside csprng_fill hands the same bytes twice, and a
 * reseed in between wraps avail below zero. */
#define RNG_THREADS 3
#define RNG_DRAWS   3000

struct rng_draw {
	uint64_t v[RNG_DRAWS];
	bool reseeds;
	volatile unsigned *done;
};

static void rng_draw_fn(void *arg)
{
	struct rng_draw *d = arg;

	for (unsigned i = 0; i < RNG_DRAWS; i++) {
		d->v[i] = csprng_u64();
		if (d->reseeds && i % 64 == 0)
			csprng_add_entropy(&i, sizeof(i));
		for (volatile unsigned spin = 0; spin < 20; spin++)
			; /* let the tick land anywhere */
	}
	__atomic_add_fetch(d->done, 1, __ATOMIC_SEQ_CST);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

KTEST(sched_csprng_shared_by_preempted_threads)
{
	static struct rng_draw d[RNG_THREADS];
	static uint64_t all[RNG_THREADS * RNG_DRAWS];
	static volatile unsigned done;
	unsigned dups = 0;

	sched_init();
	done = 0;
	for (unsigned i = 0; i < RNG_THREADS; i++) {
		d[i].reseeds = i == 0;
		d[i].done = &done;
		KREQUIRE(thread_create("rng", rng_draw_fn, &d[i], PRIO_NORMAL));
	}
	KEXPECT(wait_count(&done, RNG_THREADS));
	KEXPECT(all_test_threads_reaped());
	for (unsigned i = 0; i < RNG_THREADS; i++)
		memcpy(&all[i * RNG_DRAWS], d[i].v, sizeof(d[i].v));
	ksort(all, RNG_THREADS * RNG_DRAWS, sizeof(all[0]), cmp_u64);
	for (unsigned i = 1; i < RNG_THREADS * RNG_DRAWS; i++)
		dups += all[i] == all[i - 1];
	KEXPECT_EQ(dups, 0);
	KEXPECT(kernel_csprng.avail <= CSPRNG_BUF);
}

/* One kprintf call is one piece of the console (console.c): two threads
 * print numbered lines made of many conversions, so that the old
 * per-conversion writes gave the timer tick many places to switch threads
 * in the middle of a line. Every line must come out of the log ring whole.
 * The log ring keeps the last CONSOLE_LOG_SIZE bytes; the lines fit. */
#define CON_THREADS 2
#define CON_LINES   120

struct con_printer {
	char tag;
	volatile unsigned *done;
};

static void con_print_fn(void *arg)
{
	struct con_printer *p = arg;

	for (unsigned i = 0; i < CON_LINES; i++)
		kprintf("kcon %c:%u %u %u %u %u %u %u %u %s.\n", p->tag, i, i,
		        i, i, i, i, i, i, "end");
	__atomic_add_fetch(p->done, 1, __ATOMIC_SEQ_CST);
}

static bool mentions_kcon(const char *s, size_t n)
{
	for (size_t i = 0; i + 4 <= n; i++)
		if (memcmp(s + i, "kcon", 4) == 0)
			return true;
	return false;
}

/* Count the lines of log[0, n) that read exactly as con_print_fn's, and
 * the lines that mention "kcon" any other way (torn lines). */
static void con_scan(const char *log, size_t n, unsigned *whole, unsigned *torn)
{
	char want[96];

	for (size_t i = 0; i < n;) {
		size_t end = i;
		bool ok = false;

		while (end < n && log[end] != '\n')
			end++;
		if (end - i > 8 && memcmp(log + i, "kcon ", 5) == 0 &&
		    log[i + 6] == ':') {
			unsigned v = 0;

			for (size_t k = i + 7;
			     k < end && log[k] >= '0' && log[k] <= '9'; k++)
				v = v * 10 + (unsigned)(log[k] - '0');
			size_t len = (size_t)snprintf(
			    want, sizeof(want),
			    "kcon %c:%u %u %u %u %u %u %u %u "
			    "end.",
			    log[i + 5], v, v, v, v, v, v, v, v);
			ok = len == end - i && memcmp(want, log + i, len) == 0;
		}
		if (ok)
			(*whole)++;
		else if (mentions_kcon(log + i, end - i))
			(*torn)++;
		i = end + 1;
	}
}

KTEST(console_kprintf_lines_whole_under_preemption)
{
	static struct con_printer p[CON_THREADS];
	static char log[CONSOLE_LOG_SIZE];
	static volatile unsigned done;
	size_t start = console_log_total();
	unsigned whole = 0, torn = 0;

	sched_init();
	done = 0;
	for (unsigned i = 0; i < CON_THREADS; i++) {
		p[i] =
		    (struct con_printer){.tag = (char)('A' + i), .done = &done};
		KREQUIRE(
		    thread_create("kcon", con_print_fn, &p[i], PRIO_NORMAL));
	}
	for (unsigned w = 0; w < 5 && !wait_count(&done, CON_THREADS); w++)
		; /* the serial port is slow under emulation */
	KEXPECT_EQ(done, CON_THREADS);
	KEXPECT(all_test_threads_reaped());
	size_t total = console_log_total(), n = total - start;
	size_t oldest = total - console_log_count();
	KREQUIRE(start >= oldest && n <= sizeof(log));
	KREQUIRE(console_log_read(start - oldest, log, n) == n);
	con_scan(log, n, &whole, &torn);
	KEXPECT_EQ(torn, 0);
	KEXPECT_EQ(whole, CON_THREADS * CON_LINES);
}
