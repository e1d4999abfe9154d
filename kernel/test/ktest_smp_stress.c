/* SPDX-License-Identifier: MIT */
/*
 * Shared kernel state under real concurrency: every other CPU runs the
 * same work at once, in a thread pinned there with interrupts off
 * (ktest_on_other_cpus), then the boot CPU checks the counts. Not from a
 * cross-CPU call: a call may run inside a wait for the very lock it
 * would take (arch/smp_call.h; CI met that deadlock once, with a timer
 * callback waking a thread). With one CPU online there is nothing to
 * race and the tests say so.
 */
#include <libk/sort.h>
#include <libk/string.h>
#include <mm/kmalloc.h>
#include <arch/cpu.h>
#include <arch/percpu.h>
#include <arch/smp.h>
#include <arch/tlb.h>
#include "console/kprintf.h"
#include "core/csprng.h"
#include "core/entropy.h"
#include "core/kstack.h"
#include "sync/spinlock.h"
#include "test/ktest.h"
#include "test/ktest_sched.h"
#include "time/time.h"

/* The CPUs taking part: every online one but the caller. */
static unsigned workers(void)
{
	unsigned n = smp_cpus_online();

	if (n < 2)
		kprintf("    one CPU online: no concurrency to test\n");
	return n < 2 ? 0 : n - 1;
}

/* ---- a plain spinlock counter: no lost updates ---- */

#define COUNT_ROUNDS 20000

static struct spinlock count_lock = SPINLOCK_INIT("ktest-count");
static uint64_t counter; /* under count_lock, plain read-modify-write */

static void count_fn(void *arg)
{
	(void)arg;
	for (unsigned i = 0; i < COUNT_ROUNDS; i++) {
		spin_lock(&count_lock);
		counter = counter + 1;
		spin_unlock(&count_lock);
	}
}

KTEST(smp_stress_spinlock_counter)
{
	unsigned n = workers();

	counter = 0;
	KEXPECT_EQ(ktest_on_other_cpus(count_fn, NULL), n);
	KEXPECT_EQ(counter, (uint64_t)n * COUNT_ROUNDS);
}

/* ---- timers: add, run and cancel on every CPU at once ---- */

#define TIMER_ROUNDS 150

struct tctx {
	uint32_t fired; /* callbacks completed */
	uint32_t dead;  /* set once timer_cancel returned: context "freed" */
};

static struct tctx tctx[SMP_MAX_CPUS][TIMER_ROUNDS];
static uint32_t timer_bad, timer_late, timer_full;

/* Slow enough that another CPU's cancel meets it running. */
static void stress_cb(void *arg)
{
	struct tctx *c = arg;

	if (__atomic_load_n(&c->dead, __ATOMIC_ACQUIRE))
		__atomic_fetch_add(&timer_late, 1, __ATOMIC_RELAXED);
	time_sleep_busy_ns(3000);
	if (__atomic_load_n(&c->dead, __ATOMIC_ACQUIRE))
		__atomic_fetch_add(&timer_late, 1, __ATOMIC_RELAXED);
	__atomic_fetch_add(&c->fired, 1, __ATOMIC_RELEASE);
}

/* One round: arm a timer due at once, maybe fire the due ones here (this
 * CPU's or another's), then cancel. Once cancel returns, the callback
 * either never ran (cancel said pending) or has finished: exactly one. */
static void timer_round(struct tctx *c, unsigned r)
{
	timer_handle_t h;
	bool pending;

	*c = (struct tctx){0};
	h = timer_add_oneshot(0, stress_cb, c);
	if (!h) {
		__atomic_fetch_add(&timer_full, 1, __ATOMIC_RELAXED);
		return;
	}
	if (r % 3 == 0)
		timer_run_due();
	else if (r % 3 == 1)
		time_sleep_busy_ns(2000);
	pending = timer_cancel(h);
	if (__atomic_load_n(&c->fired, __ATOMIC_ACQUIRE) + pending != 1)
		__atomic_fetch_add(&timer_bad, 1, __ATOMIC_RELAXED);
	__atomic_store_n(&c->dead, 1, __ATOMIC_RELEASE);
}

