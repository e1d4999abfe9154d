/* SPDX-License-Identifier: MIT */
/* Shared pieces of the allocator benchmark: timing and result rows. */
#ifndef TERN_BENCH_H
#define TERN_BENCH_H
#include <stddef.h>
#include <stdint.h>

/* Monotonic nanoseconds. */
uint64_t bench_now(void);
/* xorshift64*, deterministic. */
uint64_t bench_rand(void);

/* Record one measurement: group (workload), allocator, ns per op. */
void bench_row(const char *group, const char *alloc, double ns);
/* Record a heap-efficiency figure: requested and held bytes at peak. */
void bench_eff(const char *alloc, double requested, double held);

void bench_heap(void);
void bench_frames(void);
#endif
