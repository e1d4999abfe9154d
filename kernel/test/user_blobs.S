/* SPDX-License-Identifier: MIT */
/*
 * Position-independent ring 3 programs for ktest_proc.c, until the ELF
 * loader runs real ones. Each is copied to PROC_CODE_BASE and entered at
 * its first byte; system-call numbers are tern/syscall.h's.
 */
#define SYS_write  1
#define SYS_getpid 39
#define SYS_exit   60
#define SYS_mmap     9
#define SYS_mprotect 10
#define SYS_munmap   11
#define SYS_getrandom 318
#define SYS_fork   57
#define SYS_wait4  61
#define SYS_execve 59

/* rax = mmap(0, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) */
.macro MMAP len, prot
	xorl %edi, %edi
	movq \len, %rsi
	movl \prot, %edx
	movl $0x22, %r10d
	movq $-1, %r8
	xorl %r9d, %r9d
	movl $SYS_mmap, %eax
	syscall
.endm
/* rax = wait4(-1, rsp - 16, 0, 0): any child, its status below rsp */
.macro WAIT_ANY
	movq $-1, %rdi
	leaq -16(%rsp), %rsi
	xorl %edx, %edx
	xorl %r10d, %r10d
	movl $SYS_wait4, %eax
	syscall
.endm
/* exit(code) if rax != want */
.macro EXPECT want, code
	cmpq \want, %rax
	je 8f
	movl \code, %edi
	movl $SYS_exit, %eax
	syscall
8:
.endm

	.section .rodata, "a"

.macro BLOB name
	.globl ublob_\name, ublob_\name\()_end
ublob_\name:
.endm
.macro END name
ublob_\name\()_end:
.endm

/* "hello from ring 3\n" on fd 1, then exit(getpid()) */
BLOB hello
	leaq 1f(%rip), %rsi
	movl $1, %edi
	movl $(2f - 1f), %edx
	movl $SYS_write, %eax
	syscall
	movl $SYS_getpid, %eax
	syscall
	movq %rax, %rdi
	movl $SYS_exit, %eax
	syscall
	ud2
1:	.ascii "hello from ring 3\n"
2:
END hello

/* a read of a kernel address: killed (SIGSEGV) */
BLOB readkernel
	movabsq $0xffffffff80000000, %rax
	movq (%rax), %rax
	ud2
END readkernel

/* a write to its own text: killed (SIGSEGV) */
BLOB writetext
	leaq ublob_writetext(%rip), %rax
	movb $0, (%rax)
	ud2
END writetext

/* a jump to a kernel address: killed (SIGSEGV) */
BLOB jumpkernel
	movabsq $0xffffffff80001000, %rax
	jmp *%rax
END jumpkernel

/* an invalid instruction: killed (SIGILL) */
BLOB ud2
	ud2
END ud2

/* write(1, kernel address, 16) and write(1, unmapped user address, 16)
 * must both give -EFAULT (14): exit(14) if both did, else exit(1) */
BLOB efault
	movl $1, %edi
	movabsq $0xffffffff80000000, %rsi
	movl $16, %edx
	movl $SYS_write, %eax
	syscall
	cmpq $-14, %rax
	jne 1f
	movl $1, %edi
	movq $0x10000000, %rsi
	movl $16, %edx
	movl $SYS_write, %eax
	syscall
	cmpq $-14, %rax
	jne 1f
	movl $14, %edi
	movl $SYS_exit, %eax
	syscall
1:	movl $1, %edi
	movl $SYS_exit, %eax
	syscall
END efault

/* an unknown system call gives -ENOSYS (38): exit(38) */
BLOB enosys
	movl $9999, %eax
	syscall
	negq %rax
	movq %rax, %rdi
	movl $SYS_exit, %eax
	syscall
END enosys

/* Its pid in rbx, xmm0 and on its stack, checked 5,000,000 times while
 * other processes preempt it: exit(0) if all three held, else exit(1). */
BLOB spin
	movl $SYS_getpid, %eax
	syscall
	movq %rax, %rbx
	movq %rax, %xmm0
	pushq %rax
	movl $5000000, %ecx
