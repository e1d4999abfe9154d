/* SPDX-License-Identifier: MIT */
/* The kernel heap for networking code (net_boot.c): kmalloc/kfree with
 * interrupts off around them, since the heap is not thread-safe. The
 * stack's platform hooks use the same pair. */
#ifndef KERNEL_NET_NET_HEAP_H
#define KERNEL_NET_NET_HEAP_H
#include <stddef.h>

void *net_kmalloc(size_t n);
void net_kfree(void *p);
#endif
