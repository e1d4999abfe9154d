/* SPDX-License-Identifier: MIT */
/*
 * The block allocator's hot paths, inline so that kmalloc/kfree run them
 * without a call (private to mm/: block_*.c and kmalloc.c): the per-CPU
 * magazine pop and push with the checks of block_alloc.h's hardening (slab
 * header, block boundary, bitmap, tag, debug poison). The depot
 * (block_cache.c, per CPU, no lock) and the slab layer (block_alloc.c,
 * under the platform lock) are out of line.
 */
#ifndef MM_BLOCK_FAST_H
#define MM_BLOCK_FAST_H
#include <stdbool.h>
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
	uint16_t cur_of; /* 1 + the CPU whose current slab it is, or 0 */
	uint16_t pad;
	uint64_t bitmap[]; /* bit i: block i is allocated */
};

/* Out of line. Slab layer (block_alloc.c, under the lock): a block of cls
 * out of CPU cpu's current slab (or the partial, empty or, only if grow,
 * a new slab, which becomes its current one; NULL: none, or source
 * exhausted), and a block back into its slab with every check. */
_Noreturn void block_bad(const char *what, const void *p);
void *block_slab_take(struct block_alloc *ba, unsigned cls, bool grow,
                      unsigned cpu);
void block_slab_give(struct block_alloc *ba, void *p);
/* Depot (block_cache.c, inside CPU cpu's local section; the slabs under
 * the lock): the slow paths of block_alloc_local and block_free_local,
 * whole, so that the fast paths reach them by a tail call and save no
 * register: fill CPU cpu's empty magazine of cls and pop a block from it
 * (NULL: no memory); make room in its full one and push p. */
void *block_alloc_refill(struct block_alloc *ba, unsigned cpu, unsigned cls);
void block_free_flush(struct block_alloc *ba, unsigned cpu, unsigned cls,
                      void *p);
#ifdef TERN_MM_DEBUG
void block_poison_check(const struct block_class *c, const uint8_t *p);
#endif

static inline uint64_t slab_magic(const struct block_alloc *ba,
                                  const struct slab *s, unsigned cls)
{
	return SLAB_MAGIC ^ ba->key ^ (uintptr_t)s ^ cls;
}

/*
 * The first word of a free block is its tag, key2 ^ its address, XORed
 * with v: 0 while the block is cached (magazine or depot), and while it is
 * on its slab's free list the next block's offset in the slab (a block
 * never starts at offset 0, the header does) or SLAB_NEXT_NULL at the end
 * of the list. So a free can tell both kinds of free block from a live one
 * by the block's own first word.
 */
#define SLAB_NEXT_NULL 0x10000u

static inline uint64_t block_tag(const struct block_alloc *ba, const void *p)
{
	return ba->tag_key ^ (uintptr_t)p;
}

/* v of a free block (see above); anything above SLAB_NEXT_NULL in a live
 * one, but for a chance of 2^-47 per free on secret-keyed user data. */
static inline uint64_t block_free_mark(const struct block_alloc *ba,
                                       const void *p)
{
	return *(const uint64_t *)p ^ block_tag(ba, p);
}

/* Bitmap words are written under the lock but read by any CPU's free. */
static inline bool slab_bit(const struct slab *s, uint32_t i)
{
	return (mm_rd(&s->bitmap[i >> 6]) >> (i & 63)) & 1;
}

static inline void slab_bit_set(struct slab *s, uint32_t i, bool on)
{
	uint64_t w = s->bitmap[i >> 6], bit = 1ull << (i & 63);

	mm_wr(&s->bitmap[i >> 6], on ? w | bit : w & ~bit);
}

/*
 * Index of block p in s, or panic: p must be a block boundary below bump
 * (i.e. a block that has been handed out at least once). One multiply:
 * with m = recip = ceil(2^32 / size) = (2^32 + e) / size, 0 <= e < size,
 * and off = q size + r < 2^16, off m = q 2^32 + (q e + r m) where the low
 * part q e + r m < 2^32 (q e < 2^16, r m <= 2^32 + e - m, m >= 2^20 as
 * size <= 4096): so the high half is q and the low half is below m exactly
 * when r = 0. An offset below first_off wraps to about 2^32 in 32 bits,
 * whose quotient (>= 2^20) fails the bump check.
 */
