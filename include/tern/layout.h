/* SPDX-License-Identifier: MIT */
/*
 * tern's virtual memory layout (x86_64, 4-level paging, 48-bit).
 *
 * Every region below the kernel image's link base is placed by the loader
 * inside its own window; the windows never overlap, so no two regions can
 * collide whatever the random draws are. The kernel reads every actual
 * address from boot-info and never from these constants.
 *
 *   0x0000_0000_0000_0000 +------------------------------+
 *                         | user space (unused yet)      | PML4 0..255
 *                         | loader trampoline page       | identity, dropped
 *   0x0000_7fff_ffff_ffff +------------------------------+ by the kernel
 *                         | non-canonical hole           |
 *   0xffff_8000_0000_0000 +------------------------------+ PML4 256
 *                         | direct-map window   64 TiB   | base: 1 GiB aligned
 *   0xffff_c000_0000_0000 +------------------------------+ PML4 384
 *                         | framebuffer        512 GiB   | fixed, WC, NX
 *   0xffff_c080_0000_0000 +------------------------------+ PML4 385
 *                         | (unused)                     |
 *   0xffff_c100_0000_0000 +------------------------------+ PML4 386
 *                         | device memory (I/O) 512 GiB  | kernel vm_map_io,
 *                         |                              | bump, UC or WC
 *   0xffff_c180_0000_0000 +------------------------------+ PML4 387
 *                         | (unused)                     |
 *   0xffff_c200_0000_0000 +------------------------------+ PML4 388
 *                         | DMA window          14 TiB   | kernel dma_alloc:
 *                         |                              | base + phys, WB
 *   0xffff_d000_0000_0000 +------------------------------+ PML4 416
 *                         | kernel-stack window 16 TiB   | 64 GiB region,
 *                         |                              | base 4 KiB aligned
 *   0xffff_e000_0000_0000 +------------------------------+ PML4 448
 *                         | page-allocator win. 16 TiB   | 8 TiB region,
 *                         |                              | base 2 MiB aligned
 *   0xffff_f000_0000_0000 +------------------------------+ PML4 480
 *                         | kernel-image window 16 TiB   | base 4 KiB aligned
 *                         |   (link base 0xffff_ffff_8000_0000 inside)
 *   0xffff_ffff_c000_0000 +------------------------------+ PML4 511
 *                         | (unused: nothing ends at 2^64)
 *   0xffff_ffff_ffff_ffff +------------------------------+
 *
 * Entropy of a placement = log2(slots), where a region of size S placed
 * at granule G in a window of size W has slots = (W - S) / G + 1 choices,
 * each drawn uniformly (rejection sampling from a ChaCha20 stream):
 *
 *   kernel image  W = 2^44 - 2^30, G = 2^12, S = image (~1 MiB):
 *                 2^32 - 2^18 - S/2^12 + 1                       -> 31.99
 *   kernel stacks W = 2^44, G = 2^12, S = 2^36:  2^32 - 2^24 + 1  -> 31.98
 *   page alloc    W = 2^44, G = 2^21, S = 2^43:  2^22 + 1         -> 22.00
 *   direct map    W = 2^46, G = 2^30, S = RAM rounded up to 1 GiB:
 *                 2^16 - S/2^30 + 1 (256 MiB of RAM: 2^16)        -> 16.00
 *   physical      every 4 KiB slot >= 1 MiB in every usable
 *                 descriptor the image fits in (256 MiB: ~2^15.8)
 *
 * `nokaslr` on the command line gives the fixed layout: each region at
 * the TERN_*_BASE constant below (the kernel at its link base), the kernel
 * image at any free physical pages.
 */
#ifndef TERN_LAYOUT_H
#define TERN_LAYOUT_H

#define TERN_HIGHER_HALF 0xffff800000000000ull

/* Windows: [start, start + size). */
#define TERN_DMAP_WIN_START   0xffff800000000000ull
#define TERN_DMAP_WIN_SIZE    (64ull << 40)
#define TERN_DMAP_GRANULE     (1ull << 30)
#define TERN_STACK_WIN_START  0xffffd00000000000ull
#define TERN_STACK_WIN_SIZE   (16ull << 40)
#define TERN_STACK_GRANULE    (1ull << 12)
#define TERN_PALLOC_WIN_START 0xffffe00000000000ull
#define TERN_PALLOC_WIN_SIZE  (16ull << 40)
#define TERN_PALLOC_GRANULE   (1ull << 21)
#define TERN_KERNEL_WIN_START 0xfffff00000000000ull
/* The top 1 GiB stays out of the image window so that no kernel address
 * (such as the end of the image) can wrap to 0. */
#define TERN_KERNEL_WIN_SIZE ((16ull << 40) - (1ull << 30))
#define TERN_KERNEL_GRANULE  (1ull << 12)

/* Kernel-made windows (not randomised: they hold no code and no data
 * the kernel would want hidden beyond device registers and DMA rings). */
#define TERN_IO_WIN_START  0xffffc10000000000ull
#define TERN_IO_WIN_SIZE   (512ull << 30)
#define TERN_DMA_WIN_START 0xffffc20000000000ull
#define TERN_DMA_WIN_SIZE  (14ull << 40)

/* Region sizes. */
#define TERN_STACK_REGION_SIZE  (64ull << 30)
#define TERN_PALLOC_REGION_SIZE (8ull << 40)

/* The fixed (nokaslr) layout. */
#define TERN_DIRECT_MAP_BASE  0xffff800000000000ull
#define TERN_FB_BASE          0xffffc00000000000ull
#define TERN_STACK_BASE       0xffffd00000000000ull
#define TERN_PAGE_ALLOC_BASE  0xffffe00000000000ull
#define TERN_KERNEL_LINK_BASE 0xffffffff80000000ull

/* Physical placement: the image goes nowhere below this. */
#define TERN_KERNEL_PHYS_MIN (1ull << 20)

#define TERN_BOOT_STACK_SIZE (64ull * 1024)
#define TERN_PAGE_SIZE       4096ull

/* isa-debug-exit (QEMU -device isa-debug-exit,iobase=0xf4,iosize=4):
 * writing v makes QEMU exit with status (v << 1) | 1. */
#define TERN_DEBUG_EXIT_PORT 0xf4
#define TERN_EXIT_PASS       0x10 /* QEMU status 33 */
#define TERN_EXIT_FAIL       0x11 /* QEMU status 35 */
#define TERN_EXIT_PANIC      0x12 /* QEMU status 37 */

/* The kernel-made windows fit in the gap the loader leaves. */
_Static_assert(TERN_IO_WIN_START >= TERN_FB_BASE + (512ull << 30) &&
                   TERN_IO_WIN_START + TERN_IO_WIN_SIZE <= TERN_DMA_WIN_START &&
                   TERN_DMA_WIN_START + TERN_DMA_WIN_SIZE <=
                       TERN_STACK_WIN_START,
               "the I/O and DMA windows lie between the framebuffer and "
               "the kernel-stack window");

#endif
