/* SPDX-License-Identifier: MIT */
/*
 * kmem_drain: every CPU gives its cached blocks (magazines and depots)
 * and frames back (each on itself: a cache is only ever touched by its
 * own CPU), then the cached page ranges go back too, so that frame counts
 * and slab statistics are exact while nothing allocates. Thread context (or
 * before the scheduler starts), no lock held. kmem_drain_init installs
 * the interrupt-exit work that does the other CPUs' part (mm_drain.c).
 */
#ifndef KERNEL_MM_MM_DRAIN_H
#define KERNEL_MM_MM_DRAIN_H
void kmem_drain_init(void);
void kmem_drain(void);
#endif
