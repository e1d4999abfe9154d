/* SPDX-License-Identifier: MIT */
/*
 * Kernel timers in deadline order: a binary min-heap of slot indices over
 * a fixed pool of slots (no allocation). Ties fire in the order they were
 * added. Portable and host-tested; the kernel wraps one heap in timer.c.
 *
 *   heap[0] = earliest    heap[i] <= heap[2i+1], heap[2i+2]
 *
 *        [0] 10ms
 *       /        \
 *   [1] 20ms   [2] 15ms          slot[heap[i]].pos == i
 *
 * A handle is (generation << 16 | slot + 1): a stale handle (its timer
 * fired or was cancelled, the slot reused) never cancels someone else's.
 */
#ifndef KERNEL_TIME_TIMER_HEAP_H
#define KERNEL_TIME_TIMER_HEAP_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TIMER_SLOTS 256

typedef void (*timer_fn)(void *ctx);
typedef uint64_t timer_handle_t; /* 0 = none */

enum timer_state { TS_FREE, TS_ARMED, TS_FIRING };

struct timer_slot {
	uint64_t deadline; /* ns */
	uint64_t period;   /* ns, 0 for one-shot */
	uint64_t seq;      /* insertion order, breaks deadline ties */
	timer_fn fn;
	void *ctx;
	uint32_t gen;
	uint16_t pos; /* index in heap[] while armed */
	uint8_t state;
	bool cancelled; /* cancelled from inside its own callback */
};

struct timer_heap {
	struct timer_slot slot[TIMER_SLOTS];
	uint16_t heap[TIMER_SLOTS];
	unsigned n;
	uint64_t seq;
	uint64_t fired;
};

void timer_heap_init(struct timer_heap *h);
/* Arm fn(ctx) at deadline (ns), then every period ns if period != 0.
 * Returns a handle, or 0 if every slot is in use or fn is NULL. */
timer_handle_t timer_heap_add(struct timer_heap *h, uint64_t deadline,
                              uint64_t period, timer_fn fn, void *ctx);
/* Disarm; true if the timer was still pending (or periodic). */
bool timer_heap_cancel(struct timer_heap *h, timer_handle_t t);
/* A timer taken out of the heap to fire: its callback and handle. */
struct timer_fire {
	unsigned slot;
	timer_handle_t handle;
	timer_fn fn;
	void *ctx;
};

/* Take the earliest timer due at now (deadline <= now) out of the heap,
 * mark it firing and describe it in *f; false if none is due. The caller
 * runs f->fn(f->ctx), possibly with its lock dropped (adds and cancels may
 * come in meanwhile: a cancel of a firing timer only stops its re-arm),
 * then calls timer_heap_fired. One timer fires at a time per heap. */
bool timer_heap_pop_due(struct timer_heap *h, uint64_t now,
                        struct timer_fire *f);
/* After f's callback: re-arm a periodic timer at deadline + period (or
 * now + period if that is already past: no catch-up storms) unless it was
 * cancelled, else free its slot. */
void timer_heap_fired(struct timer_heap *h, const struct timer_fire *f,
                      uint64_t now);
/* Fire every timer with deadline <= now, earliest first. A periodic
 * timer is re-armed at deadline + period (or now + period if that is
 * already past: no catch-up storms). Callbacks may add or cancel timers.
 * Returns the number fired. */
unsigned timer_heap_run(struct timer_heap *h, uint64_t now);
/* Earliest deadline, or UINT64_MAX when empty. */
uint64_t timer_heap_next(const struct timer_heap *h);
unsigned timer_heap_pending(const struct timer_heap *h);
#endif
