/* SPDX-License-Identifier: MIT */
/* Size-class block allocator (see mm/block_alloc.h). */
#include <libk/bitops.h>
#include <libk/string.h>
#include <mm/block_alloc.h>
#include <mm/mm_panic.h>
#include "block_fast.h"

const struct mm_platform mm_platform_none;

const uint32_t block_class_sizes[BLOCK_NCLASSES] = {
    8,   16,  24,  32,  48,  64,  80,   96,   112,  128,  160,  192,  224, 256,
    320, 384, 448, 512, 640, 768, 1024, 1280, 1536, 2048, 2560, 3072, 4096};

/* Largest power of two dividing size, capped at BLOCK_MAX_ALIGN. */
static uint32_t natural_align(uint32_t size)
{
	return min(size & -size, BLOCK_MAX_ALIGN);
}

/* Geometry of a class: as many blocks as fit after header and bitmap. */
static void class_geometry(struct block_class *c, uint32_t size)
{
	uint32_t n = (BLOCK_SLAB_SIZE - sizeof(struct slab)) / size, off;

	for (;; n--) {
		off = sizeof(struct slab) + (n + 63) / 64 * 8;
		off = align_up(off, natural_align(size));
		if (off + (uint64_t)n * size <= BLOCK_SLAB_SIZE)
			break;
	}
	c->size = size;
	c->align = natural_align(size);
	c->nblocks = n;
	c->first_off = off;
	c->recip = ((1ull << 32) + size - 1) / size;
}

void block_default_config(struct block_config *cfg)
{
	for (unsigned i = 0; i < BLOCK_NCLASSES; i++) {
		struct block_class c;

		class_geometry(&c, block_class_sizes[i]);
		cfg->reserve[i] = c.nblocks;
		cfg->bound[i] = 2 * c.nblocks;
	}
}

static void build_lookup(struct block_alloc *ba)
{
	unsigned c = 0;

	for (unsigned i = 0; i < ARRAY_SIZE(ba->by8); i++) {
		while (block_class_sizes[c] < i * 8)
			c++;
		ba->by8[i] = c;
	}
	c = 0;
	for (unsigned i = 0; i < ARRAY_SIZE(ba->by128); i++) {
		while (block_class_sizes[c] < i * 128)
			c++;
		ba->by128[i] = c;
	}
}

static struct slab *slab_new(struct block_alloc *ba, unsigned cls)
{
	struct block_class *c = &ba->cls[cls];
	struct slab *s = ba->src.get(ba->src.ctx);

	if (!s)
		return NULL;
	if ((uintptr_t)s & (BLOCK_SLAB_SIZE - 1))
		mm_panic("block: slab source gave misaligned slab %p", s);
	s->magic = slab_magic(ba, s, cls);
	s->head = NULL;
	list_init(&s->link);
	s->nfree = c->nblocks;
	mm_wr32(&s->bump, 0);
	s->cls = cls;
	s->state = SLAB_NONE;
	s->cur_of = 0;
	for (uint32_t w = 0; w < (c->nblocks + 63) / 64; w++)
		mm_wr(&s->bitmap[w], 0);
	c->capacity += c->nblocks;
	c->nslabs++;
	return s;
}

static void slab_release(struct block_alloc *ba, struct block_class *c,
                         struct slab *s)
{
	list_del(&s->link);
	c->capacity -= c->nblocks;
	c->nslabs--;
	s->magic = 0; /* later frees into it are invalid frees */
	ba->src.put(ba->src.ctx, s);
}

static void slab_park(struct block_class *c, struct slab *s, enum slab_state st)
{
	list_del(&s->link);
	list_add_head(st == SLAB_EMPTY ? &c->empty : &c->partial, &s->link);
	s->state = st;
}

int block_init(struct block_alloc *ba, const struct slab_source *src,
               uint64_t key, const struct block_config *cfg,
               const struct mm_platform *plat)
{
	struct block_config def;
	int rc = 0;

	if (!cfg) {
		block_default_config(&def);
		cfg = &def;
	}
	LIBK_FN(memset)(ba, 0, sizeof(*ba));
	ba->src = *src;
	ba->key = key | 1; /* never 0: NULL must not encode to NULL */
	ba->tag_key = (key * 0x9e3779b97f4a7c15ull) ^ 0x746167ull;
	ba->plat = plat ? plat : &mm_platform_none;
	build_lookup(ba);
	for (unsigned i = 0; i < BLOCK_NCLASSES; i++) {
		struct block_class *c = &ba->cls[i];

		class_geometry(c, block_class_sizes[i]);
		list_init(&c->partial);
		list_init(&c->empty);
		c->reserve = cfg->reserve[i];
		c->bound = max(cfg->bound[i], cfg->reserve[i] + c->nblocks);
		while (c->capacity < c->reserve) {
			struct slab *s = slab_new(ba, i);

			if (!s) {
				rc = -1;
				break;
			}
			slab_park(c, s, SLAB_EMPTY);
		}
	}
	return rc;
}

