/* SPDX-License-Identifier: MIT */
/* DMA memory: contiguous frames, zeroed, mapped write-back through the
 * paging API in the DMA window (see dma.h). */
#include <libk/string.h>
#include <mm/frame_alloc.h>
#include <arch/irq_flags.h>
#include <tern/layout.h>
#include "mm/mm_boot.h"
#include "mm/vm.h"
#include "drivers/dma.h"

static void unmap_frames(uint64_t va, uint64_t frames)
{
	for (uint64_t i = 0; i < frames; i++)
		vm_unmap(va + i * FRAME_SIZE);
}

/* Map the run at its fixed window address (TERN_DMA_WIN_START + phys:
 * unique because the frames are, so no address allocator is needed).
 * NULL if the run lies beyond the window or tables ran out. */
static void *map_frames(uint64_t phys, uint64_t frames)
{
	uint64_t va = TERN_DMA_WIN_START + phys;

	if (phys + frames * FRAME_SIZE > TERN_DMA_WIN_SIZE)
		return NULL;
	for (uint64_t i = 0; i < frames; i++) {
		uint64_t off = i * FRAME_SIZE;

		if (vm_map(va + off, phys + off, VM_WRITE | VM_WB)) {
			unmap_frames(va, i);
			return NULL;
		}
	}
	return (void *)(uintptr_t)va;
}

/* The frame allocator is not thread-safe: interrupts are off around it
 * (one CPU), as the scheduler does for thread stacks. The run ends at or
 * below limit. */
static int dma_alloc_below(struct dma_mem *m, size_t bytes, uint64_t limit)
{
	uint64_t n = (bytes + FRAME_SIZE - 1) / FRAME_SIZE, phys;
	uint64_t f = irq_save();

	n = n ? n : 1;
	phys = frame_alloc_contig_below(&kernel_frames, n, 1, limit);
	irq_restore(f);
	if (phys == MM_NO_PHYS)
		return -1;
	m->virt = map_frames(phys, n);
	if (!m->virt) {
		f = irq_save();
		frame_free_contig(&kernel_frames, phys, n);
		irq_restore(f);
		return -1;
	}
	m->phys = phys;
	m->frames = n;
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
	unmap_frames((uint64_t)(uintptr_t)m->virt, m->frames);
	f = irq_save();
	frame_free_contig(&kernel_frames, m->phys, m->frames);
	irq_restore(f);
	m->virt = NULL;
}
