/* SPDX-License-Identifier: MIT */
/* DMA memory: contiguous frames, zeroed, mapped write-back through the
 * paging API in the DMA window (see dma.h). */
#include <libk/string.h>
#include <mm/frame_alloc.h>
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

/* n contiguous zeroed frames for bytes, the run ending at or below limit
 * (the frame allocator takes mm's lock itself). 0, or -1 if none. */
static int dma_alloc_below(struct dma_mem *m, size_t bytes, uint64_t limit)
{
	uint64_t n = bytes ? (bytes + FRAME_SIZE - 1) / FRAME_SIZE : 1;
	uint64_t phys = frame_alloc_contig_below(&kernel_frames, n, 1, limit);

	if (phys == MM_NO_PHYS)
		return -1;
	m->virt = map_frames(phys, n);
	if (!m->virt) {
		frame_free_contig(&kernel_frames, phys, n);
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
	if (!m->virt)
		return;
	unmap_frames((uint64_t)(uintptr_t)m->virt, m->frames);
	frame_free_contig(&kernel_frames, m->phys, m->frames);
	m->virt = NULL;
}