int block_class_for(const struct block_alloc *ba, size_t size, size_t align)
{
	int c;

	if (size > BLOCK_MAX_SIZE || align > BLOCK_MAX_ALIGN)
		return -1;
	size = max(size, align);
	c = size <= 1024 ? ba->by8[(size + 7) >> 3]
	                 : ba->by128[(size + 127) >> 7];
	while (c < BLOCK_NCLASSES && ba->cls[c].align < align)
		c++;
	return c < BLOCK_NCLASSES ? c : -1;
}

/* CPU cpu's current slab is full (or there is none): make a partial,
 * empty or (if grow) new slab its current one. */
static struct slab *class_refill(struct block_alloc *ba, unsigned cls,
                                 bool grow, unsigned cpu)
{
	struct block_class *c = &ba->cls[cls];
	struct list_node *n = list_first(&c->partial);
	struct slab *s;

	if (!n)
		n = list_first(&c->empty);
	if (n) {
		s = list_entry(n, struct slab, link);
		list_del(&s->link);
	} else if (!grow || !(s = slab_new(ba, cls))) {
		return NULL;
	}
	s->state = SLAB_NONE;
	if (c->cur[cpu])
		c->cur[cpu]->cur_of = 0; /* full: on no list until a free */
	c->cur[cpu] = s;
	s->cur_of = (uint16_t)(cpu + 1);
	return s;
}

_Noreturn void block_bad(const char *what, const void *p)
{
	mm_panic("block: %s %p", what, p);
}

/* Cached (mark 0): a double free. On the slab's list: a double free if the
 * bitmap agrees, else user data that happens to look like a mark. */
unsigned block_free_verify(const struct block_alloc *ba, const void *p)
{
	const struct slab *s = slab_of(ba, p);
	uint32_t i = block_index(&ba->cls[s->cls], s, p,
	                         "invalid free (not a block start)");

	if (block_free_mark(ba, p) == 0 || !slab_bit(s, i))
		block_bad("double free of", p);
	return s->cls;
}

#ifdef TERN_MM_DEBUG
void block_poison_check(const struct block_class *c, const uint8_t *p)
{
	for (uint32_t i = sizeof(uint64_t); i < c->size; i++)
		if (p[i] != POISON)
			mm_panic("block: use after free: %p modified at "
			         "offset %u (size %u)",
			         p, i, c->size);
}
#endif

/* s just became empty and is not current: park it, or give it back when
 * the class holds more free blocks than its bound and keeps at least its
 * reserve of blocks (capacity) without s. */
static void slab_emptied(struct block_alloc *ba, struct block_class *c,
                         struct slab *s)
{
	uint64_t free_blocks = c->capacity - c->out;

	if (free_blocks > c->bound && c->capacity - c->nblocks >= c->reserve)
		slab_release(ba, c, s);
	else
		slab_park(c, s, SLAB_EMPTY);
}

/* A free into a slab that is no CPU's current one: park or release it. */
static void slab_freed_into(struct block_alloc *ba, struct block_class *c,
                            struct slab *s)
{
	if (s->nfree == c->nblocks)
		slab_emptied(ba, c, s);
	else if (s->state == SLAB_NONE)
		slab_park(c, s, SLAB_PARTIAL);
}

/* Take the first block of s's free list, checking the pointer first. */
_Static_assert(SLAB_NEXT_NULL == BLOCK_SLAB_SIZE,
               "a mark above SLAB_NEXT_NULL points out of the slab");

static void *slab_pop(struct block_alloc *ba, const struct block_class *c,
                      struct slab *s)
{
	uint8_t *p = s->head;
	uint32_t i = block_index(c, s, p, "corrupt free-list pointer");

	if (mm_unlikely(slab_bit(s, i)))
		block_bad("free-list pointer to a live block", p);
#ifdef TERN_MM_DEBUG
	block_poison_check(c, p);
#endif
	/* a corrupt mark: beyond the slab it is refused here (block_index
	 * checks only an offset's low 32 bits); inside it, the next pop's
	 * block_index and bitmap checks refuse it */
	uint64_t v = block_free_mark(ba, p);

