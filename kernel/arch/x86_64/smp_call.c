/* SPDX-License-Identifier: MIT */
/* Cross-CPU calls by IPI (arch/smp_call.h). */
#include <arch/cpu.h>
#include <arch/irq_flags.h>
#include <arch/lapic.h>
#include <arch/percpu.h>
#include <arch/smp.h>
#include <arch/smp_call.h>
#include <libk/panic.h>
#include "irq/irq.h"
#include "time/time.h"

#define CALL_TIMEOUT_NS 5000000000ull /* a target that never answers */

/* The call in flight, owned by whoever set slot_busy. */
static uint32_t slot_busy;
static smp_call_fn call_fn;
static void *call_arg;
static uint32_t call_left;

/* fn(arg) here, interrupts off, marked as a call (smp_call_running). */
static void run_call(struct cpu *c, smp_call_fn fn, void *arg)
{
	c->in_call++;
	fn(arg);
	c->in_call--;
	c->calls++;
}

void smp_call_service(void)
{
	struct cpu *c = &cpus[arch_cpu_index()];

	if (!__atomic_exchange_n(&c->call_pending, 0, __ATOMIC_ACQUIRE))
		return;
	run_call(c, call_fn, call_arg);
	__atomic_fetch_sub(&call_left, 1, __ATOMIC_RELEASE);
}

/* Take the slot; a CPU waiting for it serves the call in flight, whose
 * owner may be waiting for this very CPU. */
static void slot_take(void)
{
	while (__atomic_exchange_n(&slot_busy, 1, __ATOMIC_ACQUIRE)) {
		smp_call_service();
		cpu_pause();
	}
}

/* Wait until every target ran the call; panic naming one that did not. */
static void wait_all(uint64_t mask)
{
	uint64_t deadline = time_ns() + CALL_TIMEOUT_NS;

	while (__atomic_load_n(&call_left, __ATOMIC_ACQUIRE)) {
		cpu_pause();
		if (time_ns() < deadline)
			continue;
		for (unsigned i = 0; i < SMP_MAX_CPUS; i++)
			if ((mask >> i & 1) &&
			    __atomic_load_n(&cpus[i].call_pending,
			                    __ATOMIC_ACQUIRE))
				panic(
				    "smp_call: cpu %u (APIC id %u) did not run "
				    "a cross-CPU call within 5 s",
				    i, cpus[i].apic_id);
		deadline = time_ns() + CALL_TIMEOUT_NS;
	}
}

_Static_assert(SMP_MAX_CPUS < 64, "a call's CPU mask is 64 bits");

unsigned smp_call_mask(uint64_t mask, smp_call_fn fn, void *arg)
{
	uint64_t f = irq_save(); /* first: the caller may migrate until then */
	unsigned self = arch_cpu_index(), n = 0, tried = smp_cpus_tried();

	mask &= ~(1ull << self);
	for (unsigned i = 0; i < tried; i++)
		if (!__atomic_load_n(&cpus[i].online, __ATOMIC_ACQUIRE))
			mask &= ~(1ull << i);
	mask &= (1ull << tried) - 1; /* tried <= SMP_MAX_CPUS < 64 */
	if (!mask) {
		irq_restore(f);
		return 0;
	}
	slot_take();
	call_fn = fn;
	call_arg = arg;
	n = (unsigned)__builtin_popcountll(mask);
	__atomic_store_n(&call_left, n, __ATOMIC_RELEASE);
	for (unsigned i = 0; i < tried; i++)
		if (mask >> i & 1) {
			__atomic_store_n(&cpus[i].call_pending, 1,
			                 __ATOMIC_RELEASE);
			lapic_send_ipi(cpus[i].apic_id, IRQ_VEC_CALL);
		}
	wait_all(mask);
	__atomic_store_n(&slot_busy, 0, __ATOMIC_RELEASE);
	irq_restore(f);
	return n;
}

bool smp_call_running(void)
{
	uint64_t f = irq_save();
	bool in = cpus[arch_cpu_index()].in_call != 0;

	irq_restore(f);
	return in;
}

unsigned smp_call_others(smp_call_fn fn, void *arg)
{
	return smp_call_mask(~0ull, fn, arg);
}

int smp_call_on(unsigned cpu, smp_call_fn fn, void *arg)
{
	if (cpu >= smp_cpus_tried() ||
	    !__atomic_load_n(&cpus[cpu].online, __ATOMIC_ACQUIRE))
		return -1;
	if (cpu == arch_cpu_index()) {
		uint64_t f = irq_save();

		run_call(&cpus[arch_cpu_index()], fn, arg);
		irq_restore(f);
		return 0;
	}
	return smp_call_mask(1ull << cpu, fn, arg) == 1 ? 0 : -1;
}
