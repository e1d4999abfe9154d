/* SPDX-License-Identifier: MIT */
/*
 * Heap workloads, the same code for every allocator (called through the
 * same function pointers, so the indirect call is a constant cost):
 *   fixed/N   alloc + free pairs of N bytes, 8 B .. 4 KiB
 *   mix10k    10,000 live objects; each op frees a random one and allocates
 *             a random size (80% 8..512 B, 20% 512 B..4 KiB)
 *   page/N    alloc + free pairs of 8 KiB .. 1 MiB (tern's page path)
 *   mix10k-2t the mix on 2 threads at once, each with its own 10,000 live
 *             objects and its own copy of the operations, both starting
 *             their timed loop together (a barrier after their set-up);
 *             the row is wall clock per operation of both together
 *             (aggregate throughput), for the allocators that are
 *             thread-safe (not first-fit); the -cpu rows give thread CPU
 *             time per op of each thread (1 thread, and the mean of the 2)
 * plus bytes requested vs bytes held at the peak of mix10k. Every row is
 * the best of several runs, the runs interleaved across the allocators.
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/mman.h>
#include <jemalloc/jemalloc.h>
#include <mimalloc.h>
#include <mm/kmalloc.h>
#include "../tests/host/mm/sim.h"
#include "bench.h"
#include "firstfit.h"

/* glibc's own malloc, looked up inside libc.so.6: mimalloc, linked here,
 * overrides both malloc and __libc_malloc in the global namespace. */
static void *(*glibc_malloc)(size_t);
static void (*glibc_free)(void *);

static void *gl_alloc(size_t n)
{
	return glibc_malloc(n);
}

static void gl_free(void *p)
{
	glibc_free(p);
}

static void glibc_resolve(void)
{
	void *libc = dlopen("libc.so.6", RTLD_NOW | RTLD_NOLOAD);

	glibc_malloc = libc ? (void *(*)(size_t))dlsym(libc, "malloc") : NULL;
	glibc_free = libc ? (void (*)(void *))dlsym(libc, "free") : NULL;
	if (!glibc_malloc || !glibc_free) {
		fprintf(stderr, "bench: cannot find glibc malloc\n");
		exit(1);
	}
}

struct allocator {
	const char *name;
	void *(*alloc)(size_t);
	void (*free)(void *);
};

static void *je_alloc(size_t n)
{
	return mallocx(n, 0);
}

static void je_free(void *p)
{
	dallocx(p, 0);
}

/* tern as the kernel runs it: kmalloc_on in the local section, the CPU
 * index read inline (the kernel's kmalloc: interrupts off and a GS load,
 * kernel/mm/kmalloc_cpu.c; here the simulated CPU's thread-local). */
static void *tern_alloc(size_t n)
{
	return kmalloc_on(sim_thread_cpu, n);
}

static void tern_free(void *p)
{
	kfree_on(sim_thread_cpu, p);
}

static const struct allocator allocators[] = {
    {"tern", tern_alloc, tern_free},  {"glibc", gl_alloc, gl_free},
    {"mimalloc", mi_malloc, mi_free}, {"jemalloc", je_alloc, je_free},
    {"firstfit", ff_malloc, ff_free},
};

#define NALLOC   (sizeof(allocators) / sizeof(allocators[0]))
#define LIVE     10000
#define MIX_OPS  2000000
#define FF_ARENA (1ull << 30)

static struct sim sim;
static struct frame_alloc fa;
static void *ff_arena;

/* Fresh tern heap and first-fit arena, so runs don't inherit state. */
static void reset(void)
{
	if (sim.ram)
		sim_fini(&sim);
	sim_init(&sim, 1ull << 30, 8ull << 30);
	sim_enable_smp(&sim); /* a real lock and per-thread CPU indices */
	if (frame_init(&fa, sim.map, sim.nmap, &sim.plat) ||
	    mm_init(&sim.plat, &fa, (uintptr_t)sim.va, sim.va_size, NULL)) {
		fprintf(stderr, "bench: tern heap setup failed\n");
		exit(1);
	}
	ff_init(ff_arena, FF_ARENA);
}

static double pairs(const struct allocator *a, size_t size, long n)
{
	uint64_t t0 = bench_now();

	for (long i = 0; i < n; i++) {
		volatile char *p = a->alloc(size);

		p[0] = 1;
		a->free((void *)p);
	}
	return (double)(bench_now() - t0) / n;
}

