/* SPDX-License-Identifier: MIT */
/* The kernel clock, the tick and the kernel timers (see time.h). */
#include <arch/cpu.h>
#include <arch/hpet.h>
#include <arch/irq_flags.h>
#include <arch/lapic.h>
#include <arch/percpu.h>
#include <arch/smp_call.h>
#include <arch/tsc.h>
#include "console/kprintf.h"
#include "core/boot.h"
#include "irq/irq.h"
#include <libk/printf.h>
#include "sync/spinlock.h"
#include "time/tick.h"
#include "time/time.h"

#define CALIBRATE_MS 50

static uint64_t tsc_hz, tsc_base, ns_mult;
static const char *source = "none";
/* The timer heap and who is running a callback, under heap_lock. The
 * callbacks themselves run with it dropped: they take other locks (run
 * queues, the network's), whose holders arm timers. */
static struct spinlock heap_lock = SPINLOCK_INIT("timers");
static struct timer_heap heap;
static timer_handle_t running; /* the handle whose callback runs, or 0 */
static unsigned running_cpu;   /* the CPU running it */
static bool runner;            /* a CPU is in run_timers */
static volatile uint64_t ticks;
static void (*tick_fn)(void);

static uint64_t tsc_to_ns(uint64_t delta)
{
	return (uint64_t)(((unsigned __int128)delta * ns_mult) >> 32);
}

uint64_t time_ns(void)
{
	return ns_mult ? tsc_to_ns(rdtsc() - tsc_base) : 0;
}

uint64_t time_uptime_ns(void)
{
	return ns_mult ? tsc_to_ns(rdtsc() - boot_tsc_kmain) : 0;
}

void time_sleep_busy_ns(uint64_t ns)
{
	uint64_t end = time_ns() + ns;

	while (ns_mult && time_ns() < end)
		cpu_pause();
}

uint64_t time_tsc_hz(void)
{
	return tsc_hz;
}

/* About 10 ms by the TSC clock, for the LAPIC timer calibration. */
static uint64_t wait_10ms(void)
{
	uint64_t t0 = time_ns();

	time_sleep_busy_ns(10000000);
	return time_ns() - t0;
}

/* Fire the due timers, one at a time, each callback with heap_lock
 * dropped; running names it for timer_cancel. Only one CPU runs them at a
 * time: another one finding it busy returns. */
void timer_run_due(void)
{
	unsigned me = arch_cpu_index();
	uint64_t now = time_ns(), f = spin_lock_irqsave(&heap_lock);
	struct timer_fire fire;

	if (runner) {
		spin_unlock_irqrestore(&heap_lock, f);
		return;
	}
	runner = true;
	while (timer_heap_pop_due(&heap, now, &fire)) {
		running = fire.handle;
		running_cpu = me;
		spin_unlock(&heap_lock);
		fire.fn(fire.ctx);
		spin_lock(&heap_lock);
		running = 0;
		timer_heap_fired(&heap, &fire, now);
	}
	runner = false;
	spin_unlock_irqrestore(&heap_lock, f);
}

static void tick_irq(unsigned vector, void *ctx)
{
	ticks++;
	timer_run_due();
	if (tick_fn)
		tick_fn();
}

/* "2100.000" for 2100000000 Hz, into buf[16]. */
static const char *mhz(char buf[static 16], uint64_t hz)
{
	snprintf(buf, 16, "%llu.%03llu", (unsigned long long)(hz / 1000000),
	         (unsigned long long)(hz / 1000 % 1000));
	return buf;
}

/* One line: the frequency, who won, what the other said, the ppm, e.g.
 * "tsc: 2100.000 MHz from cpuid 0x15 (hpet says 2099.800, -95 ppm)". */
static void report_tsc(const struct tsc_choice *c, const char *measured_by,
                       uint64_t measured, bool invariant)
{
	char a[16], b[16], base[40] = "";

	if (c->base_hz)
		snprintf(base, sizeof(base), "; cpuid 0x16 base %llu MHz",
		         (unsigned long long)(c->base_hz / 1000000));
	if (c->from_cpuid && c->compared)
		kprintf("tsc: %s MHz from cpuid 0x15 (%s says %s, %lld ppm%s)",
		        mhz(a, c->hz), measured_by, mhz(b, measured),
		        (long long)c->ppm, base);
	else if (c->from_cpuid)
		kprintf("tsc: %s MHz from cpuid 0x15 (not measured%s)",
		        mhz(a, c->hz), base);
	else if (c->compared)
		kprintf("tsc: %s MHz from %s (cpuid 0x15 says %s, %lld ppm: "
		        "beyond %d, measurement trusted%s)",
		        mhz(a, c->hz), measured_by, mhz(b, c->cpuid_hz),
		        (long long)c->ppm, TSC_AGREE_PPM, base);
	else
		kprintf("tsc: %s MHz from %s (%s%s)", mhz(a, c->hz),
		        measured_by, tsc_leaf15_name(c->leaf15), base);
	kprintf(", %s\n", invariant ? "invariant" : "not invariant");
}

