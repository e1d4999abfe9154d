/* SPDX-License-Identifier: MIT */
/*
 * The printf family on libk's formatter (libk/printf.h lists the
 * conversions: no floating point). Output is unbuffered between calls: each
 * call formats into a small stack buffer and writes it to the file
 * descriptor when the buffer fills and when the call ends, so one short
 * printf is one write(). FILE is only a named file descriptor.
 */
#ifndef _STDIO_H
#define _STDIO_H
#include <stdarg.h>
#include <stddef.h>
#include <libk/printf.h>

#define EOF (-1)

typedef struct {
	int fd;
} FILE;

extern FILE *const stdin;
extern FILE *const stdout;
extern FILE *const stderr;

int printf(const char *fmt, ...) LIBK_PRINTF_LIKE(1, 2);
int vprintf(const char *fmt, va_list ap) LIBK_PRINTF_LIKE(1, 0);
int dprintf(int fd, const char *fmt, ...) LIBK_PRINTF_LIKE(2, 3);
int vdprintf(int fd, const char *fmt, va_list ap) LIBK_PRINTF_LIKE(2, 0);
int fprintf(FILE *f, const char *fmt, ...) LIBK_PRINTF_LIKE(2, 3);
int vfprintf(FILE *f, const char *fmt, va_list ap) LIBK_PRINTF_LIKE(2, 0);
/* snprintf and vsnprintf: libk's (libk/printf.h). */

int fputs(const char *s, FILE *f);
int puts(const char *s);
int fputc(int c, FILE *f);
int putchar(int c);
#endif
