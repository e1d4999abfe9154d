/* SPDX-License-Identifier: MIT */
/* Simulated physical memory and page table for the mm/ host tests. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <mm/kmalloc.h>
#include "sim.h"

static int sim_map(void *ctx, uint64_t virt, uint64_t phys)
{
	struct sim *s = ctx;
	uint64_t i = (virt - (uintptr_t)s->va) / 4096;

	if (s->map_fail_in > 0 && --s->map_fail_in == 0)
		return -1;
	if (virt & 4095 || i >= s->va_size / 4096 || s->pte[i] != MM_NO_PHYS ||
	    phys & 4095) {
		fprintf(stderr, "sim: bad map %#llx -> %#llx\n",
		        (unsigned long long)virt, (unsigned long long)phys);
		abort();
	}
	s->pte[i] = phys;
	return 0;
}

static uint64_t sim_unmap(void *ctx, uint64_t virt)
{
	struct sim *s = ctx;
	uint64_t i = (virt - (uintptr_t)s->va) / 4096, phys;

	if (i >= s->va_size / 4096)
		return MM_NO_PHYS;
	phys = s->pte[i];
	s->pte[i] = MM_NO_PHYS;
	return phys;
}

static uint64_t sim_random(void *ctx)
{
	struct sim *s = ctx;

	s->rng = s->rng * 6364136223846793005ull + 1442695040888963407ull;
	return s->rng ^ (s->rng >> 29);
}

/* The simulated TLB has nothing to flush: count the batches. */
static void sim_tlb_flush(void *ctx, const uint64_t *virt, unsigned n)
{
	struct sim *s = ctx;

	(void)virt;
	s->tlb_flushes++;
	s->tlb_pages += n;
	if (n > s->tlb_max_batch)
		s->tlb_max_batch = n;
}

/* The lock: owner is the holding thread's id (0: free), depth how often
 * it holds it; only the owner touches depth. */
static long lock_owner;
static unsigned lock_depth;
static _Thread_local long thread_id;
static long next_thread_id;
_Thread_local unsigned sim_thread_cpu;

static long self_id(void)
{
	if (!thread_id)
		thread_id =
		    __atomic_add_fetch(&next_thread_id, 1, __ATOMIC_RELAXED);
	return thread_id;
}

static uint64_t sim_lock(void *ctx)
{
	long me = self_id(), free_ = 0;

	(void)ctx;
	if (__atomic_load_n(&lock_owner, __ATOMIC_RELAXED) == me) {
		lock_depth++;
		return 0;
	}
	while (!__atomic_compare_exchange_n(&lock_owner, &free_, me, false,
	                                    __ATOMIC_ACQUIRE,
	                                    __ATOMIC_RELAXED)) {
		free_ = 0;
		__builtin_ia32_pause();
	}
	lock_depth = 1;
	return 0;
}

static void sim_unlock(void *ctx, uint64_t token)
{
	(void)ctx;
	(void)token;
	if (--lock_depth == 0)
		__atomic_store_n(&lock_owner, 0, __ATOMIC_RELEASE);
}

static struct mm_local sim_local_enter(void *ctx)
{
	(void)ctx;
	return (struct mm_local){0, sim_thread_cpu};
}

void sim_set_cpu(unsigned cpu)
{
	sim_thread_cpu = cpu;
}

void sim_enable_smp(struct sim *s)
{
	s->plat.lock = sim_lock;
	s->plat.unlock = sim_unlock;
	s->plat.local_enter = sim_local_enter;
}

uint64_t sim_pte(const struct sim *s, uint64_t va)
{
	return s->pte[(va - (uintptr_t)s->va) / 4096];
}

void sim_init(struct sim *s, uint64_t ram_size, uint64_t va_size)
{
	uint64_t usable = ram_size - SIM_KERNEL_SIZE - SIM_LOADER_SIZE;

	memset(s, 0, sizeof(*s));
	s->ram = aligned_alloc(65536, ram_size);
	s->va = mmap(NULL, va_size, PROT_READ | PROT_WRITE,
	             MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	s->pte = malloc(va_size / 4096 * sizeof(uint64_t));
	if (!s->ram || s->va == MAP_FAILED || !s->pte) {
		perror("sim_init");
		abort();
	}
	memset(s->pte, 0xff, va_size / 4096 * sizeof(uint64_t));
	s->ram_size = ram_size;
	s->va_size = va_size;
	s->rng = 0x5eed;
	s->map[0] = (struct tern_mem_range){SIM_RAM_BASE, SIM_KERNEL_SIZE,
	                                    TERN_MEM_KERNEL, 0};
	s->map[1] = (struct tern_mem_range){SIM_RAM_BASE + SIM_KERNEL_SIZE,
	                                    usable, TERN_MEM_USABLE, 0};
	s->map[2] = (struct tern_mem_range){
	    SIM_RAM_BASE + SIM_KERNEL_SIZE + usable, SIM_LOADER_SIZE,
	    TERN_MEM_LOADER_RECLAIMABLE, 0};
	s->map[3] =
	    (struct tern_mem_range){SIM_MMIO_BASE, 0x1000, TERN_MEM_MMIO, 0};
	s->nmap = 4;
	s->plat = (struct mm_platform){
	    .ctx = s,
	    .direct_map_offset = (uintptr_t)s->ram - SIM_RAM_BASE,
	    .map_page = sim_map,
	    .unmap_page = sim_unmap,
	    .random = sim_random,
	    .tlb_flush = sim_tlb_flush,
	};
}

void sim_fini(struct sim *s)
{
	free(s->ram);
	munmap(s->va, s->va_size);
	free(s->pte);
}

int sim_heap_init(struct sim *s, struct frame_alloc *fa)
{
	if (frame_init(fa, s->map, s->nmap, &s->plat))
		return -1;
	return mm_init(&s->plat, fa, (uintptr_t)s->va, s->va_size, NULL);
}
