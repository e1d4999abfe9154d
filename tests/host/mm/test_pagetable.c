/* SPDX-License-Identifier: MIT */
/* Page tables over simulated RAM: map/unmap/protect round trips, W^X
 * refusal, table frames returned when tables empty, out-of-frames unwind,
 * refusal under 2 MiB leaves, 2 MiB device leaves, the memory-type
 * encoding against the PAT layout, user pages, a randomized run against a
 * reference. */
#include <stdlib.h>
#include <mm/pagetable.h>
#include "sim.h"
#include "test.h"

#define RAM   (16ull << 20)
#define KBASE 0xffffe00000000000ull

static struct sim sim;
static struct frame_alloc fa;
static struct pt_space sp;
static unsigned long flushes;
static uint64_t last_flush;

static void count_flush(void *ctx, uint64_t va)
{
	(void)ctx;
	flushes++;
	last_flush = va;
}

static void setup(void)
{
	sim_init(&sim, RAM, 1 << 16);
	CHECK_EQ(frame_init(&fa, sim.map, sim.nmap, &sim.plat), 0);
	sp = (struct pt_space){
	    .plat = &sim.plat, .fa = &fa, .invalidate = count_flush};
	sp.root = frame_alloc(&fa);
	memset(mm_phys_to_virt(&sim.plat, sp.root), 0, 4096);
}

static uint64_t used(void)
{
	return frame_counts(&fa).used;
}

static void round_trip(void)
{
	uint64_t base = used(), pa = 0x345000, got;
	unsigned fl;

	CHECK_EQ(pt_map(&sp, KBASE, pa, PT_WRITE), PT_OK);
	CHECK_EQ(sp.tables, 3); /* PDPT, PD, PT */
	CHECK_EQ(used(), base + 3);
	CHECK_EQ(pt_query(&sp, KBASE + 0x123, &got, &fl), 1);
	CHECK_EQ(got, pa + 0x123);
	CHECK_EQ(fl, PT_WRITE);
	CHECK_EQ(pt_map(&sp, KBASE, pa, 0), PT_EEXIST);
	CHECK_EQ(pt_protect(&sp, KBASE, PT_EXEC), PT_OK);
	CHECK_EQ(last_flush, KBASE);
	CHECK_EQ(pt_query(&sp, KBASE, &got, &fl), 1);
	CHECK_EQ(fl, PT_EXEC);
	CHECK_EQ(pt_protect(&sp, KBASE, PT_WRITE | PT_EXEC), PT_EWX);
	CHECK_EQ(pt_query(&sp, KBASE, &got, &fl), 1);
	CHECK_EQ(fl, PT_EXEC); /* unchanged by the refusal */
	CHECK_EQ(pt_protect(&sp, KBASE + 4096, 0), PT_ENOENT);
	flushes = 0;
	CHECK_EQ(pt_unmap(&sp, KBASE, NULL), pa);
	CHECK_EQ(flushes, 1);
	CHECK_EQ(sp.tables, 0);
	CHECK_EQ(used(), base);
	CHECK_EQ(pt_query(&sp, KBASE, &got, &fl), 0);
	int err = 0;

	CHECK_EQ(pt_unmap(&sp, KBASE, &err), MM_NO_PHYS);
	CHECK_EQ(err, PT_ENOENT);
}

static void refusals(void)
{
	uint64_t base = used();

	CHECK_EQ(pt_map(&sp, KBASE, 0x1000, PT_WRITE | PT_EXEC), PT_EWX);
	CHECK_EQ(used(), base); /* refused before any table was made */
	CHECK_EQ(pt_map(&sp, KBASE + 1, 0x1000, 0), PT_EINVAL);
	CHECK_EQ(pt_map(&sp, KBASE, 0x1001, 0), PT_EINVAL);
	CHECK_EQ(pt_map(&sp, 0x0000900000000000ull, 0x1000, 0), PT_EINVAL);
	CHECK_EQ(pt_map(&sp, KBASE, 0x1000, 1u << 7), PT_EINVAL);
	CHECK_EQ(pt_map(&sp, KBASE, 0x1000, PT_COW), PT_EINVAL);
	CHECK_EQ(pt_map(&sp, 0x400000, 0x1000, PT_COW | PT_USER | PT_WRITE),
	         PT_EINVAL);
	CHECK_EQ(pt_map(&sp, KBASE, 1ull << 52, 0), PT_EINVAL);
	CHECK(strstr(pt_strerror(PT_EWX), "W^X") != NULL);
	CHECK_EQ(sp.tables, 0);
}

