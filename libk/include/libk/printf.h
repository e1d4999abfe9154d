/* SPDX-License-Identifier: MIT */
/*
 * printf-style formatting into a caller-supplied sink.
 *
 * Conversions: %d %i %u %o %x %X %p %s %c %%
 * Flags: - 0 + space #      Width and precision: digits or *
 * Length modifiers: hh h l ll z t j
 * %s of NULL prints "(null)"; %p prints 0x and 16 hex digits.
 * A conversion libk does not know is printed literally ("%q" gives "%q"),
 * as is a lone '%' at the end of the format.
 */
#ifndef LIBK_PRINTF_H
#define LIBK_PRINTF_H
#include <stdarg.h>
#include <stddef.h>
#include <libk/cdefs.h>

#define LIBK_PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))

/* Receives n bytes of output (not NUL-terminated); may be called many times
 * per conversion. */
typedef void (*libk_sink_fn)(void *ctx, const char *s, size_t n);

/* Format to sink. Returns the number of bytes produced, or -1 if that
 * exceeds INT_MAX (the sink has still seen all of them). */
int LIBK_FN(vformat)(libk_sink_fn sink, void *ctx, const char *fmt, va_list ap)
    LIBK_PRINTF_LIKE(3, 0);

/* C vsnprintf/snprintf: write at most size bytes including the NUL (always
 * terminated when size > 0; buf may be NULL when size is 0). Return the
 * length the full output would have had, or -1 if above INT_MAX. */
int LIBK_FN(vsnprintf)(char *buf, size_t size, const char *fmt, va_list ap)
    LIBK_PRINTF_LIKE(3, 0);
int LIBK_FN(snprintf)(char *buf, size_t size, const char *fmt, ...)
    LIBK_PRINTF_LIKE(3, 4);
#endif
