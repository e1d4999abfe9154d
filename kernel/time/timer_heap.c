/* SPDX-License-Identifier: MIT */
#include "time/timer_heap.h"

void timer_heap_init(struct timer_heap *h)
{
	__builtin_memset(h, 0, sizeof(*h));
}

static bool earlier(const struct timer_heap *h, unsigned a, unsigned b)
{
	const struct timer_slot *x = &h->slot[h->heap[a]];
	const struct timer_slot *y = &h->slot[h->heap[b]];

	return x->deadline < y->deadline ||
	       (x->deadline == y->deadline && x->seq < y->seq);
}

static void swap(struct timer_heap *h, unsigned a, unsigned b)
{
	uint16_t t = h->heap[a];

	h->heap[a] = h->heap[b];
	h->heap[b] = t;
	h->slot[h->heap[a]].pos = (uint16_t)a;
	h->slot[h->heap[b]].pos = (uint16_t)b;
}

static void sift_up(struct timer_heap *h, unsigned i)
{
	while (i && earlier(h, i, (i - 1) / 2)) {
		swap(h, i, (i - 1) / 2);
		i = (i - 1) / 2;
	}
}

static void sift_down(struct timer_heap *h, unsigned i)
{
	for (;;) {
		unsigned l = 2 * i + 1, r = l + 1, m = i;

		if (l < h->n && earlier(h, l, m))
			m = l;
		if (r < h->n && earlier(h, r, m))
			m = r;
		if (m == i)
			return;
		swap(h, i, m);
		i = m;
	}
}

static void push(struct timer_heap *h, unsigned s)
{
	h->slot[s].seq = h->seq++;
	h->slot[s].state = TS_ARMED;
	h->slot[s].pos = (uint16_t)h->n;
	h->heap[h->n++] = (uint16_t)s;
	sift_up(h, h->n - 1);
}

/* Take heap entry i out. */
static void remove_at(struct timer_heap *h, unsigned i)
{
	h->n--;
	if (i == h->n)
		return;
	swap(h, i, h->n);
	sift_down(h, i);
	sift_up(h, i);
}

timer_handle_t timer_heap_add(struct timer_heap *h, uint64_t deadline,
                              uint64_t period, timer_fn fn, void *ctx)
{
	for (unsigned s = 0; fn && s < TIMER_SLOTS; s++) {
		struct timer_slot *t = &h->slot[s];

		if (t->state != TS_FREE)
			continue;
		t->gen = (t->gen + 1) & 0xffffffffu;
		t->deadline = deadline;
		t->period = period;
		t->fn = fn;
		t->ctx = ctx;
		t->cancelled = false;
		push(h, s);
		return (uint64_t)t->gen << 16 | (s + 1);
	}
	return 0;
}

/* The slot a handle names, or NULL if the handle is stale. */
static struct timer_slot *lookup(struct timer_heap *h, timer_handle_t t)
{
	uint64_t s = (t & 0xffff) - 1;

	if (!t || s >= TIMER_SLOTS || h->slot[s].gen != (t >> 16) ||
	    h->slot[s].state == TS_FREE)
		return NULL;
	return &h->slot[s];
}

bool timer_heap_cancel(struct timer_heap *h, timer_handle_t t)
{
	struct timer_slot *s = lookup(h, t);

	if (!s || s->cancelled)
		return false;
	if (s->state == TS_FIRING) {
		s->cancelled = true;
		return s->period != 0;
	}
	remove_at(h, s->pos);
	s->state = TS_FREE;
	return true;
}

bool timer_heap_pop_due(struct timer_heap *h, uint64_t now,
                        struct timer_fire *f)
{
	unsigned s;
	struct timer_slot *t;

	if (!h->n || h->slot[h->heap[0]].deadline > now)
		return false;
	s = h->heap[0];
	t = &h->slot[s];
	remove_at(h, 0);
	t->state = TS_FIRING;
	*f = (struct timer_fire){.slot = s,
	                         .handle = (uint64_t)t->gen << 16 | (s + 1),
	                         .fn = t->fn,
	                         .ctx = t->ctx};
	return true;
}

void timer_heap_fired(struct timer_heap *h, const struct timer_fire *f,
                      uint64_t now)
{
	struct timer_slot *t = &h->slot[f->slot];

	h->fired++;
	if (t->period && !t->cancelled) {
		t->deadline += t->period;
		if (t->deadline <= now)
			t->deadline = now + t->period;
		push(h, f->slot);
	} else {
		t->state = TS_FREE;
	}
}

unsigned timer_heap_run(struct timer_heap *h, uint64_t now)
{
	struct timer_fire f;
	unsigned fired = 0;

	while (timer_heap_pop_due(h, now, &f)) {
		f.fn(f.ctx);
		timer_heap_fired(h, &f, now);
		fired++;
	}
	return fired;
}

uint64_t timer_heap_next(const struct timer_heap *h)
{
	return h->n ? h->slot[h->heap[0]].deadline : UINT64_MAX;
}

unsigned timer_heap_pending(const struct timer_heap *h)
{
	return h->n;
}
