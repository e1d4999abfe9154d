/* SPDX-License-Identifier: MIT */
/*
 * mmap, munmap and mprotect: anonymous private memory only, zero-filled
 * and mapped at once (no demand paging yet; mmap with PROT_NONE only
 * reserves addresses, mprotect to PROT_NONE is EINVAL). A mapping that would be
 * writable and executable is refused (W^X), as is one past the process's
 * page limit (ENOMEM: the process's problem, not the kernel's). Without
 * MAP_FIXED, ranges are taken downwards from the process's random mmap
 * top (ulayout.h).
 */
#include <tern/errno.h>
#include <tern/syscall.h>
#include "proc/proc.h"
#include "proc/sys.h"
#include "proc/uaccess.h"
#include "proc/uframe.h"

#define PAGE     FRAME_SIZE
#define MAP_OK   (MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED)
#define PROT_ALL (PROT_READ | PROT_WRITE | PROT_EXEC)

/* PROT_* to PT_* (read is implied by a mapping). */
static unsigned pt_flags(uint64_t prot)
{
	return (prot & PROT_WRITE ? PT_WRITE : 0) |
	       (prot & PROT_EXEC ? PT_EXEC : 0);
}

long sys_mmap(const struct trap_frame *tf)
{
	struct proc *p = proc_current();
	uint64_t addr = tf->rdi, prot = tf->rdx, flags = tf->r10;
	uint64_t len = (tf->rsi + PAGE - 1) & ~(PAGE - 1), va;

	if (!tf->rsi || !len || (prot & ~PROT_ALL) || (flags & ~MAP_OK) ||
	    !(flags & MAP_PRIVATE) || !(flags & MAP_ANONYMOUS))
		return -EINVAL;
	if ((prot & PROT_WRITE) && (prot & PROT_EXEC))
		return -EACCES;
	if (prot != PROT_NONE && p->as.pages + len / PAGE > p->mem_limit)
		return -ENOMEM;
	if (flags & MAP_FIXED) {
		if ((addr & (PAGE - 1)) || !user_range_ok(addr, len))
			return -EINVAL;
		va = addr;
		uspace_unmap(&p->as, va, len);
	} else {
		if (p->mmap_next < USER_MIN + len)
			return -ENOMEM;
		va = p->mmap_next - len;
		p->mmap_next = va - PAGE; /* a gap between ranges */
	}
	for (uint64_t a = va; prot != PROT_NONE && a < va + len; a += PAGE) {
		int rc = uspace_map_zero(&p->as, a, pt_flags(prot));

		if (rc) {
			uspace_unmap(&p->as, va, a - va);
			return rc;
		}
	}
	return (long)va;
}

long sys_munmap(const struct trap_frame *tf)
{
	uint64_t addr = tf->rdi, len = (tf->rsi + PAGE - 1) & ~(PAGE - 1);

	if ((addr & (PAGE - 1)) || !len || !user_range_ok(addr, len))
		return -EINVAL;
	uspace_unmap(&proc_current()->as, addr, len);
	return 0;
}

/* The leaf flags for page va under prot: a frame fork still shares
 * becomes writable only by copy on write. */
static unsigned new_flags(struct proc *p, uint64_t va, uint64_t prot)
{
	unsigned fl = pt_flags(prot) | PT_USER, old;
	uint64_t pa;

	if ((fl & PT_WRITE) && pt_query(&p->as.pt, va, &pa, &old) == 1 &&
	    uframe_count(pa) > 1)
		fl = (fl & ~PT_WRITE) | PT_COW;
	return fl;
}

long sys_mprotect(const struct trap_frame *tf)
{
	struct proc *p = proc_current();
	uint64_t addr = tf->rdi, prot = tf->rdx;
	uint64_t len = (tf->rsi + PAGE - 1) & ~(PAGE - 1);

	if ((addr & (PAGE - 1)) || (prot & ~PROT_ALL) ||
	    !user_range_ok(addr, len))
		return -EINVAL;
	if ((prot & PROT_WRITE) && (prot & PROT_EXEC))
		return -EACCES;
	if (prot == PROT_NONE) /* no present-but-inaccessible pages yet */
		return -EINVAL;
	for (uint64_t a = addr; a < addr + len; a += PAGE) {
		uint64_t pa;
		unsigned fl;

		if (!pt_query(&p->as.pt, a, &pa, &fl))
			return -ENOMEM; /* a hole in the range */
	}
	for (uint64_t a = addr; a < addr + len; a += PAGE)
		pt_protect(&p->as.pt, a, new_flags(p, a, prot));
	uspace_flush(&p->as);
	return 0;
}
