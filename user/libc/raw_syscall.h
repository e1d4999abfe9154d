/* SPDX-License-Identifier: MIT */
/*
 * The raw SYSCALL instruction (tern/syscall.h): number in rax, arguments in
 * rdi, rsi, rdx, r10, r8, r9; the result in rax, -errno on failure; rcx and
 * r11 are clobbered. Private to libc.
 */
#ifndef USER_LIBC_RAW_SYSCALL_H
#define USER_LIBC_RAW_SYSCALL_H

static inline long raw_syscall6(long n, long a1, long a2, long a3, long a4,
                                long a5, long a6)
{
	register long r10 __asm__("r10") = a4;
	register long r8 __asm__("r8") = a5;
	register long r9 __asm__("r9") = a6;
	long ret;

	__asm__ volatile("syscall"
	                 : "=a"(ret)
	                 : "a"(n), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8),
	                   "r"(r9)
	                 : "rcx", "r11", "memory");
	return ret;
}

#define raw_syscall3(n, a, b, c)                                               \
	raw_syscall6((n), (long)(a), (long)(b), (long)(c), 0, 0, 0)

/* A raw result to the POSIX convention: -1 with errno set for -4095..-1
 * (the error range; addresses from mmap are never in it). */
long syscall_result(long raw);
#endif
