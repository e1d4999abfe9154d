/* SPDX-License-Identifier: MIT */
/* The kernel's one profiler (core/prof.h) and its timer-tick hook. */
#ifndef KERNEL_CORE_PROF_KERNEL_H
#define KERNEL_CORE_PROF_KERNEL_H
#include <stdbool.h>
#include <stdint.h>
#include "core/prof.h"

/* True while the timer tick samples (no NMI clock): the tick checks it
 * before calling prof_tick. */
extern volatile bool prof_tick_samples;

/* From the sampling NMI (arch/prof_clock.h) or, without one, the timer
 * interrupt: rip and rbp of the interrupted code; user is true when it
 * ran in ring 3. */
void prof_tick(uint64_t rip, uint64_t rbp, bool user);

/* Start sampling from zero (allocating the counts on first use), by NMI
 * where the machine has the clock for it, else by the timer tick; 0, or
 * -1 with no symbol table or no memory. */
int prof_start(void);
/* Stop sampling; the counts stay for prof_show. Returns how many samples
 * were taken. */
uint64_t prof_stop(void);
/* The kernel's profile (for tests): counts as of now. */
const struct prof *prof_kernel(void);
/* The report's top rows through sink. */
void prof_show(size_t top, libk_sink_fn sink, void *ctx);
#endif