	if (mm_unlikely(v > SLAB_NEXT_NULL))
		block_bad("corrupt free-list pointer in", p);
	slab_bit_set(s, i, true);
	s->head = v == SLAB_NEXT_NULL ? NULL : (uint8_t *)s + v;
	return p;
}

void *block_slab_take(struct block_alloc *ba, unsigned cls, bool grow,
                      unsigned cpu)
{
	struct block_class *c = &ba->cls[cls];
	struct slab *s = c->cur[cpu];
	void *p;

	if (mm_unlikely(!s || !s->nfree) &&
	    !(s = class_refill(ba, cls, grow, cpu)))
		return NULL;
	if (mm_likely(s->head != NULL)) {
		p = slab_pop(ba, c, s);
	} else {
		uint32_t i = s->bump;

		slab_bit_set(s, i, true);
		mm_wr32(&s->bump, i + 1);
		p = (uint8_t *)s + c->first_off + (uint64_t)i * c->size;
	}
	s->nfree--;
	if (++c->out > c->high_water)
		c->high_water = c->out;
	return p;
}

void block_slab_give(struct block_alloc *ba, void *p)
{
	struct slab *s = slab_of(ba, p);
	struct block_class *c = &ba->cls[s->cls];
	uint32_t i = block_index(c, s, p, "invalid free (not a block start)");

	if (mm_unlikely(!slab_bit(s, i)))
		block_bad("double free of", p);
	if (mm_unlikely(*(uint64_t *)p != block_tag(ba, p)))
		block_bad("cached block modified after free:", p);
	slab_bit_set(s, i, false);
	*(uint64_t *)p =
	    block_tag(ba, p) ^
	    (s->head ? (uint64_t)((uint8_t *)s->head - (uint8_t *)s)
	             : SLAB_NEXT_NULL);
	s->head = p;
	c->out--;
	s->nfree++;
	if (mm_unlikely(!s->cur_of))
		slab_freed_into(ba, c, s);
}

size_t block_usable_size(const struct block_alloc *ba, const void *p)
{
	const struct slab *s = slab_of(ba, p);
	const struct block_class *c = &ba->cls[s->cls];
	uint32_t i = block_index(c, s, p, "not a block start:");

	if (!slab_bit(s, i) || *(const uint64_t *)p == block_tag(ba, p))
		block_bad("size of a free block", p);
	return c->size;
}

void block_stats(const struct block_alloc *ba, unsigned cls,
                 struct block_stats *out)
{
	const struct block_class *c = &ba->cls[cls];
	uint64_t allocs = 0, frees = 0;
	/* the class's counters are written under the lock (the slab layer) */
	uint64_t t = mm_lock(ba->plat);

	for (unsigned i = 0; i < MM_MAX_CPUS; i++) {
		allocs += mm_rd(&ba->cpu[i].mag[cls].allocs);
		frees += mm_rd(&ba->cpu[i].mag[cls].frees);
	}
	*out = (struct block_stats){
	    .size = c->size,
	    .align = c->align,
	    .per_slab = c->nblocks,
	    .allocs = allocs,
	    .frees = frees,
	    .live = allocs - frees,
	    .high_water = c->high_water,
	    .slabs = c->nslabs,
	    .pages = c->nslabs * (BLOCK_SLAB_SIZE / 4096),
	    .free_blocks = c->capacity - (allocs - frees),
	};
	mm_unlock(ba->plat, t);
}

void block_trim(struct block_alloc *ba)
{
	block_drain(ba);
	block_trim_slabs(ba);
}

void block_trim_slabs(struct block_alloc *ba)
{
	uint64_t t = mm_lock(ba->plat);

	for (unsigned i = 0; i < BLOCK_NCLASSES; i++) {
		struct block_class *c = &ba->cls[i];
		struct list_node *n;

		while ((n = list_first(&c->empty)) &&
		       c->capacity - c->nblocks >= c->reserve)
			slab_release(ba, c, list_entry(n, struct slab, link));
		/* the current slabs too, when empty (not on any list) */
		for (unsigned cpu = 0; cpu < MM_MAX_CPUS; cpu++) {
			struct slab *s = c->cur[cpu];

			if (s && s->nfree == c->nblocks &&
			    c->capacity - c->nblocks >= c->reserve) {
				slab_release(ba, c, s);
				c->cur[cpu] = NULL;
			}
		}
	}
	mm_unlock(ba->plat, t);
}