static inline uint32_t block_index(const struct block_class *c,
                                   const struct slab *s, const void *p,
                                   const char *what)
{
	uint32_t off = (uint32_t)((uintptr_t)p - (uintptr_t)s) - c->first_off;
	uint64_t prod = off * c->recip;

	if (mm_unlikely((prod >> 32) >= mm_rd32(&s->bump) ||
	                (uint32_t)prod >= c->recip))
		block_bad(what, p);
	return (uint32_t)(prod >> 32);
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

/* Pop a block from magazine m (of class cls, not empty), checking and
 * clearing its tag. */
static inline void *block_mag_pop(struct block_alloc *ba, struct block_mag *m,
                                  unsigned cls)
{
	uint64_t *p = m->slot[--m->n];

	if (mm_unlikely(*p != block_tag(ba, p)))
		block_bad("cached block modified after free (or corrupt "
		          "magazine):",
		          p);
	*p = 0;
#ifdef TERN_MM_DEBUG
	block_poison_check(&ba->cls[cls], (const uint8_t *)p);
#else
	(void)cls;
#endif
	mm_wr(&m->allocs, m->allocs + 1);
	return p;
}

/* Pop a block of cls from CPU cpu's magazine (inside its local section),
 * checking and clearing its tag; NULL when memory is exhausted. */
static inline void *block_alloc_local(struct block_alloc *ba, unsigned cpu,
                                      unsigned cls)
{
	struct block_mag *m = &ba->cpu[cpu].mag[cls];

	if (mm_unlikely(!m->n))
		return block_alloc_refill(ba, cpu, cls);
	return block_mag_pop(ba, m, cls);
}

/* The class of p, after the checks a free makes before caching it that
 * need no call: slab header and block boundary (a failure panics), and
 * the free mark of its first word; BLOCK_NCLASSES when that looks free
 * (block_free_verify decides). Outside any section: it reads only p's
 * slab header and first word, not the bitmap. */
static inline unsigned block_free_class(const struct block_alloc *ba,
                                        const void *p)
{
	const struct slab *s = slab_of(ba, p);
	const struct block_class *c = &ba->cls[s->cls];

	(void)block_index(c, s, p, "invalid free (not a block start)");
	if (mm_unlikely(block_free_mark(ba, p) <= SLAB_NEXT_NULL))
		return BLOCK_NCLASSES;
	return s->cls;
}

/* Out of line (block_alloc.c), for a block_free_class of BLOCK_NCLASSES:
 * panic on a double free (cached: at once; on the slab's list: once the
 * bitmap confirms it), else (a live block whose first word happens to
 * look free) return its class. */
unsigned block_free_verify(const struct block_alloc *ba, const void *p);

/* The class of p, after every check a free makes before caching it. */
static inline unsigned block_free_check(const struct block_alloc *ba,
                                        const void *p)
{
	unsigned cls = block_free_class(ba, p);

	return mm_likely(cls != BLOCK_NCLASSES) ? cls
	                                        : block_free_verify(ba, p);
}

/* Push block p of class cls onto magazine m (not full), tagged (and
 * poisoned in debug builds). */
static inline void block_mag_push(struct block_alloc *ba, struct block_mag *m,
                                  unsigned cls, void *p)
{
#ifdef TERN_MM_DEBUG
	LIBK_FN(memset)(p, POISON, ba->cls[cls].size);
#else
	(void)cls;
#endif
	*(uint64_t *)p = block_tag(ba, p);
	m->slot[m->n++] = p;
	mm_wr(&m->frees, m->frees + 1);
}

/* Push checked block p of cls onto CPU cpu's magazine (inside its local
 * section), tagged (and poisoned in debug builds). */
static inline void block_free_local(struct block_alloc *ba, unsigned cpu,
                                    unsigned cls, void *p)
{
	struct block_mag *m = &ba->cpu[cpu].mag[cls];

	if (mm_unlikely(m->n == BLOCK_MAG_CAP)) {
		block_free_flush(ba, cpu, cls, p);
		return;
	}
	block_mag_push(ba, m, cls, p);
}
#endif
