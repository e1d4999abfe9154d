/* SPDX-License-Identifier: MIT */
/*
 * The other CPUs (Intel SDM Vol. 3A, 9.4): the MADT's enabled processors
 * are started one at a time with INIT-SIPI-SIPI through the boot-info's
 * trampoline page (ap_trampoline.S). Each gets its own GDT and TSS, its
 * own IST stacks with guard pages, the BSP's control registers, PAT and
 * IDT, its LAPIC and LAPIC timer; then it halts until the scheduler
 * starts (smp_set_ap_entry), and from then on runs threads.
 *
 * A CPU that does not answer within 3 s is logged, sent INIT again
 * (back to waiting for a SIPI) and left out: the boot never hangs on
 * one. `nosmp` starts none, `maxcpus=N` at most N CPUs in all.
 *
 *   cpus[0]            the BSP (the CPU that booted)
 *   cpus[1 .. n)       application processors, in MADT order
 */
#ifndef KERNEL_ARCH_X86_64_SMP_H
#define KERNEL_ARCH_X86_64_SMP_H
#include <stdbool.h>
#include <stdint.h>
#include <arch/gdt.h>

#define SMP_MAX_CPUS 16

struct madt_info;
struct tern_bootinfo;

struct cpu {
	unsigned index;
	uint32_t apic_id;
	bool online;                 /* it reached ap_main (atomic) */
	unsigned gs_index;           /* this_cpu_index() as it saw it */
	uint64_t stack_top;          /* the stack it starts on */
	uint64_t ist_top[IST_COUNT]; /* its #DF, NMI and #MC stacks */
	/* written by this CPU alone, in its interrupt handler: */
	uint64_t ticks;        /* its LAPIC timer's periods */
	uint64_t stray_irqs;   /* other interrupts on an AP (none routed yet) */
	uint64_t resched_ipis; /* reschedule IPIs it took */
	uint32_t call_pending; /* smp_call.c: a call waits for it (atomic) */
	uint32_t in_call;      /* smp_call.c: it is running a call's fn */
	uint64_t calls;        /* cross-CPU calls it ran */
	uint64_t space;        /* the tables it has in CR3; 0: not yet told */
	uint64_t leaving; /* the tables it is switching away from (tlb.h) */
};

extern struct cpu cpus[SMP_MAX_CPUS];

/* Start the MADT's other enabled CPUs (after the LAPIC, the clock and the
 * frame allocator are up). Logs one "smp:" line and one for each CPU that
 * failed. */
void smp_init(const struct madt_info *madt, const struct tern_bootinfo *bi,
              const char *cmdline);
/* CPUs online, the BSP included. */
unsigned smp_cpus_online(void);
/* How many CPUs were started or tried: cpus[0 .. smp_cpus_tried()). */
unsigned smp_cpus_tried(void);
/* An interrupt on an AP (from irq_dispatch, interrupts off): its timer's
 * tick is counted and passed to the AP tick hook; anything else is
 * counted as stray (device interrupts all go to the BSP). */
void smp_ap_irq(unsigned cpu, unsigned vector);
/* Every AP waiting for work calls fn(its index) at its next interrupt,
 * on its start stack, interrupts off; fn never returns (the scheduler
 * makes the AP's idle thread of it). */
void smp_set_ap_entry(void (*fn)(unsigned cpu));
/* fn runs at each AP timer tick (interrupt context). */
void smp_set_ap_tick(void (*fn)(void));
/* Ask cpu to look at its run queue: an IPI of IRQ_VEC_RESCHED, whose
 * handler ends through the interrupt exit hook (the scheduler's
 * preemption point). Ignored for an offline CPU or the caller's own. */
void smp_send_resched(unsigned cpu);
/* One line per CPU: index, APIC id, online, timer ticks, stray
 * interrupts. */
void smp_dump(int (*print)(const char *fmt, ...));
#endif