static void timer_fn_all(void *arg)
{
	unsigned cpu = arch_cpu_index();

	(void)arg;
	for (unsigned r = 0; r < TIMER_ROUNDS; r++) {
		timer_round(&tctx[cpu][r], r);
		if (r % 2)
			timer_run_due(); /* fire others' while they cancel */
	}
}

KTEST(smp_stress_timers_add_run_cancel)
{
	unsigned n = workers();
	uint32_t fired = 0;

	timer_bad = timer_late = timer_full = 0;
	KEXPECT_EQ(ktest_on_other_cpus(timer_fn_all, NULL), n);
	time_sleep_busy_ns(20000000); /* a late callback would come now */
	for (unsigned c = 0; c < SMP_MAX_CPUS; c++)
		for (unsigned r = 0; r < TIMER_ROUNDS; r++)
			fired += tctx[c][r].fired;
	kprintf("    %u CPUs x %u timers: %u fired before their cancel, "
	        "%u slots full\n",
	        n, TIMER_ROUNDS, fired, timer_full);
	KEXPECT_EQ(timer_bad, 0);
	KEXPECT_EQ(timer_late, 0);
	KEXPECT_EQ(timer_full, 0);
	KEXPECT(!n || fired > 0); /* the run path was exercised */
}

/* ---- the console: lines from every CPU stay whole ---- */

#define KP_LINES 6
#define KP_FILL  230 /* over CON_PIECE: one call, several pieces */

static void kp_fn(void *arg)
{
	unsigned cpu = arch_cpu_index();
	char fill[KP_FILL + 1];

	(void)arg;
	memset(fill, 'a' + (int)(cpu % 26), KP_FILL);
	fill[KP_FILL] = 0;
	for (unsigned i = 0; i < KP_LINES; i++)
		kprintf("kp-stress %02u %02u %s|end\n", cpu, i, fill);
}

/* True if s[0..len) holds word anywhere. */
static bool mentions(const char *s, size_t len, const char *word)
{
	size_t w = strlen(word);

	for (size_t i = 0; i + w <= len; i++)
		if (!memcmp(s + i, word, w))
			return true;
	return false;
}

/* 1 for a whole line of ours, 0 for a line not of ours, -1 for a torn one
 * (ours, but not exactly as printed). */
static int kp_line(const char *s, size_t len, unsigned *cpu_seen)
{
	unsigned cpu;

	if (len < 10 || memcmp(s, "kp-stress ", 10) != 0)
		return mentions(s, len, "kp-stress") ? -1 : 0;
	if (len != 10 + 6 + KP_FILL + 4 || s[12] != ' ' || s[15] != ' ')
		return -1;
	cpu = (unsigned)(s[10] - '0') * 10 + (unsigned)(s[11] - '0');
	for (size_t k = 16; k < 16 + KP_FILL; k++)
		if (s[k] != 'a' + (int)(cpu % 26))
			return -1;
	if (memcmp(s + 16 + KP_FILL, "|end", 4) || cpu >= SMP_MAX_CPUS)
		return -1;
	cpu_seen[cpu]++;
	return 1;
}

KTEST(smp_stress_kprintf_lines_whole)
{
	static char log[16384];
	unsigned n = workers(), whole = 0, torn = 0;
	unsigned seen[SMP_MAX_CPUS] = {0};
	size_t start = console_log_total(), total, oldest, len;

	KEXPECT_EQ(ktest_on_other_cpus(kp_fn, NULL), n);
	total = console_log_total();
	oldest = total - console_log_count();
	len = total - start;
	KREQUIRE(start >= oldest && len <= sizeof(log));
	KREQUIRE(console_log_read(start - oldest, log, len) == len);
	for (size_t i = 0; i < len;) {
		size_t end = i;
		int r;

		while (end < len && log[end] != '\n')
			end++;
		r = kp_line(log + i, end - i, seen);
		whole += r > 0;
		torn += r < 0;
		i = end + 1;
	}
	KEXPECT_EQ(torn, 0);
	KEXPECT_EQ(whole, n * KP_LINES);
	for (unsigned c = 1; c <= n && c < SMP_MAX_CPUS; c++)
		KEXPECT_EQ(seen[c], KP_LINES);
}

