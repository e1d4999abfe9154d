/* SPDX-License-Identifier: MIT */
/*
 * tern's default virtual memory layout (x86_64, 4-level paging, 48-bit).
 * The loader places things here; the kernel must read the actual addresses
 * from boot-info, never from these constants, so that a later loader can
 * randomise every region.
 *
 *   0x0000_0000_0000_0000 +--------------------------+
 *                         | user space (unused yet)  |  PML4 0..255
 *                         | loader trampoline page   |  identity, dropped by
 *   0x0000_7fff_ffff_ffff +--------------------------+  the kernel at entry
 *                         | non-canonical hole       |
 *   0xffff_8000_0000_0000 +--------------------------+
 *                         | direct map of RAM, NX    |  PML4 256.. (2 MiB pages)
 *   0xffff_c000_0000_0000 +--------------------------+
 *                         | framebuffer, WC, NX      |  PML4 384
 *   0xffff_e000_0000_0000 +--------------------------+
 *                         | page allocator (mm/)     |  PML4 448..
 *   0xffff_fe00_0000_0000 +--------------------------+
 *                         | kernel stacks, guarded   |  PML4 508
 *   0xffff_ffff_8000_0000 +--------------------------+
 *                         | kernel image (link base) |  PML4 511, top 2 GiB
 *   0xffff_ffff_ffff_ffff +--------------------------+
 */
#ifndef TERN_LAYOUT_H
#define TERN_LAYOUT_H

#define TERN_HIGHER_HALF 0xffff800000000000ull
#define TERN_DIRECT_MAP_BASE 0xffff800000000000ull
#define TERN_FB_BASE 0xffffc00000000000ull
#define TERN_PAGE_ALLOC_BASE 0xffffe00000000000ull
#define TERN_STACK_BASE 0xfffffe0000000000ull
#define TERN_KERNEL_LINK_BASE 0xffffffff80000000ull

#define TERN_BOOT_STACK_SIZE (64ull * 1024)
#define TERN_PAGE_SIZE 4096ull

/* isa-debug-exit (QEMU -device isa-debug-exit,iobase=0xf4,iosize=4):
 * writing v makes QEMU exit with status (v << 1) | 1. */
#define TERN_DEBUG_EXIT_PORT 0xf4
#define TERN_EXIT_PASS 0x10  /* QEMU status 33 */
#define TERN_EXIT_FAIL 0x11  /* QEMU status 35 */
#define TERN_EXIT_PANIC 0x12 /* QEMU status 37 */

#endif
