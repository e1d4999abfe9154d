/* SPDX-License-Identifier: MIT */
/*
 * tern's system-call ABI, shared by the kernel (kernel/proc/) and user
 * space (user/libc). The numbers and the register convention are those
 * of the x86_64 Linux ABI for the calls tern has, so that one C source
 * with raw system calls runs on both (the benchmark of issue 15 does).
 *
 *   rax  number in, result out (>= 0), or -errno (tern/errno.h)
 *   rdi, rsi, rdx, r10, r8, r9   arguments 1-6
 *   rcx, r11                     clobbered by SYSCALL (RIP, RFLAGS)
 *
 * A number tern does not implement returns -ENOSYS.
 */
#ifndef TERN_SYSCALL_H
#define TERN_SYSCALL_H

#define SYS_read          0
#define SYS_write         1
#define SYS_open          2
#define SYS_close         3
#define SYS_fstat         5
#define SYS_lseek         8
#define SYS_mmap          9
#define SYS_mprotect      10
#define SYS_munmap        11
#define SYS_rt_sigaction  13
#define SYS_ioctl         16
#define SYS_pipe          22
#define SYS_dup2          33
#define SYS_nanosleep     35
#define SYS_getpid        39
#define SYS_fork          57
#define SYS_execve        59
#define SYS_exit          60
#define SYS_wait4         61
#define SYS_kill          62
#define SYS_uname         63
#define SYS_setpgid       109
#define SYS_getppid       110
#define SYS_getpgid       121
#define SYS_getdents64    217
#define SYS_clock_gettime 228
#define SYS_pipe2         293
#define SYS_getrandom     318

/* auxv keys (System V AMD64 ABI, 3.4.3) the ELF loader provides */
#define AT_NULL   0
#define AT_PHDR   3
#define AT_PHENT  4
#define AT_PHNUM  5
#define AT_PAGESZ 6
#define AT_BASE   7
#define AT_ENTRY  9
#define AT_RANDOM 25 /* 16 random bytes; libc's stack canary */
#define AT_EXECFN 31

/* open flags (subset), mmap prot/flags (subset) */
#define O_RDONLY      0
#define O_WRONLY      1
#define O_RDWR        2
#define O_ACCMODE     3
#define O_NONBLOCK    04000
#define O_DIRECTORY   0200000
#define O_CLOEXEC     02000000
#define PROT_NONE     0
#define PROT_READ     1
#define PROT_WRITE    2
#define PROT_EXEC     4
#define MAP_PRIVATE   0x02
#define MAP_FIXED     0x10
#define MAP_ANONYMOUS 0x20

/* ioctl requests on the console (Linux's numbers) */
#define TIOCGPGRP 0x540f /* the foreground process group, into an int */
#define TIOCSPGRP 0x5410 /* make the int's group the foreground */

/* rt_sigaction dispositions: tern has no handlers, only these two */
#define SIGACT_DFL 0
#define SIGACT_IGN 1

/* clock ids */
#define CLOCK_REALTIME  0
#define CLOCK_MONOTONIC 1
#endif
