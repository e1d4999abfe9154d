/* SPDX-License-Identifier: MIT */
/*
 * Where a process's pieces go in the user half, each at a random page
 * inside a window of its own (kernel CSPRNG, per process), so that no draw
 * can make two collide:
 *
 *   0x0000_0000_0000_0000  +--------------------------+
 *                          | never mapped (64 KiB)    |
 *   0x0000_0000_0001_0000  +--------------------------+
 *                          | (unused)                 |
 *   0x0000_0400_0000_0000  +--------------------------+ 4 TiB
 *                          | PIE base window   4 TiB   | 2^30 page slots
 *   0x0000_0800_0000_0000  +--------------------------+
 *                          | (unused; PIE images and  |
 *                          |  mmap grow into it)      |
 *   0x0000_3c00_0000_0000  +--------------------------+ 60 TiB
 *                          | mmap top window   4 TiB   | 2^30 slots; mmap
 *   0x0000_4000_0000_0000  +--------------------------+ grows down from it
 *                          | (unused)                 |
 *   0x0000_7000_0000_0000  +--------------------------+ 112 TiB
 *                          | stack top window  8 TiB   | 2^31 slots; the
 *   0x0000_7800_0000_0000  +--------------------------+ stack grows down
 *                          | (unused)                 |
 *   0x0000_7fff_ffff_f000  +--------------------------+ USER_TOP (uaccess.h)
 *
 * A window's base is a multiple of its size, so a slot is base + r * 4096
 * for r below 2^bits and exactly the slot bits (12 .. 12 + bits - 1) vary
 * between draws (qemu.proc.aslr checks it). `norandmaps` on a process (setarch
 * -R) uses slot 0.
 */
#ifndef KERNEL_PROC_ULAYOUT_H
#define KERNEL_PROC_ULAYOUT_H
#include <stdint.h>

#define ULAYOUT_PIE_BASE   0x0000040000000000ull
#define ULAYOUT_PIE_BITS   30
#define ULAYOUT_MMAP_BASE  0x00003c0000000000ull
#define ULAYOUT_MMAP_BITS  30
#define ULAYOUT_STACK_BASE 0x0000700000000000ull
#define ULAYOUT_STACK_BITS 31
#define ULAYOUT_PAGE       4096ull

/* Slot r (reduced to bits bits) of the window at base. */
static inline uint64_t ulayout_slot(uint64_t base, unsigned bits, uint64_t r)
{
	return base + (r & ((1ull << bits) - 1)) * ULAYOUT_PAGE;
}
#endif