/* A 2 MiB leaf (like the loader's direct map) is refused, not split. */
static void huge_leaf(void)
{
	uint64_t va = 0xffff800000200000ull, got, pd;
	unsigned fl;
	int err = 0;

	CHECK_EQ(pt_map(&sp, va, 0x1000, 0), PT_OK); /* builds PDPT + PD */
	CHECK_EQ(pt_unmap(&sp, va, NULL), 0x1000);
	CHECK_EQ(pt_map(&sp, va + 0x400000, 0x2000, 0), PT_OK); /* keep PD */
	uint64_t *pml4 = mm_phys_to_virt(&sim.plat, sp.root);
	uint64_t *pdpt = mm_phys_to_virt(&sim.plat, pml4[256] & PTE_ADDR);

	pd = pdpt[0] & PTE_ADDR;
	uint64_t *pde = (uint64_t *)mm_phys_to_virt(&sim.plat, pd) + 1;

	*pde = 0x200000 | PTE_P | PTE_RW | PTE_PS | PTE_NX;
	CHECK_EQ(pt_query(&sp, va + 0x1234, &got, &fl), 2);
	CHECK_EQ(got, 0x201234);
	CHECK_EQ(fl, PT_WRITE);
	CHECK_EQ(pt_map(&sp, va + 4096, 0x3000, 0), PT_EHUGE);
	CHECK_EQ(pt_protect(&sp, va, 0), PT_EHUGE);
	CHECK_EQ(pt_unmap(&sp, va, &err), MM_NO_PHYS);
	CHECK_EQ(err, PT_EHUGE);
	CHECK_EQ(*pde & PTE_PS, PTE_PS); /* left alone */
	*pde = 0;
	CHECK_EQ(pt_unmap(&sp, va + 0x400000, NULL), 0x2000);
	CHECK_EQ(sp.tables, 0);
}

/* The raw leaf slot for va at level (1 or 2), found by walking the sim's
 * tables independently of pagetable.c. */
static uint64_t *leaf_slot(uint64_t va, unsigned level)
{
	uint64_t *t = mm_phys_to_virt(&sim.plat, sp.root);

	for (unsigned l = PT_LEVELS; l > level; l--)
		t = mm_phys_to_virt(&sim.plat, t[pt_index(va, l)] & PTE_ADDR);
	return &t[pt_index(va, level)];
}

/* The memory type the CPU would use for leaf e: PAT_TERN's byte at the
 * entry's PAT index (SDM Vol. 3A, 11.12.3). */
static unsigned pat_type(uint64_t e, unsigned level)
{
	return (PAT_TERN >> (8 * pte_pat_index(e, level))) & 0xff;
}

/* Drop a 2 MiB leaf by hand (pt_unmap refuses it) and let a 4 KiB map and
 * unmap in the same PD give the tables back. */
static void drop_huge(uint64_t va)
{
	*leaf_slot(va, 2) = 0;
	CHECK_EQ(pt_map(&sp, va, 0x1000, 0), PT_OK);
	CHECK_EQ(pt_unmap(&sp, va, NULL), 0x1000);
}

/* WB, WC and UC select the PAT entries holding those types, in 4 KiB and
 * 2 MiB leaves, and read back through pt_query. */
