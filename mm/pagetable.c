/* SPDX-License-Identifier: MIT */
/* 4-level page-table operations (see mm/pagetable.h; the entry format
 * is in <tern/pte.h>). */
#include <stdbool.h>
#include <libk/bitops.h>
#include <libk/string.h>
#include <mm/pagetable.h>

/* A walk: the entry pointer at each level, [PT_LEVELS] = PML4 ... [1] = PT. */
struct walk {
	uint64_t *entry[PT_LEVELS + 1];
	unsigned stop; /* level whose table could not be allocated */
};

static uint64_t *table_at(const struct pt_space *s, uint64_t pa)
{
	return mm_phys_to_virt(s->plat, pa & PTE_ADDR);
}

/* The level of the leaf that flags ask for: 2 (PT_HUGE) or 1. */
static unsigned leaf_level(unsigned flags)
{
	return flags & PT_HUGE ? 2 : 1;
}

/* a is aligned to the size of a leaf at level. */
static bool aligned(uint64_t a, unsigned level)
{
	return !(a & ((1ull << pt_level_shift(level)) - 1));
}

static bool va_ok(uint64_t va, unsigned level)
{
	return aligned(va, level) && pt_canonical(va);
}

/* The PTE bits of a memory type (the PAT stays clear, so they are the
 * same in a 4 KiB PTE and a 2 MiB PDE). */
static uint64_t cache_bits(unsigned flags)
{
	switch (flags & PT_CACHE) {
	case PT_WC:
		return PTE_CACHE_WC;
	case PT_UC:
		return PTE_CACHE_UC;
	default:
		return PTE_CACHE_WB;
	}
}

/* The memory type of leaf e at level, as PT_WB, PT_WC or PT_UC through
 * the PAT layout the kernel programs (PAT_TERN), or PT_CACHE. */
static unsigned cache_flags(uint64_t e, unsigned level)
{
	switch ((PAT_TERN >> (8 * pte_pat_index(e, level))) & 0xff) {
	case PAT_TYPE_WB:
		return PT_WB;
	case PAT_TYPE_WC:
		return PT_WC;
	case PAT_TYPE_UC:
		return PT_UC;
	default:
		return PT_CACHE;
	}
}

static uint64_t leaf_bits(unsigned flags)
{
	return PTE_P | (flags & PT_WRITE ? PTE_RW : 0) |
	       (flags & PT_EXEC ? 0 : PTE_NX) | cache_bits(flags) |
	       (flags & PT_HUGE ? PTE_PS : 0) | (flags & PT_USER ? PTE_US : 0) |
	       (flags & PT_COW ? PTE_SW_COW : 0);
}

static int check_flags(unsigned flags)
{
	if ((flags &
	     ~(PT_WRITE | PT_EXEC | PT_CACHE | PT_HUGE | PT_USER | PT_COW)) ||
	    (flags & PT_CACHE) == PT_CACHE)
		return PT_EINVAL;
	if ((flags & PT_WRITE) && (flags & PT_EXEC))
		return PT_EWX;
	/* copy on write: a read-only user leaf only */
	if ((flags & PT_COW) && (!(flags & PT_USER) || (flags & PT_WRITE)))
		return PT_EINVAL;
	return PT_OK;
}

/* A fresh zeroed table frame, or MM_NO_PHYS. */
static uint64_t table_new(struct pt_space *s)
{
	uint64_t pa = frame_alloc(s->fa);

	if (pa == MM_NO_PHYS)
		return pa;
	LIBK_FN(memset)(table_at(s, pa), 0, FRAME_SIZE);
	s->tables++;
	return pa;
}

/*
 * Walk down to va's entry at level leaf (1 = PT, 2 = PD), filling w. With
 * create, missing tables are allocated. Returns PT_OK (w->entry[leaf]
 * valid), PT_ENOENT (a table is missing, no create), PT_ENOMEM or PT_EHUGE
 * (a large leaf on the way).
 */
static int walk(struct pt_space *s, uint64_t va, unsigned leaf, bool create,
                struct walk *w)
{
	uint64_t table = s->root;

	for (unsigned level = PT_LEVELS; level > leaf; level--) {
		uint64_t *e = table_at(s, table) + pt_index(va, level);

		w->entry[level] = e;
		if (!(*e & PTE_P)) {
			if (!create)
				return PT_ENOENT;
			uint64_t t = table_new(s);

			if (t == MM_NO_PHYS) {
				w->stop = level;
				return PT_ENOMEM;
			}
			*e = t | PTE_P | PTE_RW;
		} else if (*e & PTE_PS) {
			return level == PT_LEVELS ? PT_EINVAL : PT_EHUGE;
		}
		table = *e & PTE_ADDR;
	}
	w->entry[leaf] = table_at(s, table) + pt_index(va, leaf);
	return PT_OK;
}

/* True if all 512 entries of the table holding e are zero. Scans from the
 * start and stops at the first entry in use. */
