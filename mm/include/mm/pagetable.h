/* SPDX-License-Identifier: MIT */
/*
 * x86-64 4-level page tables as plain data: the entry bits, the PAT
 * encodings and the address split are in <tern/pte.h>, shared with the
 * loader. The tables are reached through the direct map
 * (plat->direct_map_offset); the kernel supplies TLB invalidation, the
 * host tests a counter.
 *
 * Leaves are made as 4 KiB PTEs, or as 2 MiB PDEs on request (PT_HUGE:
 * for large device ranges such as PCIe ECAM, mapped for good). Only 4 KiB
 * leaves are changed or removed. A 2 MiB or 1 GiB leaf (the loader's
 * direct map, or a PT_HUGE mapping) is never split: every operation that
 * would reach below one, or change it, is refused with PT_EHUGE and the
 * entry is left alone. Intermediate tables are present + writable +
 * executable, supervisor unless a user page lies below (the leaf alone
 * decides W, NX, U/S and the memory type), come
 * from the frame allocator, and are freed again when their last entry
 * goes; tables the frame allocator does not own (the loader's, in KERNEL
 * memory) are never freed.
 *
 * Not thread-safe: the caller serialises.
 */
#ifndef MM_PAGETABLE_H
#define MM_PAGETABLE_H
#include <stdint.h>
#include <mm/frame_alloc.h>
#include <mm/platform.h>
#include <tern/pte.h>

/* Mapping flags (read is implied). WRITE | EXEC together is refused. */
#define PT_WRITE (1u << 0)
#define PT_EXEC  (1u << 1)
/* The memory type, a 2-bit field (PTE_CACHE_* in <tern/pte.h> says which
 * PAT entry each selects). WB is the default; pt_query reports PT_CACHE
 * for a leaf whose type is none of the three. */
#define PT_WB    (0u << 2) /* write-back: RAM, DMA buffers */
#define PT_WC    (1u << 2) /* write-combining: framebuffers */
#define PT_UC    (2u << 2) /* uncached: device registers */
#define PT_CACHE (3u << 2)
/* pt_map only: one 2 MiB leaf at a 2 MiB aligned va and pa. */
#define PT_HUGE (1u << 4)
/* User-accessible (U/S set in the leaf and on its whole path); lower half
 * only, PT_EINVAL above. */
#define PT_USER (1u << 5)
/* A software mark (PTE bit 9) on a read-only user leaf: copy on write. */
#define PT_COW (1u << 6)

enum pt_error {
	PT_OK = 0,
	PT_EWX = -1,    /* write + execute asked for: W^X */
	PT_ENOMEM = -2, /* no frame for an intermediate table */
	PT_EEXIST = -3, /* va already mapped */
	PT_ENOENT = -4, /* va not mapped */
	PT_EHUGE = -5,  /* va lies under a 2 MiB / 1 GiB leaf */
	PT_EINVAL = -6, /* misaligned or non-canonical address, bad flags */
};

struct pt_space {
	uint64_t root; /* physical address of the PML4 */
	const struct mm_platform *plat;
	struct frame_alloc *fa;
	void (*invalidate)(void *ctx, uint64_t va); /* one page's TLB entry */
	/* optional: have every other CPU drop what was invalidated so far;
	 * pt_unmap calls it before it frees a table left empty */
	void (*sync)(void *ctx);
	void *ctx;
	uint64_t tables; /* tables this space allocated and still holds */
};

/* Map the 4 KiB page va -> pa (the 2 MiB page with PT_HUGE) with flags:
 * PT_WRITE, PT_EXEC, PT_USER and a memory type. */
int pt_map(struct pt_space *s, uint64_t va, uint64_t pa, unsigned flags);
/* Unmap va, invalidate it and free tables left empty. Returns the frame it
 * mapped, or MM_NO_PHYS if va is not mapped by a 4 KiB leaf (*err, if not
 * NULL, then says why: PT_ENOENT, PT_EHUGE or PT_EINVAL). */
uint64_t pt_unmap(struct pt_space *s, uint64_t va, int *err);
/* Change the flags of a mapped 4 KiB page, its memory type included
 * (PT_HUGE is refused). */
int pt_protect(struct pt_space *s, uint64_t va, unsigned flags);
/* Point the mapped 4 KiB page va at the frame pa with flags, in place:
 * nothing allocated or freed, so it cannot fail for want of memory
 * (copy-on-write). PT_ENOENT if va is not mapped. */
int pt_remap(struct pt_space *s, uint64_t va, uint64_t pa, unsigned flags);
/* Translate va: the leaf's level (1 = 4 KiB, 2 = 2 MiB, 3 = 1 GiB) with
 * *pa and *flags (PT_WRITE, PT_EXEC, PT_USER, memory type; never
 * PT_HUGE) filled, or 0 if va is not mapped. */
unsigned pt_query(const struct pt_space *s, uint64_t va, uint64_t *pa,
                  unsigned *flags);
/* fn(ctx, va, pa, flags) for every 4 KiB leaf of the lower half, in
 * address order (flags as pt_query gives them). fn may change the leaf
 * it is given through pt_protect, nothing else. */
void pt_for_each_lower(const struct pt_space *s,
                       void (*fn)(void *ctx, uint64_t va, uint64_t pa,
                                  unsigned flags),
                       void *ctx);
/* Tear down the lower half (PML4 entries 0-255, the user half): every
 * 4 KiB leaf's frame is handed to leaf_fn (which owns it from then on),
 * every table below the root goes back to the frame allocator. No TLB
 * invalidation: the space must not be live on any CPU. Returns the count
 * of leaves handed over. The root and the upper half stay. */
uint64_t pt_clear_lower(struct pt_space *s,
                        void (*leaf_fn)(void *ctx, uint64_t pa), void *ctx);
/* Short English text for a pt_error. */
const char *pt_strerror(int err);
#endif
