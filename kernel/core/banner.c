/* SPDX-License-Identifier: MIT */
#include <libk/parse.h>
#include "console/kprintf.h"
#include "core/boot.h"
#include "core/memsummary.h"

#ifndef TERN_VERSION
#define TERN_VERSION "0.0.0"
#endif
#ifndef TERN_BUILD_TYPE
#define TERN_BUILD_TYPE "unknown"
#endif

/* "123 MiB" above 1 MiB, else "456 KiB". */
static void print_size(uint64_t bytes)
{
	if (bytes >= (1ull << 20))
		kprintf("%llu MiB", (unsigned long long)(bytes >> 20));
	else
		kprintf("%llu KiB", (unsigned long long)(bytes >> 10));
}

static void memory(const struct tern_bootinfo *bi)
{
	struct mem_summary s;

	mem_summarize(boot_memmap(), bi->memmap_count, &s);
	kprintf("memory: %llu MiB usable, %u ranges, highest address "
	        "0x%llx\n",
	        (unsigned long long)(s.bytes[TERN_MEM_USABLE] >> 20),
	        bi->memmap_count, (unsigned long long)s.highest);
	for (uint32_t t = 1; t < TERN_MEM_TYPE_COUNT; t++) {
		if (!s.ranges[t])
			continue;
		kprintf("  %-18s ", mem_type_name(t));
		print_size(s.bytes[t]);
		kprintf(" in %u range%s\n", s.ranges[t],
		        s.ranges[t] == 1 ? "" : "s");
	}
}

static void framebuffer(const struct tern_framebuffer *fb)
{
	static const char *const fmt[] = {"none", "RGBX8888", "BGRX8888",
	                                  "bitmask"};

	if (fb->format == TERN_FB_NONE) {
		kprintf("framebuffer: none\n");
		return;
	}
	kprintf("framebuffer: %ux%u, pitch %u, %s", fb->width, fb->height,
	        fb->pitch, fmt[fb->format]);
	if (kcmdline_get(boot_cmdline(), "debugptrs", NULL, 0))
		kprintf(", phys 0x%llx -> virt 0x%llx",
		        (unsigned long long)fb->phys,
		        (unsigned long long)fb->virt);
	kprintf("\n");
}

/* Kernel addresses only with `debugptrs`; the kaslr: line has them. */
static void kernel_placement(const struct tern_bootinfo *bi)
{
	kprintf("kernel: ");
	if (kcmdline_get(boot_cmdline(), "debugptrs", NULL, 0))
		kprintf("phys 0x%llx, virt 0x%llx (link 0x%llx), ",
		        (unsigned long long)bi->kernel_phys_base,
		        (unsigned long long)bi->kernel_virt_base,
		        (unsigned long long)bi->kernel_link_base);
	print_size(bi->kernel_size);
	kprintf(", %u symbols\n", bi->symtab_count);
}

void banner_print(void)
{
	const struct tern_bootinfo *bi = boot_info;

	kprintf(KC_BOLD "tern " TERN_VERSION " (" TERN_BUILD_TYPE
	                ") \xe2\x80\x94 x86_64" KC_RESET "\n");
	kprintf("cmdline: \"%s\"\n", boot_cmdline());
	memory(bi);
	framebuffer(&bi->fb);
	kernel_placement(bi);
	kprintf("boot: loader entry -> kmain %llu cycles (handoff -> kmain "
	        "%llu)\n",
	        (unsigned long long)(boot_tsc_kmain - bi->tsc_loader_entry),
	        (unsigned long long)(boot_tsc_kmain - bi->tsc_handoff));
}
