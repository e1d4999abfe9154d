/* SPDX-License-Identifier: MIT */
#include "boot_tables.h"
#include <libk/bitops.h>
#include <tern/elf64.h>
#include <tern/layout.h>

#define DMAP_MAX TERN_DMAP_WIN_SIZE

uint64_t boot_stack_top(const struct boot_layout *l)
{
	return l->stack_base + TERN_PAGE_SIZE + TERN_BOOT_STACK_SIZE;
}

uint64_t boot_fb_virt(const struct boot_layout *l)
{
	return TERN_FB_BASE + (l->fb_phys & (TERN_PAGE_SIZE - 1));
}

/* The framebuffer's page-rounded physical range. */
static void fb_pages(const struct boot_layout *l, uint64_t *base,
                     uint64_t *size)
{
	*base = align_down(l->fb_phys, TERN_PAGE_SIZE);
	*size = align_up(l->fb_phys + l->fb_size, TERN_PAGE_SIZE) - *base;
}

static uint64_t seg_flags(uint32_t p_flags)
{
	if (p_flags & PF_X)
		return 0;
	if (p_flags & PF_W)
		return PTE_RW | PTE_NX;
	return PTE_NX;
}

/* The page-rounded link-time range of segment s. */
static void seg_pages(const struct elf_pie_seg *s, uint64_t *va, uint64_t *size)
{
	*va = align_down(s->vaddr, TERN_PAGE_SIZE);
	*size = align_up(s->vaddr + s->memsz, TERN_PAGE_SIZE) - *va;
}

uint64_t boot_tables_bound(const struct boot_layout *l)
{
	uint64_t n =
	    1 + pt_pages_bound(l->tramp_phys, TERN_PAGE_SIZE, PT_PAGE_4K);
	uint64_t va, size, fbb;
	unsigned i;

	n += pt_pages_bound(boot_stack_top(l) - TERN_BOOT_STACK_SIZE,
	                    TERN_BOOT_STACK_SIZE, PT_PAGE_4K);
	if (l->dmap_size)
		n += pt_pages_bound(l->dmap_base, l->dmap_size, PT_PAGE_2M);
	if (l->fb_size) {
		fb_pages(l, &fbb, &size);
		n += pt_pages_bound(TERN_FB_BASE, size, PT_PAGE_4K);
	}
	for (i = 0; i < l->k->nseg; i++) {
		seg_pages(&l->k->seg[i], &va, &size);
		n += pt_pages_bound(va - l->k->link_base + l->kernel_virt, size,
		                    PT_PAGE_4K);
	}
	return n;
}

static int map_kernel(struct pt_builder *b, const struct boot_layout *l)
{
	uint64_t va, size;
	unsigned i;
	int rc;

	for (i = 0; i < l->k->nseg; i++) {
		const struct elf_pie_seg *s = &l->k->seg[i];

		seg_pages(s, &va, &size);
		rc = pt_map(b, va - l->k->link_base + l->kernel_virt,
		            va - l->k->link_base + l->kernel_phys, size,
		            seg_flags(s->flags), PT_PAGE_4K);
		if (rc)
			return rc;
	}
	return 0;
}

int boot_tables_build(struct pt_builder *b, const struct boot_layout *l,
                      const char **what)
{
	uint64_t fbb, fbsize;
	int rc;

	*what = "kernel image";
	rc = map_kernel(b, l);
	if (rc)
		return rc;
	*what = "direct map";
	if (l->dmap_size > DMAP_MAX)
		return PT_EINVAL;
	if (l->dmap_size && (rc = pt_map(b, l->dmap_base, 0, l->dmap_size,
	                                 PTE_RW | PTE_NX, PT_PAGE_2M)))
		return rc;
	*what = "framebuffer";
	fb_pages(l, &fbb, &fbsize);
	if (l->fb_size &&
	    (rc = pt_map(b, TERN_FB_BASE, fbb, fbsize,
	                 PTE_RW | PTE_NX | PTE_CACHE_WC, PT_PAGE_4K)))
		return rc;
	*what = "boot stack";
	rc = pt_map(b, boot_stack_top(l) - TERN_BOOT_STACK_SIZE, l->stack_phys,
	            TERN_BOOT_STACK_SIZE, PTE_RW | PTE_NX, PT_PAGE_4K);
	if (rc)
		return rc;
	*what = "trampoline";
	return pt_map(b, l->tramp_phys, l->tramp_phys, TERN_PAGE_SIZE, 0,
	              PT_PAGE_4K);
}
