/* SPDX-License-Identifier: MIT */
#include <libk/panic.h>
#include <libk/string.h>
#include <arch/cpu.h>
#include <tern/errno.h>
#include "mm/mm_boot.h"
#include "mm/vm.h"
#include "proc/uaccess.h"
#include "proc/uframe.h"
#include "proc/uspace.h"

#define HALF (PT_ENTRIES / 2)

static uint64_t *table(uint64_t pa)
{
	return mm_phys_to_virt(kernel_space.plat, pa);
}

/* Here only while u is live here; the other CPUs at uspace_flush. */
static void inv(void *ctx, uint64_t va)
{
	struct uspace *u = ctx;

	if (read_cr3() == u->pt.root)
		invlpg(va);
	tlb_batch_add(&u->changed, va);
}

void uspace_flush(struct uspace *u)
{
	tlb_flush_space(u->pt.root, &u->changed);
}

static void sync(void *ctx)
{
	uspace_flush(ctx);
}

/* Frames come back in batches of at most TLB_BATCH pages, each batch
 * after its shootdown. */
void uspace_unmap(struct uspace *u, uint64_t va, uint64_t len)
{
	uint64_t freed[TLB_BATCH];
	unsigned n = 0;

	uspace_flush(u); /* so that u->changed counts this call's pages */
	for (uint64_t a = va; a < va + len; a += FRAME_SIZE) {
		uint64_t pa = pt_unmap(&u->pt, a, NULL);

		if (pa == MM_NO_PHYS)
			continue;
		freed[n++] = pa;
		u->pages--;
		if (n == TLB_BATCH) {
			uspace_flush(u);
			while (n)
				uframe_put(freed[--n]);
		}
	}
	uspace_flush(u);
	while (n)
		uframe_put(freed[--n]);
}

int uspace_create(struct uspace *u)
{
	uint64_t root = frame_alloc(&kernel_frames);

	if (root == MM_NO_PHYS)
		return -ENOMEM;
	LIBK_FN(memset)(table(root), 0, HALF * 8);
	LIBK_FN(memcpy)
	(table(root) + HALF, table(kernel_space.root) + HALF, HALF * 8);
	*u = (struct uspace){.pt = {.root = root,
	                            .plat = kernel_space.plat,
	                            .fa = &kernel_frames,
	                            .invalidate = inv,
	                            .sync = sync}};
	u->pt.ctx = u;
	return 0;
}

int uspace_map_zero(struct uspace *u, uint64_t va, unsigned flags)
{
	uint64_t pa;
	int rc;

	if (!user_range_ok(va, FRAME_SIZE) || (va & (FRAME_SIZE - 1)))
		return -EINVAL;
	pa = uframe_alloc();
	if (pa == MM_NO_PHYS)
		return -ENOMEM;
	LIBK_FN(memset)(table(pa), 0, FRAME_SIZE);
	rc = pt_map(&u->pt, va, pa, flags | PT_USER);
	if (rc) {
		uframe_put(pa);
		return rc == PT_EEXIST   ? -EEXIST
		       : rc == PT_ENOMEM ? -ENOMEM
		                         : -EINVAL;
	}
	u->pages++;
	return 0;
}

int uspace_write(struct uspace *u, uint64_t va, const void *src, size_t len)
{
	const uint8_t *s = src;

	while (len) {
		uint64_t pa, off = va & (FRAME_SIZE - 1);
		size_t k = FRAME_SIZE - off < len ? FRAME_SIZE - off : len;
		unsigned fl;

		if (pt_query(&u->pt, va, &pa, &fl) != 1 || !(fl & PT_USER))
			return -EFAULT;
		LIBK_FN(memcpy)((uint8_t *)table(pa - off) + off, s, k);
		va += k;
		s += k;
		len -= k;
	}
	return 0;
}

void uspace_activate(struct uspace *u)
{
	LIBK_FN(memcpy)
	(table(u->pt.root) + HALF, table(kernel_space.root) + HALF, HALF * 8);
	tlb_load_space(u->pt.root);
}

static void free_frame(void *ctx, uint64_t pa)
{
	(void)ctx;
	uframe_put(pa);
}

void uspace_destroy(struct uspace *u)
{
	int cpu = tlb_space_cpu(u->pt.root);

	if (cpu >= 0)
		panic("uspace_destroy: the space is live in CPU %d's CR3", cpu);
	u->pages -= pt_clear_lower(&u->pt, free_frame, NULL);
	if (u->pages)
		panic("uspace_destroy: %llu user pages unaccounted",
		      (unsigned long long)u->pages);
	frame_free(&kernel_frames, u->pt.root);
	u->pt.root = 0;
}

/* Share one leaf of the parent with the child: writable pages become
 * read-only and copy-on-write in both. */
struct fork_ctx {
	struct uspace *parent, *child;
	int err;
};

static void fork_leaf(void *arg, uint64_t va, uint64_t pa, unsigned flags)
{
	struct fork_ctx *f = arg;
	unsigned shared = flags;

	if (f->err)
		return;
	if (flags & PT_WRITE) {
		shared = (flags & ~PT_WRITE) | PT_COW;
		if (pt_protect(&f->parent->pt, va, shared)) {
			f->err = -EINVAL;
			return;
		}
	}
	if (pt_map(&f->child->pt, va, pa, shared)) {
		f->err = -ENOMEM;
		return;
	}
	uframe_get(pa);
	f->child->pages++;
}

int uspace_fork(struct uspace *parent, struct uspace *child)
{
	struct fork_ctx f = {parent, child, 0};

	pt_for_each_lower(&parent->pt, fork_leaf, &f);
	uspace_flush(parent); /* its writable pages are copy-on-write now */
	uspace_flush(child);
	return f.err;
}

int uspace_cow(struct uspace *u, uint64_t addr)
{
	uint64_t va = addr & ~(FRAME_SIZE - 1), pa, copy;
	unsigned fl;

	if (pt_query(&u->pt, va, &pa, &fl) != 1 || !(fl & PT_COW))
		return -EFAULT;
	fl = (fl & ~PT_COW) | PT_WRITE;
	if (uframe_count(pa) == 1) { /* the last sharer: take it over */
		int rc = pt_protect(&u->pt, va, fl) ? -EFAULT : 0;

		uspace_flush(u);
		return rc;
	}
	copy = uframe_alloc();
	if (copy == MM_NO_PHYS)
		return -ENOMEM;
	LIBK_FN(memcpy)(table(copy), table(pa), FRAME_SIZE);
	/* in place: an unmap could free the page's tables and a map then
	 * need frames that an interrupt took meanwhile */
	if (pt_remap(&u->pt, va, copy, fl)) {
		uframe_put(copy);
		return -EFAULT;
	}
	uspace_flush(u); /* no CPU writes on through the old entry */
	uframe_put(pa);
	return 0;
}

int uspace_map_last_page_for_test(struct uspace *u, const void *code,
                                  size_t len)
{
	uint64_t pa = uframe_alloc();

	if (pa == MM_NO_PHYS)
		return -ENOMEM;
	LIBK_FN(memset)(table(pa), 0, FRAME_SIZE);
	LIBK_FN(memcpy)((uint8_t *)table(pa) + FRAME_SIZE - len, code, len);
	if (pt_map(&u->pt, USER_TOP, pa, PT_EXEC | PT_USER)) {
		uframe_put(pa);
		return -ENOMEM;
	}
	u->pages++;
	return 0;
}
