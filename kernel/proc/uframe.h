/* SPDX-License-Identifier: MIT */
/*
 * Reference counts of user frames: how many page-table leaves, across
 * every process, map each frame. A frame is freed when the last leaf
 * goes. fork shares frames (copy on write), so frames are only ever
 * released through uframe_put.
 */
#ifndef KERNEL_PROC_UFRAME_H
#define KERNEL_PROC_UFRAME_H
#include <stdint.h>

/* The count array for every frame the allocator manages. 0 or -ENOMEM. */
int uframe_init(void);
/* A fresh frame with count 1, or MM_NO_PHYS. */
uint64_t uframe_alloc(void);
/* One more leaf maps pa. */
void uframe_get(uint64_t pa);
/* One leaf fewer; the frame is freed at zero. */
void uframe_put(uint64_t pa);
/* Leaves mapping pa. */
unsigned uframe_count(uint64_t pa);
#endif
