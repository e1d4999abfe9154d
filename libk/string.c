/* SPDX-License-Identifier: MIT */
#include <libk/string.h>

void *LIBK_FN(memcpy)(void *restrict dst, const void *restrict src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	while (n--)
		*d++ = *s++;
	return dst;
}

void *LIBK_FN(memset)(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

size_t LIBK_FN(strlen)(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}
