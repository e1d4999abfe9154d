/* SPDX-License-Identifier: MIT */
#include <arch/cpu.h>
#include <arch/prof_clock.h>
#include <mm/kmalloc.h>
#include "core/backtrace.h"
#include "core/prof_kernel.h"
#include "sync/spinlock.h"
#include "time/time.h"

volatile bool prof_tick_samples;
/* Written by the sampler while kprof.on (one CPU: CPU 0's tick, or the
 * NMI routed to the CPU that started it). prof_lock serialises start,
 * stop and show; the sampler, possibly an NMI, takes no lock: it counts
 * itself in `sampling`, and a reset first turns kprof.on off and waits
 * for sampling to drop to zero. */
static struct prof kprof;
static struct spinlock prof_lock = SPINLOCK_INIT("prof");
static uint32_t sampling;

static void sample(uint64_t rip, uint64_t rbp, bool user)
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

void prof_tick(uint64_t rip, uint64_t rbp, bool user)
{
	__atomic_fetch_add(&sampling, 1, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&kprof.on, __ATOMIC_SEQ_CST))
		sample(rip, rbp, user);
	__atomic_fetch_sub(&sampling, 1, __ATOMIC_RELEASE);
}

/* Stop the samplers' writes: off, then wait out a sample in flight on
 * another CPU. Under prof_lock. */
static void samplers_off(void)
{
	prof_tick_samples = false;
	__atomic_store_n(&kprof.on, false, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&sampling, __ATOMIC_ACQUIRE))
		cpu_pause();
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
	uint64_t f = spin_lock_irqsave(&prof_lock);

	if (prof_alloc()) {
		spin_unlock_irqrestore(&prof_lock, f);
		return -1;
	}
	prof_clock_stop();
	samplers_off();
	prof_reset(&kprof);
	kprof.start_ns = time_ns();
	kprof.stop_ns = 0;
	__atomic_store_n(&kprof.on, true, __ATOMIC_SEQ_CST);
	kprof.by_nmi = prof_clock_start();
	prof_tick_samples = !kprof.by_nmi;
	spin_unlock_irqrestore(&prof_lock, f);
	return 0;
}

uint64_t prof_stop(void)
{
	uint64_t f = spin_lock_irqsave(&prof_lock);

	if (kprof.on)
		kprof.stop_ns = time_ns();
	samplers_off();
	prof_clock_stop();
	spin_unlock_irqrestore(&prof_lock, f);
	return kprof.samples;
}

const struct prof *prof_kernel(void)
{
	return &kprof;
}

/* The report from a snapshot taken under the lock; the sink (a shell, a
 * tty) runs without it. */
void prof_show(size_t top, libk_sink_fn sink, void *ctx)
{
	uint64_t f = spin_lock_irqsave(&prof_lock);
	struct prof snap = kprof;

	spin_unlock_irqrestore(&prof_lock, f);
	if (!snap.syms) {
		sink(ctx, "prof: no samples (prof start)\n", 30);
		return;
	}
	if (snap.on)
		snap.stop_ns = time_ns();
	prof_report(&snap, top, sink, ctx);
}
