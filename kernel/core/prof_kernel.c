/* SPDX-License-Identifier: MIT */
#include <arch/irq_flags.h>
#include <arch/prof_clock.h>
#include <mm/kmalloc.h>
#include "core/backtrace.h"
#include "core/prof_kernel.h"
#include "time/time.h"

volatile bool prof_tick_samples;
static struct prof kprof; /* written by the tick while prof_active */

void prof_tick(uint64_t rip, uint64_t rbp, bool user)
{
	uint64_t rets[PROF_MAX_DEPTH];
	enum bt_stop why;
	size_t n;

	if (user) {
		prof_sample_user(&kprof);
		return;
	}
	n = backtrace_walk(&kernel_stacks, rbp, rets, PROF_MAX_DEPTH, &why);
	prof_sample(&kprof, rip, rets, n);
}

/* The counts, sized for the symbol table, allocated once. */
static int prof_alloc(void)
{
	size_t n = kernel_symtab.count + 1;
	uint32_t *self, *incl;

	if (kprof.syms)
		return 0;
	if (!kernel_symtab.count)
		return -1;
	self = kcalloc(n, sizeof(*self));
	incl = kcalloc(n, sizeof(*incl));
	if (!self || !incl) {
		kfree(self);
		kfree(incl);
		return -1;
	}
	prof_init(&kprof, &kernel_symtab, self, incl);
	return 0;
}

int prof_start(void)
{
	uint64_t f;

	if (prof_alloc())
		return -1;
	prof_clock_stop();
	f = irq_save();
	prof_tick_samples = false;
	prof_reset(&kprof);
	kprof.start_ns = time_ns();
	kprof.stop_ns = 0;
	kprof.on = true;
	kprof.by_nmi = prof_clock_start();
	prof_tick_samples = !kprof.by_nmi;
	irq_restore(f);
	return 0;
}

uint64_t prof_stop(void)
{
	uint64_t f = irq_save();

	if (kprof.on)
		kprof.stop_ns = time_ns();
	kprof.on = prof_tick_samples = false;
	irq_restore(f);
	prof_clock_stop();
	return kprof.samples;
}

const struct prof *prof_kernel(void)
{
	return &kprof;
}

void prof_show(size_t top, libk_sink_fn sink, void *ctx)
{
	struct prof snap;

	if (!kprof.syms) {
		sink(ctx, "prof: no samples (prof start)\n", 30);
		return;
	}
	snap = kprof;
	if (snap.on)
		snap.stop_ns = time_ns();
	prof_report(&snap, top, sink, ctx);
}
