/* SPDX-License-Identifier: MIT */
/* What the loader handed over: the boot-info blob and its memory map. */
#include <libk/parse.h>
#include <libk/string.h>
#include "core/boot.h"
#include "core/bootinfo_check.h"
#include "core/kstack.h"
#include "core/memsummary.h"
#include "test/ktest.h"

KTEST(bootinfo_valid)
{
	const char *why = NULL;

	KEXPECT_EQ(bootinfo_validate(boot_info, boot_info->size, &why), 0);
	KEXPECT_EQ(boot_info->version, TERN_BOOTINFO_VERSION);
	KEXPECT(boot_info->size <= BOOTINFO_MAX_SIZE);
	/* Our own command line holds the test= that started us. */
	KEXPECT(kcmdline_get(boot_cmdline(), "test", NULL, 0));
}

/* True if [base, base + len) lies inside one range of type t. */
static bool covered_by(uint64_t base, uint64_t len, uint32_t t)
{
	const struct tern_mem_range *r = boot_memmap();

	for (uint32_t i = 0; i < boot_info->memmap_count; i++) {
		if (r[i].type == t && base >= r[i].base &&
		    base + len <= r[i].base + r[i].length)
			return true;
	}
	return false;
}

KTEST(bootinfo_memory_map_sane)
{
	const struct tern_mem_range *r = boot_memmap();
	struct mem_summary s;

	mem_summarize(r, boot_info->memmap_count, &s);
	/* QEMU runs us with -m 256M: most of it must be usable. */
	KEXPECT(s.bytes[TERN_MEM_USABLE] >= (64ull << 20));
	KEXPECT(s.bytes[TERN_MEM_USABLE] <= s.highest);
	KEXPECT(s.ranges[0] == 0);
	KEXPECT(covered_by(boot_info->kernel_phys_base, boot_info->kernel_size,
	                   TERN_MEM_KERNEL));
	for (uint32_t i = 0; i < boot_info->memmap_count; i++) {
		if (i)
			KEXPECT(r[i].base >= r[i - 1].base + r[i - 1].length);
		/* The direct map covers every usable byte. */
		if (r[i].type == TERN_MEM_USABLE)
			KEXPECT(r[i].base + r[i].length <=
			        boot_info->direct_map_size);
	}
}

KTEST(running_on_boot_stack)
{
	uint64_t sp = (uint64_t)__builtin_frame_address(0);
	const struct kstack *k = kstack_containing(&kernel_stacks, sp);

	KREQUIRE(k != NULL);
	KEXPECT(!strcmp(k->name, "boot stack"));
	KEXPECT_EQ(k->top, boot_info->stack_top);
	KEXPECT(kstack_guard_hit(&kernel_stacks, k->base - 1) == k);
}
