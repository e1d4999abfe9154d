/* SPDX-License-Identifier: MIT */
/*
 * bench=mm: the host benchmark's workloads (bench/) on the live kernel
 * heap, timed with rdtsc, printed as cycles per operation:
 *
 *   fixed/N    kmalloc(N) + kfree pairs, N = 8 B .. 4 KiB
 *   mix10k     10,000 live objects; each op frees a random one and
 *              allocates a random size (80% 8..512 B, 20% 512 B..4 KiB)
 *   page/N     kmalloc + kfree through the page path, 8 KiB .. 1 MiB
 *   frame/1    frame_alloc + frame_free
 *   frame/2M   frame_alloc_contig(512, 512) + frame_free_contig
 *
 * Under QEMU's software emulation cycles are emulated-TSC cycles: compare
 * rows with each other, not with real hardware.
 */
#include <libk/panic.h>
#include <libk/printf.h>
#include <mm/kmalloc.h>
#include <arch/cpu.h>
#include "console/kprintf.h"
#include "mm/mm_boot.h"

#ifndef TERN_BUILD_TYPE
#define TERN_BUILD_TYPE "unknown"
#endif
#define LIVE    10000
#define MIX_OPS 100000

static void row(const char *name, uint64_t cycles, uint64_t ops)
{
	kprintf("mmbench: %-12s %10llu ops %10llu cycles/op\n", name,
	        (unsigned long long)ops,
	        (unsigned long long)(ops ? cycles / ops : 0));
}

static uint64_t fixed(size_t size, uint64_t n)
{
	uint64_t t = rdtsc();

	for (uint64_t i = 0; i < n; i++) {
		volatile char *p = kmalloc(size);

		if (!p)
			panic("mmbench: kmalloc(%zu) failed", size);
		p[0] = 1;
		kfree((void *)p);
	}
	return rdtsc() - t;
}

static uint64_t xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static size_t mix_size(uint64_t r)
{
	return r % 5 ? 8 + (r >> 8) % 505 : 512 + (r >> 8) % 3585;
}

uint64_t mm_bench_mix(uint64_t seed, unsigned live, unsigned ops, bool realloc,
                      void (*ready)(void *ctx), void *ctx)
{
	void **obj = kcalloc(live, sizeof(void *));
	uint32_t *len = kcalloc(live, sizeof(uint32_t));
	uint64_t s = seed | 1, t;

	if (!obj || !len)
		panic("mmbench: no memory for the mix table");
	for (unsigned i = 0; i < live; i++) {
		len[i] = (uint32_t)mix_size(xorshift(&s));
		obj[i] = kmalloc(len[i]);
	}
	if (ready)
		ready(ctx);
	t = rdtsc();
	for (unsigned i = 0; i < ops; i++) {
		uint64_t r = xorshift(&s);
		unsigned k = (unsigned)((r >> 40) % live);

		if (realloc) {
			kfree(obj[k]);
			len[k] = (uint32_t)mix_size(r);
			obj[k] = kmalloc(len[k]);
			if (!obj[k])
				panic("mmbench: mix allocation failed");
		}
		((volatile char *)obj[k])[len[k] - 1] = 1;
		*(volatile char *)obj[k] = 1;
	}
	t = rdtsc() - t;
	for (unsigned i = 0; i < live; i++)
		kfree(obj[i]);
	kfree(obj);
	kfree(len);
	return t;
}

static uint64_t frames(uint64_t n, uint64_t count)
{
	uint64_t t = rdtsc();

	for (uint64_t i = 0; i < count; i++) {
		uint64_t pa = n == 1 ? frame_alloc(&kernel_frames)
		                     : frame_alloc_contig(&kernel_frames, n, n);

		if (pa == MM_NO_PHYS)
			panic("mmbench: no %llu-frame run",
			      (unsigned long long)n);
		if (n == 1)
			frame_free(&kernel_frames, pa);
		else
			frame_free_contig(&kernel_frames, pa, n);
	}
	return rdtsc() - t;
}

void mm_bench_run(void)
{
	static const size_t sizes[] = {8,   16,  32,   64,   128,
	                               256, 512, 1024, 2048, 4096};
	static const size_t pages[] = {8192, 65536, 262144, 1 << 20};
	char name[16];

	kprintf("mmbench: %s build%s\n", TERN_BUILD_TYPE,
	        mm_heap_debug ? ", freed blocks poisoned and checked" : "");
	kprintf("mmbench: workload     operations  cycles/op (rdtsc)\n");
	for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		snprintf(name, sizeof(name), "fixed/%zu", sizes[i]);
		row(name, fixed(sizes[i], 20000), 20000);
	}
	row("mix10k",
	    mm_bench_mix(0x9e3779b97f4a7c15ull, LIVE, MIX_OPS, true, NULL,
	                 NULL),
	    MIX_OPS);
	for (unsigned i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		uint64_t n = pages[i] >= 262144 ? 20 : 500;

		snprintf(name, sizeof(name), "page/%zuK", pages[i] >> 10);
		row(name, fixed(pages[i], n), n);
	}
	row("frame/1", frames(1, 20000), 20000);
	row("frame/2M", frames(512, 500), 500);
	kprintf("mmbench: done\n");
}
