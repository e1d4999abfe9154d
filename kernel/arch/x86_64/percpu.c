/* SPDX-License-Identifier: MIT */
/* Per-CPU areas (percpu.h). */
#include <arch/cpu.h>
#include <arch/percpu.h>
#include <arch/smp.h>
#include <stddef.h>

_Static_assert(offsetof(struct percpu, irq_depth) == PERCPU_IRQ_DEPTH &&
                   offsetof(struct percpu, thread) == PERCPU_THREAD,
               "percpu.h offsets");

#define MSR_GS_BASE        0xc0000101
#define MSR_KERNEL_GS_BASE 0xc0000102

static struct percpu areas[SMP_MAX_CPUS];
bool percpu_ready;

void percpu_init(unsigned cpu)
{
	struct percpu *p = &areas[cpu];

	p->self = p;
	p->index = cpu;
	wrmsr(MSR_GS_BASE, (uint64_t)(uintptr_t)p);
	wrmsr(MSR_KERNEL_GS_BASE, 0);
	percpu_ready = true;
}
