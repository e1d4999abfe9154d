/* SPDX-License-Identifier: MIT */
/*
 * The profiler samples from an NMI so that code running with interrupts
 * disabled (most of the network stack's hot path) is seen where it is,
 * not at the instruction that re-enables interrupts. The clock is PIT
 * channel 0 in mode 2 (rate generator, 8254 datasheet) on ISA IRQ 0,
 * which the IOAPIC delivers as an NMI (delivery mode 100) to this CPU.
 * The LAPIC timer cannot: its LVT entry has no NMI delivery mode (SDM
 * vol. 3A 11.5.1).
 *
 * While the clock runs, every NMI is taken for a sample: a genuine NMI
 * (a hardware error line, a watchdog) would be counted rather than
 * reported. tern has no NMI sources of its own.
 */
#include <arch/cpu.h>
#include <arch/ioapic.h>
#include <arch/lapic.h>
#include <arch/prof_clock.h>
#include <arch/trap.h>
#include "irq/irq.h"
#include "arch/x86_64/pit.h"
#include "core/prof_kernel.h"
#include "core/trapdecode.h"
#include "time/time.h"

#define PIT_CH0       0x40
#define PIT_CMD       0x43
#define CMD_CH0_MODE2 0x34 /* channel 0, lobyte/hibyte, mode 2, binary */
#define CMD_CH0_MODE0 0x30 /* mode 0 without a count: OUT0 stays low */
#define PROBE_US      200
#define GRACE_NS      3000000 /* 3 periods for an NMI already in flight */

static uint32_t clock_gsi;
static bool running;
static trap_handler_fn saved_nmi;

static bool on_nmi(struct trap_frame *tf)
{
	if (!running)
		return saved_nmi ? saved_nmi(tf) : false;
	prof_tick(tf->rip, tf->rbp, (tf->cs & 3) == 3);
	return true;
}

static void pit_ch0_stop(void)
{
	outb(PIT_CMD, CMD_CH0_MODE0);
}

bool prof_clock_start(void)
{
	uint32_t count = (PIT_HZ + PROF_CLOCK_HZ / 2) / PROF_CLOCK_HZ;
	uint64_t ns;

	if (running)
		return true;
	if (!pit_time_tsc(PROBE_US, &ns)) /* no PIT answers: pit=off */
		return false;
	saved_nmi = trap_set_handler(EXC_NMI, on_nmi);
	running = true;
	if (ioapic_route_isa_nmi(0, irq_device_apic_id(), &clock_gsi)) {
		running = false;
		trap_set_handler(EXC_NMI, saved_nmi);
		return false;
	}
	outb(PIT_CMD, CMD_CH0_MODE2);
	outb(PIT_CH0, count & 0xff);
	outb(PIT_CH0, count >> 8);
	return true;
}

void prof_clock_stop(void)
{
	if (!running)
		return;
	ioapic_mask_gsi(clock_gsi, true);
	pit_ch0_stop();
	time_sleep_busy_ns(GRACE_NS); /* still ours if one was on its way */
	running = false;
	trap_set_handler(EXC_NMI, saved_nmi);
}
