/* SPDX-License-Identifier: MIT */
/*
 * Time: a monotonic nanosecond clock from the TSC (its rate from CPUID 15H
 * when that agrees with a measurement against the HPET, or the PIT without
 * one; else the measurement: tsc_freq.h), kernel timers on a min-heap checked
 * every tick, busy sleeps for early code. Blocking sleep belongs to the
 * scheduler, on top of timer_add_oneshot.
 *
 *   time_ns() = (rdtsc() - tsc_base) * mult >> 32,
 *   mult = 10^9 * 2^32 / tsc_hz  (one 64x64->128 multiply per read)
 */
#ifndef KERNEL_TIME_TIME_H
#define KERNEL_TIME_TIME_H
#include <stdbool.h>
#include <stdint.h>
#include "time/timer_heap.h"

/* Find the TSC rate (CPUID, HPET at hpet_phys if non-zero, else PIT) and the
 * LAPIC timer, then start the periodic tick. Interrupts must be enabled
 * by the caller for the tick to run. Returns false if there is no usable
 * clock (time_ns then stays 0). */
bool time_init(uint64_t hpet_phys);

/* Nanoseconds since time_init's calibration started; monotonic. */
uint64_t time_ns(void);
/* Nanoseconds since kmain started (the `uptime` command). */
uint64_t time_uptime_ns(void);
/* Spin (pause) for at least ns nanoseconds; works with interrupts off. */
void time_sleep_busy_ns(uint64_t ns);
uint64_t time_tsc_hz(void);

/* Run fn(ctx) once, delay_ns from now (at the first tick after that), or
 * every period_ns. In interrupt context: fn must not block. Returns a
 * handle, or 0 when no timer slot is free. Callbacks run one at a time
 * (CPU 0's tick), without the timer lock: they may add and cancel. */
timer_handle_t timer_add_oneshot(uint64_t delay_ns, timer_fn fn, void *ctx);
timer_handle_t timer_add_periodic(uint64_t period_ns, timer_fn fn, void *ctx);
/* True if the timer was pending; a stale handle is harmless. Does not
 * return while t's callback runs on another CPU (so its context may be
 * freed right after); from inside t's own callback it returns at once.
 * Never call it holding a lock that a timer callback takes. */
bool timer_cancel(timer_handle_t t);

/* Fire the timers that are due (CPU 0's tick does; tests call it on
 * other CPUs). Interrupts off. Returns at once while another CPU is at
 * it. */
void timer_run_due(void);

/* "up 12.345 s, 12345 ticks, tsc 2.000 GHz (hpet), lapic timer 62.5 MHz" */
void time_print_uptime(int (*print)(const char *fmt, ...));
#endif
