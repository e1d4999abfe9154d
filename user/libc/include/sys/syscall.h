/* SPDX-License-Identifier: MIT */
/* System-call numbers (tern/syscall.h, plus the ones user space relies on
 * that it may not list yet; the values are x86_64 Linux's) and syscall6(),
 * a raw call for programs that need one (sysfuzz). */
#ifndef _SYS_SYSCALL_H
#define _SYS_SYSCALL_H
#include <tern/syscall.h>

#ifndef SYS_setpgid
#define SYS_setpgid 109
#endif
#ifndef SYS_getpgid
#define SYS_getpgid 121
#endif
#ifndef SYS_getdents64
#define SYS_getdents64 217
#endif
#ifndef SYS_pipe2
#define SYS_pipe2 293
#endif

/* System call n with six arguments; the result, or -1 with errno set for
 * a result in -4095..-1. */
long syscall6(long n, long a1, long a2, long a3, long a4, long a5, long a6);
#endif
