/* SPDX-License-Identifier: MIT */
#ifndef LIBK_STRING_H
#define LIBK_STRING_H
#include <stddef.h>
#include <libk/cdefs.h>

void *LIBK_FN(memcpy)(void *restrict dst, const void *restrict src, size_t n);
void *LIBK_FN(memset)(void *dst, int c, size_t n);
size_t LIBK_FN(strlen)(const char *s);
#endif
