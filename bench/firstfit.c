/* SPDX-License-Identifier: MIT */
/*
 * First-fit over a free list kept in address order:
 *
 *   [hdr|payload....][hdr|free.......][hdr|payload][hdr|free.......]
 *                     ^ head ------------------------> next
 *
 * malloc walks from the head to the first block big enough and splits it;
 * free walks to the insertion point and merges with both neighbours. Both
 * are O(free blocks).
 */
#include <stdint.h>
#include "firstfit.h"

struct ff_block {
	size_t size;           /* bytes including this header */
	struct ff_block *next; /* free list only */
};

#define HDR       sizeof(struct ff_block)
#define MIN_SPLIT (2 * HDR)

static struct ff_block *head;
static uint8_t *base;
static size_t peak;

void ff_init(void *arena, size_t size)
{
	base = arena;
	head = arena;
	head->size = size;
	head->next = NULL;
	peak = 0;
}

void *ff_malloc(size_t size)
{
	size_t need = ((size + 15) & ~(size_t)15) + HDR;
	struct ff_block **link = &head, *b;

	for (b = head; b; link = &b->next, b = b->next) {
		if (b->size < need)
			continue;
		if (b->size - need >= MIN_SPLIT) {
			struct ff_block *rest = (void *)((uint8_t *)b + need);

			rest->size = b->size - need;
			rest->next = b->next;
			*link = rest;
			b->size = need;
		} else {
			*link = b->next;
		}
		if ((size_t)((uint8_t *)b + b->size - base) > peak)
			peak = (uint8_t *)b + b->size - base;
		return b + 1;
	}
	return NULL;
}

void ff_free(void *p)
{
	struct ff_block *b = (struct ff_block *)p - 1, *prev = NULL, *n = head;

	while (n && n < b) {
		prev = n;
		n = n->next;
	}
	b->next = n;
	if (n && (uint8_t *)b + b->size == (uint8_t *)n) {
		b->size += n->size;
		b->next = n->next;
	}
	if (prev && (uint8_t *)prev + prev->size == (uint8_t *)b) {
		prev->size += b->size;
		prev->next = b->next;
	} else if (prev) {
		prev->next = b;
	} else {
		head = b;
	}
}

size_t ff_peak(void)
{
	return peak;
}
