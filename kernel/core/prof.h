/* SPDX-License-Identifier: MIT */
/*
 * A sampling profiler. About 1,000 times a second (an NMI from the PIT,
 * arch/prof_clock.h, or without one the timer tick, time/tick.h) the
 * interrupted RIP and its frame-pointer return addresses are charged to
 * the kernel functions that hold them:
 *
 *   self[i]  samples whose RIP lies in symbol i (where the CPU was)
 *   incl[i]  samples with symbol i anywhere on the stack (RIP or a caller;
 *            a function that recurses counts once per sample)
 *
 * The last slot of both arrays (index syms->count) holds samples outside
 * every symbol. Counting per symbol index keeps the tick O(depth log n)
 * and the memory at 8 bytes a symbol.
 *
 * Skew, when the timer tick samples: code that runs with interrupts
 * disabled is never sampled in place. Its time is charged to the
 * instruction after the one that re-enables interrupts (sti, popf), so
 * irq_restore reads high and interrupt handlers read zero. An NMI has no
 * such blind spot.
 *
 * Portable: no arch headers; host-tested (tests/host/kernel/test_kprof.c).
 */
#ifndef KERNEL_CORE_PROF_H
#define KERNEL_CORE_PROF_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libk/printf.h>
#include "core/symbols.h"

#define PROF_MAX_DEPTH 16 /* return addresses looked at per sample */

struct prof {
	const struct ksymtab *syms;
	uint32_t *self, *incl; /* syms->count + 1 entries each */
	uint64_t samples;      /* taken since prof_reset */
	uint64_t user;         /* of those, in user mode (not attributed) */
	uint64_t start_ns, stop_ns;
	bool on;
	bool by_nmi; /* sampled by NMI, so without the skew below */
};

/* Bind p to t with caller-owned arrays of t->count + 1 entries, zeroed. */
void prof_init(struct prof *p, const struct ksymtab *t, uint32_t *self,
               uint32_t *incl);
/* Zero every count. */
void prof_reset(struct prof *p);
/* Charge one sample: rip where the CPU was, rets[0..n) the return
 * addresses of its callers, innermost first (n is cut to
 * PROF_MAX_DEPTH). Does nothing while p->on is false. */
void prof_sample(struct prof *p, uint64_t rip, const uint64_t *rets, size_t n);
/* The same for a sample taken in user mode: counted, not attributed. */
void prof_sample_user(struct prof *p);

struct prof_row {
	const char *name; /* "(unknown)" for the outside slot */
	uint32_t self, incl;
};

/* The up to max symbols with the most self samples (by_incl: inclusive
 * samples), largest first; ties by name. Returns how many were written. */
size_t prof_top(const struct prof *p, struct prof_row *out, size_t max,
                bool by_incl);
/* Print a table of the top rows (both orders) through sink. */
void prof_report(const struct prof *p, size_t top, libk_sink_fn sink,
                 void *ctx);
#endif