/* Each allocator's best of ROUNDS runs, the rounds interleaved across the
 * allocators: a burst of load from the rest of the machine then disturbs
 * one sample of each, not all the samples of one. best[] gets ns/op. */
#define ROUNDS 7
static void best_pairs_all(size_t size, long n, double best[NALLOC])
{
	for (size_t a = 0; a < NALLOC; a++)
		best[a] = 1e30;
	for (int r = 0; r < ROUNDS; r++) {
		for (size_t a = 0; a < NALLOC; a++) {
			double t = pairs(&allocators[a], size, n);

			best[a] = t < best[a] ? t : best[a];
		}
	}
}

static void pairs_rows(const char *group, size_t size, long n)
{
	double best[NALLOC];

	best_pairs_all(size, n, best);
	for (size_t a = 0; a < NALLOC; a++)
		bench_row(group, allocators[a].name, best[a]);
}

static size_t mix_sizes[1 << 16];
static uint32_t mix_slots[1 << 16];

static void mix_prepare(void)
{
	for (size_t i = 0; i < (1 << 16); i++) {
		uint64_t r = bench_rand();

		mix_sizes[i] =
		    r % 5 ? 8 + (r >> 8) % 505 : 512 + (r >> 8) % 3585;
		mix_slots[i] = (uint32_t)((r >> 32) % LIVE);
	}
}

/* CPU time of the calling thread: with 2 threads sharing 2 busy cores,
 * wall clock shows the machine's load; CPU time per op shows what the
 * threads cost each other (contention, lines bouncing between cores). */
static uint64_t thread_cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* One thread's mix: its live objects and their sizes. */
struct mix_state {
	const struct allocator *a;
	long ops;
	unsigned cpu;                /* tern's CPU index for this thread */
	pthread_barrier_t *start;    /* NULL, or wait here after the set-up */
	double ns, cpu_ns, peak_req; /* wall and thread-CPU ns per op */
	void *obj[LIVE];
	size_t len[LIVE];
};

/* Returns ns/op; m->peak_req gets the live requested total at the end. */
static double mix(struct mix_state *m)
{
	const struct allocator *a = m->a;
	double live = 0;

	for (int i = 0; i < LIVE; i++) {
		m->len[i] = mix_sizes[i];
		m->obj[i] = a->alloc(m->len[i]);
		live += m->len[i];
	}
	if (m->start)
		pthread_barrier_wait(m->start);
	uint64_t t0 = bench_now(), c0 = thread_cpu_ns();

	for (long i = 0; i < m->ops; i++) {
		uint32_t k = mix_slots[i & 0xffff];
		size_t s = mix_sizes[(i * 7 + 3) & 0xffff];

		a->free(m->obj[k]);
		live += (double)s - m->len[k];
		m->obj[k] = a->alloc(s);
		m->len[k] = s;
		*(volatile char *)m->obj[k] = 1;
	}
	m->ns = (double)(bench_now() - t0) / m->ops;
	m->cpu_ns = (double)(thread_cpu_ns() - c0) / m->ops;
	m->peak_req = live; /* at the end, with 10,000 live */
	return m->ns;
}

static void mix_drain(struct mix_state *m)
{
	for (int i = 0; i < LIVE; i++)
		m->a->free(m->obj[i]);
}

static void *mix_thread(void *arg)
{
	struct mix_state *m = arg;

	sim_set_cpu(m->cpu);
	mix(m);
	return NULL;
}

/* The mix on NTHREADS threads at once, timed from the moment all have
 * set up their live objects (a barrier) to the last one's end: ns per
 * operation of wall clock, all threads' operations together; *cpu_ns gets
 * the threads' mean CPU time per operation. */
#define NTHREADS 2
static double mix_threads(const struct allocator *a, double *cpu_ns)
{
	static struct mix_state m[NTHREADS];
	pthread_t t[NTHREADS];
	pthread_barrier_t start;
	double slowest = 0;

	pthread_barrier_init(&start, NULL, NTHREADS);
	for (unsigned i = 0; i < NTHREADS; i++) {
		m[i] = (struct mix_state){
		    .a = a, .ops = MIX_OPS, .cpu = i, .start = &start};
		if (pthread_create(&t[i], NULL, mix_thread, &m[i])) {
			fprintf(stderr, "bench: pthread_create failed\n");
			exit(1);
		}
	}
	*cpu_ns = 0;
	for (unsigned i = 0; i < NTHREADS; i++) {
		pthread_join(t[i], NULL);
		slowest = m[i].ns > slowest ? m[i].ns : slowest;
		*cpu_ns += m[i].cpu_ns / NTHREADS;
	}
	pthread_barrier_destroy(&start);
	for (unsigned i = 0; i < NTHREADS; i++) {
		sim_set_cpu(i);
		mix_drain(&m[i]);
	}
	sim_set_cpu(0);
	return slowest / NTHREADS; /* each thread did MIX_OPS */
}

