/* SPDX-License-Identifier: MIT */
#include <mm/kmalloc.h>
#include "console/kprintf.h"
#include "mm/mm_boot.h"
#include "test/crashtest_mm.h"

#define NOINLINE __attribute__((noinline))

/* One byte past an 8 KiB page-allocator allocation: its guard page. */
NOINLINE void crashtest_heapguard(void)
{
	volatile uint8_t *p = kmalloc(8192);

	kprintf("crashtest: writing past the allocation at 0x%016llx, to "
	        "0x%016llx\n",
	        (unsigned long long)(uintptr_t)p,
	        (unsigned long long)(uintptr_t)(p + 8192));
	p[8191] = 1;
	p[8192] = 1;
}

NOINLINE void crashtest_doublefree(void)
{
	void *p = kmalloc(48);

	kprintf("crashtest: kfree(%p) twice\n", p);
	kfree(p);
	kfree(p);
}

NOINLINE void crashtest_framedoublefree(void)
{
	uint64_t pa = frame_alloc(&kernel_frames);

	kprintf("crashtest: frame_free(%#llx) twice\n", (unsigned long long)pa);
	frame_free(&kernel_frames, pa);
	frame_free(&kernel_frames, pa);
}
