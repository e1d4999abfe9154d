/* SPDX-License-Identifier: MIT */
/* Bitmap frame allocator with summary hierarchies (see mm/frame_alloc.h).
 * The span always starts at frame 0, so a run's alignment in the bitmap is
 * its physical alignment. */
#include <libk/bitops.h>
#include <libk/string.h>
#include <mm/frame_alloc.h>
#include <mm/mm_panic.h>
#include "frame_bitmap.h"

#define META_TYPE 0 /* frame_resv.type of the allocator's own storage */

static bool is_ram(uint32_t type)
{
	return type == TERN_MEM_USABLE || type == TERN_MEM_LOADER_RECLAIMABLE ||
	       type == TERN_MEM_ACPI_RECLAIMABLE;
}

/* Whole frames of [base, base + len): [*lo, *hi). False if none. */
static bool whole_frames(uint64_t base, uint64_t len, uint64_t *lo,
                         uint64_t *hi)
{
	uint64_t end = base + len < base ? ~0ull : base + len;

	if (align_up_overflow(base, FRAME_SIZE, &base))
		return false;
	*lo = base >> FRAME_SHIFT;
	*hi = align_down(end, FRAME_SIZE) >> FRAME_SHIFT;
	return *lo < *hi;
}

/* Bits of word wi that lie in the frame range [a, b). */
static uint64_t seg_mask(uint64_t a, uint64_t b, uint64_t wi)
{
	uint64_t lo = max(a, wi * 64) - wi * 64;
	uint64_t hi = min(b, wi * 64 + 64) - wi * 64;

	return (hi - lo == 64) ? ~0ull : ((1ull << (hi - lo)) - 1) << lo;
}

static void bits_set(uint64_t *bm, uint64_t a, uint64_t b, bool on)
{
	for (uint64_t wi = a >> 6; wi < (b + 63) >> 6; wi++) {
		uint64_t m = seg_mask(a, b, wi);

		bm[wi] = on ? bm[wi] | m : bm[wi] & ~m;
	}
}

/* Store a new value of free word wi and keep both summaries in step. */
static void word_store(struct frame_alloc *fa, uint64_t wi, uint64_t old,
                       uint64_t new)
{
	fa->free.lv[0][wi] = new;
	if (!old != !new) {
		if (new)
			hb_set_at(&fa->free, 1, wi);
		else
			hb_clear_at(&fa->free, 1, wi);
	}
	if ((old == ~0ull) != (new == ~0ull)) {
		if (new == ~0ull)
			hb_set_at(&fa->full, 0, wi);
		else
			hb_clear_at(&fa->full, 0, wi);
	}
}

static void resv_note(struct frame_alloc *fa, uint64_t lo, uint64_t hi,
                      uint32_t type)
{
	fa->nreserved += hi - lo;
	if (fa->nresv < FRAME_MAX_RESV)
		fa->resv[fa->nresv++] = (struct frame_resv){
		    lo << FRAME_SHIFT, hi << FRAME_SHIFT, type};
}

/* Pick the lowest USABLE range that can hold `frames` frames of storage. */
static uint64_t meta_place(const struct tern_mem_range *map, size_t count,
                           uint64_t frames)
{
	uint64_t best = ~0ull, lo, hi;

	for (size_t i = 0; i < count; i++)
		if (map[i].type == TERN_MEM_USABLE &&
		    whole_frames(map[i].base, map[i].length, &lo, &hi) &&
		    hi - lo >= frames && lo < best)
			best = lo;
	return best;
}

static void frame_layout(struct frame_alloc *fa, uint64_t *storage)
{
	uint64_t fw = hb_storage_words(fa->nframes);

	hb_init(&fa->free, storage, fa->nframes);
	hb_init(&fa->full, storage + fw, fa->nwords);
	fa->usable = storage + fw + hb_storage_words(fa->nwords);
	LIBK_FN(memset)(fa->usable, 0, fa->nwords * sizeof(uint64_t));
}

/* Summaries of both hierarchies from the level-0 free words. */
static void frame_summarise(struct frame_alloc *fa)
{
	fa->nfree = 0;
	for (uint64_t wi = 0; wi < fa->nwords; wi++) {
		uint64_t w = fa->free.lv[0][wi];

		fa->nfree += popcount64(w);
		if (w == ~0ull)
			fa->full.lv[0][wi >> 6] |= 1ull << (wi & 63);
	}
	hb_rebuild(&fa->free);
	hb_rebuild(&fa->full);
}

