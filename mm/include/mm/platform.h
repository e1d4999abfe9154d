/* SPDX-License-Identifier: MIT */
/*
 * The thin platform interface mm/ is built against. mm/ never includes an
 * arch header: everything it needs from the machine is in this struct,
 * which the kernel fills from its paging code and the host tests fill from
 * a simulated physical memory.
 *
 *   kernel: direct_map_offset = bootinfo->direct_map_offset,
 *           map_page/unmap_page = the live 4-level tables (+ invlpg),
 *           random = the boot seed (RDRAND/EFI RNG mixed by blake2s).
 *   host:   direct_map_offset = (arena address) - (simulated phys base),
 *           map_page/unmap_page = a software page table over an
 *           anonymous reservation, random = a fixed or seeded PRNG.
 */
#ifndef MM_PLATFORM_H
#define MM_PLATFORM_H
#include <stdint.h>

/* No frame / no mapping. Physical address 0 can be a real frame. */
#define MM_NO_PHYS (~0ull)

/* Per-CPU caches are arrays of this many entries; the platform's
 * local_enter() must report an index below it (the kernel's SMP_MAX_CPUS
 * is 16). */
#define MM_MAX_CPUS 16

/* What local_enter returns: local_exit's token and the running CPU's index
 * (two registers under the x86-64 SysV ABI: the index comes back without a
 * store and a reload). */
struct mm_local {
	uint64_t token;
	unsigned cpu;
};

struct mm_platform {
	void *ctx; /* passed back to every callback */
	/* virt = phys + direct_map_offset for all managed RAM (mod 2^64). */
	uint64_t direct_map_offset;
	/*
	 * Map one 4 KiB page at virt (inside the page-allocator region) to
	 * phys, read/write, no-execute. Returns 0, or -1 if the mapping could
	 * not be made (no frame for an intermediate table): mm/ then unwinds.
	 */
	int (*map_page)(void *ctx, uint64_t virt, uint64_t phys);
	/*
	 * Remove the mapping of the page at virt and invalidate its TLB entry.
	 * Returns the physical address it mapped, or MM_NO_PHYS if none.
	 */
	uint64_t (*unmap_page)(void *ctx, uint64_t virt);
	/* 64 bits of per-boot randomness (hardening keys, tree priorities). */
	uint64_t (*random)(void *ctx);
	/*
	 * Optional (NULL = no locking, as in the single-threaded host tests):
	 * lock() makes the caller exclusive owner of mm/'s state and returns a
	 * token for unlock(). It must nest, because kmalloc holds it while it
	 * takes frames: the kernel's is a spinlock taken with interrupts off
	 * that nests on its holder CPU (kernel/mm/mm_boot.c).
	 */
	uint64_t (*lock)(void *ctx);
	void (*unlock)(void *ctx, uint64_t token);
	/*
	 * Optional (NULL = one CPU, index 0, nothing to do): enter the local
	 * section around every use of the running CPU's caches and return
	 * that CPU's index (below MM_MAX_CPUS) with local_exit's token; the
	 * index stays valid until local_exit. Inside the section nothing else
	 * may run on this CPU's caches: the kernel's is "interrupts off" (no
	 * preemption, no handler), saving RFLAGS; on the host each thread has
	 * its own index and the section is empty. It nests, and mm/ may take
	 * lock() inside it. One call gives both, so the fast path pays one
	 * indirect call.
	 */
	struct mm_local (*local_enter)(void *ctx);
	void (*local_exit)(void *ctx, uint64_t token);
	/*
	 * Optional (NULL = unmap_page invalidates each page itself): when
	 * set, unmap_page only clears the entry, and mm/ calls tlb_flush once
	 * for a batch of pages it unmapped, before it reuses their frames.
	 */
	void (*tlb_flush)(void *ctx, const uint64_t *virt, unsigned n);
};

static inline uint64_t mm_lock(const struct mm_platform *p)
{
	return p && p->lock ? p->lock(p->ctx) : 0;
}

static inline void mm_unlock(const struct mm_platform *p, uint64_t token)
{
	if (p && p->unlock)
		p->unlock(p->ctx, token);
}

/* Enter the local section and learn the CPU: *cpu is this CPU's index.
 * p must not be NULL (mm_platform_none: one CPU, no hooks). */
static inline uint64_t mm_local_enter(const struct mm_platform *p,
                                      unsigned *cpu)
{
	struct mm_local l = {0, 0};

	if (p->local_enter)
		l = p->local_enter(p->ctx);
	*cpu = l.cpu;
	return l.token;
}

static inline void mm_local_exit(const struct mm_platform *p, uint64_t token)
{
	if (p->local_exit)
		p->local_exit(p->ctx, token);
}

/* A platform with no hooks at all (one CPU, no lock), for allocators set
 * up without one. */
extern const struct mm_platform mm_platform_none;

/*
 * Per-CPU counters are written only by their CPU but read by others (stats,
 * frame counts): relaxed atomic loads and stores, which are plain moves on
 * x86-64 (no read-modify-write), keep those reads well defined.
 */
static inline uint64_t mm_rd(const uint64_t *v)
{
	return __atomic_load_n(v, __ATOMIC_RELAXED);
}

static inline void mm_wr(uint64_t *v, uint64_t x)
{
	__atomic_store_n(v, x, __ATOMIC_RELAXED);
}

static inline uint32_t mm_rd32(const uint32_t *v)
{
	return __atomic_load_n(v, __ATOMIC_RELAXED);
}

static inline void mm_wr32(uint32_t *v, uint32_t x)
{
	__atomic_store_n(v, x, __ATOMIC_RELAXED);
}

static inline void *mm_phys_to_virt(const struct mm_platform *p, uint64_t pa)
{
	return (void *)(uintptr_t)(pa + p->direct_map_offset);
}

static inline uint64_t mm_virt_to_phys(const struct mm_platform *p,
                                       const void *va)
{
	return (uint64_t)(uintptr_t)va - p->direct_map_offset;
}
#endif
