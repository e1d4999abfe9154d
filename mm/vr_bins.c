/* SPDX-License-Identifier: MIT */
/*
 * Size-segregated bins of free virtual ranges: first level = floor(log2)
 * of the size, second level = the next 3 bits, so a bin's sizes differ by
 * at most 1/8. Lookups round the request up to the next bin boundary, so
 * any node in a non-empty bin found by the bitmaps fits: O(1).
 */
#include <libk/bitops.h>
#include <mm/mm_panic.h>
#include <mm/vrange.h>

/* The bin holding ranges of n pages (n >= 1). */
static void bin_of(uint64_t n, unsigned *fl, unsigned *sl)
{
	if (n < VR_SL) {
		*fl = 0;
		*sl = (unsigned)n;
		return;
	}
	unsigned f = fls64(n) - 1; /* >= 3 */

	*fl = f - 2;
	*sl = (unsigned)(n >> (f - 3)) & (VR_SL - 1);
}

void vr_bin_insert(struct vr_bins *b, struct vr_node *n)
{
	unsigned fl, sl;

	bin_of(n->npages, &fl, &sl);
	if (fl >= VR_FL)
		mm_panic("vrange: range of %llu pages too large",
		         (unsigned long long)n->npages);
	n->bin_prev = NULL;
	n->bin_next = b->head[fl][sl];
	if (n->bin_next)
		n->bin_next->bin_prev = n;
	b->head[fl][sl] = n;
	b->sl_map[fl] |= 1u << sl;
	b->fl_map |= 1ull << fl;
}

void vr_bin_remove(struct vr_bins *b, struct vr_node *n)
{
	unsigned fl, sl;

	bin_of(n->npages, &fl, &sl);
	if (n->bin_prev)
		n->bin_prev->bin_next = n->bin_next;
	else
		b->head[fl][sl] = n->bin_next;
	if (n->bin_next)
		n->bin_next->bin_prev = n->bin_prev;
	if (!b->head[fl][sl]) {
		b->sl_map[fl] &= ~(1u << sl);
		if (!b->sl_map[fl])
			b->fl_map &= ~(1ull << fl);
	}
}

struct vr_node *vr_bin_take(struct vr_bins *b, uint64_t npages)
{
	unsigned fl, sl;

	if (npages >= VR_SL) {
		uint64_t step = 1ull << (fls64(npages) - 1 - 3);

		if (npages + step - 1 < npages)
			return NULL;
		npages += step - 1;
	}
	bin_of(npages, &fl, &sl);
	if (fl >= VR_FL)
		return NULL;
	uint64_t sm = b->sl_map[fl] & (~0ull << sl);

	if (!sm) {
		uint64_t fm = fl + 1 < 64 ? b->fl_map & (~0ull << (fl + 1)) : 0;

		if (!fm)
			return NULL;
		fl = ctz64(fm);
		sm = b->sl_map[fl];
	}
	sl = ctz64(sm);
	struct vr_node *n = b->head[fl][sl];

	vr_bin_remove(b, n);
	return n;
}
