/* SPDX-License-Identifier: MIT */
/* 4-level page-table operations (see mm/pagetable.h; Intel SDM Vol. 3A,
 * 4.5, Tables 4-14 to 4-20 for the entry formats). */
#include <stdbool.h>
#include <libk/bitops.h>
#include <libk/string.h>
#include <mm/pagetable.h>

#define LEVELS  4
#define ENTRIES 512

/* A walk: the entry pointer at each level, [LEVELS] = PML4 ... [1] = PT. */
struct walk {
	uint64_t *entry[LEVELS + 1];
	unsigned stop; /* level whose table could not be allocated */
};

static uint64_t *table_at(const struct pt_space *s, uint64_t pa)
{
	return mm_phys_to_virt(s->plat, pa & PTE_FRAME);
}

static unsigned index_at(uint64_t va, unsigned level)
{
	return (va >> (12 + 9 * (level - 1))) & (ENTRIES - 1);
}

/* 4 KiB aligned and canonical (SDM Vol. 3A, 3.3.7.1). */
static bool va_ok(uint64_t va)
{
	uint64_t top = va & 0xffff800000000000ull;

	return !(va & (FRAME_SIZE - 1)) &&
	       (top == 0 || top == 0xffff800000000000ull);
}

static uint64_t leaf_bits(unsigned flags)
{
	return PTE_PRESENT | (flags & PT_WRITE ? PTE_WRITE : 0) |
	       (flags & PT_EXEC ? 0 : PTE_NOEXEC);
}

static int check_flags(unsigned flags)
{
	if (flags & ~(PT_WRITE | PT_EXEC))
		return PT_EINVAL;
	if ((flags & PT_WRITE) && (flags & PT_EXEC))
		return PT_EWX;
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
 * Walk down to va's PT entry, filling w. With create, missing tables are
 * allocated. Returns PT_OK (w->entry[1] valid), PT_ENOENT (a table is
 * missing, no create), PT_ENOMEM or PT_EHUGE (a large leaf on the way).
 */
static int walk(struct pt_space *s, uint64_t va, bool create, struct walk *w)
{
	uint64_t table = s->root;

	for (unsigned level = LEVELS; level >= 2; level--) {
		uint64_t *e = table_at(s, table) + index_at(va, level);

		w->entry[level] = e;
		if (!(*e & PTE_PRESENT)) {
			if (!create)
				return PT_ENOENT;
			uint64_t t = table_new(s);

			if (t == MM_NO_PHYS) {
				w->stop = level;
				return PT_ENOMEM;
			}
			*e = t | PTE_PRESENT | PTE_WRITE;
		} else if (*e & PTE_LARGE) {
			return level == LEVELS ? PT_EINVAL : PT_EHUGE;
		}
		table = *e & PTE_FRAME;
	}
	w->entry[1] = table_at(s, table) + index_at(va, 1);
	return PT_OK;
}

/* True if all 512 entries of the table holding e are zero. Scans from the
 * start and stops at the first entry in use. */
static bool table_empty(const uint64_t *e)
{
	const uint64_t *t =
	    (const uint64_t *)((uintptr_t)e & ~(uintptr_t)(FRAME_SIZE - 1));

	for (unsigned i = 0; i < ENTRIES; i++)
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
                      uint64_t out[LEVELS])
{
	unsigned n = 0;

	for (unsigned level = from; level < LEVELS; level++) {
		uint64_t *parent = w->entry[level + 1];
		uint64_t pa = *parent & PTE_FRAME;

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
	uint64_t dead[LEVELS];
	unsigned n = prune(s, w, w->stop, dead);

	tables_free(s, dead, n);
}

int pt_map(struct pt_space *s, uint64_t va, uint64_t pa, unsigned flags)
{
	struct walk w;
	int rc = check_flags(flags);

	if (rc)
		return rc;
	if (!va_ok(va) || (pa & ~PTE_FRAME))
		return PT_EINVAL;
	rc = walk(s, va, true, &w);
	if (rc == PT_ENOMEM) {
		unwind(s, &w);
		return rc;
	}
	if (rc)
		return rc;
	if (*w.entry[1] & PTE_PRESENT)
		return PT_EEXIST;
	*w.entry[1] = pa | leaf_bits(flags);
	return PT_OK;
}

uint64_t pt_unmap(struct pt_space *s, uint64_t va, int *err)
{
	struct walk w;
	uint64_t dead[LEVELS], pa;
	int rc = va_ok(va) ? walk(s, va, false, &w) : PT_EINVAL;
	unsigned n;

	if (!rc && !(*w.entry[1] & PTE_PRESENT))
		rc = PT_ENOENT;
	if (err)
		*err = rc;
	if (rc)
		return MM_NO_PHYS;
	pa = *w.entry[1] & PTE_FRAME;
	*w.entry[1] = 0;
	n = prune(s, &w, 1, dead);
	invalidate(s, va);
	tables_free(s, dead, n);
	return pa;
}

int pt_protect(struct pt_space *s, uint64_t va, unsigned flags)
{
	struct walk w;
	int rc = check_flags(flags);

	if (rc)
		return rc;
	rc = va_ok(va) ? walk(s, va, false, &w) : PT_EINVAL;
	if (rc)
		return rc;
	if (!(*w.entry[1] & PTE_PRESENT))
		return PT_ENOENT;
	*w.entry[1] = (*w.entry[1] & PTE_FRAME) | leaf_bits(flags);
	invalidate(s, va);
	return PT_OK;
}

unsigned pt_query(const struct pt_space *s, uint64_t va, uint64_t *pa,
                  unsigned *flags)
{
	uint64_t table = s->root, e = 0;
	bool w = true, x = true;
	unsigned level;

	for (level = LEVELS; level >= 1; level--) {
		e = table_at(s, table)[index_at(va, level)];
		if (!(e & PTE_PRESENT))
			return 0;
		w &= !!(e & PTE_WRITE);
		x &= !(e & PTE_NOEXEC);
		if (level == 1 || (level < LEVELS && (e & PTE_LARGE)))
			break;
		table = e & PTE_FRAME;
	}
	uint64_t span = 1ull << (12 + 9 * (level - 1));

	*pa = (e & PTE_FRAME & ~(span - 1)) + (va & (span - 1));
	*flags = (w ? PT_WRITE : 0) | (x ? PT_EXEC : 0);
	return level;
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
