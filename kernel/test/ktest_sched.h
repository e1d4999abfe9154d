/* SPDX-License-Identifier: MIT */
/* Helpers the scheduler's ktests share (ktest_sched.c). */
#ifndef KERNEL_TEST_KTEST_SCHED_H
#define KERNEL_TEST_KTEST_SCHED_H
#include <stdbool.h>

/* Block (sleeping in 1 ms steps) until *count reaches want or 2 s pass.
 * True if it got there. */
bool wait_count(volatile unsigned *count, unsigned want);
/* Wait (up to 2 s) until every thread a test created has exited and been
 * reaped, so that no test thread outlives its test (later tests count
 * frames and use the heap, which the reaper's kfree must not race with).
 * The APs' idle threads are not counted: they are not created. */
bool all_test_threads_reaped(void);
#endif
