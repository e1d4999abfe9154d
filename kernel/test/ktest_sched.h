/* SPDX-License-Identifier: MIT */
/* Helpers the scheduler's ktests share (ktest_sched.c). */
#ifndef KERNEL_TEST_KTEST_SCHED_H
#define KERNEL_TEST_KTEST_SCHED_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Block (sleeping in 1 ms steps) until *count reaches want or 2 s pass.
 * True if it got there. */
bool wait_count(volatile unsigned *count, unsigned want);
/* Wait (up to 2 s) until every thread a test created has exited and been
 * reaped, so that no test thread outlives its test (later tests count
 * frames and use the heap, which the reaper's kfree must not race with).
 * The APs' idle threads are not counted: they are not created. */
bool all_test_threads_reaped(void);
/* Run fn(arg) at once on every scheduling CPU but cpu 0, each in a thread
 * pinned there, interrupts off while fn runs (the concurrency of a
 * cross-CPU call, but fn may take locks and use anything a thread may).
 * The caller waits on cpu 0 (pinned there meanwhile; after, it may run
 * anywhere). Returns how many CPUs ran fn, or 0 if a worker could not
 * start or they did not all finish within 30 s (ktest_on_cpus.c). */
unsigned ktest_on_other_cpus(void (*fn)(void *), void *arg);
/* Start fn in a thread pinned to each CPU in mask (PRIO_NORMAL), with arg
 * base + c * size for CPU c. How many started, or 0 if one could not be.
 * The args should be static: a thread a failed test leaves behind must
 * not write into a stack that is gone. */
unsigned ktest_pin_each(const char *name, void (*fn)(void *), void *base,
                        size_t size, uint32_t mask);
#endif
