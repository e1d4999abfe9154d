/* SPDX-License-Identifier: MIT */
/* NUL-terminated string functions. Byte at a time: the strings libk sees
 * (command lines, names, log messages) are short. */
#include <libk/string.h>

size_t LIBK_FN(strlen)(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

size_t LIBK_FN(strnlen)(const char *s, size_t maxlen)
{
	size_t n = 0;

	while (n < maxlen && s[n])
		n++;
	return n;
}

int LIBK_FN(strcmp)(const char *a, const char *b)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;

	while (*x && *x == *y) {
		x++;
		y++;
	}
	return (*x > *y) - (*x < *y);
}

int LIBK_FN(strncmp)(const char *a, const char *b, size_t n)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;

	for (; n; n--, x++, y++) {
		if (*x != *y || !*x)
			return (*x > *y) - (*x < *y);
	}
	return 0;
}

char *LIBK_FN(strchr)(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *LIBK_FN(strrchr)(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

/* Naive search, O(strlen(haystack) * strlen(needle)): fine for short text. */
char *LIBK_FN(strstr)(const char *haystack, const char *needle)
{
	size_t nlen = LIBK_FN(strlen)(needle);

	for (; *haystack; haystack++) {
		if (!LIBK_FN(strncmp)(haystack, needle, nlen))
			return (char *)haystack;
	}
	return nlen ? NULL : (char *)haystack;
}

size_t LIBK_FN(strlcpy)(char *restrict dst, const char *restrict src,
                        size_t size)
{
	size_t len = LIBK_FN(strlen)(src);

	if (size) {
		size_t n = len < size - 1 ? len : size - 1;
		LIBK_FN(memcpy)(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

size_t LIBK_FN(strlcat)(char *restrict dst, const char *restrict src,
                        size_t size)
{
	size_t dlen = LIBK_FN(strnlen)(dst, size);

	if (dlen == size) /* dst not terminated within size: nothing fits */
		return size + LIBK_FN(strlen)(src);
	return dlen + LIBK_FN(strlcpy)(dst + dlen, src, size - dlen);
}
