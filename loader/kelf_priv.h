/* SPDX-License-Identifier: MIT */
/* Helpers shared by the kelf_*.c files; not part of the loader's API. */
#ifndef TERN_LOADER_KELF_PRIV_H
#define TERN_LOADER_KELF_PRIV_H
#include "kelf.h"
#include <libk/elf_pie.h>
#include <libk/printf.h>

/* Format a reason into k->err and return false. */
bool kelf_fail(struct kelf *k, const char *fmt, ...) LIBK_PRINTF_LIKE(2, 3);

/* Copy len bytes at file offset off into dst, if they lie inside the file. */
bool kelf_read(const struct kelf *k, uint64_t off, void *dst, uint64_t len);
#endif
