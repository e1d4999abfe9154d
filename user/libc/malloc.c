/* SPDX-License-Identifier: MIT */
/*
 * malloc on anonymous mmap.
 *
 * Every block starts with a 16-byte header (so payloads stay 16-byte
 * aligned) holding a magic word, its size class and the requested size.
 * Small requests (up to 4 KiB) are rounded up to one of 28 size classes:
 * multiples of 16 up to 128, then four steps per doubling (160, 192, 224,
 * 256, 320, ...). Each class has a LIFO free list threaded through freed
 * payloads, and refills from 64 KiB chunks that it carves lazily with a
 * bump pointer. So malloc and free of a small block are O(1), and memory
 * goes back to its class, never to the kernel. Larger requests get a
 * mapping of their own, returned with munmap by free.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "libc_private.h"

#define HDR        16u
#define CHUNK      (64u * 1024u)
#define PAGE       4096u
#define MAX_SMALL  4096u
#define NCLASSES   28u
#define LARGE      0xffffu /* hdr.cls of a block with its own mapping */
#define MAGIC_USED 0x6d616c6cu
#define MAGIC_FREE 0x66726565u

struct hdr {
	uint32_t magic;
	uint32_t cls;
	uint64_t
	    size; /* requested; a LARGE block's mapping is large_len(size) */
};
_Static_assert(sizeof(struct hdr) == HDR, "header keeps 16-byte alignment");

struct free_block {
	struct free_block *next;
};

struct class_state {
	struct free_block *free;
	char *bump, *bump_end; /* the uncarved rest of the current chunk */
};

static struct class_state classes[NCLASSES];

/* Payload size of class c. */
static size_t class_size(unsigned c)
{
	if (c < 8)
		return 16u * (c + 1);
	unsigned step = (c - 8) / 4, k = (c - 8) % 4;
	size_t base = 128u << step;

	return base + (k + 1) * (base / 4);
}

/* The smallest class holding n bytes (n <= MAX_SMALL). */
static unsigned class_of(size_t n)
{
	if (n <= 128)
		return n ? (unsigned)((n - 1) / 16) : 0;
	unsigned c = 8;
	while (class_size(c) < n)
		c++;
	return c;
}

static void *map(size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
	               MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

static size_t large_len(size_t size)
{
	return (HDR + size + PAGE - 1) & ~(size_t)(PAGE - 1);
}

static struct hdr *alloc_small(unsigned c)
{
	struct class_state *cs = &classes[c];
	size_t stride = HDR + class_size(c);

	if (cs->free) {
		struct free_block *b = cs->free;
		cs->free = b->next;
		return (struct hdr *)((char *)b - HDR);
	}
	if ((size_t)(cs->bump_end - cs->bump) < stride) {
		char *chunk = map(CHUNK);
		if (!chunk)
			return NULL;
		cs->bump = chunk;
		cs->bump_end = chunk + CHUNK - CHUNK % stride;
	}
	struct hdr *h = (struct hdr *)cs->bump;
	cs->bump += stride;
	return h;
}

void *malloc(size_t size)
{
	struct hdr *h;
	unsigned c;

	if (size > MAX_SMALL) {
		if (size > SIZE_MAX / 2) {
			errno = ENOMEM;
			return NULL;
		}
		h = map(large_len(size));
		c = LARGE;
	} else {
		c = class_of(size);
		h = alloc_small(c);
	}
	if (!h) {
		errno = ENOMEM;
		return NULL;
	}
	h->magic = MAGIC_USED;
	h->cls = c;
	h->size = size;
	return (char *)h + HDR;
}

/* The header of a block malloc returned; aborts on anything else it can
 * recognise (a freed block, a foreign pointer with a bad header). */
static struct hdr *header_of(void *p)
{
	struct hdr *h = (struct hdr *)((char *)p - HDR);

	if (((uintptr_t)p & (HDR - 1)) || h->magic == MAGIC_FREE)
		libc_fatal("free: double free or bad pointer");
	if (h->magic != MAGIC_USED || (h->cls >= NCLASSES && h->cls != LARGE))
		libc_fatal("free: pointer not from malloc (bad header)");
	return h;
}

void free(void *p)
{
	if (!p)
		return;
	struct hdr *h = header_of(p);

	h->magic = MAGIC_FREE;
	if (h->cls == LARGE) {
		(void)munmap(h, large_len(h->size));
		return;
	}
	struct free_block *b = p;
	b->next = classes[h->cls].free;
	classes[h->cls].free = b;
}

void *calloc(size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size) {
		errno = ENOMEM;
		return NULL;
	}
	void *p = malloc(n * size);
	if (p)
		memset(p, 0, n * size);
	return p;
}

/* Stays in place when the new size has the same class, or for a large
 * block the same mapping length (free unmaps large_len(size)). */
void *realloc(void *p, size_t size)
{
	if (!p)
		return malloc(size);
	if (!size) {
		free(p);
		return NULL;
	}
	struct hdr *h = header_of(p);
	int same = h->cls == LARGE
	               ? size > MAX_SMALL && size <= SIZE_MAX / 2 &&
	                     large_len(size) == large_len(h->size)
	               : size <= MAX_SMALL && class_of(size) == h->cls;
	if (same) {
		h->size = size;
		return p;
	}
	void *q = malloc(size);
	if (!q)
		return NULL;
	memcpy(q, p, h->size < size ? h->size : size);
	free(p);
	return q;
}