static void cache_types(void)
{
	static const struct {
		unsigned flag, type;
	} want[] = {
	    {PT_WB, PAT_TYPE_WB}, {PT_WC, PAT_TYPE_WC}, {PT_UC, PAT_TYPE_UC}};
	uint64_t va = KBASE + (7ull << 30), got, base = used();
	unsigned fl;

	/* tern changes only entry 1 of the power-on PAT (SDM 11.12.4). */
	CHECK_EQ(PAT_TERN, 0x0007040600070106ull);
	for (unsigned i = 0; i < 3; i++) {
		unsigned f = want[i].flag | PT_WRITE;

		CHECK_EQ(pt_map(&sp, va, 0x9000, f), PT_OK);
		CHECK_EQ(pat_type(*leaf_slot(va, 1), 1), want[i].type);
		CHECK_EQ(*leaf_slot(va, 1) & (PTE_PAT | PTE_ADDR), 0x9000);
		CHECK_EQ(pt_query(&sp, va, &got, &fl), 1);
		CHECK_EQ(fl, f);
		CHECK_EQ(pt_protect(&sp, va, PT_UC), PT_OK);
		CHECK_EQ(pat_type(*leaf_slot(va, 1), 1), PAT_TYPE_UC);
		CHECK_EQ(pt_unmap(&sp, va, NULL), 0x9000);

		CHECK_EQ(pt_map(&sp, va, 0x400000, f | PT_HUGE), PT_OK);
		CHECK_EQ(pat_type(*leaf_slot(va, 2), 2), want[i].type);
		CHECK_EQ(*leaf_slot(va, 2) & PTE_PAT_LARGE, 0);
		CHECK_EQ(pt_query(&sp, va + 5, &got, &fl), 2);
		CHECK_EQ(got, 0x400005);
		CHECK_EQ(fl, f);
		drop_huge(va);
	}
	/* PCD alone is UC- (PAT entry 2): none of the three. */
	CHECK_EQ(pt_map(&sp, va, 0x9000, 0), PT_OK);
	*leaf_slot(va, 1) |= PTE_PCD;
	CHECK_EQ(pt_query(&sp, va, &got, &fl), 1);
	CHECK_EQ(fl & PT_CACHE, PT_CACHE);
	CHECK_EQ(pt_unmap(&sp, va, NULL), 0x9000);
	CHECK_EQ(pt_map(&sp, va, 0x9000, PT_CACHE), PT_EINVAL);
	CHECK_EQ(sp.tables, 0);
	CHECK_EQ(used(), base);
}

/* PT_HUGE: 2 MiB alignment of both addresses, refusals around the leaf. */
static void huge_map(void)
{
	uint64_t va = KBASE + (9ull << 30), got;
	unsigned fl;

	CHECK_EQ(pt_map(&sp, va + 0x1000, 0x200000, PT_HUGE), PT_EINVAL);
	CHECK_EQ(pt_map(&sp, va, 0x201000, PT_HUGE), PT_EINVAL);
	CHECK_EQ(pt_map(&sp, va, 0x200000, PT_HUGE | PT_UC), PT_OK);
	CHECK_EQ(pt_map(&sp, va, 0x200000, PT_HUGE), PT_EEXIST);
	CHECK_EQ(pt_map(&sp, va + 0x3000, 0x3000, 0), PT_EHUGE);
	CHECK_EQ(pt_unmap(&sp, va, NULL), MM_NO_PHYS);
	CHECK_EQ(pt_protect(&sp, va, PT_WRITE), PT_EHUGE);
	CHECK_EQ(pt_protect(&sp, va, PT_HUGE), PT_EINVAL);
	CHECK_EQ(pt_query(&sp, va + 0x1fffff, &got, &fl), 2);
	CHECK_EQ(got, 0x3fffff);
	CHECK_EQ(fl, PT_UC);
	drop_huge(va);
	/* A PD slot that holds a page table is taken. */
	CHECK_EQ(pt_map(&sp, va + 0x5000, 0x5000, 0), PT_OK);
	CHECK_EQ(pt_map(&sp, va, 0x200000, PT_HUGE), PT_EEXIST);
	CHECK_EQ(pt_unmap(&sp, va + 0x5000, NULL), 0x5000);
	CHECK_EQ(sp.tables, 0);
}

/* PT_USER: U/S on the leaf and its whole path, lower half only; a
 * supervisor page under the same tables stays supervisor. */
