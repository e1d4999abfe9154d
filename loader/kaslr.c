/* SPDX-License-Identifier: MIT */
/* Randomized placement: see kaslr.h. */
#include "kaslr.h"
#include <libk/bitops.h>
#include <libk/blake2s.h>
#include <libk/chacha20.h>
#include <libk/string.h>

#define LOG2_FRAC_BITS 24

void kaslr_derive(const uint8_t master[32], const char *label, uint8_t out[32])
{
	blake2s(out, 32, master, 32, label, LIBK_FN(strlen)(label));
}

void kaslr_rng_init(struct kaslr_rng *r, const uint8_t key[32])
{
	LIBK_FN(memcpy)(r->key, key, sizeof(r->key));
	r->counter = 0;
	r->pos = sizeof(r->buf);
}

void kaslr_rng_wipe(struct kaslr_rng *r)
{
	LIBK_FN(memset)(r, 0, sizeof(*r));
}

uint64_t kaslr_rng_u64(struct kaslr_rng *r)
{
	static const uint8_t nonce[12] = "tern-kaslr-0";
	uint64_t v;

	if (r->pos + sizeof(v) > sizeof(r->buf)) {
		chacha20_block(r->key, nonce, r->counter++, r->buf);
		r->pos = 0;
	}
	LIBK_FN(memcpy)(&v, r->buf + r->pos, sizeof(v));
	LIBK_FN(memset)(r->buf + r->pos, 0, sizeof(v)); /* used once */
	r->pos += sizeof(v);
	return v;
}

uint64_t kaslr_rng_below(struct kaslr_rng *r, uint64_t n)
{
	uint64_t v, reject;

	if (is_pow2(n))
		return kaslr_rng_u64(r) & (n - 1);
	/* 2^64 mod n values at the bottom would be drawn once too often. */
	reject = (0 - n) % n;
	do
		v = kaslr_rng_u64(r);
	while (v < reject);
	return v % n;
}

/* The fraction bits of log2(n): normalise n to a Q62 mantissa m in [1, 2)
 * and square it; each squaring doubles log2(m), so a carry past 2 is the
 * next binary digit. */
static uint64_t log2_frac(uint64_t n, unsigned k)
{
	unsigned __int128 m = k <= 62 ? (unsigned __int128)n << (62 - k)
	                              : (unsigned __int128)(n >> (k - 62));
	uint64_t frac = 0;

	for (unsigned i = 0; i < LOG2_FRAC_BITS; i++) {
		m = (m * m) >> 62;
		frac <<= 1;
		if (m >= ((unsigned __int128)2 << 62)) {
			m >>= 1;
			frac |= 1;
		}
	}
	return frac;
}

uint32_t kaslr_centibits(uint64_t n)
{
	unsigned k;

	if (n <= 1)
		return 0;
	k = 63 - clz64(n);
	return k * 100 + (uint32_t)((log2_frac(n, k) * 100) >> LOG2_FRAC_BITS);
}

uint64_t kaslr_slots(uint64_t win, uint64_t size, uint64_t granule)
{
	if (!size || size > win || !is_pow2(granule))
		return 0;
	return (win - size) / granule + 1;
}

bool kaslr_place(struct kaslr_rng *r, uint64_t start, uint64_t win,
                 uint64_t size, uint64_t granule, uint64_t fixed_base,
                 uint64_t *base, struct tern_placement *p)
{
	uint64_t n = kaslr_slots(win, size, granule);

	if (!n || (start & (granule - 1)))
		return false;
	p->granule_shift = ctz64(granule);
	if (!r) {
		*base = fixed_base;
		p->slots = 1;
		p->centibits = 0;
		return true;
	}
	*base = start + kaslr_rng_below(r, n) * granule;
	p->slots = n;
	p->centibits = kaslr_centibits(n);
	return true;
}

/* The usable 4 KiB-aligned range of descriptor d at or above min:
 * [*lo, *hi), empty when *hi <= *lo. */
static void conv_range(const struct efi_desc *d, uint64_t min, uint64_t *lo,
                       uint64_t *hi)
{
	*lo = *hi = 0;
	if (d->type != EFI_CONVENTIONAL || !d->pages)
		return;
	*hi = d->phys + d->pages * EFI_PAGE;
	*lo = d->phys > min ? d->phys : align_up(min, EFI_PAGE);
}

/* Slots in descriptor i for size bytes. */
static uint64_t desc_slots(const struct efi_map *m, size_t i, uint64_t size,
                           uint64_t min, uint64_t *lo)
{
	struct efi_desc d = efimap_get(m, i);
	uint64_t hi;

	conv_range(&d, min, lo, &hi);
	if (hi <= *lo)
		return 0;
	return kaslr_slots(hi - *lo, size, EFI_PAGE);
}

uint64_t kaslr_phys_slots(const struct efi_map *m, uint64_t size, uint64_t min)
{
	uint64_t total = 0, lo;
	size_t i, n = efimap_count(m);

	for (i = 0; i < n; i++)
		total += desc_slots(m, i, size, min, &lo);
	return total;
}

bool kaslr_phys_nth(const struct efi_map *m, uint64_t size, uint64_t min,
                    uint64_t nth, uint64_t *base)
{
	uint64_t s, lo;
	size_t i, n = efimap_count(m);

	for (i = 0; i < n; i++) {
		s = desc_slots(m, i, size, min, &lo);
		if (nth < s) {
			*base = lo + nth * EFI_PAGE;
			return true;
		}
		nth -= s;
	}
	return false;
}
