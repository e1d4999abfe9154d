/* SPDX-License-Identifier: MIT */
/*
 * Several threads (each one "CPU", sim_set_cpu) allocate and free through
 * kmalloc/kfree (both paths) and frame_alloc/frame_free at once. A third
 * of the objects travel through a shared mailbox to another thread, which
 * checks their pattern and frees them there (cross-CPU frees into its own
 * magazine). Every object is filled with its owner's pattern and checked
 * before its free: two threads handed the same memory would break it.
 * Afterwards the caches are drained and every frame must be back. Built
 * twice: with ASan + UBSan, and with ThreadSanitizer (test_mm_threads_tsan),
 * which checks that the local paths share no unsynchronised state.
 */
#include <pthread.h>
#include <mm/kmalloc.h>
#include "sim.h"
#include "test.h"

#define RAM     (256ull << 20)
#define THREADS 3
#define OPS     300000
#define LIVE    512
#define MAILBOX 256

struct obj {
	uint8_t *p;
	size_t size;
	uint8_t tag;
};

static struct sim sim;
static struct frame_alloc fa;

static pthread_mutex_t box_lock = PTHREAD_MUTEX_INITIALIZER;
static struct obj box[MAILBOX];
static unsigned nbox;

static void fill(struct obj *o)
{
	for (size_t i = 0; i + 1 < o->size; i += 61)
		o->p[i] = (uint8_t)(o->tag + i);
	o->p[o->size - 1] = o->tag;
}

static bool intact(const struct obj *o)
{
	for (size_t i = 0; i + 1 < o->size; i += 61)
		if (o->p[i] != (uint8_t)(o->tag + i))
			return false;
	return o->p[o->size - 1] == o->tag;
}

static void release(struct obj *o, unsigned *bad)
{
	if (!intact(o))
		(*bad)++;
	kfree(o->p);
}

/* Post o to the mailbox; false if it is full. */
static bool post(const struct obj *o)
{
	bool ok;

	pthread_mutex_lock(&box_lock);
	ok = nbox < MAILBOX;
	if (ok)
		box[nbox++] = *o;
	pthread_mutex_unlock(&box_lock);
	return ok;
}

static bool fetch(struct obj *o)
{
	bool ok;

	pthread_mutex_lock(&box_lock);
	ok = nbox > 0;
	if (ok)
		*o = box[--nbox];
	pthread_mutex_unlock(&box_lock);
	return ok;
}

struct worker {
	unsigned cpu, bad, nomem;
	uint64_t rng;
};

static uint64_t next(struct worker *w)
{
	w->rng ^= w->rng << 13;
	w->rng ^= w->rng >> 7;
	w->rng ^= w->rng << 17;
	return w->rng;
}

/* Frames: take a few, write a word into each through the direct map,
 * check and free them (some on the next round, so caches fill). */
static void frame_round(struct worker *w, uint64_t *held, unsigned *nheld)
{
	uint64_t pa = frame_alloc(&fa);

	if (pa == MM_NO_PHYS) {
		w->nomem++;
		return;
	}
	*(uint64_t *)mm_phys_to_virt(&sim.plat, pa) = pa ^ w->cpu;
	held[(*nheld)++] = pa;
	if (*nheld == 48 || next(w) % 3 == 0) {
		while (*nheld) {
			uint64_t f = held[--(*nheld)];

			if (*(uint64_t *)mm_phys_to_virt(&sim.plat, f) !=
			    (f ^ w->cpu))
				w->bad++;
			frame_free(&fa, f);
		}
	}
}

static void *run(void *arg)
{
	struct worker *w = arg;
	static _Thread_local struct obj live[LIVE];
	unsigned nlive = 0, nheld = 0;
	uint64_t held[48];
	struct obj o;

	sim_set_cpu(w->cpu);
	for (long op = 0; op < OPS; op++) {
		uint64_t r = next(w);

		if (r % 16 == 0) {
			frame_round(w, held, &nheld);
		} else if (r % 16 < 4 && fetch(&o)) {
			release(&o, &w->bad); /* another CPU's object */
		} else if (nlive && (nlive == LIVE || r % 16 < 9)) {
			unsigned k = (unsigned)((r >> 8) % nlive);

			o = live[k];
			live[k] = live[--nlive];
			if ((r >> 40) % 3 || !post(&o))
				release(&o, &w->bad);
		} else {
			o.size = (r >> 20) % 8 ? 1 + (r >> 24) % 2048
			                       : 4097 + (r >> 24) % 20000;
			o.p = kmalloc(o.size);
			o.tag = (uint8_t)(w->cpu * 64 + op);
			if (!o.p) {
				w->nomem++;
				continue;
			}
			fill(&o);
			live[nlive++] = o;
		}
		if (op % 5000 == 0) { /* readers of shared statistics */
			struct block_stats s;

			block_stats(&mm_heap.ba, (unsigned)(r % BLOCK_NCLASSES),
			            &s);
			(void)frame_counts(&fa);
		}
	}
	while (nlive)
		release(&live[--nlive], &w->bad);
	while (nheld)
		frame_free(&fa, held[--nheld]);
	return NULL;
}

int main(void)
{
	pthread_t t[THREADS];
	struct worker w[THREADS];
	struct frame_counts c0, c1;
	struct obj o;
	unsigned bad = 0;

	test_rng_seed();
	sim_init(&sim, RAM, 1ull << 30);
	sim_enable_smp(&sim);
	CHECK_EQ(sim_heap_init(&sim, &fa), 0);
	c0 = frame_counts(&fa);
	for (unsigned i = 0; i < THREADS; i++) {
		w[i] = (struct worker){.cpu = i + 1, .rng = test_rand() | 1};
		CHECK_EQ(pthread_create(&t[i], NULL, run, &w[i]), 0);
	}
	for (unsigned i = 0; i < THREADS; i++) {
		CHECK_EQ(pthread_join(t[i], NULL), 0);
		CHECK_EQ(w[i].bad, 0);
		CHECK_EQ(w[i].nomem, 0);
	}
	while (fetch(&o))
		release(&o, &bad);
	CHECK_EQ(bad, 0);
	mm_drain_caches();
	block_trim(&mm_heap.ba);
	c1 = frame_counts(&fa);
	CHECK_EQ(c1.cached, 0);
	CHECK_EQ(c1.used, c0.used);
	CHECK_EQ(mm_heap.pa.live_count, 0);
	for (unsigned i = 0; i < BLOCK_NCLASSES; i++) {
		struct block_stats s;

		block_stats(&mm_heap.ba, i, &s);
		CHECK_EQ(s.live, i == (unsigned)mm_heap.pa.node_cls);
		CHECK(s.allocs > 0 || s.size > 2048);
	}
	sim_fini(&sim);
	return test_finish();
}
