/* SPDX-License-Identifier: MIT */
/* Byte ring buffer; see <libk/ring.h> for the layout. */
#include <libk/bitops.h>
#include <libk/ring.h>
#include <libk/string.h>

int kring_init(struct kring *r, void *buf, size_t size)
{
	*r = (struct kring){0};
	if (!buf || !is_pow2(size))
		return -1;
	r->buf = buf;
	r->mask = size - 1;
	return 0;
}

/* Copy n <= size bytes into the storage at stream position pos. */
static void copy_in(struct kring *r, size_t pos, const uint8_t *src, size_t n)
{
	size_t i = pos & r->mask;
	size_t first = min(n, kring_size(r) - i);

	LIBK_FN(memcpy)(r->buf + i, src, first);
	LIBK_FN(memcpy)(r->buf, src + first, n - first);
}

/* Copy n <= count bytes out of the storage from stream position pos. */
static void copy_out(const struct kring *r, size_t pos, uint8_t *dst, size_t n)
{
	size_t i = pos & r->mask;
	size_t first = min(n, kring_size(r) - i);

	LIBK_FN(memcpy)(dst, r->buf + i, first);
	LIBK_FN(memcpy)(dst + first, r->buf, n - first);
}

size_t kring_push(struct kring *r, const void *data, size_t n, bool overwrite)
{
	const uint8_t *src = data;

	if (!overwrite) {
		size_t k = min(n, kring_space(r));
		r->dropped += n - k;
		n = k;
	} else {
		if (n > kring_size(r)) {
			r->dropped += n - kring_size(r);
			src += n - kring_size(r);
			n = kring_size(r);
		}
		if (n > kring_space(r)) {
			size_t lose = n - kring_space(r);
			r->tail += lose;
			r->dropped += lose;
		}
	}
	if (n)
		copy_in(r, r->head, src, n);
	r->head += n;
	return n;
}

size_t kring_peek(const struct kring *r, size_t off, void *out, size_t n)
{
	size_t count = kring_count(r);

	if (off >= count)
		return 0;
	n = min(n, count - off);
	if (n)
		copy_out(r, r->tail + off, out, n);
	return n;
}

size_t kring_pop(struct kring *r, void *out, size_t n)
{
	n = min(n, kring_count(r));
	if (out && n)
		copy_out(r, r->tail, out, n);
	r->tail += n;
	return n;
}