static void user_pages(void)
{
	uint64_t va = 0x400000, got;
	unsigned fl;

	CHECK_EQ(pt_map(&sp, KBASE, 0x1000, PT_USER), PT_EINVAL);
	CHECK_EQ(pt_map(&sp, va, 0x1000, PT_WRITE | PT_USER), PT_OK);
	CHECK_EQ(pt_map(&sp, va + 4096, 0x2000, PT_WRITE), PT_OK);
	for (unsigned level = 1; level <= PT_LEVELS; level++)
		CHECK(*leaf_slot(va, level) & PTE_US);
	CHECK(!(*leaf_slot(va + 4096, 1) & PTE_US));
	CHECK_EQ(pt_query(&sp, va, &got, &fl), 1);
	CHECK_EQ(fl, PT_WRITE | PT_USER);
	CHECK_EQ(pt_query(&sp, va + 4096, &got, &fl), 1);
	CHECK_EQ(fl, PT_WRITE);
	CHECK_EQ(pt_protect(&sp, va, 0), PT_OK);
	CHECK_EQ(pt_query(&sp, va, &got, &fl), 1);
	CHECK_EQ(fl, 0);
	CHECK_EQ(pt_protect(&sp, va + 4096, PT_USER), PT_OK);
	CHECK_EQ(pt_query(&sp, va + 4096, &got, &fl), 1);
	CHECK_EQ(fl, PT_USER);
	CHECK_EQ(pt_unmap(&sp, va, NULL), 0x1000);
	CHECK_EQ(pt_unmap(&sp, va + 4096, NULL), 0x2000);
	CHECK_EQ(sp.tables, 0);
}

/* Running out of frames halfway through building tables unwinds. */
static void out_of_frames(void)
{
	uint64_t base = used(), n = 0, *held = malloc(RAM / 4096 * 8);

	while ((held[n] = frame_alloc(&fa)) != MM_NO_PHYS)
		n++;
	/* Free exactly one: PDPT can be made, PD cannot. */
	frame_free(&fa, held[--n]);
	CHECK_EQ(pt_map(&sp, KBASE + (5ull << 39), 0x5000, 0), PT_ENOMEM);
	CHECK_EQ(sp.tables, 0);
	CHECK_EQ(frame_counts(&fa).free, 1);
	while (n)
		frame_free(&fa, held[--n]);
	CHECK_EQ(used(), base);
	free(held);
}

/* Many pages over several PML4/PDPT/PD slots in random order against a
 * reference; afterwards every table frame is back. */
static void random_run(void)
{
	enum { SLOTS = 4096 };
	static uint64_t ref[SLOTS];
	uint64_t base = used(), maxtables = 0;

	for (unsigned i = 0; i < SLOTS; i++)
		ref[i] = MM_NO_PHYS;
	for (unsigned op = 0; op < 200000; op++) {
		unsigned i = (unsigned)test_rand_below(SLOTS);
		/* spread: 8 pages per PT, 8 PTs per PD, 8 PDs per PDPT, ... */
		uint64_t va = KBASE + ((uint64_t)(i & 7) << 12) +
		              ((uint64_t)((i >> 3) & 7) << 21) +
		              ((uint64_t)((i >> 6) & 7) << 30) +
		              ((uint64_t)(i >> 9) << 39),
		         got;
		unsigned fl;

		if (ref[i] == MM_NO_PHYS) {
			uint64_t pa = (test_rand() & 0xffffff) << 12;

			CHECK_EQ(pt_map(&sp, va, pa, PT_WRITE), PT_OK);
			ref[i] = pa;
		} else if (test_rand() & 1) {
			CHECK_EQ(pt_query(&sp, va, &got, &fl), 1);
			CHECK_EQ(got, ref[i]);
			CHECK_EQ(pt_unmap(&sp, va, NULL), ref[i]);
			ref[i] = MM_NO_PHYS;
		} else {
			CHECK_EQ(pt_protect(&sp, va, 0), PT_OK);
			CHECK_EQ(pt_query(&sp, va, &got, &fl), 1);
			CHECK_EQ(fl, 0);
			CHECK_EQ(pt_protect(&sp, va, PT_WRITE), PT_OK);
		}
		if (sp.tables > maxtables)
			maxtables = sp.tables;
		CHECK_EQ(used(), base + sp.tables);
	}
	CHECK(maxtables > 500);
	for (unsigned i = 0; i < SLOTS; i++) {
		uint64_t va = KBASE + ((uint64_t)(i & 7) << 12) +
		              ((uint64_t)((i >> 3) & 7) << 21) +
		              ((uint64_t)((i >> 6) & 7) << 30) +
		              ((uint64_t)(i >> 9) << 39);

		if (ref[i] != MM_NO_PHYS)
			CHECK_EQ(pt_unmap(&sp, va, NULL), ref[i]);
	}
	CHECK_EQ(sp.tables, 0);
	CHECK_EQ(used(), base);
	const uint64_t *pml4 = mm_phys_to_virt(&sim.plat, sp.root);

	for (unsigned i = 0; i < 512; i++)
		CHECK_EQ(pml4[i], 0);
}

