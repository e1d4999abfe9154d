/* SPDX-License-Identifier: MIT */
/*
 * DMA memory for NIC rings and buffers: physically contiguous frames from
 * the frame allocator, zeroed, reached by the CPU through the direct map
 * (write-back cached: x86 DMA is cache-coherent, so no flushes are needed;
 * ordering against the device is the drivers' job, with barriers).
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
 * frames that long is free. */
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
