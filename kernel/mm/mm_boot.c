/* SPDX-License-Identifier: MIT */
/* Memory bring-up (see mm/mm_boot.h). */
#include <libk/panic.h>
#include <libk/string.h>
#include <mm/kmalloc.h>
#include <arch/irq_flags.h>
#include <arch/percpu.h>
#include <arch/smp.h>
#include "console/kprintf.h"
#include "core/boot.h"
#include "core/csprng.h"
#include "core/symbols.h"
#include "mm/mm_boot.h"
#include "mm/vm.h"
#include "sync/spinlock.h"

#define MAX_RANGES 512

struct frame_alloc kernel_frames;
struct mm_platform kernel_mm_platform;

static int map_cb(void *ctx, uint64_t virt, uint64_t phys)
{
	(void)ctx;
	return vm_map(virt, phys, VM_WRITE) ? -1 : 0;
}

/* mm/ unmaps pages in batches under its lock and then calls tlb_flush
 * once, before it frees their frames: one shootdown per batch. */
static uint64_t unmap_cb(void *ctx, uint64_t virt)
{
	(void)ctx;
	return vm_unmap_deferred(virt);
}

static void tlb_flush_cb(void *ctx, const uint64_t *virt, unsigned n)
{
	(void)ctx;
	(void)virt;
	(void)n;
	vm_flush_others(); /* the pages vm_unmap_deferred collected */
}

/* Hardening keys and treap priorities: the kernel CSPRNG (seeded from
 * boot-info's seed by kaslr_boot, before mm_boot). */
static uint64_t random_cb(void *ctx)
{
	(void)ctx;
	return csprng_u64();
}

/* The boot map limited to what the direct map covers: frames the kernel
 * cannot reach through it must not be handed out. */
static size_t clip_to_direct_map(struct tern_mem_range *out)
{
	const struct tern_mem_range *m = boot_memmap();
	uint64_t top = boot_info->direct_map_size;
	size_t n = 0;

	for (uint32_t i = 0; i < boot_info->memmap_count && n < MAX_RANGES;
	     i++) {
		if (m[i].base >= top)
			continue;
		out[n] = m[i];
		if (out[n].length > top - out[n].base)
			out[n].length = top - out[n].base;
		n++;
	}
	return n;
}

/* Copy the whole blob into the heap: cmdline, memory map, symbols and
 * framebuffer info are all read from boot_info later, so one copy keeps
 * every reader valid once the loader's memory is reused. */
static void keep_bootinfo(void)
{
	struct tern_bootinfo *copy = kmalloc(boot_info->size);

	if (!copy)
		panic("mm: no memory for the boot-info copy (%u bytes)",
		      boot_info->size);
	memcpy(copy, boot_info, boot_info->size);
	boot_info = copy;
	ksymtab_from_bootinfo(&kernel_symtab, copy);
}

/* Give LOADER_RECLAIMABLE ranges (the loader, the old blob) back. */
static uint64_t reclaim_loader(void)
{
	static struct tern_mem_range map[MAX_RANGES];
	size_t n = clip_to_direct_map(map);
	uint64_t frames = 0;

	for (size_t i = 0; i < n; i++)
		if (map[i].type == TERN_MEM_LOADER_RECLAIMABLE)
			frames += frame_add_range(&kernel_frames, map[i].base,
			                          map[i].length);
	return frames;
}

/* mm's lock: the frames, the slabs, the page allocator and the
 * kernel page tables. A spinlock taken with interrupts off that nests on
 * its holder CPU, because mm/ takes it again inside itself (page_alloc
 * takes frames and tree nodes, each under the lock). depth is touched only
 * by the holder. A waiter serves cross-CPU calls (spin_wait): the holder
 * may be waiting for a TLB shootdown (vm_unmap). */
static struct {
	struct spinlock lock;
	unsigned depth;
} mm_lk = {.lock = SPINLOCK_INIT("mm")};

static uint64_t lock_cb(void *ctx)
{
	uint64_t flags = irq_save();
	uint16_t me = (uint16_t)(arch_cpu_index() + 1);

	(void)ctx;
	if (__atomic_load_n(&mm_lk.lock.cpu, __ATOMIC_RELAXED) == me) {
		mm_lk.depth++;
		return flags;
	}
	spin_lock(&mm_lk.lock);
	mm_lk.depth = 1;
	return flags;
}

static void unlock_cb(void *ctx, uint64_t flags)
{
	(void)ctx;
	if (--mm_lk.depth == 0)
		spin_unlock(&mm_lk.lock);
	irq_restore(flags);
}

static void local_exit_cb(void *ctx, uint64_t flags)
{
	(void)ctx;
	irq_restore(flags);
}

/* The per-CPU caches' CPU and local section: interrupts off keeps the
 * thread on this CPU and every handler off its caches. */
_Static_assert(SMP_MAX_CPUS <= MM_MAX_CPUS, "mm/ caches too few CPUs");

static struct mm_local local_enter_cb(void *ctx)
{
	uint64_t flags = irq_save();

	(void)ctx;
	return (struct mm_local){flags, arch_cpu_index()};
}

void mm_boot(void)
{
	static struct tern_mem_range map[MAX_RANGES];
	size_t n = clip_to_direct_map(map);
	uint64_t reclaimed;
	struct frame_counts fc;

	kernel_mm_platform = (struct mm_platform){
	    .direct_map_offset = boot_info->direct_map_offset,
	    .map_page = map_cb,
	    .unmap_page = unmap_cb,
	    .tlb_flush = tlb_flush_cb,
	    .random = random_cb,
	    .lock = lock_cb,
	    .unlock = unlock_cb,
	    .local_enter = local_enter_cb,
	    .local_exit = local_exit_cb,
	};
	if (frame_init(&kernel_frames, map, n, &kernel_mm_platform))
		panic("mm: the memory map has no room for the frame bitmaps");
	vm_init(boot_info->pml4_phys, &kernel_mm_platform, &kernel_frames);
	if (mm_init(&kernel_mm_platform, &kernel_frames,
	            boot_info->page_alloc_base, boot_info->page_alloc_size,
	            NULL))
		panic("mm: could not pre-fill the heap reserves");
	keep_bootinfo();
	reclaimed = reclaim_loader();
	fc = frame_counts(&kernel_frames);
	kprintf("mm: frames free %llu, used %llu, reserved %llu (%llu MiB "
	        "free; %llu reclaimed from the loader)\n",
	        (unsigned long long)fc.free, (unsigned long long)fc.used,
	        (unsigned long long)fc.reserved,
	        (unsigned long long)(fc.free * FRAME_SIZE >> 20),
	        (unsigned long long)reclaimed);
}