static bool table_empty(const uint64_t *e)
{
	const uint64_t *t =
	    (const uint64_t *)((uintptr_t)e & ~(uintptr_t)(FRAME_SIZE - 1));

	for (unsigned i = 0; i < PT_ENTRIES; i++)
		if (t[i])
			return false;
	return true;
}

/*
 * Unlink the tables on w's path (PT upwards, never the root) that are
 * empty and owned by the frame allocator; their frames go to out[]. The
 * caller invalidates the TLB before freeing them (SDM Vol. 3A, 4.10.4.1:
 * INVLPG also drops paging-structure cache entries). Returns the count.
 */
static unsigned prune(struct pt_space *s, struct walk *w, unsigned from,
                      uint64_t out[PT_LEVELS])
{
	unsigned n = 0;

	for (unsigned level = from; level < PT_LEVELS; level++) {
		uint64_t *parent = w->entry[level + 1];
		uint64_t pa = *parent & PTE_ADDR;

		if (!table_empty(w->entry[level]) ||
		    !frame_is_allocated(s->fa, pa))
			break;
		*parent = 0;
		out[n++] = pa;
	}
	return n;
}

static void invalidate(struct pt_space *s, uint64_t va)
{
	if (s->invalidate)
		s->invalidate(s->ctx, va);
}

static void tables_free(struct pt_space *s, const uint64_t *pa, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		frame_free(s->fa, pa[i]);
	s->tables -= n;
}

/* After a create-walk ran out of frames at level w->stop: give back the
 * tables it made that are still empty (nothing was mapped through them,
 * so no TLB entry can refer to them). */
static void unwind(struct pt_space *s, struct walk *w)
{
	uint64_t dead[PT_LEVELS];
	unsigned n = prune(s, w, w->stop, dead);

	tables_free(s, dead, n);
}

/* The lower half only (SDM Vol. 3A, 3.3.7.1: bit 47 clear): the kernel
 * half is never user-accessible. */
static bool user_ok(uint64_t va, unsigned flags)
{
	return !(flags & PT_USER) || !(va >> 47);
}

/* A user leaf needs U/S in every entry above it too (SDM Vol. 3A, 4.6.1);
 * a supervisor leaf under such a path stays supervisor-only. */
static void path_user(struct walk *w, unsigned leaf, unsigned flags)
{
	for (unsigned level = leaf + 1; (flags & PT_USER) && level <= PT_LEVELS;
	     level++)
		*w->entry[level] |= PTE_US;
}

int pt_map(struct pt_space *s, uint64_t va, uint64_t pa, unsigned flags)
{
	struct walk w;
	unsigned leaf = leaf_level(flags);
	int rc = check_flags(flags);

	if (rc)
		return rc;
	if (!va_ok(va, leaf) || !aligned(pa, leaf) || (pa & ~PTE_ADDR) ||
	    !user_ok(va, flags))
		return PT_EINVAL;
	rc = walk(s, va, leaf, true, &w);
	if (rc == PT_ENOMEM) {
		unwind(s, &w);
		return rc;
	}
	if (rc)
		return rc;
	if (*w.entry[leaf] & PTE_P)
		return PT_EEXIST;
	path_user(&w, leaf, flags);
	*w.entry[leaf] = pa | leaf_bits(flags);
	return PT_OK;
}

uint64_t pt_unmap(struct pt_space *s, uint64_t va, int *err)
{
	struct walk w;
	uint64_t dead[PT_LEVELS], pa;
	int rc = va_ok(va, 1) ? walk(s, va, 1, false, &w) : PT_EINVAL;
	unsigned n;

	if (!rc && !(*w.entry[1] & PTE_P))
		rc = PT_ENOENT;
	if (err)
		*err = rc;
	if (rc)
		return MM_NO_PHYS;
	pa = *w.entry[1] & PTE_ADDR;
	*w.entry[1] = 0;
	n = prune(s, &w, 1, dead);
	invalidate(s, va);
	if (n && s->sync) /* no CPU walks a freed table (SDM 3A, 4.10.4.1) */
		s->sync(s->ctx);
	tables_free(s, dead, n);
	return pa;
}

/* Rewrite the mapped 4 KiB leaf at va with flags, and with the frame at
 * *pa if pa is not NULL (else its own). Allocates and frees nothing. */
static int set_leaf(struct pt_space *s, uint64_t va, const uint64_t *pa,
                    unsigned flags)
{
	struct walk w;
	uint64_t frame;
	int rc = check_flags(flags);

	if (rc)
		return rc;
	if ((flags & PT_HUGE) || !user_ok(va, flags) ||
	    (pa && (*pa & ~PTE_ADDR)))
		return PT_EINVAL;
	rc = va_ok(va, 1) ? walk(s, va, 1, false, &w) : PT_EINVAL;
	if (rc)
		return rc;
	if (!(*w.entry[1] & PTE_P))
		return PT_ENOENT;
	frame = pa ? *pa : *w.entry[1] & PTE_ADDR;
	path_user(&w, 1, flags);
	*w.entry[1] = frame | leaf_bits(flags);
	invalidate(s, va);
	return PT_OK;
}

