/* SPDX-License-Identifier: MIT */
/* The page-table builder: see pagetable.h for the layout. */
#include "pagetable.h"
#include <libk/string.h>

#define PT_NONLEAF (PTE_P | PTE_RW)

static uint64_t *table(const struct pt_builder *b, uint64_t phys)
{
	return b->phys_to_ptr(b->ctx, phys & PTE_ADDR);
}

static int new_table(struct pt_builder *b, uint64_t *phys)
{
	if (!b->alloc_page(b->ctx, phys) || (*phys & ~PTE_ADDR))
		return PT_ENOMEM;
	LIBK_FN(memset)(table(b, *phys), 0, PT_PAGE_4K);
	return 0;
}

int pt_init(struct pt_builder *b)
{
	return new_table(b, &b->pml4);
}

/* The table one level below entry *e, created if absent. */
static int next_table(struct pt_builder *b, uint64_t *e, uint64_t **out)
{
	uint64_t phys;
	int rc;

	if (*e & PTE_PS)
		return PT_EEXIST;
	if (!(*e & PTE_P)) {
		rc = new_table(b, &phys);
		if (rc)
			return rc;
		*e = phys | PT_NONLEAF;
	}
	*out = table(b, *e);
	return 0;
}

/* Install one leaf at virt: a PTE (level 1) or a 2 MiB PDE (level 2). */
static int map_one(struct pt_builder *b, uint64_t virt, uint64_t leaf,
                   unsigned leaf_level)
{
	uint64_t *t = table(b, b->pml4);
	unsigned level;
	int rc;

	for (level = 4; level > leaf_level; level--) {
		rc = next_table(b, &t[pt_index(virt, level)], &t);
		if (rc)
			return rc;
	}
	if (t[pt_index(virt, leaf_level)] & PTE_P)
		return PT_EEXIST;
	t[pt_index(virt, leaf_level)] = leaf;
	return 0;
}

int pt_map(struct pt_builder *b, uint64_t virt, uint64_t phys, uint64_t size,
           uint64_t flags, uint64_t page_size)
{
	unsigned leaf_level = page_size == PT_PAGE_2M ? 2 : 1;
	uint64_t off, last;
	int rc;

	if ((page_size != PT_PAGE_4K && page_size != PT_PAGE_2M) || !size ||
	    ((virt | phys | size) & (page_size - 1)) ||
	    (flags & (PTE_PS | PTE_ADDR)) ||
	    __builtin_add_overflow(virt, size - 1, &last) ||
	    phys + (size - 1) > PTE_ADDR + 0xfff || phys + (size - 1) < phys ||
	    !pt_canonical(virt) || !pt_canonical(last) ||
	    (virt >> 47) != (last >> 47))
		return PT_EINVAL;
	if (leaf_level == 2)
		flags |= PTE_PS;
	for (off = 0; off < size; off += page_size) {
		rc = map_one(b, virt + off, (phys + off) | flags | PTE_P,
		             leaf_level);
		if (rc)
			return rc;
	}
	return 0;
}

bool pt_translate(const struct pt_builder *b, uint64_t virt, uint64_t *phys,
                  uint64_t *flags)
{
	uint64_t e = b->pml4 | PT_NONLEAF | PTE_US, acc = PTE_RW | PTE_US;
	uint64_t nx = 0;
	unsigned level;

	if (!pt_canonical(virt))
		return false;
	for (level = 4; level >= 1; level--) {
		e = table(b, e)[pt_index(virt, level)];
		if (!(e & PTE_P))
			return false;
		acc &= e;
		nx |= e & PTE_NX;
		if (pte_is_leaf(e, level))
			break;
	}
	*phys = (e & PTE_ADDR & ~((1ull << pt_level_shift(level)) - 1)) |
	        (virt & ((1ull << pt_level_shift(level)) - 1));
	*flags = (acc & (PTE_RW | PTE_US)) | nx | (e & PTE_CACHE_BITS);
	return true;
}

/* Entries at `level` that [virt, virt + size) touches. */
static uint64_t spanned(uint64_t virt, uint64_t size, unsigned level)
{
	unsigned s = pt_level_shift(level + 1);

	return ((virt + size - 1) >> s) - (virt >> s) + 1;
}

uint64_t pt_pages_bound(uint64_t virt, uint64_t size, uint64_t page_size)
{
	uint64_t n = spanned(virt, size, 3) + spanned(virt, size, 2);

	if (size == 0)
		return 0;
	if (page_size == PT_PAGE_4K)
		n += spanned(virt, size, 1);
	return n;
}
