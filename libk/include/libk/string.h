/* SPDX-License-Identifier: MIT */
/* Memory and string functions with C semantics (names via LIBK_FN).
 * memcpy/memmove/memset/memcmp must exist in every freestanding image: the
 * compiler emits calls to them on its own (struct copies, zeroing). */
#ifndef LIBK_STRING_H
#define LIBK_STRING_H
#include <stddef.h>
#include <libk/cdefs.h>

void *LIBK_FN(memcpy)(void *restrict dst, const void *restrict src, size_t n);
void *LIBK_FN(memmove)(void *dst, const void *src, size_t n);
void *LIBK_FN(memset)(void *dst, int c, size_t n);
int LIBK_FN(memcmp)(const void *a, const void *b, size_t n);
void *LIBK_FN(memchr)(const void *s, int c, size_t n);

size_t LIBK_FN(strlen)(const char *s);
size_t LIBK_FN(strnlen)(const char *s, size_t maxlen);
int LIBK_FN(strcmp)(const char *a, const char *b);
int LIBK_FN(strncmp)(const char *a, const char *b, size_t n);
char *LIBK_FN(strchr)(const char *s, int c);
char *LIBK_FN(strrchr)(const char *s, int c);
char *LIBK_FN(strstr)(const char *haystack, const char *needle);

/* BSD strlcpy/strlcat: copy/append into a buffer of size bytes, always
 * NUL-terminating when size > 0. They return the length of the string they
 * tried to create (strlen(src), or initial strnlen(dst, size) + strlen(src)),
 * so a result >= size means the output was truncated. */
size_t LIBK_FN(strlcpy)(char *restrict dst, const char *restrict src,
                        size_t size);
size_t LIBK_FN(strlcat)(char *restrict dst, const char *restrict src,
                        size_t size);
#endif
