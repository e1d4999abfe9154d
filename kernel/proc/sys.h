/* SPDX-License-Identifier: MIT */
/* The system calls, one function each (syscall.c dispatches): the
 * arguments are in tf (rdi, rsi, rdx, r10, r8, r9), the result >= 0 or
 * -errno. */
#ifndef KERNEL_PROC_SYS_H
#define KERNEL_PROC_SYS_H
#include <arch/trap.h>

long sys_read(const struct trap_frame *tf);
long sys_write(const struct trap_frame *tf);
long sys_open(const struct trap_frame *tf);
long sys_close(const struct trap_frame *tf);
long sys_lseek(const struct trap_frame *tf);
long sys_fstat(const struct trap_frame *tf);
long sys_dup2(const struct trap_frame *tf);
long sys_fork(const struct trap_frame *tf);
long sys_execve(const struct trap_frame *tf);
long sys_wait4(const struct trap_frame *tf);
long sys_mmap(const struct trap_frame *tf);
long sys_munmap(const struct trap_frame *tf);
long sys_mprotect(const struct trap_frame *tf);
long sys_getrandom(const struct trap_frame *tf);
long sys_clock_gettime(const struct trap_frame *tf);
long sys_nanosleep(const struct trap_frame *tf);
long sys_uname(const struct trap_frame *tf);
long sys_kill(const struct trap_frame *tf);
long sys_setpgid(const struct trap_frame *tf);
long sys_getpgid(const struct trap_frame *tf);
long sys_pipe2(const struct trap_frame *tf);
long sys_getdents64(const struct trap_frame *tf);
long sys_rt_sigaction(const struct trap_frame *tf);
long sys_ioctl(const struct trap_frame *tf);
#endif
