/* SPDX-License-Identifier: MIT */
/* The live memory manager: every free frame allocated and given back, a
 * kmalloc stress mix with pattern checks, block statistics. */
#include <mm/histogram.h>
#include <mm/kmalloc.h>
#include "mm/mm_drain.h"
#include "core/boot.h"
#include "mm/mm_boot.h"
#include "test/ktest.h"

static void *frame_va(uint64_t pa)
{
	return mm_phys_to_virt(&kernel_mm_platform, pa);
}

/* Take every free frame, chaining them through their first word (each
 * frame holds the previous one's address), then give them all back. */
KTEST(mm_frames_drain_to_baseline)
{
	struct frame_counts before = frame_counts(&kernel_frames), mid, after;
	uint64_t head = MM_NO_PHYS, pa, n = 0;

	KREQUIRE(before.free > 0);
	while ((pa = frame_alloc(&kernel_frames)) != MM_NO_PHYS) {
		KEXPECT(frame_is_allocated(&kernel_frames, pa));
		*(uint64_t *)frame_va(pa) = head;
		head = pa;
		n++;
	}
	mid = frame_counts(&kernel_frames);
	KEXPECT_EQ(n, before.free);
	KEXPECT_EQ(mid.free, 0);
	KEXPECT_EQ(mid.used, before.used + before.free);
	KEXPECT_EQ(frame_alloc_contig(&kernel_frames, 1, 1), MM_NO_PHYS);
	while (head != MM_NO_PHYS) {
		pa = head;
		head = *(uint64_t *)frame_va(pa);
		frame_free(&kernel_frames, pa);
	}
	after = frame_counts(&kernel_frames);
	KEXPECT_EQ(after.free, before.free);
	KEXPECT_EQ(after.used, before.used);
	KEXPECT_EQ(after.reserved, before.reserved);
	KEXPECT_EQ(after.managed, before.managed);
	/* And 2 MiB runs can still be had. */
	pa = frame_alloc_contig(&kernel_frames, 512, 512);
	KEXPECT(pa != MM_NO_PHYS && !(pa & 0x1fffff));
	if (pa != MM_NO_PHYS)
		frame_free_contig(&kernel_frames, pa, 512);
}

struct heap_snapshot {
	uint64_t live[BLOCK_NCLASSES];
	uint64_t page_live, pages_mapped, tables, frames_used;
};

static void snapshot(struct heap_snapshot *s)
{
	struct block_stats st;

	kmem_drain(); /* every CPU's cached ranges, blocks and frames back */
	block_trim_slabs(&mm_heap.ba); /* not block_trim: other CPUs run */
	for (unsigned i = 0; i < BLOCK_NCLASSES; i++) {
		block_stats(&mm_heap.ba, i, &st);
		s->live[i] = st.live;
	}
	s->page_live = mm_heap.pa.live_count;
	s->pages_mapped = mm_heap.pa.pages_mapped;
	s->frames_used = frame_counts(&kernel_frames).used;
}

static uint8_t pattern(unsigned slot, size_t i)
{
	return (uint8_t)(slot * 131 + i * 7 + 1);
}

static uint64_t xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* Mostly block sizes, some page-path sizes up to 256 KiB. */
static size_t stress_size(uint64_t r)
{
	switch (r % 16) {
	case 0:
		return 4097 + (r >> 8) % (256 * 1024);
	case 1:
	case 2:
		return 513 + (r >> 8) % 3584;
	default:
		return (r >> 8) % 513; /* 0 included */
	}
}

enum { SLOTS = 512, OPS = 20000 };

/* Fill a fresh block with its slot's pattern (first and last 64 bytes of
 * big ones, all of small ones) and check alignment. */
static void fill(struct ktest_ctx *ktest_ctx, unsigned k, uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (n <= 4096 || i < 64 || i >= n - 64)
			p[i] = pattern(k, i);
	KEXPECT(((uintptr_t)p & 7) == 0);
}

static void verify(struct ktest_ctx *ktest_ctx, unsigned k, const uint8_t *p,
                   size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((n <= 4096 || i < 64 || i >= n - 64) &&
		    p[i] != pattern(k, i)) {
			KEXPECT_EQ(p[i], pattern(k, i));
			return;
		}
}