/* Bytes each allocator holds right now (at the mix's end state, which is
 * its peak: the live count never falls below 10,000). */
static double held_bytes(const struct allocator *a)
{
	if (a->alloc == tern_alloc)
		return (double)kmalloc_bytes_held();
	if (a->alloc == ff_malloc)
		return (double)ff_peak();
	if (a->alloc == je_alloc) {
		uint64_t epoch = 1;
		size_t active, sz = sizeof(active);

		mallctl("epoch", NULL, NULL, &epoch, sizeof(epoch));
		if (!mallctl("stats.active", &active, &sz, NULL, 0))
			return (double)active;
	}
	return 0; /* glibc, mimalloc: no figure for this heap alone */
}

/* mix10k rows: each allocator's best of MIX_ROUNDS runs, interleaved like
 * best_pairs_all, every run on a fresh tern heap and first-fit arena. */
#define MIX_ROUNDS 3
static void mix_rows(void)
{
	static struct mix_state m;
	double ns[NALLOC], cpu[NALLOC];

	for (size_t a = 0; a < NALLOC; a++)
		ns[a] = cpu[a] = 1e30;
	for (int r = 0; r < MIX_ROUNDS; r++) {
		for (size_t a = 0; a < NALLOC; a++) {
			m = (struct mix_state){.a = &allocators[a]};
			m.ops = m.a->alloc == ff_malloc ? 20000 : MIX_OPS;
			reset();
			mix(&m);
			ns[a] = m.ns < ns[a] ? m.ns : ns[a];
			cpu[a] = m.cpu_ns < cpu[a] ? m.cpu_ns : cpu[a];
			if (r == MIX_ROUNDS - 1)
				bench_eff(m.a->name, m.peak_req,
				          held_bytes(m.a));
			mix_drain(&m);
		}
	}
	for (size_t a = 0; a < NALLOC; a++) {
		bench_row("mix10k", allocators[a].name, ns[a]);
		bench_row("mix10k-cpu", allocators[a].name, cpu[a]);
	}
}

/* mix10k-2t rows, the same way (first-fit is not thread-safe). */
static void mix_threads_rows(void)
{
	double ns[NALLOC], cpu[NALLOC];

	for (size_t a = 0; a < NALLOC; a++)
		ns[a] = cpu[a] = 1e30;
	for (int r = 0; r < MIX_ROUNDS; r++) {
		for (size_t a = 0; a < NALLOC; a++) {
			double c;

			if (allocators[a].alloc == ff_malloc)
				continue;
			reset();
			double t = mix_threads(&allocators[a], &c);

			ns[a] = t < ns[a] ? t : ns[a];
			cpu[a] = c < cpu[a] ? c : cpu[a];
		}
	}
	for (size_t a = 0; a < NALLOC; a++) {
		if (allocators[a].alloc == ff_malloc)
			continue;
		bench_row("mix10k-2t", allocators[a].name, ns[a]);
		bench_row("mix10k-2t-cpu", allocators[a].name, cpu[a]);
	}
}

void bench_heap(void)
{
	static const size_t fixed[] = {8,   16,  32,   64,   128,
	                               256, 512, 1024, 2048, 4096};
	static const size_t pages[] = {8192, 65536, 262144, 1 << 20};
	char group[32];

	glibc_resolve();
	ff_arena = mmap(NULL, FF_ARENA, PROT_READ | PROT_WRITE,
	                MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	reset();
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		snprintf(group, sizeof(group), "fixed/%zu", fixed[i]);
		pairs_rows(group, fixed[i], 1000000);
	}
	mix_prepare();
	mix_rows();
	mix_threads_rows();
	for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		snprintf(group, sizeof(group), "page/%zuK", pages[i] / 1024);
		pairs_rows(group, pages[i],
		           pages[i] >= 262144 ? 10000 : 100000);
	}
	sim_fini(&sim);
}
