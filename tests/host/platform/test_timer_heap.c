/* SPDX-License-Identifier: MIT */
/* The timer min-heap: order, ties, periodic re-arm, cancel (also from a
 * callback), stale handles, a full pool, and a random model check. */
#include <stdlib.h>
#include "test.h"
#include "time/timer_heap.h"

static int log_buf[1024];
static unsigned log_n;
static struct timer_heap *H;
static timer_handle_t victim;

static void record(void *ctx)
{
	if (log_n < 1024)
		log_buf[log_n++] = (int)(intptr_t)ctx;
}

static void cancel_self(void *ctx)
{
	record(ctx);
	CHECK(timer_heap_cancel(H, victim));
}

static void add_from_callback(void *ctx)
{
	record(ctx);
	CHECK(timer_heap_add(H, 0, 0, record, (void *)99)); /* due now */
}

static void test_order(struct timer_heap *h)
{
	const uint64_t dl[] = {50, 10, 40, 10, 30, 20};

	timer_heap_init(h);
	log_n = 0;
	for (int i = 0; i < 6; i++)
		CHECK(timer_heap_add(h, dl[i], 0, record, (void *)(intptr_t)i));
	CHECK_EQ(timer_heap_next(h), 10);
	CHECK_EQ(timer_heap_run(h, 9), 0);
	CHECK_EQ(timer_heap_run(h, 35), 4);
	CHECK_EQ(log_n, 4);
	CHECK_EQ(log_buf[0], 1); /* tie at 10: added first fires first */
	CHECK_EQ(log_buf[1], 3);
	CHECK_EQ(log_buf[2], 5);
	CHECK_EQ(log_buf[3], 4);
	CHECK_EQ(timer_heap_pending(h), 2);
	CHECK_EQ(timer_heap_run(h, 1000), 2);
	CHECK_EQ(log_buf[5], 0);
	CHECK_EQ(timer_heap_next(h), UINT64_MAX);
}

static void test_periodic_cancel(struct timer_heap *h)
{
	timer_handle_t p, o;

	timer_heap_init(h);
	log_n = 0;
	p = timer_heap_add(h, 100, 100, record, (void *)1);
	o = timer_heap_add(h, 250, 0, record, (void *)2);
	/* 100 fires; its next deadline 200 is already past, so it moves to
	 * now + period = 400 instead of catching up; then 250 fires. */
	CHECK_EQ(timer_heap_run(h, 300), 2);
	CHECK_EQ(log_buf[1], 2);
	CHECK(!timer_heap_cancel(h, o)); /* already fired: stale */
	CHECK_EQ(timer_heap_next(h), 400);
	CHECK_EQ(timer_heap_run(h, 10000), 1); /* far behind: no storm */
	CHECK_EQ(timer_heap_next(h), 10100);
	CHECK(timer_heap_cancel(h, p));
	CHECK(!timer_heap_cancel(h, p));
	CHECK(!timer_heap_cancel(h, 0));
	CHECK(!timer_heap_cancel(h, 0xffffffffffffull));
	CHECK_EQ(timer_heap_pending(h), 0);

	/* A periodic timer cancelling itself from its own callback, and a
	 * callback adding a timer that is already due. */
	log_n = 0;
	victim = timer_heap_add(h, 5, 5, cancel_self, (void *)7);
	timer_heap_add(h, 6, 0, add_from_callback, (void *)8);
	CHECK_EQ(timer_heap_run(h, 20), 3);
	CHECK_EQ(log_buf[0], 7);
	CHECK_EQ(log_buf[1], 8);
	CHECK_EQ(log_buf[2], 99);
	CHECK_EQ(timer_heap_pending(h), 0);
	CHECK(!timer_heap_add(h, 1, 0, NULL, NULL));
}

static void test_full_and_random(struct timer_heap *h)
{
	static uint64_t when[TIMER_SLOTS];
	timer_handle_t hd[TIMER_SLOTS];
	uint64_t last = 0;

	timer_heap_init(h);
	for (unsigned i = 0; i < TIMER_SLOTS; i++) {
		when[i] = test_rand_below(1000);
		hd[i] =
		    timer_heap_add(h, when[i], 0, record, (void *)(intptr_t)i);
		CHECK(hd[i]);
	}
	CHECK_EQ(timer_heap_add(h, 1, 0, record, NULL), 0); /* full */
	unsigned cancelled = 0;
	for (unsigned i = 0; i < TIMER_SLOTS; i += 3)
		cancelled += timer_heap_cancel(h, hd[i]);
	CHECK_EQ(cancelled, (TIMER_SLOTS + 2) / 3);
	log_n = 0;
	CHECK_EQ(timer_heap_run(h, 2000), TIMER_SLOTS - cancelled);
	for (unsigned i = 0; i < log_n; i++) {
		CHECK(log_buf[i] % 3 != 0);
		CHECK(when[log_buf[i]] >= last);
		last = when[log_buf[i]];
	}
}

/* The split run (pop, callback outside, fired): the popped timer's handle
 * is the one add returned; a cancel between pop and fired stops a periodic
 * re-arm and frees the slot; adds in between are kept; nothing else is due
 * while one fires. */
static void test_pop_fired(struct timer_heap *h)
{
	struct timer_fire f;
	timer_handle_t p, o, late;

	timer_heap_init(h);
	p = timer_heap_add(h, 10, 10, record, (void *)1);
	o = timer_heap_add(h, 15, 0, record, (void *)2);
	CHECK(!timer_heap_pop_due(h, 9, &f));
	CHECK(timer_heap_pop_due(h, 12, &f));
	CHECK_EQ(f.handle, p);
	CHECK(f.fn == record && f.ctx == (void *)1);
	CHECK(!timer_heap_pop_due(h, 12, &f)); /* o is not due yet */
	late = timer_heap_add(h, 5, 0, record, (void *)3); /* during the fire */
	CHECK(late);
	CHECK(timer_heap_cancel(h, p));  /* periodic, firing: still true */
	CHECK(!timer_heap_cancel(h, p)); /* once only */
	timer_heap_init(h);
	p = timer_heap_add(h, 10, 10, record, (void *)1);
	o = timer_heap_add(h, 15, 0, record, (void *)2);
	CHECK(timer_heap_pop_due(h, 12, &f));
	CHECK(timer_heap_cancel(h, p));
	timer_heap_fired(h, &f, 12);
	CHECK_EQ(timer_heap_pending(h), 1); /* p not re-armed */
	CHECK(!timer_heap_cancel(h, p));    /* its slot is free: stale */
	CHECK(timer_heap_pop_due(h, 20, &f));
	CHECK_EQ(f.handle, o);
	timer_heap_fired(h, &f, 20);
	CHECK_EQ(timer_heap_pending(h), 0);
	p = timer_heap_add(h, 10, 10, record, (void *)1);
	CHECK(timer_heap_pop_due(h, 100, &f));
	timer_heap_fired(h, &f, 100); /* periodic, far behind: now + period */
	CHECK_EQ(timer_heap_next(h), 110);
	CHECK_EQ(h->fired, 3);
}

int main(void)
{
	H = calloc(1, sizeof(*H));
	test_rng_seed();
	test_order(H);
	test_periodic_cancel(H);
	test_pop_fired(H);
	for (int r = 0; r < 50; r++)
		test_full_and_random(H);
	free(H);
	return test_finish();
}
