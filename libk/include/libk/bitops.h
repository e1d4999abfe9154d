/* SPDX-License-Identifier: MIT */
/* Bit tricks, alignment arithmetic and small helper macros. Header-only. */
#ifndef LIBK_BITOPS_H
#define LIBK_BITOPS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BIT(n) (1ull << (n))
/* Bits hi..lo inclusive set, 0 <= lo <= hi <= 63: GENMASK64(7, 4) == 0xf0. */
#define GENMASK64(hi, lo) ((~0ull >> (63 - (hi))) & (~0ull << (lo)))
/* Extract/insert a field described by a contiguous mask. */
#define FIELD_GET64(mask, v)  (((uint64_t)(v) & (mask)) >> ctz64(mask))
#define FIELD_PREP64(mask, v) (((uint64_t)(v) << ctz64(mask)) & (mask))

/* Trailing zero count; 64 for 0. */
static inline unsigned ctz64(uint64_t x)
{
	return x ? (unsigned)__builtin_ctzll(x) : 64;
}

/* Leading zero count; 64 for 0. */
static inline unsigned clz64(uint64_t x)
{
	return x ? (unsigned)__builtin_clzll(x) : 64;
}

static inline unsigned popcount64(uint64_t x)
{
	return (unsigned)__builtin_popcountll(x);
}

/* 1-based index of the lowest set bit, 0 for 0 (like POSIX ffs). */
static inline unsigned ffs64(uint64_t x)
{
	return x ? ctz64(x) + 1 : 0;
}

/* 1-based index of the highest set bit, 0 for 0. */
static inline unsigned fls64(uint64_t x)
{
	return 64 - clz64(x);
}

static inline bool is_pow2(uint64_t x)
{
	return x && !(x & (x - 1));
}

/* Alignment helpers: a must be a power of two (not checked, except by the
 * _overflow variant). align_up wraps to 0 past UINT64_MAX; use
 * align_up_overflow where x can come from outside. */
static inline uint64_t align_down(uint64_t x, uint64_t a)
{
	return x & ~(a - 1);
}

static inline uint64_t align_up(uint64_t x, uint64_t a)
{
	return (x + a - 1) & ~(a - 1);
}

static inline bool is_aligned(uint64_t x, uint64_t a)
{
	return !(x & (a - 1));
}

/* *out = x rounded up to a multiple of a. Returns true (and leaves *out
 * alone) if that overflows 64 bits or a is not a power of two, in the
 * manner of __builtin_add_overflow. */
static inline bool align_up_overflow(uint64_t x, uint64_t a, uint64_t *out)
{
	uint64_t t;

	if (!is_pow2(a) || __builtin_add_overflow(x, a - 1, &t))
		return true;
	*out = t & ~(a - 1);
	return false;
}

/* Type-generic, single-evaluation min/max/clamp (GNU C). */
#define min(a, b)                                                              \
	({                                                                     \
		__typeof__(a) _min_a = (a);                                    \
		__typeof__(b) _min_b = (b);                                    \
		_min_a < _min_b ? _min_a : _min_b;                             \
	})
#define max(a, b)                                                              \
	({                                                                     \
		__typeof__(a) _max_a = (a);                                    \
		__typeof__(b) _max_b = (b);                                    \
		_max_a > _max_b ? _max_a : _max_b;                             \
	})
#define clamp(v, lo, hi) min(max((v), (lo)), (hi))

/* Number of elements of an array; fails to compile for a pointer. */
#define ARRAY_SIZE(arr)                                                        \
	(sizeof(arr) / sizeof((arr)[0]) +                                      \
	 0 * sizeof(                                                           \
	         char[1 - 2 * __builtin_types_compatible_p(                    \
	                          __typeof__(arr), __typeof__(&(arr)[0]))]))

/* The struct of type `type` whose member `member` is at ptr. */
#define container_of(ptr, type, member)                                        \
	((type *)(void *)((char *)(ptr)-offsetof(type, member)))
#endif