/* A table the frame allocator does not own (the loader's) stays. */
static void foreign_table_kept(void)
{
	uint64_t *pml4 = mm_phys_to_virt(&sim.plat, sp.root);
	uint64_t foreign = SIM_RAM_BASE; /* the KERNEL range: reserved */

	memset(mm_phys_to_virt(&sim.plat, foreign), 0, 4096);
	pml4[300] = foreign | PTE_P | PTE_RW;
	uint64_t va = 0xffff960000000000ull; /* PML4 slot 300 */

	CHECK_EQ(pt_map(&sp, va, 0x7000, 0), PT_OK);
	CHECK_EQ(sp.tables, 2);
	CHECK_EQ(pt_unmap(&sp, va, NULL), 0x7000);
	CHECK_EQ(sp.tables, 0);
	CHECK_EQ(pml4[300], foreign | PTE_P | PTE_RW);
	pml4[300] = 0;
}

/* pt_remap points a mapped page at another frame in place: no table is
 * made or freed, the old translation is invalidated. */
static void remap_in_place(void)
{
	uint64_t va = KBASE + 0x80000000ull, base, got;
	unsigned fl;

	CHECK_EQ(pt_map(&sp, va, 0x5000, 0), PT_OK);
	base = used();
	flushes = 0;
	CHECK_EQ(pt_remap(&sp, va, 0x9000, PT_WRITE), PT_OK);
	CHECK_EQ(flushes, 1);
	CHECK_EQ(last_flush, va);
	CHECK_EQ(used(), base);
	CHECK_EQ(pt_query(&sp, va + 8, &got, &fl), 1);
	CHECK_EQ(got, 0x9008);
	CHECK_EQ(fl, PT_WRITE);
	CHECK_EQ(pt_remap(&sp, va, 0x9001, 0), PT_EINVAL);
	CHECK_EQ(pt_remap(&sp, va, 0x9000, PT_WRITE | PT_EXEC), PT_EWX);
	CHECK_EQ(pt_remap(&sp, va + 4096, 0x9000, 0), PT_ENOENT);
	CHECK_EQ(pt_query(&sp, va, &got, &fl), 1);
	CHECK_EQ(got, 0x9000);
	CHECK_EQ(pt_unmap(&sp, va, NULL), 0x9000);
}

static unsigned syncs;
static uint64_t used_at_sync;

static void on_sync(void *ctx)
{
	(void)ctx;
	syncs++;
	used_at_sync = used();
}

/* pt_unmap asks the other CPUs to drop their entries (sync) before it
 * frees a table left empty, and only then: a page unmapped from a table
 * still in use needs no sync. */
static void sync_before_tables_freed(void)
{
	uint64_t va = KBASE + 0x40000000ull, base = used();

	sp.sync = on_sync;
	CHECK_EQ(pt_map(&sp, va, 0x5000, PT_WRITE), PT_OK);
	CHECK_EQ(pt_map(&sp, va + 4096, 0x6000, PT_WRITE), PT_OK);
	CHECK_EQ(used(), base + 3);
	CHECK_EQ(pt_unmap(&sp, va, NULL), 0x5000);
	CHECK_EQ(syncs, 0);
	CHECK_EQ(pt_unmap(&sp, va + 4096, NULL), 0x6000);
	CHECK_EQ(syncs, 1);
	CHECK_EQ(used_at_sync, base + 3); /* the tables were still held */
	CHECK_EQ(used(), base);
	sp.sync = NULL;
}

