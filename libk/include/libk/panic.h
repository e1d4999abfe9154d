/* SPDX-License-Identifier: MIT */
/* panic: report a fatal error and never return. libk only declares it; the
 * kernel, the loader and the host tests each define it (host tests as
 * libk_panic, through LIBK_FN). */
#ifndef LIBK_PANIC_H
#define LIBK_PANIC_H
#include <libk/cdefs.h>
#include <libk/printf.h>

_Noreturn void LIBK_FN(panic)(const char *fmt, ...) LIBK_PRINTF_LIKE(1, 2);
#endif
