/* SPDX-License-Identifier: MIT */
/*
 * x86-64 4-level page-table entries: the one definition of their bits,
 * for the loader (which builds the first tables), mm/ (which edits them
 * for the kernel) and the kernel's arch code (which audits them). It lives
 * in include/tern/ with the other loader <-> kernel contracts because the
 * tables are handed over: both sides must read the same bits the same
 * way. Plain constants and inline arithmetic only, no instruction and no
 * arch header, so the host tests of mm/ and loader/ build it too.
 *
 * Entry format (Intel SDM Vol. 3A, 4.5, Tables 4-15 to 4-20):
 *
 *    63 62-59 58-52     51-12     11-9 8 7  6 5  4   3  2  1  0
 *   +--+-----+-----+-------------+----+-+--+-+-+---+---+--+--+-+
 *   |NX|  PK | avl |frame address|avl |G|PS|D|A|PCD|PWT|US|RW|P|
 *   +--+-----+-----+-------------+----+-+--+-+-+---+---+--+--+-+
 *                               ^ bit 12: PAT in a 2 MiB / 1 GiB leaf
 *
 *   PK: protection key (leaves, CR4.PKE; 0 in tern). avl: ignored by
 *   the CPU, free for software.
 *   bit 7: in a PDPTE or PDE, PS = 1 makes the entry a 1 GiB / 2 MiB leaf;
 *          in a PTE (always a 4 KiB leaf) it is the PAT bit.
 *   bit 12: the PAT bit of a large leaf (its frame address starts at 21
 *          or 30, so bit 12 is free there); part of the address elsewhere.
 *   G and D are meaningful in leaves only; A is set by the CPU.
 *
 * Virtual address split (48 bits, sign-extended):
 *
 *   63..48 sign | 47..39 PML4 | 38..30 PDPT | 29..21 PD | 20..12 PT | off
 *   level:          4             3             2           1
 */
#ifndef TERN_PTE_H
#define TERN_PTE_H
#include <stdbool.h>
#include <stdint.h>

#define PTE_P         (1ull << 0)  /* present */
#define PTE_RW        (1ull << 1)  /* writable */
#define PTE_US        (1ull << 2)  /* user-accessible */
#define PTE_PWT       (1ull << 3)  /* PAT index bit 0 */
#define PTE_PCD       (1ull << 4)  /* PAT index bit 1 */
#define PTE_A         (1ull << 5)  /* accessed */
#define PTE_D         (1ull << 6)  /* dirty (leaves) */
#define PTE_PS        (1ull << 7)  /* large leaf (PDPTE, PDE) */
#define PTE_PAT       (1ull << 7)  /* PAT index bit 2 (4 KiB PTE) */
#define PTE_G         (1ull << 8)  /* global (leaves) */
#define PTE_SW_COW    (1ull << 9)  /* software: a copy-on-write user page */
#define PTE_PAT_LARGE (1ull << 12) /* PAT index bit 2 (large leaf) */
#define PTE_NX        (1ull << 63) /* no execute (XD in the SDM) */
#define PTE_ADDR      0x000ffffffffff000ull

#define PT_LEVELS  4
#define PT_ENTRIES 512

/*
 * Memory types through the PAT (SDM Vol. 3A, 11.12). A leaf's PAT, PCD
 * and PWT bits form a 3-bit index into the IA32_PAT MSR, whose 8 bytes
 * each hold a memory type (Table 11-10). tern keeps the power-on value
 * (11.12.4: WB, WT, UC-, UC, WB, WT, UC-, UC) except entry 1, which the
 * kernel makes WC at boot (PAT_TERN, written by pat_init). Until then
 * index 1 is WT, which is how the loader's framebuffer mapping starts.
 *
 *   index  PAT PCD PWT  power-on  tern   used by
 *     0     0   0   0     WB       WB    RAM (PTE_CACHE_WB: no bits)
 *     1     0   0   1     WT       WC    framebuffer (PTE_CACHE_WC)
 *     2     0   1   0     UC-      UC-
 *     3     0   1   1     UC       UC    MMIO registers (PTE_CACHE_UC)
 *     4..7  1   .   .     WB WT UC- UC   unused
 *
 * The three encodings tern uses leave the PAT bit clear, so they are the
 * same bits in a 4 KiB PTE and in a large leaf.
 */
#define PAT_TYPE_UC       0x00
#define PAT_TYPE_WC       0x01
#define PAT_TYPE_WT       0x04
#define PAT_TYPE_WP       0x05
#define PAT_TYPE_WB       0x06
#define PAT_TYPE_UC_MINUS 0x07

#define PAT_ENTRY(i, type) ((uint64_t)(type) << (8 * (i)))
#define PAT_TERN                                                               \
	(PAT_ENTRY(0, PAT_TYPE_WB) | PAT_ENTRY(1, PAT_TYPE_WC) |               \
	 PAT_ENTRY(2, PAT_TYPE_UC_MINUS) | PAT_ENTRY(3, PAT_TYPE_UC) |         \
	 PAT_ENTRY(4, PAT_TYPE_WB) | PAT_ENTRY(5, PAT_TYPE_WT) |               \
	 PAT_ENTRY(6, PAT_TYPE_UC_MINUS) | PAT_ENTRY(7, PAT_TYPE_UC))

#define PTE_CACHE_WB   0ull
#define PTE_CACHE_WC   PTE_PWT
#define PTE_CACHE_UC   (PTE_PCD | PTE_PWT)
#define PTE_CACHE_BITS (PTE_PCD | PTE_PWT)

/* Shift of the address bits that index level (4 = PML4 .. 1 = PT); also
 * log2 of the bytes one entry at that level covers. */
static inline unsigned pt_level_shift(unsigned level)
{
	return 12 + 9 * (level - 1);
}

/* va's entry index in its table at level. */
static inline unsigned pt_index(uint64_t va, unsigned level)
{
	return (unsigned)(va >> pt_level_shift(level)) & (PT_ENTRIES - 1);
}

/* Bits 63..47 all equal (SDM Vol. 3A, 3.3.7.1). */
static inline bool pt_canonical(uint64_t va)
{
	uint64_t top = va >> 47;

	return top == 0 || top == 0x1ffff;
}

/* True if entry e at level is a leaf (PTE, or PDPTE/PDE with PS). */
static inline bool pte_is_leaf(uint64_t e, unsigned level)
{
	return level == 1 || (level <= 3 && (e & PTE_PS));
}

/* The PAT index (0..7) of leaf e at level. */
static inline unsigned pte_pat_index(uint64_t e, unsigned level)
{
	uint64_t pat = level == 1 ? PTE_PAT : PTE_PAT_LARGE;

	return (e & pat ? 4u : 0u) | (e & PTE_PCD ? 2u : 0u) |
	       (e & PTE_PWT ? 1u : 0u);
}
#endif
