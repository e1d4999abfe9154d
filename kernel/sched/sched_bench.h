/* SPDX-License-Identifier: MIT */
/*
 * bench=smp: how the kernel scales from one CPU to two (sched_bench.c).
 *
 *   kmalloc-mix     bench=mm's mix, one thread per CPU, each with its own
 *                   objects: aggregate operations per second
 *   pingpong-pairs  pairs of threads handing a turn back and forth through
 *                   a wait queue, both of a pair on one CPU, a pair per
 *                   CPU: aggregate round trips per second
 *   pingpong-cross  one pair on one CPU against one split over two: the
 *                   cost of a wake-up that crosses CPUs (reschedule IPI)
 *
 * Printed as a table with the 2-CPU / 1-CPU ratio; under QEMU's software
 * emulation the vCPUs are host threads, so the ratios are what to read.
 */
#ifndef KERNEL_SCHED_SCHED_BENCH_H
#define KERNEL_SCHED_SCHED_BENCH_H
#include <stdbool.h>
#include <stdint.h>

/* Run the table (needs the scheduler; with one CPU it says so and stops). */
void sched_bench_run(void);
/* Sleep (1 ms steps) until *count reaches want, at most 30 s (the vCPUs
 * of -smp N share the host's cores with everything else). True if it
 * got there. */
bool sched_wait_count(volatile unsigned *count, unsigned want);
/* One ping-pong pair on cpus a and b for rounds round trips: ns per round
 * trip, or 0 if it did not finish within 30 s. */
uint64_t sched_pingpong_ns(unsigned a, unsigned b, unsigned rounds);
#endif
