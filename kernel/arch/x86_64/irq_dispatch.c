/* SPDX-License-Identifier: MIT */
/* The kernel's interrupt table and the hardware edge of dispatch: the
 * 8259 and LAPIC spurious vectors, EOI, the exit hook. */
#include <arch/ioapic.h>
#include <arch/irq_dispatch.h>
#include <arch/irq_flags.h>
#include <arch/lapic.h>
#include <arch/percpu.h>
#include <arch/smp.h>
#include <arch/smp_call.h>
#include "arch/x86_64/pic.h"
#include <arch/trap.h>
#include "console/kprintf.h"
#include "core/entropy.h"
#include "core/prof_kernel.h"
#include "sync/spinlock.h"

static struct irq_table irq_table;
static void (*exit_hook)(void);
static void (*exit_work)(void);
static void (*user_exit_hook)(void);
static uint64_t lapic_errors;
static uint32_t device_apic; /* the boot CPU's APIC id (irq_init) */

static void lapic_error(unsigned vector, void *ctx)
{
	lapic_errors++;
}

bool irq_init(const struct madt_info *madt, bool want_x2apic)
{
	irq_table_init(&irq_table);
	pic_disable();
	if (!lapic_init(madt, want_x2apic)) {
		kprintf(KC_RED
		        "irq: no local APIC, interrupts stay off" KC_RESET
		        "\n");
		return false;
	}
	device_apic = lapic_id(); /* irq_init runs on the boot CPU */
	irq_register(IRQ_VEC_ERROR, lapic_error, NULL);
	irq_set_name(IRQ_VEC_ERROR, "lapic error");
	if (!ioapic_init(madt))
		kprintf(KC_YELLOW
		        "irq: no IOAPIC, ISA interrupts unavailable" KC_RESET
		        "\n");
	kprintf("irq: 8259 masked, LAPIC id %u enabled; MADT lists %u CPU%s\n",
	        lapic_id(), madt ? madt->ncpus : 1,
	        madt && madt->ncpus != 1 ? "s" : "");
	return true;
}

/* From trap_common for vectors >= 32. The arrival time feeds the
 * CSPRNG (core/entropy.h); a timer tick feeds the profiler while it runs
 * (core/prof_kernel.h). */
/* The end of every interrupt that may switch threads: the scheduler's
 * preemption point, then the process hook on a way back to ring 3. */
static void irq_exit(struct trap_frame *tf)
{
	if (exit_work)
		exit_work();
	if (exit_hook)
		exit_hook();
	if (user_exit_hook && (tf->cs & 3) == 3)
		user_exit_hook();
}

void irq_dispatch(struct trap_frame *tf)
{
	unsigned v = (unsigned)tf->vector;
	unsigned cpu = arch_cpu_index();

	if (v == IRQ_VEC_CALL) { /* any CPU */
		smp_call_service();
		lapic_eoi();
		return;
	}
	if (v == IRQ_VEC_RESCHED) { /* any CPU: the sender set need_resched */
		cpus[cpu].resched_ipis++;
		lapic_eoi();
		irq_exit(tf);
		return;
	}
	if (cpu != 0) { /* an AP: its own timer only (smp.h) */
		if (v != IRQ_VEC_SPURIOUS) {
			this_percpu()->irq_depth++;
			smp_ap_irq(cpu, v);
			this_percpu()->irq_depth--;
			lapic_eoi();
			irq_exit(tf);
		}
		return;
	}
	cpus[0].ticks += v == IRQ_VEC_TIMER;
	entropy_irq_sample(rdtsc());
	if (v == IRQ_VEC_SPURIOUS || pic_is_spurious(v)) {
		irq_table.spurious++;
		return; /* spurious interrupts get no EOI (SDM 11.9) */
	}
	if (v == IRQ_VEC_TIMER && prof_tick_samples)
		prof_tick(tf->rip, tf->rbp, (tf->cs & 3) == 3);
	this_percpu()->irq_depth++;
	irq_table_dispatch(&irq_table, v);
	this_percpu()->irq_depth--;
	lapic_eoi();
	irq_exit(tf);
}

/* Registration changes the table that irq_dispatch reads on CPU 0;
 * drivers register from threads on any CPU. */
static struct spinlock table_lock = SPINLOCK_INIT("irq-table");

#define LOCKED(expr)                                                           \
	({                                                                     \
		uint64_t _f = spin_lock_irqsave(&table_lock);                  \
		__auto_type _r = (expr);                                       \
		spin_unlock_irqrestore(&table_lock, _f);                       \
		_r;                                                            \
	})

int irq_register(unsigned vector, irq_handler_fn fn, void *ctx)
{
	return LOCKED(irq_table_register(&irq_table, vector, fn, ctx));
}

int irq_unregister(unsigned vector)
{
	return LOCKED(irq_table_unregister(&irq_table, vector));
}

void irq_set_name(unsigned vector, const char *name)
{
	if (vector < IRQ_VECTORS)
		irq_table.v[vector].name = name;
}

int irq_alloc_vector(void)
{
	return LOCKED(irq_table_alloc(&irq_table));
}

void irq_free_vector(unsigned vector)
{
	uint64_t f = spin_lock_irqsave(&table_lock);

	irq_table_free(&irq_table, vector);
	spin_unlock_irqrestore(&table_lock, f);
}

int irq_request_isa(unsigned isa_irq, irq_handler_fn fn, void *ctx)
{
	unsigned vector = IRQ_VEC_ISA_BASE + isa_irq;
	uint32_t gsi;

	if (isa_irq >= IRQ_ISA_COUNT || irq_register(vector, fn, ctx))
		return -1;
	if (ioapic_route_isa(isa_irq, (uint8_t)vector, device_apic, &gsi)) {
		irq_unregister(vector);
		return -1;
	}
	kprintf("irq: ISA IRQ %u -> GSI %u -> vector %#x\n", isa_irq, gsi,
	        vector);
	return (int)vector;
}

void irq_set_user_exit_hook(void (*fn)(void))
{
	user_exit_hook = fn;
}

uint32_t irq_device_apic_id(void)
{
	return device_apic;
}

void irq_set_exit_work(void (*fn)(void))
{
	exit_work = fn;
}

void irq_set_exit_hook(void (*fn)(void))
{
	exit_hook = fn;
}

uint64_t irq_count(unsigned vector)
{
	return vector < IRQ_VECTORS ? irq_table.v[vector].count : 0;
}

void irq_dump(irq_print_fn print)
{
	irq_table_dump(&irq_table, print);
	print("lapic errors %llu\n", (unsigned long long)lapic_errors);
}
