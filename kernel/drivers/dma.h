/* SPDX-License-Identifier: MIT */
/*
 * DMA memory for NIC and USB rings and buffers: physically contiguous
 * frames from the frame allocator, zeroed, mapped by vm_map at
 * TERN_DMA_WIN_START + phys (tern/layout.h) write-back (VM_WB: x86 DMA is
 * cache-coherent, so no flushes are needed, and the type agrees with the
 * direct map's alias of the same frames, SDM Vol. 3A, 11.12.4; ordering
 * against the device is the drivers' job, with barriers). dma_free
 * unmaps them again.
 *
 *   struct dma_mem m;
 *   if (dma_alloc(&m, bytes)) ...fail...
 *   m.virt  CPU pointer          m.phys  what the device is given
 */
#ifndef KERNEL_DRIVERS_DMA_H
#define KERNEL_DRIVERS_DMA_H
#include <stddef.h>
#include <stdint.h>

struct dma_mem {
	void *virt;
	uint64_t phys;
	uint64_t frames;
};

/* bytes rounded up to whole frames, 4 KiB aligned. 0, or -1 if no run of
 * frames that long is free or it could not be mapped. */
int dma_alloc(struct dma_mem *m, size_t bytes);
/* The same, all of it below 4 GiB: for devices that put out only 32
 * address bits (an xHCI controller without AC64, xHCI 1.2 §5.3.6). */
int dma_alloc32(struct dma_mem *m, size_t bytes);
void dma_free(struct dma_mem *m);

/* CPU-side ordering for descriptor rings (SDM Vol. 3A, 8.2.2: stores are
 * not reordered with other stores, loads not with other loads on WB
 * memory, so a compiler barrier orders those; only a store followed by a
 * load needs a real fence). */
#define dma_wmb() __asm__ volatile("" ::: "memory")
#define dma_rmb() __asm__ volatile("" ::: "memory")
#define dma_mb()  __asm__ volatile("mfence" ::: "memory")
#endif
