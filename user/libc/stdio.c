/* SPDX-License-Identifier: MIT */
/* The printf family: libk's vformat with a sink that buffers on the stack
 * and writes to a file descriptor. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "libc_private.h"

static FILE files[3] = {{0}, {1}, {2}};
FILE *const stdin = &files[0];
FILE *const stdout = &files[1];
FILE *const stderr = &files[2];

int libc_write_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;

	while (n) {
		ssize_t k = write(fd, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

struct fdsink {
	int fd;
	int failed;
	size_t used;
	char buf[256];
};

static void fd_flush(struct fdsink *s)
{
	if (s->used && libc_write_all(s->fd, s->buf, s->used) < 0)
		s->failed = 1;
	s->used = 0;
}

static void fd_sink(void *ctx, const char *p, size_t n)
{
	struct fdsink *s = ctx;

	while (n) {
		size_t k = sizeof(s->buf) - s->used;
		if (k > n)
			k = n;
		memcpy(s->buf + s->used, p, k);
		s->used += k;
		p += k;
		n -= k;
		if (s->used == sizeof(s->buf))
			fd_flush(s);
	}
}

/* The byte count, or -1 if a write failed (errno from write). */
int vdprintf(int fd, const char *fmt, va_list ap)
{
	struct fdsink s = {.fd = fd};
	int n = vformat(fd_sink, &s, fmt, ap);

	fd_flush(&s);
	return s.failed ? -1 : n;
}

int dprintf(int fd, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = vdprintf(fd, fmt, ap);
	va_end(ap);
	return n;
}

int vfprintf(FILE *f, const char *fmt, va_list ap)
{
	return vdprintf(f->fd, fmt, ap);
}

int fprintf(FILE *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = vdprintf(f->fd, fmt, ap);
	va_end(ap);
	return n;
}

int vprintf(const char *fmt, va_list ap)
{
	return vdprintf(STDOUT_FILENO, fmt, ap);
}

int printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = vdprintf(STDOUT_FILENO, fmt, ap);
	va_end(ap);
	return n;
}

int fputs(const char *s, FILE *f)
{
	return libc_write_all(f->fd, s, strlen(s)) < 0 ? EOF : 0;
}

int puts(const char *s)
{
	return dprintf(STDOUT_FILENO, "%s\n", s) < 0 ? EOF : 0;
}

int fputc(int c, FILE *f)
{
	unsigned char b = (unsigned char)c;

	return libc_write_all(f->fd, &b, 1) < 0 ? EOF : b;
}

int putchar(int c)
{
	return fputc(c, stdout);
}
