/* SPDX-License-Identifier: MIT */
/* The initramfs as handed over: typed in the memory map, checked at boot,
 * /etc/motd readable through the direct map, and none of its frames ever
 * given out by the frame allocator. */
#include <libk/string.h>
#include <arch/pgwalk.h>
#include <tern/errno.h>
#include "core/boot.h"
#include "mm/mm_boot.h"
#include "proc/initrd.h"
#include "test/ktest.h"

/* True if [base, base + len) lies inside one range of type t. */
static bool inside_type(uint64_t base, uint64_t len, uint32_t t)
{
	const struct tern_mem_range *r = boot_memmap();

	for (uint32_t i = 0; i < boot_info->memmap_count; i++)
		if (r[i].type == t && base >= r[i].base &&
		    base + len <= r[i].base + r[i].length)
			return true;
	return false;
}

KTEST(initrd_handed_over)
{
	uint64_t phys = boot_info->initrd_phys, size = boot_info->initrd_size;
	const uint8_t *base = phys_to_virt(phys);
	const void *data;
	size_t len;

	KREQUIRE(size != 0); /* the build always puts one on the ESP */
	KEXPECT(inside_type(phys, size, TERN_MEM_INITRD));
	KEXPECT(initrd_present());
	KEXPECT(initrd_error() == NULL);
	KEXPECT(initrd_stats().files >= 1);
	KREQUIRE(initrd_find("/etc/motd", &data, &len) == 0);
	KEXPECT((const uint8_t *)data >= base &&
	        (const uint8_t *)data + len <= base + size);
	KEXPECT(len > 16 && !memcmp(data, "Welcome to tern.", 16));
	KEXPECT_EQ(initrd_find("etc", &data, &len), -EISDIR);
	KEXPECT_EQ(initrd_find("/etc/nosuchfile", &data, &len), -ENOENT);
}

/* Take every free frame (each links to the previous one through its
 * first word), check none is in the initramfs, give them all back. */
KTEST(initrd_frames_never_allocated)
{
	uint64_t lo = boot_info->initrd_phys;
	uint64_t hi = lo + boot_info->initrd_size;
	uint64_t free0 = frame_counts(&kernel_frames).free;
	uint64_t head = MM_NO_PHYS, pa, n = 0, inside = 0;

	KREQUIRE(boot_info->initrd_size != 0);
	while ((pa = frame_alloc(&kernel_frames)) != MM_NO_PHYS) {
		if (pa + 4096 > lo && pa < hi)
			inside++;
		*(uint64_t *)phys_to_virt(pa) = head;
		head = pa;
		n++;
	}
	while (head != MM_NO_PHYS) {
		pa = head;
		head = *(uint64_t *)phys_to_virt(pa);
		frame_free(&kernel_frames, pa);
	}
	KEXPECT_EQ(n, free0);
	KEXPECT_EQ(inside, 0);
	KEXPECT_EQ(frame_counts(&kernel_frames).free, free0);
}
