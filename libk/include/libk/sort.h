/* SPDX-License-Identifier: MIT */
#ifndef LIBK_SORT_H
#define LIBK_SORT_H
#include <stddef.h>

/* Sort n elements of size bytes at base into ascending order by cmp (which
 * returns <0, 0, >0 like qsort's). Heapsort: O(n log n) comparisons in the
 * worst case, constant stack, no allocation, not stable. */
void ksort(void *base, size_t n, size_t size,
           int (*cmp)(const void *, const void *));
#endif