int frame_init(struct frame_alloc *fa, const struct tern_mem_range *map,
               size_t count, const struct mm_platform *plat)
{
	uint64_t end = 0, lo, hi;

	LIBK_FN(memset)(fa, 0, sizeof(*fa));
	fa->plat = plat;
	for (size_t i = 0; i < count; i++)
		if (is_ram(map[i].type) &&
		    whole_frames(map[i].base, map[i].length, &lo, &hi))
			end = max(end, hi);
	if (!end)
		return -1;
	fa->nframes = end;
	fa->nwords = (end + 63) / 64;
	uint64_t words = hb_storage_words(fa->nframes) +
	                 hb_storage_words(fa->nwords) + fa->nwords;
	fa->meta_frames = (words * 8 + FRAME_SIZE - 1) / FRAME_SIZE;
	uint64_t meta = meta_place(map, count, fa->meta_frames);
	if (meta == ~0ull)
		return -1;
	fa->meta_phys = meta << FRAME_SHIFT;
	frame_layout(fa, mm_phys_to_virt(plat, fa->meta_phys));

	for (size_t i = 0; i < count; i++) {
		if (!whole_frames(map[i].base, map[i].length, &lo, &hi))
			continue;
		if (map[i].type != TERN_MEM_USABLE) {
			resv_note(fa, lo, hi, map[i].type);
			continue;
		}
		hi = min(hi, end);
		bits_set(fa->usable, lo, hi, true);
		bits_set(fa->free.lv[0], lo, hi, true);
	}
	bits_set(fa->usable, meta, meta + fa->meta_frames, false);
	bits_set(fa->free.lv[0], meta, meta + fa->meta_frames, false);
	resv_note(fa, meta, meta + fa->meta_frames, META_TYPE);
	frame_summarise(fa);
	fa->nmanaged = fa->nfree;
	return 0;
}

/* Up to n free frames from the bitmap into out[] (frame numbers), taken
 * word by word from the hint word on; returns how many. Under the lock. */
unsigned frame_bm_take(struct frame_alloc *fa, uint64_t *out, unsigned n)
{
	unsigned got = 0;

	while (got < n) {
		uint64_t wi = fa->single_hint, w = fa->free.lv[0][wi], nw;

		if (mm_unlikely(!w)) {
			uint64_t f = hb_find_next(&fa->free, wi * 64);

			if (f == HB_NONE)
				f = hb_find_next(&fa->free, 0);
			if (f == HB_NONE)
				break;
			wi = f >> 6;
			w = fa->free.lv[0][wi];
			fa->single_hint = wi;
		}
		for (nw = w; nw && got < n; nw &= nw - 1)
			out[got++] = wi * 64 + ctz64(nw);
		word_store(fa, wi, w, nw);
		fa->nfree -= popcount64(w ^ nw);
	}
	return got;
}

static const char *type_name(uint32_t type)
{
	static const char *const names[] = {"allocator metadata",
	                                    "usable",
	                                    "loader-reclaimable",
	                                    "kernel",
	                                    "ACPI-reclaimable",
	                                    "ACPI NVS",
	                                    "MMIO",
	                                    "framebuffer",
	                                    "reserved",
	                                    "bad memory"};

	return type < ARRAY_SIZE(names) ? names[type] : "unknown";
}

/* Panic about freeing frame pfn, which is not managed. */
static _Noreturn void bad_free(const struct frame_alloc *fa, uint64_t pfn)
{
	uint64_t pa = pfn << FRAME_SHIFT;

	for (unsigned i = 0; i < fa->nresv; i++)
		if (pa >= fa->resv[i].base && pa < fa->resv[i].end)
			mm_panic("frame_free: frame %#llx is reserved (%s)",
			         (unsigned long long)pa,
			         type_name(fa->resv[i].type));
	mm_panic("frame_free: frame %#llx is outside managed memory",
	         (unsigned long long)pa);
}

/* Check that frames [a, b) may be freed; panic naming the first that
 * may not. */
