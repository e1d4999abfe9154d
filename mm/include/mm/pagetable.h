/* SPDX-License-Identifier: MIT */
/*
 * x86-64 4-level page tables as plain data (Intel SDM Vol. 3A, 4.5: the
 * entry formats of Tables 4-14 to 4-20 are just bit numbers). The tables
 * are reached through the direct map (plat->direct_map_offset); the kernel
 * supplies TLB invalidation, the host tests a counter.
 *
 *   va: 63..48 sign | 47..39 PML4 | 38..30 PDPT | 29..21 PD | 20..12 PT | off
 *
 *   63  62..52  51..12          11..9  8 7  6 5 4   3   2 1 0
 *   +--+-------+---------------+-----+-+--+-+-+---+---+-+-+-+
 *   |XD| (avl) | frame address | avl |G|PS|D|A|PCD|PWT|U|W|P|
 *   +--+-------+---------------+-----+-+--+-+-+---+---+-+-+-+
 *
 * Only 4 KiB leaves are made, changed or removed. A 2 MiB or 1 GiB leaf
 * (the loader's direct map) is never split: every operation that would
 * reach below one is refused with PT_EHUGE and the entry is left alone.
 * Intermediate tables are present + writable + executable (the leaf alone
 * decides W and NX), come from the frame allocator, and are freed again
 * when their last entry goes; tables the frame allocator does not own (the
 * loader's, in KERNEL memory) are never freed.
 *
 * Not thread-safe: the caller serialises.
 */
#ifndef MM_PAGETABLE_H
#define MM_PAGETABLE_H
#include <stdint.h>
#include <mm/frame_alloc.h>
#include <mm/platform.h>

#define PTE_PRESENT (1ull << 0)
#define PTE_WRITE   (1ull << 1)
#define PTE_USER    (1ull << 2)
#define PTE_LARGE   (1ull << 7) /* PS in a PDPTE or PDE */
#define PTE_NOEXEC  (1ull << 63)
#define PTE_FRAME   0x000ffffffffff000ull

/* Mapping flags (read is implied). WRITE | EXEC together is refused. */
#define PT_WRITE (1u << 0)
#define PT_EXEC  (1u << 1)

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
	void *ctx;
	uint64_t tables; /* tables this space allocated and still holds */
};

/* Map the 4 KiB page va -> pa with flags (PT_WRITE, PT_EXEC). */
int pt_map(struct pt_space *s, uint64_t va, uint64_t pa, unsigned flags);
/* Unmap va, invalidate it and free tables left empty. Returns the frame it
 * mapped, or MM_NO_PHYS if va is not mapped by a 4 KiB leaf (*err, if not
 * NULL, then says why: PT_ENOENT, PT_EHUGE or PT_EINVAL). */
uint64_t pt_unmap(struct pt_space *s, uint64_t va, int *err);
/* Change the flags of a mapped 4 KiB page. */
int pt_protect(struct pt_space *s, uint64_t va, unsigned flags);
/* Translate va: the leaf's level (1 = 4 KiB, 2 = 2 MiB, 3 = 1 GiB) with
 * *pa and *flags filled, or 0 if va is not mapped. */
unsigned pt_query(const struct pt_space *s, uint64_t va, uint64_t *pa,
                  unsigned *flags);
/* Short English text for a pt_error. */
const char *pt_strerror(int err);
#endif
