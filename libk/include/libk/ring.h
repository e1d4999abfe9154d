/* SPDX-License-Identifier: MIT */
/*
 * Byte ring buffer over caller-provided storage of a power-of-two size.
 * head and tail count bytes ever written / consumed and wrap freely; the
 * storage index is the count masked by size - 1:
 *
 *   buf: [....tail######head.....]   count = head - tail <= size
 *               oldest   newest
 *
 * Not locked: callers serialize (the kernel log holds its own lock).
 */
#ifndef LIBK_RING_H
#define LIBK_RING_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct kring {
	uint8_t *buf;
	size_t mask;    /* size - 1 */
	size_t head;    /* bytes ever pushed */
	size_t tail;    /* bytes ever popped or overwritten */
	size_t dropped; /* bytes lost to overwrite (or never stored) */
};

/* Use buf[0..size) as an empty ring. Returns 0, or -1 if size is not a
 * power of two (the ring is then unusable). */
int kring_init(struct kring *r, void *buf, size_t size);

static inline size_t kring_size(const struct kring *r)
{
	return r->mask + 1;
}

static inline size_t kring_count(const struct kring *r)
{
	return r->head - r->tail;
}

static inline size_t kring_space(const struct kring *r)
{
	return kring_size(r) - kring_count(r);
}

/* Append n bytes. Without overwrite, stores what fits and drops the rest.
 * With overwrite, discards the oldest bytes to make room (if n > size,
 * only the last size bytes of data are kept). Returns bytes stored;
 * r->dropped grows by the bytes lost either way. */
size_t kring_push(struct kring *r, const void *data, size_t n, bool overwrite);

/* Copy up to n bytes starting off bytes after the oldest, without
 * consuming them. Returns bytes copied. */
size_t kring_peek(const struct kring *r, size_t off, void *out, size_t n);

/* Remove up to n oldest bytes, copying them to out unless out is NULL.
 * Returns bytes removed. */
size_t kring_pop(struct kring *r, void *out, size_t n);
#endif