void frame_check_free(const struct frame_alloc *fa, uint64_t a, uint64_t b)
{
	if (b > fa->nframes || b < a)
		bad_free(fa, max(a, fa->nframes));
	for (uint64_t wi = a >> 6; wi < (b + 63) >> 6; wi++) {
		uint64_t m = seg_mask(a, b, wi);
		uint64_t bad = m & ~fa->usable[wi];

		if (bad)
			bad_free(fa, wi * 64 + ctz64(bad));
		bad = m & fa->free.lv[0][wi];
		if (bad)
			mm_panic("frame_free: double free of frame %#llx",
			         (unsigned long long)(wi * 64 + ctz64(bad))
			             << FRAME_SHIFT);
	}
}

void frame_check_aligned(uint64_t phys)
{
	if (phys & (FRAME_SIZE - 1))
		mm_panic("frame_free: %#llx is not frame aligned",
		         (unsigned long long)phys);
}

/* Give frame pfn back to the bitmap with every check (never allocated,
 * reserved, outside managed memory). Under the lock. */
void frame_bm_put(struct frame_alloc *fa, uint64_t pfn)
{
	uint64_t wi = pfn >> 6, bit = 1ull << (pfn & 63);

	if (mm_unlikely(pfn >= fa->nframes || !(fa->usable[wi] & bit) ||
	                (fa->free.lv[0][wi] & bit)))
		frame_check_free(fa, pfn, pfn + 1);
	uint64_t old = fa->free.lv[0][wi];

	word_store(fa, wi, old, old | bit);
	fa->nfree++;
}

/* Mark frames [a, b) free (give) or allocated (take), word by word. */
static void frames_flip(struct frame_alloc *fa, uint64_t a, uint64_t b,
                        bool give)
{
	for (uint64_t wi = a >> 6; wi < (b + 63) >> 6; wi++) {
		uint64_t m = seg_mask(a, b, wi), old = fa->free.lv[0][wi];

		word_store(fa, wi, old, give ? old | m : old & ~m);
	}
	if (give)
		fa->nfree += b - a;
	else
		fa->nfree -= b - a;
}

static void frame_free_contig_nolock(struct frame_alloc *fa, uint64_t phys,
                                     uint64_t n)
{
	uint64_t pfn = phys >> FRAME_SHIFT;

	frame_check_aligned(phys);
	frame_check_free(fa, pfn, pfn + n);
	frames_flip(fa, pfn, pfn + n, true);
}

/* Bit i set iff bits i .. i+n-1 of w are all set (1 <= n <= 64). */
static uint64_t run_starts(uint64_t w, uint64_t n)
{
	for (uint64_t len = 1; len < n && w;) {
		uint64_t s = min(len, n - len);

		w &= w >> s;
		len += s;
	}
	return w;
}

/* Bits at multiples of align (a power of two <= 64). */
static uint64_t align_mask(uint64_t align)
{
	static const uint64_t masks[] = {~0ull,
	                                 0x5555555555555555ull,
	                                 0x1111111111111111ull,
	                                 0x0101010101010101ull,
	                                 0x0001000100010001ull,
	                                 0x0000000100000001ull,
	                                 1ull};

	return masks[ctz64(align)];
}

/* A run of n < 64 frames, align <= 64, inside one word; first pass from
 * the hint, second from 0. */
static uint64_t contig_small(struct frame_alloc *fa, uint64_t n, uint64_t align,
                             uint64_t end)
{
	uint64_t am = align_mask(align);

	for (int pass = 0; pass < 2; pass++) {
		uint64_t f = pass ? 0 : fa->contig_hint * 64;

		while ((f = hb_find_next(&fa->free, f)) != HB_NONE) {
			uint64_t wi = f >> 6;
			uint64_t r = run_starts(fa->free.lv[0][wi], n) & am;

			if (wi * 64 >= end)
				break;
			if (r && wi * 64 + ctz64(r) + n <= end) {
				fa->contig_hint = wi;
				return wi * 64 + ctz64(r);
			}
			f = (wi + 1) * 64;
		}
	}
	return HB_NONE;
}

/* nw whole free words from a word index that is a multiple of aw, ending
 * at or before word end_w. */
