/* SPDX-License-Identifier: MIT */
/* DMA memory: contiguous frames, zeroed, through the direct map. */
#include <libk/string.h>
#include <mm/frame_alloc.h>
#include <arch/irq_flags.h>
#include <arch/pgwalk.h>
#include "mm/mm_boot.h"
#include "drivers/dma.h"

/* The frame allocator is not thread-safe: interrupts are off around it
 * (one CPU), as the scheduler does for thread stacks. The run ends at or
 * below limit. */
static int dma_alloc_below(struct dma_mem *m, size_t bytes, uint64_t limit)
{
	uint64_t n = (bytes + FRAME_SIZE - 1) / FRAME_SIZE, phys;
	uint64_t f = irq_save();

	phys = frame_alloc_contig_below(&kernel_frames, n ? n : 1, 1, limit);
	irq_restore(f);
	if (phys == MM_NO_PHYS)
		return -1;
	m->phys = phys;
	m->frames = n ? n : 1;
	m->virt = phys_to_virt(phys);
	memset(m->virt, 0, m->frames * FRAME_SIZE);
	return 0;
}

int dma_alloc(struct dma_mem *m, size_t bytes)
{
	return dma_alloc_below(m, bytes, UINT64_MAX);
}

int dma_alloc32(struct dma_mem *m, size_t bytes)
{
	return dma_alloc_below(m, bytes, 1ull << 32);
}

void dma_free(struct dma_mem *m)
{
	uint64_t f;

	if (!m->virt)
		return;
	f = irq_save();
	frame_free_contig(&kernel_frames, m->phys, m->frames);
	irq_restore(f);
	m->virt = NULL;
}