KTEST(mm_kmalloc_stress_mix)
{
	static uint8_t *obj[SLOTS];
	static size_t len[SLOTS];
	struct heap_snapshot before, after;
	uint64_t s = 0x1234567887654321ull ^ boot_tsc_kmain;

	snapshot(&before);
	for (unsigned op = 0; op < OPS; op++) {
		uint64_t r = xorshift(&s);
		unsigned k = (unsigned)((r >> 48) % SLOTS);

		if (obj[k]) {
			verify(ktest_ctx, k, obj[k], len[k]);
			kfree(obj[k]);
			obj[k] = NULL;
			continue;
		}
		len[k] = stress_size(r);
		obj[k] = (r >> 40) & 1 ? kmalloc(len[k])
		                       : kmalloc_aligned(len[k], 64);
		KREQUIRE(obj[k]);
		KEXPECT(ksize(obj[k]) >= len[k]);
		if (!((r >> 40) & 1))
			KEXPECT(((uintptr_t)obj[k] & 63) == 0);
		fill(ktest_ctx, k, obj[k], len[k]);
	}
	for (unsigned k = 0; k < SLOTS; k++) {
		if (obj[k]) {
			verify(ktest_ctx, k, obj[k], len[k]);
			kfree(obj[k]);
			obj[k] = NULL;
		}
	}
	snapshot(&after);
	for (unsigned i = 0; i < BLOCK_NCLASSES; i++)
		KEXPECT_EQ(after.live[i], before.live[i]);
	KEXPECT_EQ(after.page_live, before.page_live);
	KEXPECT_EQ(after.pages_mapped, before.pages_mapped);
	KEXPECT_EQ(after.frames_used, before.frames_used);
}

static void expect_consistent(struct ktest_ctx *ktest_ctx, unsigned cls)
{
	struct block_stats st;

	block_stats(&mm_heap.ba, cls, &st);
	KEXPECT_EQ(st.allocs - st.frees, st.live);
	KEXPECT(st.high_water >= st.live);
	KEXPECT_EQ(st.free_blocks, st.slabs * st.per_slab - st.live);
	KEXPECT_EQ(st.pages, st.slabs * (BLOCK_SLAB_SIZE / 4096));
	KEXPECT(st.slabs * st.per_slab >= mm_heap.ba.cls[cls].reserve);
}

KTEST(mm_block_stats_consistent)
{
	int cls = block_class_for(&mm_heap.ba, 100, 8);
	struct block_stats a, b;
	void *p[3];

	KREQUIRE(cls >= 0);
	for (unsigned i = 0; i < BLOCK_NCLASSES; i++)
		expect_consistent(ktest_ctx, i);
	block_stats(&mm_heap.ba, (unsigned)cls, &a);
	for (unsigned i = 0; i < 3; i++)
		p[i] = kmalloc(100);
	block_stats(&mm_heap.ba, (unsigned)cls, &b);
	KEXPECT_EQ(b.allocs, a.allocs + 3);
	KEXPECT_EQ(b.live, a.live + 3);
	KEXPECT(b.size >= 100 && b.size == a.size);
	for (unsigned i = 0; i < 3; i++)
		kfree(p[i]);
	block_stats(&mm_heap.ba, (unsigned)cls, &b);
	KEXPECT_EQ(b.frees, a.frees + 3);
	KEXPECT_EQ(b.live, a.live);
	for (unsigned i = 0; i < BLOCK_NCLASSES; i++)
		expect_consistent(ktest_ctx, i);
}

KTEST(mm_bootinfo_copied_to_heap)
{
	/* boot_info now lives in the heap: a live block or page allocation
	 * of at least the blob's size, still valid. */
	KEXPECT(ksize(boot_info) >= boot_info->size);
	KEXPECT_EQ(boot_info->magic, TERN_BOOTINFO_MAGIC);
	KEXPECT(mm_histogram_count(mm_histogram_bin(boot_info->size)) > 0);
}
