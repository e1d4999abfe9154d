/* SPDX-License-Identifier: MIT */
/* Hierarchical bitmap (see mm/hbitmap.h). */
#include <libk/bitops.h>
#include <libk/string.h>
#include <mm/hbitmap.h>
#include <mm/mm_panic.h>

/* Level sizes: level 0 has nbits bits; each next level has one bit per
 * word of the one below; stop once a level fits in one word. */
static unsigned hb_layout(uint64_t nbits, uint64_t nwords[HB_MAX_LEVELS])
{
	unsigned k = 0;

	for (;;) {
		if (k == HB_MAX_LEVELS)
			mm_panic("hbitmap: %llu bits need too many levels",
			         (unsigned long long)nbits);
		nwords[k] = (nbits + 63) / 64;
		if (!nwords[k])
			nwords[k] = 1;
		k++;
		if (nbits <= 64)
			return k;
		nbits = nwords[k - 1];
	}
}

uint64_t hb_storage_words(uint64_t nbits)
{
	uint64_t nwords[HB_MAX_LEVELS], total = 0;
	unsigned n = hb_layout(nbits, nwords);

	for (unsigned k = 0; k < n; k++)
		total += nwords[k];
	return total;
}

void hb_init(struct hbitmap *h, uint64_t *storage, uint64_t nbits)
{
	h->nbits = nbits;
	h->nlevels = hb_layout(nbits, h->nwords);
	for (unsigned k = 0; k < h->nlevels; k++) {
		h->lv[k] = storage;
		LIBK_FN(memset)(storage, 0, h->nwords[k] * sizeof(uint64_t));
		storage += h->nwords[k];
	}
}

void hb_rebuild(struct hbitmap *h)
{
	for (unsigned k = 1; k < h->nlevels; k++) {
		LIBK_FN(memset)(h->lv[k], 0, h->nwords[k] * sizeof(uint64_t));
		for (uint64_t i = 0; i < h->nwords[k - 1]; i++)
			if (h->lv[k - 1][i])
				h->lv[k][i >> 6] |= 1ull << (i & 63);
	}
}

/*
 * Climb while the rest of the current word is empty, then descend along the
 * lowest set bits. Bits past nbits are never set, so an index past the last
 * word of a level means there is nothing further at all.
 */
uint64_t hb_find_next(const struct hbitmap *h, uint64_t from)
{
	uint64_t i = from;
	unsigned k = 0;

	for (;;) {
		if ((i >> 6) >= h->nwords[k])
			return HB_NONE;
		uint64_t w = h->lv[k][i >> 6] & (~0ull << (i & 63));

		if (w) {
			i = (i & ~63ull) + ctz64(w);
			break;
		}
		if (k + 1 == h->nlevels)
			return HB_NONE;
		i = (i >> 6) + 1;
		k++;
	}
	while (k > 0) {
		k--;
		i = i * 64 + ctz64(h->lv[k][i]);
	}
	return i;
}
