/* SPDX-License-Identifier: MIT */
/*
 * Simulated machine for the mm/ host tests: "physical RAM" is a malloc'ed
 * arena reached through a fake direct map, the page-allocator region is an
 * anonymous reservation whose "page table" is an array of physical
 * addresses (MM_NO_PHYS = unmapped).
 *
 *   phys 0          SIM_RAM_BASE                               + ram
 *   | hole (not in  | kernel | USABLE ...            | loader-   |   MMIO
 *   | the map)      | 64 KiB |                       | reclaim.  |   (above)
 *                   ^ arena[0] = phys SIM_RAM_BASE     256 KiB
 */
#ifndef TERN_TEST_MM_SIM_H
#define TERN_TEST_MM_SIM_H
#include <stddef.h>
#include <stdint.h>
#include <mm/platform.h>
#include <tern/bootinfo.h>

#define SIM_RAM_BASE    0x100000ull
#define SIM_KERNEL_SIZE 0x10000ull
#define SIM_LOADER_SIZE 0x40000ull
#define SIM_MMIO_BASE   0xfee00000ull
#define SIM_VA_BASE     0xffffe00000000000ull /* only a label; see va */

struct sim {
	struct mm_platform plat;
	uint8_t *ram;
	uint64_t ram_size;
	struct tern_mem_range map[4];
	size_t nmap;
	uint8_t *va; /* host address of the page-allocator region */
	uint64_t va_size;
	uint64_t *pte; /* per region page: phys or MM_NO_PHYS */
	uint64_t rng;
	long map_fail_in; /* > 0: the n-th next map_page fails */
	uint64_t tlb_flushes, tlb_pages, tlb_max_batch; /* tlb_flush calls */
};

/* Model several CPUs with threads: a nesting spinlock as mm's lock and a
 * local section that only reports the calling thread's sim_set_cpu value
 * (0 until set) as its CPU: each thread has its own index. */
void sim_enable_smp(struct sim *s);
/* The calling thread's CPU index from now on (below MM_MAX_CPUS). */
void sim_set_cpu(unsigned cpu);
/* The calling thread's CPU index as set (what the local section reports;
 * read directly by callers of kmalloc_on, as the kernel reads GS). */
extern _Thread_local unsigned sim_thread_cpu;

/* ram_size and va_size: multiples of 64 KiB. Aborts on host failure. */
void sim_init(struct sim *s, uint64_t ram_size, uint64_t va_size);
void sim_fini(struct sim *s);
struct frame_alloc;
/* frame_init + mm_init over the whole simulation; 0 or -1. */
int sim_heap_init(struct sim *s, struct frame_alloc *fa);
/* The pte slot of host virtual address va inside the region. */
uint64_t sim_pte(const struct sim *s, uint64_t va);
#endif
