/* SPDX-License-Identifier: MIT */
/* vsnprintf/snprintf: the printf engine with a bounded-buffer sink. */
#include <libk/printf.h>
#include <libk/string.h>

struct bufsink {
	char *buf;
	size_t room; /* bytes still writable, not counting the final NUL */
	size_t used;
};

static void buf_sink(void *ctx, const char *s, size_t n)
{
	struct bufsink *b = ctx;
	size_t k = n < b->room ? n : b->room;

	if (!k)
		return;
	LIBK_FN(memcpy)(b->buf + b->used, s, k);
	b->used += k;
	b->room -= k;
}

int LIBK_FN(vsnprintf)(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct bufsink b = {buf, size ? size - 1 : 0, 0};
	int n = LIBK_FN(vformat)(buf_sink, &b, fmt, ap);

	if (size)
		buf[b.used] = '\0';
	return n;
}

int LIBK_FN(snprintf)(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = LIBK_FN(vsnprintf)(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
