/* SPDX-License-Identifier: MIT */
/*
 * Reading and writing user memory from the kernel. Every user pointer is
 * checked against the user range first; the copy itself runs in
 * arch/x86_64/copy_user.S, whose faults come back as -EFAULT instead of a
 * panic. Any other kernel access to user memory faults under SMAP and
 * panics, naming the place.
 *
 *   0 ... USER_MIN          never mapped (NULL and small offsets)
 *   USER_MIN ... USER_TOP   the user half a process may map
 *   USER_TOP ... 2^47       the last page, never mapped: a SYSCALL as its
 *                           last instruction would return to a
 *                           non-canonical RIP (CVE-2012-0217)
 */
#ifndef KERNEL_PROC_UACCESS_H
#define KERNEL_PROC_UACCESS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define USER_MIN 0x10000ull
#define USER_TOP 0x00007ffffffff000ull

/* True if [a, a + n) lies inside [USER_MIN, USER_TOP) (n may be 0). */
static inline bool user_range_ok(uint64_t a, size_t n)
{
	return a >= USER_MIN && a <= USER_TOP && n <= USER_TOP - a;
}

/* 0, or -EFAULT (bad range, or a page not mapped as it must be). */
long copy_from_user(void *dst, uint64_t usrc, size_t n);
long copy_to_user(uint64_t udst, const void *src, size_t n);
/* The string at usrc into dst (max bytes, NUL included): its length, or
 * -EFAULT, or -ENAMETOOLONG if no NUL within max. */
long strncpy_from_user(char *dst, uint64_t usrc, size_t max);
/* Install the #PF fix-up for the copy routines; note whether the CPU
 * has SMAP (STAC/CLAC are #UD without it). */
void uaccess_init(bool smap);
#endif
