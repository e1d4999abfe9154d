/* SPDX-License-Identifier: MIT */
/*
 * The block allocator's hot paths, inline so that kmalloc/kfree run them
 * without a call (private to mm/: block_alloc.c and kmalloc.c). Every
 * check of block_alloc.h's hardening is here: the slab-header magic, the
 * block-boundary check, the allocated-bitmap (double and invalid free),
 * the obfuscated and validated free-list pointer, the debug poison.
 * Slow paths (refill, parking, releasing slabs, panics) stay out of line.
 */
#ifndef MM_BLOCK_FAST_H
#define MM_BLOCK_FAST_H
#include <libk/string.h>
#include <mm/block_alloc.h>
#include <mm/mm_panic.h>

#define SLAB_MAGIC 0x62616c736e726574ull /* "ternslab" */
#define POISON     0x6b

enum slab_state { SLAB_NONE, SLAB_PARTIAL, SLAB_EMPTY };

struct slab {
	uint64_t magic; /* SLAB_MAGIC ^ key ^ address ^ class */
	void *head;     /* first free-list block (plain: header memory) */
	struct list_node link;
	uint32_t nfree; /* free blocks, listed or never used */
	uint32_t bump;  /* blocks [bump, nblocks) were never handed out */
	uint16_t cls;
	uint16_t state;
	uint32_t pad;
	uint64_t bitmap[]; /* bit i: block i is allocated */
};

/* Out of line (block_alloc.c). */
_Noreturn void block_bad(const char *what, const void *p);
void *block_alloc_refill(struct block_alloc *ba, unsigned cls);
void block_free_slow(struct block_alloc *ba, struct block_class *c,
                     struct slab *s);
#ifdef TERN_MM_DEBUG
void block_poison_check(const struct block_class *c, const uint8_t *p);
#endif

static inline uint64_t slab_magic(const struct block_alloc *ba,
                                  const struct slab *s, unsigned cls)
{
	return SLAB_MAGIC ^ ba->key ^ (uintptr_t)s ^ cls;
}

static inline uint64_t next_encode(const struct block_alloc *ba, void *slot,
                                   void *next)
{
	return (uintptr_t)next ^ ba->key ^ (uintptr_t)slot;
}

/* Index of block p in s, or panic: p must be a block boundary below bump
 * (i.e. a block that has been handed out at least once). */
static inline uint32_t block_index(const struct block_class *c,
                                   const struct slab *s, const void *p,
                                   const char *what)
{
	uint64_t off = (uintptr_t)p - (uintptr_t)s - c->first_off;
	uint64_t idx = (off * c->recip) >> 32;

	if (mm_unlikely(idx >= s->bump || idx * c->size != off))
		block_bad(what, p);
	return (uint32_t)idx;
}

/* Take the first block of s's free list, checking the pointer first. */
static inline void *slab_pop(struct block_alloc *ba,
                             const struct block_class *c, struct slab *s)
{
	uint8_t *p = s->head;
	uint32_t i = block_index(c, s, p, "corrupt free-list pointer");
	uint64_t bit = 1ull << (i & 63), w = s->bitmap[i >> 6];

	if (mm_unlikely(w & bit))
		block_bad("free-list pointer to a live block", p);
#ifdef TERN_MM_DEBUG
	block_poison_check(c, p);
#endif
	s->bitmap[i >> 6] = w | bit;
	s->head = (void *)(uintptr_t)(*(uint64_t *)p ^ ba->key ^ (uintptr_t)p);
	return p;
}

/* Class statistics: allocs is derived (frees + live), so an allocation
 * updates two counters and a free two. */
static inline void *block_alloc_inline(struct block_alloc *ba, unsigned cls)
{
	struct block_class *c = &ba->cls[cls];
	struct slab *s = c->cur;
	void *p;

	if (mm_unlikely(!s || !s->nfree))
		return block_alloc_refill(ba, cls);
	if (mm_likely(s->head != NULL)) {
		p = slab_pop(ba, c, s);
	} else {
		uint32_t i = s->bump++;

		s->bitmap[i >> 6] |= 1ull << (i & 63);
		p = (uint8_t *)s + c->first_off + (uint64_t)i * c->size;
	}
	s->nfree--;
	if (++c->live > c->high_water)
		c->high_water = c->live;
	return p;
}

/* The slab of p with its header checked. */
static inline struct slab *slab_of(const struct block_alloc *ba, const void *p)
{
	struct slab *s =
	    (void *)((uintptr_t)p & ~(uintptr_t)(BLOCK_SLAB_SIZE - 1));

	if (mm_unlikely(s->cls >= BLOCK_NCLASSES ||
	                s->magic != slab_magic(ba, s, s->cls)))
		block_bad("invalid free (no slab header) of", p);
	return s;
}

static inline void block_free_inline(struct block_alloc *ba, void *p)
{
	struct slab *s = slab_of(ba, p);
	struct block_class *c = &ba->cls[s->cls];
	uint32_t i = block_index(c, s, p, "invalid free (not a block start)");
	uint64_t bit = 1ull << (i & 63), w = s->bitmap[i >> 6];

	if (mm_unlikely(!(w & bit)))
		block_bad("double free of", p);
	s->bitmap[i >> 6] = w & ~bit;
#ifdef TERN_MM_DEBUG
	LIBK_FN(memset)(p, POISON, c->size);
#endif
	*(uint64_t *)p = next_encode(ba, p, s->head);
	s->head = p;
	c->frees++;
	c->live--;
	s->nfree++;
	if (mm_unlikely(s != c->cur))
		block_free_slow(ba, c, s);
}
#endif
