/* SPDX-License-Identifier: MIT */
/* SMP: every CPU's timer, cross-CPU calls, TLB shootdown. */
#include <mm/kmalloc.h>
#include <arch/percpu.h>
#include <arch/probe.h>
#include <arch/smp.h>
#include <arch/smp_call.h>
#include <arch/tlb.h>
#include "console/kprintf.h"
#include "mm/vm.h"
#include "test/ktest.h"
#include "time/tick.h"
#include "time/time.h"

#define MAGIC 0x5eed7e57cafef00dull

/* Every online CPU's own LAPIC timer ticks (smp.h cpus[].ticks): each
 * advances while the boot CPU waits 50 ms, and no AP took an interrupt
 * meant for the boot CPU. */
KTEST(smp_timers_tick)
{
	uint64_t t0[SMP_MAX_CPUS];
	unsigned n = smp_cpus_tried();

	for (unsigned i = 0; i < n; i++)
		t0[i] = __atomic_load_n(&cpus[i].ticks, __ATOMIC_RELAXED);
	time_sleep_busy_ns(50 * MS);
	for (unsigned i = 0; i < n; i++) {
		uint64_t d =
		    __atomic_load_n(&cpus[i].ticks, __ATOMIC_RELAXED) - t0[i];

		kprintf("    cpu %u: %llu ticks in 50 ms\n", i,
		        (unsigned long long)d);
		if (!__atomic_load_n(&cpus[i].online, __ATOMIC_ACQUIRE))
			continue;
		KEXPECT(d >= 1);
		KEXPECT(d <= TICK_HZ / 20 * 4);
		KEXPECT_EQ(cpus[i].stray_irqs, 0);
	}
	KEXPECT_EQ(smp_cpus_online(), n);
}

static void count_call(void *arg)
{
	__atomic_fetch_add((unsigned *)arg, 1u << (arch_cpu_index() * 4),
	                   __ATOMIC_RELAXED);
}

/* smp_call_others runs the function once on every other online CPU, and
 * smp_call_on on the one named. */
KTEST(smp_call_reaches_each_cpu)
{
	unsigned n = smp_cpus_online(), hits = 0, want = 0;

	for (unsigned i = 1; i < n && i < 8; i++)
		want += 1u << (i * 4);
	KEXPECT_EQ(smp_call_others(count_call, &hits), n - 1);
	KEXPECT_EQ(hits, want);
	for (unsigned i = 0; i < n && i < 8; i++) {
		hits = 0;
		KEXPECT_EQ(smp_call_on(i, count_call, &hits), 0);
		KEXPECT_EQ(hits, 1u << (i * 4));
	}
	KEXPECT_EQ(smp_call_on(SMP_MAX_CPUS, count_call, &hits), -1);
}

static struct {
	long rc;
	uint64_t v;
} seen;

static void read_here(void *p)
{
	seen.rc = probe_read64(p, &seen.v);
}

/* What cpu 1 sees at p: 0 (and seen.v) or -1 (a page fault). */
static long read_on_cpu1(volatile uint64_t *p)
{
	seen.rc = 1;
	if (smp_call_on(1, read_here, (void *)p))
		return 2;
	return seen.rc;
}

/* A kernel page unmapped on the boot CPU faults on cpu 1 at once, though
 * cpu 1 had just used it (its TLB held the translation). The control
 * first unmaps with the shootdown switched off: under QEMU, whose
 * software TLB is per CPU like a real one, cpu 1 then still reads the
 * page, which is what the test would miss if the shootdown broke. */
KTEST(smp_tlb_shootdown)
{
	volatile uint64_t *p = kmalloc(2 * 4096);
	uint64_t pa, before = tlb_stats.shootdowns;
	long stale;

	if (smp_cpus_online() < 2) {
		kprintf("    one CPU online: nothing to shoot down\n");
		kfree((void *)p);
		return;
	}
	KREQUIRE(p && ((uintptr_t)p & 4095) == 0);
	probe_init();
	*p = MAGIC;
	KEXPECT_EQ(read_on_cpu1(p), 0);
	KEXPECT_EQ(seen.v, MAGIC);

	tlb_shootdown_off = true; /* the control */
	pa = vm_unmap((uintptr_t)p);
	tlb_shootdown_off = false;
	stale = read_on_cpu1(p);
	kprintf("    without a shootdown cpu 1 %s\n",
	        stale == 0 ? "still reads the unmapped page (stale TLB)"
	                   : "faults anyway");
	KEXPECT_EQ(probe_read64(p, &seen.v), -1); /* invlpg here */
	KREQUIRE(vm_map((uintptr_t)p, pa, VM_WRITE) == 0);

	pa = vm_unmap((uintptr_t)p); /* with the shootdown */
	KEXPECT_EQ(read_on_cpu1(p), -1);
	KEXPECT(tlb_stats.shootdowns > before);
	KREQUIRE(vm_map((uintptr_t)p, pa, VM_WRITE) == 0);
	KEXPECT_EQ(read_on_cpu1(p), 0);
	KEXPECT_EQ(seen.v, MAGIC);
	kfree((void *)p);
}
