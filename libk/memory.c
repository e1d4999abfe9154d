/* SPDX-License-Identifier: MIT */
/* Byte-block functions: memcpy, memmove, memset, memcmp, memchr.
 *
 * The bulk paths move 64-bit words. Stores are aligned (the destination is
 * brought to an 8-byte boundary first); loads go through an aligned(1)
 * type, which x86_64 executes natively and which is well-defined C for the
 * sanitizers. libk is built with -fno-builtin so that the compiler cannot
 * turn these loops back into calls to memcpy/memset. */
#include <stdint.h>
#include <libk/string.h>

/* gnu-efi's libefi.a (init.o) defines memcpy and memset as well. In the
 * loader ours are weak, so whichever archive member the link pulls in first,
 * there is exactly one strong definition and no duplicate-symbol error. */
#ifdef TERN_LOADER
#define EFI_YIELDS __attribute__((weak))
#else
#define EFI_YIELDS
#endif

typedef uint64_t __attribute__((aligned(1), may_alias)) uword_t;
#define WORD sizeof(uint64_t)
#define BULK (4 * WORD)

static inline uint64_t load(const unsigned char *p)
{
	return *(const uword_t *)p;
}

static inline void store(unsigned char *p, uint64_t v)
{
	*(uword_t *)p = v;
}

/* Copy n bytes lowest address first. Also correct for overlapping buffers
 * with dst < src: each group of words is loaded before it is stored, and a
 * store never reaches past the bytes already loaded. */
static void copy_forward(unsigned char *d, const unsigned char *s, size_t n)
{
	while (n && ((uintptr_t)d & (WORD - 1))) {
		*d++ = *s++;
		n--;
	}
	for (; n >= BULK; n -= BULK, d += BULK, s += BULK) {
		uint64_t a = load(s), b = load(s + 8);
		uint64_t c = load(s + 16), e = load(s + 24);
		store(d, a);
		store(d + 8, b);
		store(d + 16, c);
		store(d + 24, e);
	}
	for (; n >= WORD; n -= WORD, d += WORD, s += WORD)
		store(d, load(s));
	while (n--)
		*d++ = *s++;
}

/* Copy n bytes highest address first; correct for overlap with dst > src. */
static void copy_backward(unsigned char *d, const unsigned char *s, size_t n)
{
	d += n;
	s += n;
	while (n && ((uintptr_t)d & (WORD - 1))) {
		*--d = *--s;
		n--;
	}
	for (; n >= BULK; n -= BULK) {
		d -= BULK;
		s -= BULK;
		uint64_t a = load(s + 24), b = load(s + 16);
		uint64_t c = load(s + 8), e = load(s);
		store(d + 24, a);
		store(d + 16, b);
		store(d + 8, c);
		store(d, e);
	}
	for (; n >= WORD; n -= WORD) {
		d -= WORD;
		s -= WORD;
		store(d, load(s));
	}
	while (n--)
		*--d = *--s;
}

EFI_YIELDS void *LIBK_FN(memcpy)(void *restrict dst, const void *restrict src,
                                 size_t n)
{
	copy_forward(dst, src, n);
	return dst;
}

void *LIBK_FN(memmove)(void *dst, const void *src, size_t n)
{
	uintptr_t d = (uintptr_t)dst, s = (uintptr_t)src;

	if (d - s >= n) /* d < s, or no overlap at all */
		copy_forward(dst, src, n);
	else if (d != s)
		copy_backward(dst, src, n);
	return dst;
}

EFI_YIELDS void *LIBK_FN(memset)(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	uint64_t pattern = (unsigned char)c * 0x0101010101010101ull;

	while (n && ((uintptr_t)d & (WORD - 1))) {
		*d++ = (unsigned char)c;
		n--;
	}
	for (; n >= WORD; n -= WORD, d += WORD)
		store(d, pattern);
	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

int LIBK_FN(memcmp)(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++) {
		if (*x != *y)
			return *x < *y ? -1 : 1;
	}
	return 0;
}

void *LIBK_FN(memchr)(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n; n--, p++) {
		if (*p == (unsigned char)c)
			return (void *)p;
	}
	return NULL;
}