static uint64_t contig_words(struct frame_alloc *fa, uint64_t nw, uint64_t aw,
                             uint64_t end_w)
{
	for (int pass = 0; pass < 2; pass++) {
		uint64_t w = pass ? 0 : fa->contig_hint;

		while ((w = hb_find_next(&fa->full, w)) != HB_NONE) {
			uint64_t c = align_up(w, aw), j = 0;

			if (c + nw > end_w)
				break;
			while (j < nw && hb_test(&fa->full, c + j))
				j++;
			if (j == nw) {
				fa->contig_hint = c + nw;
				return c * 64;
			}
			w = c + j + 1;
		}
	}
	return HB_NONE;
}

/* Frame numbers below end only (end: a frame number). */
static uint64_t frame_alloc_contig_nolock(struct frame_alloc *fa, uint64_t n,
                                          uint64_t align, uint64_t end)
{
	uint64_t f;

	end = min(end, fa->nframes);
	if (!n || !is_pow2(align) || n > end)
		return MM_NO_PHYS;
	if (n == 1 && align == 1 && end == fa->nframes &&
	    frame_bm_take(fa, &f, 1))
		return f << FRAME_SHIFT;
	if (n < 64 && align <= 64)
		f = contig_small(fa, n, align, end);
	else
		f = contig_words(fa, (n + 63) / 64, max(align / 64, 1ull),
		                 min(end / 64, fa->nwords));
	if (f == HB_NONE)
		return MM_NO_PHYS;
	frames_flip(fa, f, f + n, false);
	return f << FRAME_SHIFT;
}

static bool pa_in_meta(const struct frame_alloc *fa, uint64_t pfn)
{
	uint64_t meta = fa->meta_phys >> FRAME_SHIFT;

	return pfn >= meta && pfn < meta + fa->meta_frames;
}

static uint64_t frame_add_range_nolock(struct frame_alloc *fa, uint64_t base,
                                       uint64_t len)
{
	uint64_t lo, hi, added = 0;

	if (!whole_frames(base, len, &lo, &hi))
		return 0;
	hi = min(hi, fa->nframes);
	for (uint64_t pfn = lo; pfn < hi; pfn++) {
		uint64_t wi = pfn >> 6, bit = 1ull << (pfn & 63);

		if ((fa->usable[wi] & bit) || pa_in_meta(fa, pfn))
			continue;
		fa->usable[wi] |= bit;
		frames_flip(fa, pfn, pfn + 1, true);
		added++;
	}
	fa->nmanaged += added;
	fa->nreserved -= min(added, fa->nreserved);
	return added;
}

/* The public entry points below: the _nolock bodies under the platform's
 * lock (mm/platform.h). Single frames go through the per-CPU caches of
 * frame_cache.c. */
void frame_free_contig(struct frame_alloc *fa, uint64_t phys, uint64_t n)
{
	uint64_t t = mm_lock(fa->plat);

	frame_free_contig_nolock(fa, phys, n);
	mm_unlock(fa->plat, t);
}

/* A run below frame end; when none is free, this CPU's cached single
 * frames go back to the bitmap (they may complete a run) and it retries. */
static uint64_t contig_locked(struct frame_alloc *fa, uint64_t n,
                              uint64_t align, uint64_t end)
{
	uint64_t t = mm_lock(fa->plat);
	uint64_t pa = frame_alloc_contig_nolock(fa, n, align, end);

	mm_unlock(fa->plat, t);
	if (pa == MM_NO_PHYS && frame_cache_drain_local(fa)) {
		t = mm_lock(fa->plat);
		pa = frame_alloc_contig_nolock(fa, n, align, end);
		mm_unlock(fa->plat, t);
	}
	return pa;
}

uint64_t frame_alloc_contig(struct frame_alloc *fa, uint64_t n,
                            uint64_t align_frames)
{
	return contig_locked(fa, n, align_frames, UINT64_MAX);
}

uint64_t frame_alloc_contig_below(struct frame_alloc *fa, uint64_t n,
                                  uint64_t align_frames, uint64_t limit)
{
	return contig_locked(fa, n, align_frames, limit >> FRAME_SHIFT);
}

uint64_t frame_add_range(struct frame_alloc *fa, uint64_t base, uint64_t len)
{
	uint64_t t = mm_lock(fa->plat);
	uint64_t added = frame_add_range_nolock(fa, base, len);

	mm_unlock(fa->plat, t);
	return added;
}
