/* SPDX-License-Identifier: MIT */
/*
 * Memory bring-up: frame allocator from the boot-info map, the paging API
 * over the live tables, the heap (mm_init) with the kernel's platform
 * callbacks, then boot-info copied into the heap and the loader's memory
 * given back.
 */
#ifndef KERNEL_MM_MM_BOOT_H
#define KERNEL_MM_MM_BOOT_H
#include <stdint.h>
#include <mm/frame_alloc.h>
#include <mm/platform.h>

extern struct frame_alloc kernel_frames;
extern struct mm_platform kernel_mm_platform;

/*
 * Needs a validated boot_info and the trap handlers. On return kmalloc
 * works, boot_info points at a heap copy of the blob (kernel_symtab too)
 * and loader-reclaimable memory is free. Panics if memory cannot be set up.
 */
void mm_boot(void);

/* Cmdline options: mmprofile (request-size histogram), mmstats (full
 * kmalloc_stats_dump), bench=mm (mm_bench_run). */
void mm_boot_reports(void);

/* Print the heap statistics / the histogram to the console. */
void mm_print_stats(void);
void mm_print_profile(void);

/* The in-kernel allocator benchmark: cycles per operation (rdtsc) for the
 * host bench's workloads, as a table on the console. */
void mm_bench_run(void);
/* bench=mm's mix workload: live objects of random sizes (80% 8..512 B,
 * 20% 512 B..4 KiB), then ops operations that each free a random one and
 * allocate a new one, writing its first and last byte; ready(ctx) (if
 * not NULL) runs between the two, so that several threads can start
 * their loops together. Without realloc (the control) an operation only
 * writes the two bytes of the object it picked: the same objects and
 * writes without the allocator. Returns the loop's rdtsc
 * cycles. Reentrant: each caller has its own table. */
uint64_t mm_bench_mix(uint64_t seed, unsigned live, unsigned ops, bool realloc,
                      void (*ready)(void *ctx), void *ctx);

/* For the trap report: if addr is a page-allocator guard page, print a
 * line naming the allocation and return 1, else 0. */
int mm_fault_describe(uint64_t addr);
#endif