int pt_protect(struct pt_space *s, uint64_t va, unsigned flags)
{
	return set_leaf(s, va, NULL, flags);
}

int pt_remap(struct pt_space *s, uint64_t va, uint64_t pa, unsigned flags)
{
	return set_leaf(s, va, &pa, flags);
}

unsigned pt_query(const struct pt_space *s, uint64_t va, uint64_t *pa,
                  unsigned *flags)
{
	uint64_t table = s->root, e = 0;
	bool w = true, x = true, u = true;
	unsigned level;

	for (level = PT_LEVELS; level >= 1; level--) {
		e = table_at(s, table)[pt_index(va, level)];
		if (!(e & PTE_P))
			return 0;
		w &= !!(e & PTE_RW);
		x &= !(e & PTE_NX);
		u &= !!(e & PTE_US);
		if (pte_is_leaf(e, level))
			break;
		table = e & PTE_ADDR;
	}
	uint64_t span = 1ull << pt_level_shift(level);

	*pa = (e & PTE_ADDR & ~(span - 1)) + (va & (span - 1));
	*flags = (w ? PT_WRITE : 0) | (x ? PT_EXEC : 0) | (u ? PT_USER : 0) |
	         (e & PTE_SW_COW ? PT_COW : 0) | cache_flags(e, level);
	return level;
}

/* Free the table at pa (level: 3 = PDPT ... 1 = PT) and everything below
 * it: each 4 KiB leaf's frame goes to leaf_fn, each table the frame
 * allocator owns back to it. Returns the leaves released. */
static uint64_t clear_table(struct pt_space *s, uint64_t pa, unsigned level,
                            void (*leaf_fn)(void *ctx, uint64_t pa), void *ctx)
{
	uint64_t *t = table_at(s, pa), n = 0;

	for (unsigned i = 0; i < PT_ENTRIES; i++) {
		uint64_t e = t[i];

		if (!(e & PTE_P))
			continue;
		t[i] = 0;
		if (level == 1) {
			leaf_fn(ctx, e & PTE_ADDR);
			n++;
		} else if (!(e & PTE_PS)) { /* large leaves: not ours to free */
			n += clear_table(s, e & PTE_ADDR, level - 1, leaf_fn,
			                 ctx);
		}
	}
	if (frame_is_allocated(s->fa, pa))
		tables_free(s, &pa, 1);
	return n;
}

/* Leaves below the table at pa (level 3..1) whose range starts at va. */
static void
each_leaf(const struct pt_space *s, uint64_t pa, unsigned level, uint64_t va,
          void (*fn)(void *ctx, uint64_t va, uint64_t pa, unsigned flags),
          void *ctx)
{
	const uint64_t *t = table_at(s, pa);

	for (unsigned i = 0; i < PT_ENTRIES; i++) {
		uint64_t e = t[i],
		         at = va + ((uint64_t)i << pt_level_shift(level));
		uint64_t got;
		unsigned fl;

		if (!(e & PTE_P) || (level > 1 && (e & PTE_PS)))
			continue;
		if (level > 1)
			each_leaf(s, e & PTE_ADDR, level - 1, at, fn, ctx);
		else if (pt_query(s, at, &got, &fl) == 1)
			fn(ctx, at, got, fl);
	}
}

void pt_for_each_lower(const struct pt_space *s,
                       void (*fn)(void *ctx, uint64_t va, uint64_t pa,
                                  unsigned flags),
                       void *ctx)
{
	const uint64_t *root = table_at(s, s->root);

	for (unsigned i = 0; i < PT_ENTRIES / 2; i++)
		if ((root[i] & PTE_P) && !(root[i] & PTE_PS))
			each_leaf(s, root[i] & PTE_ADDR, PT_LEVELS - 1,
			          (uint64_t)i << pt_level_shift(PT_LEVELS), fn,
			          ctx);
}

uint64_t pt_clear_lower(struct pt_space *s,
                        void (*leaf_fn)(void *ctx, uint64_t pa), void *ctx)
{
	uint64_t *root = table_at(s, s->root), n = 0;

	for (unsigned i = 0; i < PT_ENTRIES / 2; i++) {
		uint64_t e = root[i];

		if (!(e & PTE_P))
			continue;
		root[i] = 0;
		if (!(e & PTE_PS))
			n += clear_table(s, e & PTE_ADDR, PT_LEVELS - 1,
			                 leaf_fn, ctx);
	}
	return n;
}

const char *pt_strerror(int err)
{
	static const char *const text[] = {
	    "ok",
	    "write+execute refused (W^X)",
	    "out of frames for a page table",
	    "already mapped",
	    "not mapped",
	    "inside a 2 MiB / 1 GiB page",
	    "invalid address or flags",
	};

	return err <= 0 && -err < (int)ARRAY_SIZE(text) ? text[-err]
	                                                : "unknown error";
}
