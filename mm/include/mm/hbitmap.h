/* SPDX-License-Identifier: MIT */
/*
 * Hierarchical bitmap: level 0 holds the bits; a bit of level k+1 is set
 * iff word (bit index) of level k is non-zero. The top level is one word,
 * so "find the next set bit" costs O(levels) = O(log64 n), not O(n).
 *
 *   level 2  [1 word ]             bit j: level-1 word j has a set bit
 *   level 1  [ceil(n/4096) words]  bit i: level-0 word i has a set bit
 *   level 0  [ceil(n/64) words ]   the bits themselves
 *
 * Callers may edit a level-0 word directly and then report the transition
 * with hb_set_at(h, 1, word) / hb_clear_at(h, 1, word).
 */
#ifndef MM_HBITMAP_H
#define MM_HBITMAP_H
#include <stdint.h>

#define HB_MAX_LEVELS 8
#define HB_NONE       (~0ull)

struct hbitmap {
	uint64_t *lv[HB_MAX_LEVELS];
	uint64_t nwords[HB_MAX_LEVELS];
	uint64_t nbits;
	unsigned nlevels;
};

/* 64-bit words of storage an hbitmap of nbits needs, all levels. */
uint64_t hb_storage_words(uint64_t nbits);
/* Lay h over storage (hb_storage_words(nbits) words) and clear it. */
void hb_init(struct hbitmap *h, uint64_t *storage, uint64_t nbits);
/* Recompute levels 1.. from level 0 (after bulk edits of level 0). */
void hb_rebuild(struct hbitmap *h);
/* Smallest set bit index >= from, or HB_NONE. */
uint64_t hb_find_next(const struct hbitmap *h, uint64_t from);

/* Set bit i of level k and propagate upwards while words become non-zero. */
static inline void hb_set_at(struct hbitmap *h, unsigned k, uint64_t i)
{
	for (; k < h->nlevels; k++) {
		uint64_t *w = &h->lv[k][i >> 6], was = *w;

		*w = was | (1ull << (i & 63));
		if (was)
			return;
		i >>= 6;
	}
}

/* Clear bit i of level k and propagate upwards while words become zero. */
static inline void hb_clear_at(struct hbitmap *h, unsigned k, uint64_t i)
{
	for (; k < h->nlevels; k++) {
		uint64_t *w = &h->lv[k][i >> 6];

		*w &= ~(1ull << (i & 63));
		if (*w)
			return;
		i >>= 6;
	}
}

static inline int hb_test(const struct hbitmap *h, uint64_t i)
{
	return (int)((h->lv[0][i >> 6] >> (i & 63)) & 1);
}
#endif