/* ---- kmalloc/kfree crossing CPUs through a shared array ---- */

#define KM_SLOTS  256
#define KM_ROUNDS 1500

static void *km_slot[KM_SLOTS];
static uint32_t km_allocs, km_frees, km_bad, km_nomem;

/* A block starts with its size and a check word; the rest is its byte. */
struct km_head {
	uint32_t size;
	uint32_t check;
};

static uint32_t km_check(uint32_t size)
{
	return size * 2654435761u ^ 0x5a5a5a5au;
}

static void *km_new(unsigned cpu, unsigned r)
{
	uint32_t size = r % 8 == 5 ? 5000 + (cpu * 131 + r * 97) % 12000
	                           : 16 + (cpu * 131 + r * 97) % 2000;
	struct km_head *h = kmalloc(size);

	if (!h) {
		__atomic_fetch_add(&km_nomem, 1, __ATOMIC_RELAXED);
		return NULL;
	}
	h->size = size;
	h->check = km_check(size);
	memset(h + 1, (int)(size & 0xff), size - sizeof(*h));
	__atomic_fetch_add(&km_allocs, 1, __ATOMIC_RELAXED);
	return h;
}

/* Check a block another CPU (or this one) filled, then free it. */
static void km_free(struct km_head *h)
{
	const uint8_t *b = (const uint8_t *)(h + 1);
	bool ok = h->check == km_check(h->size) && h->size >= 16;

	for (uint32_t i = 0; ok && i < h->size - sizeof(*h); i++)
		ok = b[i] == (h->size & 0xff);
	if (!ok)
		__atomic_fetch_add(&km_bad, 1, __ATOMIC_RELAXED);
	kfree(h);
	__atomic_fetch_add(&km_frees, 1, __ATOMIC_RELAXED);
}

/* Swap a new block into a slot; free what was there (most likely
 * allocated on another CPU). One round in eight takes the page path
 * (over 4 KiB): its frees unmap and shoot down TLB entries on the other
 * CPUs, which are busy in this same loop with interrupts off and serve
 * the call from their lock waits. */
static void km_fn(void *arg)
{
	unsigned cpu = arch_cpu_index();

	(void)arg;
	for (unsigned r = 0; r < KM_ROUNDS; r++) {
		unsigned i = (cpu * 37 + r * 11) % KM_SLOTS;
		void *p = r % 4 == 3 ? NULL : km_new(cpu, r);
		void *old =
		    __atomic_exchange_n(&km_slot[i], p, __ATOMIC_ACQ_REL);

		if (old)
			km_free(old);
	}
}

KTEST(smp_stress_kmalloc_cross_cpu_free)
{
	unsigned n = workers();
	uint64_t held = kmalloc_bytes_held(), shot = tlb_stats.shootdowns;

	km_allocs = km_frees = km_bad = km_nomem = 0;
	KEXPECT_EQ(ktest_on_other_cpus(km_fn, NULL), n);
	shot = tlb_stats.shootdowns - shot;
	for (unsigned i = 0; i < KM_SLOTS; i++)
		if (km_slot[i]) {
			km_free(km_slot[i]);
			km_slot[i] = NULL;
		}
	kprintf("    %u allocations, %u frees, %llu -> %llu bytes held, "
	        "%llu TLB shootdowns\n",
	        km_allocs, km_frees, (unsigned long long)held,
	        (unsigned long long)kmalloc_bytes_held(),
	        (unsigned long long)shot);
	KEXPECT_EQ(km_bad, 0);
	KEXPECT_EQ(km_nomem, 0);
	KEXPECT_EQ(km_allocs, km_frees);
	KEXPECT(!n || km_allocs > n * KM_ROUNDS / 2);
	KEXPECT(!n || shot > 0); /* the page path's frees reached the others */
}