static uint64_t released[512];
static unsigned nreleased;

static void release(void *ctx, uint64_t pa)
{
	(void)ctx;
	CHECK(nreleased < 512);
	if (nreleased < 512)
		released[nreleased++] = pa;
}

static uint64_t seen_va[16], seen_pa[16];
static unsigned seen_fl[16], nseen;

static void visit(void *ctx, uint64_t va, uint64_t pa, unsigned flags)
{
	(void)ctx;
	CHECK(nseen < 16);
	if (nseen < 16) {
		seen_va[nseen] = va;
		seen_pa[nseen] = pa;
		seen_fl[nseen++] = flags;
	}
}

/* pt_clear_lower: every user leaf handed back once, every table freed,
 * the upper half untouched. */
static void clear_lower(void)
{
	uint64_t base = used(), got;
	unsigned fl, want = 0;
	/* pages spread over PML4 slots 0, 1 and 255, PD/PT boundaries */
	static const uint64_t vas[] = {
	    0x10000,      0x11000,        0x200000,       0x40000000,
	    0x8000000000, 0x7fffffffe000, 0x7ffffffff000, 0x12345000};
	for (unsigned i = 0; i < sizeof(vas) / sizeof(vas[0]); i++) {
		CHECK_EQ(pt_map(&sp, vas[i], 0x100000 + i * 4096ull,
		                PT_USER | (i & 1 ? PT_WRITE : 0)),
		         PT_OK);
		want++;
	}
	CHECK_EQ(pt_map(&sp, KBASE, 0x9000, PT_WRITE), PT_OK);
	uint64_t kernel_tables = 3;
	CHECK(sp.tables > kernel_tables);
	/* pt_for_each_lower: each user leaf once, in address order, with
	 * its flags; PT_COW kept on a read-only leaf */
	CHECK_EQ(pt_protect(&sp, vas[2], PT_USER | PT_COW), PT_OK);
	CHECK_EQ(pt_query(&sp, vas[2], &got, &fl), 1);
	CHECK_EQ(fl, PT_USER | PT_COW);
	nseen = 0;
	pt_for_each_lower(&sp, visit, NULL);
	CHECK_EQ(nseen, want);
	for (unsigned i = 0; i < nseen; i++) {
		unsigned k = 0;
		while (k < want && vas[k] != seen_va[i])
			k++;
		CHECK(k < want);
		CHECK(i == 0 || seen_va[i] > seen_va[i - 1]);
		if (k < want) {
			CHECK_EQ(seen_pa[i], 0x100000 + k * 4096ull);
			CHECK_EQ(seen_fl[i], PT_USER | (k == 2  ? PT_COW
			                                : k & 1 ? PT_WRITE
			                                        : 0));
		}
	}
	nreleased = 0;
	CHECK_EQ(pt_clear_lower(&sp, release, NULL), want);
	CHECK_EQ(nreleased, want);
	for (unsigned i = 0; i < want; i++) {
		unsigned seen = 0;
		for (unsigned j = 0; j < nreleased; j++)
			seen += released[j] == 0x100000 + i * 4096ull;
		CHECK_EQ(seen, 1);
		CHECK_EQ(pt_query(&sp, vas[i], &got, &fl), 0);
	}
	CHECK_EQ(sp.tables, kernel_tables);
	CHECK_EQ(pt_query(&sp, KBASE, &got, &fl), 1); /* upper half kept */
	CHECK_EQ(got, 0x9000);
	CHECK_EQ(pt_unmap(&sp, KBASE, NULL), 0x9000);
	CHECK_EQ(sp.tables, 0);
	CHECK_EQ(used(), base);
	CHECK_EQ(pt_clear_lower(&sp, release, NULL), 0); /* empty: no-op */
}

int main(void)
{
	test_rng_seed();
	setup();
	round_trip();
	refusals();
	huge_leaf();
	cache_types();
	huge_map();
	user_pages();
	out_of_frames();
	random_run();
	foreign_table_kept();
	sync_before_tables_freed();
	remap_in_place();
	clear_lower();
	sim_fini(&sim);
	return test_finish();
}