1:	movq %xmm0, %rdx
	cmpq %rbx, %rdx
	jne 2f
	cmpq %rbx, (%rsp)
	jne 2f
	decl %ecx
	jnz 1b
	xorl %edi, %edi
	movl $SYS_exit, %eax
	syscall
2:	movl $1, %edi
	movl $SYS_exit, %eax
	syscall
END spin

/* mmap, use, W^X refused, mprotect, munmap, getrandom: exit(0), or the
 * number of the step that went wrong */
BLOB memcalls
	MMAP $8192, $3
	movq %rax, %rbx
	shrq $47, %rax
	EXPECT $0, $1
	movq $0x1234, (%rbx)
	movq $0x5678, 4096(%rbx)
	movq (%rbx), %rax
	addq 4096(%rbx), %rax
	EXPECT $(0x1234 + 0x5678), $2
	MMAP $4096, $6
	EXPECT $-13, $3
	movq %rbx, %rdi
	movl $4096, %esi
	movl $5, %edx
	movl $SYS_mprotect, %eax
	syscall
	EXPECT $0, $4
	movq %rbx, %rdi
	movl $8192, %esi
	movl $SYS_munmap, %eax
	syscall
	EXPECT $0, $5
	leaq -64(%rsp), %rdi
	movl $32, %esi
	xorl %edx, %edx
	movl $SYS_getrandom, %eax
	syscall
	EXPECT $32, $6
	xorl %edi, %edi
	movl $SYS_exit, %eax
	syscall
END memcalls

/* a write after munmap: killed (SIGSEGV) */
BLOB unmapped
	MMAP $4096, $3
	movq %rax, %rbx
	movq %rbx, %rdi
	movl $4096, %esi
	movl $SYS_munmap, %eax
	syscall
	movq $1, (%rbx)
	ud2
END unmapped

/* 1 MiB mmaps until refused: exit(12) once mmap says -ENOMEM */
BLOB mmapall
1:	MMAP $0x100000, $3
	testq %rax, %rax
	jns 1b
	negq %rax
	movq %rax, %rdi
	movl $SYS_exit, %eax
	syscall
END mmapall

/* Copy on write: a page holding 1, fork; the child writes 2 and exits
 * with what it reads back (2 -> 20); the parent waits, expects status
 * 20 << 8 and its own page still 1, and also checks its stack variable
 * (shared and written by both). exit(0) or the failing step. */
BLOB cow
	MMAP $4096, $3
	movq %rax, %rbx
	movq $1, (%rbx)
	pushq $7
	movl $SYS_fork, %eax
	syscall
	testq %rax, %rax
	js 9f
	jnz 1f
	movq $2, (%rbx)		/* child */
	movq $8, (%rsp)
	movq (%rbx), %rdi
	addq $18, %rdi		/* 20 if it read 2 */
	cmpq $8, (%rsp)
	je 2f
	movl $99, %edi
2:	movl $SYS_exit, %eax
	syscall
1:	movq %rax, %r12		/* parent: the child's pid */
	WAIT_ANY
	cmpq %r12, %rax
	jne 9f
	cmpl $(20 << 8), -16(%rsp)
	jne 8f
	cmpq $1, (%rbx)
	jne 8f
	cmpq $7, (%rsp)
	jne 8f
	xorl %edi, %edi
	movl $SYS_exit, %eax
	syscall
8:	movl $2, %edi
	movl $SYS_exit, %eax
	syscall
9:	movl $1, %edi
	movl $SYS_exit, %eax
	syscall
END cow

/* 100 rounds of fork + wait (the child exits with 5 at once), then
 * exit(the number of rounds that worked) */
BLOB forkloop
	xorl %r12d, %r12d
1:	movl $SYS_fork, %eax
	syscall
	testq %rax, %rax
	js 3f
	jnz 2f
	movl $5, %edi		/* child */
	movl $SYS_exit, %eax
	syscall
