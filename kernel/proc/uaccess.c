/* SPDX-License-Identifier: MIT */
#include <arch/cpu.h>
#include <arch/trap.h>
#include <tern/errno.h>
#include "core/trapdecode.h"
#include "proc/proc.h"
#include "proc/uaccess.h"

long copy_user_raw(void *dst, const void *src, size_t n);
long strncpy_user_raw(char *dst, const char *src, size_t max);
extern char copy_user_begin[], copy_user_end[], copy_user_fault[];

uint8_t uaccess_smap; /* read by copy_user.S */
static trap_handler_fn next_pf;

long copy_from_user(void *dst, uint64_t usrc, size_t n)
{
	if (!user_range_ok(usrc, n))
		return -EFAULT;
	return n ? copy_user_raw(dst, (const void *)(uintptr_t)usrc, n) : 0;
}

long copy_to_user(uint64_t udst, const void *src, size_t n)
{
	if (!user_range_ok(udst, n))
		return -EFAULT;
	return n ? copy_user_raw((void *)(uintptr_t)udst, src, n) : 0;
}

long strncpy_from_user(char *dst, uint64_t usrc, size_t max)
{
	size_t room = usrc <= USER_TOP ? USER_TOP - usrc : 0;
	long r;

	if (!max || usrc < USER_MIN || !room)
		return -EFAULT;
	r = strncpy_user_raw(dst, (const char *)(uintptr_t)usrc,
	                     max < room ? max : room);
	if (r == -1)
		return max <= room ? -ENAMETOOLONG : -EFAULT;
	return r;
}

/* A kernel-mode #PF inside the copy routines on a user address: resume
 * at copy_user_fault, which returns -EFAULT to the caller. */
static bool pf_fixup(struct trap_frame *tf)
{
	uint64_t rip = tf->rip;

	if ((tf->cs & 3) == 0 && rip >= (uint64_t)(uintptr_t)copy_user_begin &&
	    rip < (uint64_t)(uintptr_t)copy_user_end && !(read_cr2() >> 47)) {
		struct proc *p = proc_current();

		/* a copy_to_user into a page fork shares: copy it, retry */
		if (p &&
		    (tf->error & (PF_ERR_P | PF_ERR_W)) ==
		        (PF_ERR_P | PF_ERR_W) &&
		    !uspace_cow(&p->as, read_cr2()))
			return true;
		tf->rip = (uint64_t)(uintptr_t)copy_user_fault;
		return true;
	}
	return next_pf ? next_pf(tf) : false;
}

void uaccess_init(bool smap)
{
	uaccess_smap = smap;
	next_pf = trap_set_handler(EXC_PF, pf_fixup);
}
