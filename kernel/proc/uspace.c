/* SPDX-License-Identifier: MIT */
#include <libk/panic.h>
#include <libk/string.h>
#include <arch/cpu.h>
#include <tern/errno.h>
#include "mm/mm_boot.h"
#include "mm/vm.h"
#include "proc/uaccess.h"
#include "proc/uspace.h"

#define HALF (PT_ENTRIES / 2)

static uint64_t *table(uint64_t pa)
{
	return mm_phys_to_virt(kernel_space.plat, pa);
}

/* Only while u is live: then its TLB entries are the CPU's. */
static void inv(void *ctx, uint64_t va)
{
	struct uspace *u = ctx;

	if (read_cr3() == u->pt.root)
		invlpg(va);
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
	                            .invalidate = inv}};
	u->pt.ctx = u;
	return 0;
}

int uspace_map_zero(struct uspace *u, uint64_t va, unsigned flags)
{
	uint64_t pa;
	int rc;

	if (!user_range_ok(va, FRAME_SIZE) || (va & (FRAME_SIZE - 1)))
		return -EINVAL;
	pa = frame_alloc(&kernel_frames);
	if (pa == MM_NO_PHYS)
		return -ENOMEM;
	LIBK_FN(memset)(table(pa), 0, FRAME_SIZE);
	rc = pt_map(&u->pt, va, pa, flags | PT_USER);
	if (rc) {
		frame_free(&kernel_frames, pa);
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
	if (read_cr3() != u->pt.root)
		write_cr3(u->pt.root);
}

static void free_frame(void *ctx, uint64_t pa)
{
	(void)ctx;
	frame_free(&kernel_frames, pa);
}

void uspace_destroy(struct uspace *u)
{
	if (read_cr3() == u->pt.root)
		panic("uspace_destroy: the space is live in CR3");
	u->pages -= pt_clear_lower(&u->pt, free_frame, NULL);
	if (u->pages)
		panic("uspace_destroy: %llu user pages unaccounted",
		      (unsigned long long)u->pages);
	frame_free(&kernel_frames, u->pt.root);
	u->pt.root = 0;
}
