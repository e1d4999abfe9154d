/* SPDX-License-Identifier: MIT */
/*
 * A process's address space: its own PML4 whose upper half (entries
 * 256-511) is a copy of the kernel's, refreshed each time it is switched
 * to, and whose lower half holds the user pages (uaccess.h has the
 * range). Every user page has a frame of its own, taken from the kernel's
 * frame allocator and given back, with every table, by uspace_destroy.
 *
 *   PML4 [0 .. 255]    user: pt_map(..., PT_USER | ...)
 *   PML4 [256 .. 511]  the kernel's entries (shared tables, never freed
 *                      here)
 */
#ifndef KERNEL_PROC_USPACE_H
#define KERNEL_PROC_USPACE_H
#include <stddef.h>
#include <stdint.h>
#include <mm/pagetable.h>
#include <arch/tlb.h>

/*
 * Changes to u's tables (pt_unmap, pt_protect, uspace_unmap,
 * uspace_cow) are made by one thread at a time: its process's, or the
 * kernel's while the space is new. Each changed page is invalidated here
 * if u is live here and collected in u->changed; uspace_flush then has
 * every other CPU with u live invalidate them (arch/tlb.h), and only
 * after that may a frame that was unmapped be freed.
 */
struct uspace {
	struct pt_space pt;
	uint64_t pages;           /* user frames mapped */
	struct tlb_batch changed; /* pages changed since the last flush */
};

/* A new space with an empty lower half. 0, or -ENOMEM. */
int uspace_create(struct uspace *u);
/* Map a fresh zeroed frame at the page va with PT_* flags (PT_USER is
 * added). 0, -ENOMEM, -EEXIST or -EINVAL. */
int uspace_map_zero(struct uspace *u, uint64_t va, unsigned flags);
/* Copy len bytes to user address va of u (mapped pages; u need not be
 * live) through the direct map. 0, or -EFAULT if a page is missing. */
int uspace_write(struct uspace *u, uint64_t va, const void *src, size_t len);
/* Share every user page of parent with the empty child, copy-on-write
 * where it is writable (uframe.h counts the sharers). 0, or -errno with
 * child holding what was shared so far (the caller destroys it). */
int uspace_fork(struct uspace *parent, struct uspace *child);
/* A write to the copy-on-write page at addr: give u a private writable
 * copy (or the frame itself if no one else maps it). 0, -EFAULT (not a
 * copy-on-write page) or -ENOMEM. */
int uspace_cow(struct uspace *u, uint64_t addr);
/* For the CVE-2012-0217 test only (ktest_proc.c): map the last page of
 * the user half, which no system call ever maps, executable, with the
 * len bytes of code at its very end. 0 or -ENOMEM. */
int uspace_map_last_page_for_test(struct uspace *u, const void *code,
                                  size_t len);
/* Unmap every mapped page of [va, va + len) (page-aligned) and free its
 * frame, after the other CPUs with u live have dropped it. */
void uspace_unmap(struct uspace *u, uint64_t va, uint64_t len);
/* Shoot down the pages changed since the last flush on every other CPU
 * with u live. Call after pt_protect and pt_unmap on u's tables. */
void uspace_flush(struct uspace *u);
/* Load u into CR3 after refreshing its kernel half. */
void uspace_activate(struct uspace *u);
/* Give back every user frame and table and the PML4; u must not be live
 * on any CPU (the caller has switched to the kernel's tables). */
void uspace_destroy(struct uspace *u);
#endif
