/* SPDX-License-Identifier: MIT */
/* The baseline tern replaces: a first-fit allocator over one arena with an
 * address-ordered, singly linked free list (coalescing on free). Exists
 * only here, in the benchmark. */
#ifndef TERN_BENCH_FIRSTFIT_H
#define TERN_BENCH_FIRSTFIT_H
#include <stddef.h>

void ff_init(void *arena, size_t size);
void *ff_malloc(size_t size);
void ff_free(void *p);
/* Highest arena offset ever handed out (bytes held at peak). */
size_t ff_peak(void);
#endif