2:	WAIT_ANY
	testq %rax, %rax
	js 3f
	cmpl $(5 << 8), -16(%rsp)
	jne 3f
	incl %r12d
	cmpl $100, %r12d
	jb 1b
3:	movl %r12d, %edi
	movl $SYS_exit, %eax
	syscall
END forkloop

/* A bounded fork bomb: the parent forks until refused (at most 1,000
 * times); each child spins a million rounds, so many are alive at once,
 * and exits with 0. The parent reaps them all and exits with the
 * refusal's errno: 11 (EAGAIN) when the process limit stopped it. */
BLOB forkbomb
	xorl %r12d, %r12d
1:	movl $SYS_fork, %eax
	syscall
	testq %rax, %rax
	js 3f
	jnz 2f
	movl $1000000, %ecx	/* child: live a little, then exit */
4:	decl %ecx
	jnz 4b
	xorl %edi, %edi
	movl $SYS_exit, %eax
	syscall
2:	incl %r12d
	cmpl $1000, %r12d
	jb 1b
3:	movq %rax, %r13		/* the error */
5:	movq $-1, %rdi		/* reap them all */
	xorl %esi, %esi
	xorl %edx, %edx
	xorl %r10d, %r10d
	movl $SYS_wait4, %eax
	syscall
	testq %rax, %rax
	jns 5b
	negq %r13
	movq %r13, %rdi
	movl $SYS_exit, %eax
	syscall
END forkbomb

/* execve("/bin/nosuch") must fail with -ENOENT (then exit 2 if it did
 * not), then execve("/bin/echo", {"echo", "from", "execve"}, {}) */
BLOB exececho
	leaq 5f(%rip), %rdi
	xorl %esi, %esi
	xorl %edx, %edx
	movl $SYS_execve, %eax
	syscall
	cmpq $-2, %rax
	jne 9f
	leaq 6f(%rip), %rdi
	leaq 7f(%rip), %rax
	pushq $0
	leaq 8f(%rip), %rcx
	pushq %rcx
	leaq 4f(%rip), %rcx
	pushq %rcx
	pushq %rax
	movq %rsp, %rsi
	xorl %edx, %edx
	movl $SYS_execve, %eax
	syscall
9:	movl $2, %edi
	movl $SYS_exit, %eax
	syscall
5:	.asciz "/bin/nosuch"
6:	.asciz "/bin/echo"
7:	.asciz "echo"
4:	.asciz "from"
8:	.asciz "execve"
END exececho

/* 10,000 rounds of fork, execve("/bin/true") in the child, wait in the
 * parent (status 0 each time); exit(0), or 1 with the round in r12 */
BLOB forkexec
	xorl %r12d, %r12d
1:	movl $SYS_fork, %eax
	syscall
	testq %rax, %rax
	js 3f
	jnz 2f
	leaq 5f(%rip), %rdi	/* child */
	pushq $0
	pushq %rdi
	movq %rsp, %rsi
	xorl %edx, %edx
	movl $SYS_execve, %eax
	syscall
	movl $3, %edi
	movl $SYS_exit, %eax
	syscall
2:	WAIT_ANY
	testq %rax, %rax
	js 3f
	cmpl $0, -16(%rsp)
	jne 3f
	incl %r12d
	cmpl $10000, %r12d
	jb 1b
	xorl %edi, %edi
	movl $SYS_exit, %eax
	syscall
3:	movl $1, %edi
	movl $SYS_exit, %eax
	syscall
5:	.asciz "/bin/true"
END forkexec

/* waits for the kernel to map the last user page (ending in SYSCALL) and
 * set the flag, then jumps to 0x7ffffffffffe: getpid's return RIP,
 * 0x800000000000, is non-canonical (CVE-2012-0217) */
BLOB noncanon
	leaq ublob_noncanon_flag(%rip), %rbx
1:	pause
	cmpb $0, (%rbx)
	je 1b
	movl $SYS_getpid, %eax
	movabsq $0x7ffffffffffe, %rcx
	jmp *%rcx
	.globl ublob_noncanon_flag
ublob_noncanon_flag:
	.byte 0
END noncanon
