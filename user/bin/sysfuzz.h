/* SPDX-License-Identifier: MIT */
/*
 * sysfuzz: random system calls with hostile arguments, in child
 * processes. sysfuzz.c is the parent (children, progress, watchdog),
 * sysfuzz_child.c a child's set-up and loop, sysfuzz_args.c the call table
 * and the argument generators.
 */
#ifndef USER_BIN_SYSFUZZ_H
#define USER_BIN_SYSFUZZ_H
#include <stdint.h>

#define FZ_CHUNK 1024 /* calls per progress byte */
#define FZ_PROGRESS_FD                                                         \
	3             /* a child's progress pipe; fuzzed calls never           \
	                 get it as an fd */
#define FZ_KEEP_FD 16 /* FZ_KEEP_N fds holding read ends of the */
#define FZ_KEEP_N                                                              \
	8                   /* child's pipes (fewer SIGPIPE deaths); also      \
	                       never given to fuzzed calls */
#define FZ_BUF_PAGES     4  /* the child's valid buffer, then a guard page */
#define FZ_SCRATCH_PAGES 16 /* pages munmap/mprotect/MAP_FIXED may hit */
#define FZ_PAGE          4096ul

/* The child's memory that fuzzed calls may use. buf..buf_end is read and
 * written by the kernel only (a PROT_NONE page follows it); scratch is
 * given to munmap, mprotect and MAP_FIXED mmap, and never touched by the
 * child itself. */
struct fz_mem {
	uintptr_t buf, buf_end;
	uintptr_t scratch, scratch_end;
};

/* splitmix64 on a global state; fz_mix is its output function (a
 * bijective scrambler, also for deriving the children's seeds). */
void fz_seed(uint64_t seed);
uint64_t fz_mix(uint64_t z);
uint64_t fz_rand(void);

/* Makes one random, shaped system call (fz_mem must be set up). */
void fz_call(const struct fz_mem *m);

/* A child's life: makes fds 0-2 harmless, maps its memory, makes `calls`
 * calls writing a byte to FZ_PROGRESS_FD every FZ_CHUNK of them, exits 0
 * (2 when the set-up fails). progress_fd: the write end from the parent. */
_Noreturn void fz_child(long calls, int progress_fd, uint64_t seed);
#endif