/* The TSC rate: CPUID 15H when it agrees with a measurement (tsc_freq.h). */
static uint64_t tsc_frequency(void)
{
	struct tsc_cpuid id;
	struct tsc_choice c;
	const char *measured_by;
	uint64_t measured;

	tsc_cpuid_read(&id);
	measured = tsc_calibrate(CALIBRATE_MS, &measured_by);
	tsc_choose(&id, measured, &c);
	source = c.from_cpuid ? "cpuid 0x15" : measured_by;
	report_tsc(&c, measured_by, measured, id.invariant);
	return c.hz;
}

bool time_init(uint64_t hpet_phys)
{
	uint64_t lapic_hz;

	if (!hpet_phys || !hpet_init(hpet_phys))
		kprintf(KC_YELLOW "time: no HPET, measuring with the PIT or "
		                  "the ACPI PM timer" KC_RESET "\n");
	tsc_base = rdtsc();
	tsc_hz = tsc_frequency();
	if (!tsc_hz)
		return false;
	ns_mult = (1000000000ull << 32) / tsc_hz;
	timer_heap_init(&heap);
	if (!lapic_ready())
		return true;
	lapic_hz = lapic_timer_calibrate(wait_10ms);
	irq_register(IRQ_VEC_TIMER, tick_irq, NULL);
	irq_set_name(IRQ_VEC_TIMER, "lapic timer (tick)");
	if (!lapic_timer_periodic(IRQ_VEC_TIMER, TICK_HZ))
		kprintf(KC_RED "time: LAPIC timer unusable (%llu Hz)" KC_RESET
		               "\n",
		        (unsigned long long)lapic_hz);
	else
		kprintf("time: LAPIC timer %llu kHz, tick %u Hz\n",
		        (unsigned long long)(lapic_hz / 1000), TICK_HZ);
	return true;
}

void tick_set_handler(void (*fn)(void))
{
	tick_fn = fn;
}

uint64_t tick_count(void)
{
	return ticks;
}

static timer_handle_t add(uint64_t delay, uint64_t period, timer_fn fn,
                          void *ctx)
{
	uint64_t f = spin_lock_irqsave(&heap_lock);
	timer_handle_t t =
	    timer_heap_add(&heap, time_ns() + delay, period, fn, ctx);

	spin_unlock_irqrestore(&heap_lock, f);
	return t;
}

timer_handle_t timer_add_oneshot(uint64_t delay_ns, timer_fn fn, void *ctx)
{
	return add(delay_ns, 0, fn, ctx);
}

timer_handle_t timer_add_periodic(uint64_t period_ns, timer_fn fn, void *ctx)
{
	return period_ns ? add(period_ns, period_ns, fn, ctx) : 0;
}

/* Disarm t, then wait (lock dropped, serving cross-CPU calls) while its
 * callback runs on another CPU: the caller may free its context once this
 * returns. From inside that very callback, no wait. */
bool timer_cancel(timer_handle_t t)
{
	unsigned me = arch_cpu_index();
	uint64_t f = spin_lock_irqsave(&heap_lock);
	bool r = timer_heap_cancel(&heap, t);

	while (t && running == t && running_cpu != me) {
		spin_unlock_irqrestore(&heap_lock, f);
		cpu_pause();
		smp_call_service();
		f = spin_lock_irqsave(&heap_lock);
	}
	spin_unlock_irqrestore(&heap_lock, f);
	return r;
}

void time_print_uptime(int (*print)(const char *fmt, ...))
{
	uint64_t up = time_uptime_ns();

	print("up %llu.%03llu s, %llu ticks, tsc %llu.%03llu MHz (%s), "
	      "lapic timer %llu kHz\n",
	      (unsigned long long)(up / 1000000000),
	      (unsigned long long)(up / 1000000 % 1000),
	      (unsigned long long)ticks, (unsigned long long)(tsc_hz / 1000000),
	      (unsigned long long)(tsc_hz / 1000 % 1000), source,
	      (unsigned long long)(lapic_timer_hz() / 1000));
}
