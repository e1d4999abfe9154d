/* SPDX-License-Identifier: MIT */
/*
 * The scheduler tick: the LAPIC timer interrupts TICK_HZ times a second
 * (vector IRQ_VEC_TIMER). On each tick the expired kernel timers run, then
 * the registered tick handler (the scheduler's accounting; it may ask for
 * a switch, which happens in the irq exit hook, see irq_set_exit_hook).
 * Both run in interrupt context with interrupts disabled.
 */
#ifndef KERNEL_TIME_TICK_H
#define KERNEL_TIME_TICK_H
#include <stdint.h>

#define TICK_HZ 1000

/* Install (or with NULL remove) the per-tick handler. */
void tick_set_handler(void (*fn)(void));
/* Ticks since the timer started. */
uint64_t tick_count(void);
#endif
