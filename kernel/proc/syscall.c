/* SPDX-License-Identifier: MIT */
/*
 * System-call dispatch: tf->rax is the number (tern/syscall.h), rdi, rsi,
 * rdx, r10, r8, r9 the arguments; the result (>= 0 or -errno) goes back in
 * tf->rax. Every pointer argument is a user address, reached only through
 * uaccess.h.
 */
#include <arch/gdt.h>
#include <arch/syscall_arch.h>
#include <tern/errno.h>
#include <tern/syscall.h>
#include "console/kprintf.h"
#include "proc/proc.h"
#include "proc/sys.h"
#include "proc/uaccess.h"

typedef long (*sys_fn)(const struct trap_frame *tf);

static long sys_exit(const struct trap_frame *tf)
{
	proc_exit((int)((tf->rdi & 0xff) << 8));
}

static long sys_getpid(const struct trap_frame *tf)
{
	(void)tf;
	return proc_current()->pid;
}

static long sys_getppid(const struct trap_frame *tf)
{
	(void)tf;
	return proc_current()->ppid;
}

// clang-format off
static const sys_fn table[] = {
	[SYS_read] = sys_read,
	[SYS_write] = sys_write,
	[SYS_open] = sys_open,
	[SYS_close] = sys_close,
	[SYS_fstat] = sys_fstat,
	[SYS_lseek] = sys_lseek,
	[SYS_mmap] = sys_mmap,
	[SYS_mprotect] = sys_mprotect,
	[SYS_munmap] = sys_munmap,
	[SYS_rt_sigaction] = sys_rt_sigaction,
	[SYS_ioctl] = sys_ioctl,
	[SYS_pipe] = sys_pipe2,
	[SYS_dup2] = sys_dup2,
	[SYS_nanosleep] = sys_nanosleep,
	[SYS_getpid] = sys_getpid,
	[SYS_fork] = sys_fork,
	[SYS_execve] = sys_execve,
	[SYS_exit] = sys_exit,
	[SYS_wait4] = sys_wait4,
	[SYS_kill] = sys_kill,
	[SYS_uname] = sys_uname,
	[SYS_setpgid] = sys_setpgid,
	[SYS_getppid] = sys_getppid,
	[SYS_getpgid] = sys_getpgid,
	[SYS_getdents64] = sys_getdents64,
	[SYS_clock_gettime] = sys_clock_gettime,
	[SYS_pipe2] = sys_pipe2,
	[SYS_getrandom] = sys_getrandom,
};
// clang-format on

void syscall_dispatch(struct trap_frame *tf)
{
	uint64_t nr = tf->rax;
	sys_fn fn = nr < sizeof(table) / sizeof(table[0]) ? table[nr] : NULL;

	tf->rax = fn ? (uint64_t)fn(tf) : (uint64_t)-ENOSYS;
	proc_exit_if_killed();
	/* SYSRET only to a canonical lower-half RIP with the user
	 * selectors; anything else leaves through IRETQ. */
	tf->vector = !(tf->rip >> 47) && tf->cs == (SEL_UCODE | 3) &&
	             tf->ss == (SEL_UDATA | 3);
}