/* ---- the CSPRNG and the entropy pool from every CPU ---- */

#define RNG_DRAWS 150

static uint64_t rng_out[SMP_MAX_CPUS][RNG_DRAWS];

static void rng_fn(void *arg)
{
	unsigned cpu = arch_cpu_index();

	(void)arg;
	for (unsigned i = 0; i < RNG_DRAWS; i++) {
		rng_out[cpu][i] = csprng_u64();
		entropy_irq_sample(rdtsc());
		if (i % 16 == cpu % 16)
			entropy_drain();
		if (i % 50 == 0)
			csprng_add_entropy(&i, sizeof(i));
	}
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* No value handed out twice: a race inside csprng_fill serves the same
 * buffer bytes to two CPUs. */
KTEST(smp_stress_csprng_no_repeats)
{
	static uint64_t all[SMP_MAX_CPUS * RNG_DRAWS];
	unsigned n = workers(), k = 0, repeats = 0;

	memset(rng_out, 0, sizeof(rng_out));
	KEXPECT_EQ(ktest_on_other_cpus(rng_fn, NULL), n);
	for (unsigned c = 0; c < SMP_MAX_CPUS; c++)
		for (unsigned i = 0; i < RNG_DRAWS && rng_out[c][0]; i++)
			all[k++] = rng_out[c][i];
	KEXPECT_EQ(k, n * RNG_DRAWS);
	ksort(all, k, sizeof(all[0]), cmp_u64);
	for (unsigned i = 1; i < k; i++)
		repeats += all[i] == all[i - 1];
	KEXPECT_EQ(repeats, 0);
}

/* ---- the stack registry: adds, lookups and removes at once ---- */

#define KS_ROUNDS 300

static uint32_t ks_bad, ks_full;

static void ks_fn(void *arg)
{
	unsigned cpu = arch_cpu_index();
	uint64_t base = 0xffff900000000000ull + (uint64_t)cpu * 0x100000000ull;

	(void)arg;
	for (unsigned r = 0; r < KS_ROUNDS; r++) {
		uint64_t b = base + (uint64_t)r * 0x10000;
		const struct kstack *k;

		if (kstack_add(&kernel_stacks, "ktest", b, b + 0x4000,
		               0x1000)) {
			__atomic_fetch_add(&ks_full, 1, __ATOMIC_RELAXED);
			continue;
		}
		k = kstack_containing(&kernel_stacks, b + 0x100);
		if (!k || k->base != b || k->top != b + 0x4000)
			__atomic_fetch_add(&ks_bad, 1, __ATOMIC_RELAXED);
		if (kstack_guard_hit(&kernel_stacks, b - 8) != k)
			__atomic_fetch_add(&ks_bad, 1, __ATOMIC_RELAXED);
		if (kstack_remove(&kernel_stacks, b))
			__atomic_fetch_add(&ks_bad, 1, __ATOMIC_RELAXED);
	}
}

KTEST(smp_stress_kstack_registry)
{
	unsigned n = workers();
	uint64_t sp = (uint64_t)__builtin_frame_address(0);

	ks_bad = ks_full = 0;
	KREQUIRE(kstack_containing(&kernel_stacks, sp));
	KEXPECT_EQ(ktest_on_other_cpus(ks_fn, NULL), n);
	KEXPECT_EQ(ks_bad, 0);
	KEXPECT_EQ(ks_full, 0);
	KEXPECT(kstack_containing(&kernel_stacks, sp)); /* ours still there */
	KEXPECT(!kstack_containing(&kernel_stacks, 0xffff900000000100ull));
}
