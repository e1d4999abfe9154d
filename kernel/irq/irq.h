/* SPDX-License-Identifier: MIT */
/*
 * Interrupt registration: the one API every driver uses. Vectors 32..255
 * enter through the same stubs as exceptions (trap_entry.S) and reach
 * irq_dispatch, which counts, calls the handler, sends the EOI and runs
 * the exit hook (where the scheduler may switch threads).
 *
 *   vector  0x00-0x1f  CPU exceptions (trap.c)
 *           0x20-0x2f  the remapped, fully masked 8259s: only spurious
 *           0x30-0x3f  ISA IRQ n at 0x30 + n, through the IOAPIC
 *           0x40-0xef  irq_alloc_vector (MSI, MSI-X, IPIs, tests)
 *           0xf0       LAPIC timer (the scheduler tick)
 *           0xfe       LAPIC error
 *           0xff       LAPIC spurious (counted, never EOId)
 *
 * Handlers run with interrupts disabled on the interrupted stack. Single
 * CPU: registration disables interrupts around its update.
 */
#ifndef KERNEL_IRQ_IRQ_H
#define KERNEL_IRQ_IRQ_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IRQ_VEC_FIRST     0x20
#define IRQ_VECTORS       256
#define IRQ_VEC_PIC_BASE  0x20
#define IRQ_VEC_ISA_BASE  0x30
#define IRQ_ISA_COUNT     16
#define IRQ_VEC_DYN_FIRST 0x40
#define IRQ_VEC_DYN_LAST  0xef
#define IRQ_VEC_TIMER     0xf0
#define IRQ_VEC_CALL      0xf1 /* cross-CPU calls (arch smp_call.h) */
#define IRQ_VEC_RESCHED   0xf2 /* reschedule IPI (arch smp.h) */
#define IRQ_VEC_ERROR     0xfe
#define IRQ_VEC_SPURIOUS  0xff

typedef void (*irq_handler_fn)(unsigned vector, void *ctx);
typedef int (*irq_print_fn)(const char *fmt, ...);

/* One vector's registration and counter. */
struct irq_slot {
	irq_handler_fn fn;
	void *ctx;
	const char *name;
	uint64_t count;
	bool reserved; /* allocated or registered */
};

/* The portable table (host-tested); the kernel has one, irq_table. */
struct irq_table {
	struct irq_slot v[IRQ_VECTORS];
	uint64_t spurious;  /* LAPIC 0xff and 8259 IRQ 7/15 spurious */
	uint64_t unhandled; /* interrupts on a vector with no handler */
};

void irq_table_init(struct irq_table *t);
/* Install fn on vector (>= 32, not already holding a handler; a vector
 * reserved by alloc is fine). Returns 0 or -1. */
int irq_table_register(struct irq_table *t, unsigned vector, irq_handler_fn fn,
                       void *ctx);
int irq_table_unregister(struct irq_table *t, unsigned vector);
/* Reserve the lowest free dynamic vector; -1 if none is left. */
int irq_table_alloc(struct irq_table *t);
void irq_table_free(struct irq_table *t, unsigned vector);
/* Count vector and call its handler; false if there is none. */
bool irq_table_dispatch(struct irq_table *t, unsigned vector);
/* One line per vector that fired or is registered, then the totals. */
void irq_table_dump(const struct irq_table *t, irq_print_fn print);

/* --- the kernel's table (irq.c, irq_dispatch.c) --- */
int irq_register(unsigned vector, irq_handler_fn fn, void *ctx);
int irq_unregister(unsigned vector);
void irq_set_name(unsigned vector, const char *name);
int irq_alloc_vector(void);
void irq_free_vector(unsigned vector);
/* Route ISA IRQ isa_irq (0..15) through the IOAPIC, honouring the MADT
 * interrupt source overrides, install fn on its vector and unmask it.
 * Returns the vector, or -1. */
int irq_request_isa(unsigned isa_irq, irq_handler_fn fn, void *ctx);
/* The APIC id device interrupts are routed to: the boot CPU's, which
 * alone dispatches them (irq_dispatch). Not lapic_id(): the thread that
 * sets up a device may run on any CPU. */
uint32_t irq_device_apic_id(void);
/* Called after the EOI of every device interrupt, interrupts still off,
 * on the interrupted stack: the scheduler's preemption point. */
void irq_set_exit_hook(void (*fn)(void));
/* fn runs before the exit hook at the end of every interrupt that has
 * one, on every CPU: per-CPU work asked for from elsewhere (kmem_drain).
 * The interrupted code had interrupts on, so it was in no local section
 * and held no interrupt-safe lock. */
void irq_set_exit_work(void (*fn)(void));
/* fn runs after the exit hook when the interrupt came from ring 3 and
 * returns there (kernel/proc: a killed process ends there). */
void irq_set_user_exit_hook(void (*fn)(void));
uint64_t irq_count(unsigned vector);
/* The `irq` shell command: per-vector counters and the spurious count. */
void irq_dump(irq_print_fn print);
#endif
