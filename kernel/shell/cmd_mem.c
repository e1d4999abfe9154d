/* SPDX-License-Identifier: MIT */
/* mem, memmap, kaslr and bench: the memory-side commands. */
#include <mm/frame_alloc.h>
#include <mm/kmalloc.h>
#include "mm/mm_drain.h"
#include "console/kprintf.h"
#include "core/boot.h"
#include "core/memsummary.h"
#include "mm/mm_boot.h"
#include "shell/memmap_draw.h"
#include "shell/shell.h"

#define PICTURE_CELLS (64 * 4) /* four rows of 64 */
#define PICTURE_ROW   64

/* Counts after every CPU's caches went back (mm_drain.h), so that they
 * add up to the same numbers whichever CPU freed what. */
static int cmd_mem(int argc, char **argv)
{
	struct frame_counts fc;

	(void)argc;
	(void)argv;
	kmem_drain();
	fc = frame_counts(&kernel_frames);
	sh_printf("frames: %llu managed, %llu free, %llu used, %llu reserved "
	          "(4 KiB each; %llu MiB free)\n",
	          (unsigned long long)fc.managed, (unsigned long long)fc.free,
	          (unsigned long long)fc.used, (unsigned long long)fc.reserved,
	          (unsigned long long)(fc.free >> 8));
	sh_printf("pages: %llu live allocations, %llu pages mapped\n",
	          (unsigned long long)mm_heap.pa.live_count,
	          (unsigned long long)mm_heap.pa.pages_mapped);
	kmalloc_stats_dump(sh_sink, NULL);
	return 0;
}
SHELL_CMD(mem, "", "frames, pages, kmalloc classes and statistics", 0, 0,
          cmd_mem);

/* Colour (SGR foreground) and block character for a range type. */
static const char *style(uint32_t type)
{
	switch (type) {
	case TERN_MEM_USABLE:
		return KC_GREEN "\xe2\x96\x88"; /* █ */
	case TERN_MEM_LOADER_RECLAIMABLE:
		return KC_CYAN "\xe2\x96\x93"; /* ▓ */
	case TERN_MEM_KERNEL:
		return KC_RED "\xe2\x96\x88";
	case TERN_MEM_ACPI_RECLAIMABLE:
		return KC_YELLOW "\xe2\x96\x92"; /* ▒ */
	case TERN_MEM_ACPI_NVS:
		return KC_YELLOW "\xe2\x96\x91"; /* ░ */
	case TERN_MEM_FRAMEBUFFER:
		return KC_BLUE "\xe2\x96\x88";
	case TERN_MEM_INITRD:
		return KC_MAGENTA "\xe2\x96\x93"; /* ▓ */
	case TERN_MEM_MMIO:
		return KC_BLUE "\xe2\x96\x91";
	default:
		return KC_RESET "\xe2\x96\x91";
	}
}

static void picture(const struct tern_mem_range *r, size_t n)
{
	static uint8_t cells[PICTURE_CELLS];
	size_t used = memmap_cells(r, n, cells, PICTURE_CELLS);

	for (size_t i = 0; i < used; i++) {
		sh_printf("%s", style(cells[i]));
		if (i % PICTURE_ROW == PICTURE_ROW - 1 || i + 1 == used)
			sh_printf(KC_RESET "\n");
	}
	sh_printf("legend:");
	for (uint32_t t = 1; t < TERN_MEM_TYPE_COUNT; t++)
		sh_printf(" %s" KC_RESET " %s", style(t), mem_type_name(t));
	sh_printf("\n(each range at least one cell, the rest by size; holes "
	          "left out)\n");
}

static int cmd_memmap(int argc, char **argv)
{
	const struct tern_mem_range *r = boot_memmap();
	size_t n = boot_info->memmap_count;
	struct mem_summary sum;

	(void)argc;
	(void)argv;
	sh_printf(
	    "  #  start              end                size       type\n");
	for (size_t i = 0; i < n; i++) {
		sh_printf("%3zu  0x%016llx 0x%016llx %8llu K  %s\n", i,
		          (unsigned long long)r[i].base,
		          (unsigned long long)(r[i].base + r[i].length - 1),
		          (unsigned long long)(r[i].length >> 10),
		          mem_type_name(r[i].type));
	}
	mem_summarize(r, n, &sum);
	sh_printf("memmap: %zu ranges, %llu MiB usable\n", n,
	          (unsigned long long)(sum.bytes[TERN_MEM_USABLE] >> 20));
	picture(r, n);
	return 0;
}
SHELL_CMD(memmap, "", "the physical memory map, as a table and a picture", 0, 0,
          cmd_memmap);

static int cmd_kaslr(int argc, char **argv)
{
	static const char *const names[TERN_PLACE_COUNT] = {
	    "kernel virt", "kernel phys", "direct map", "page alloc", "stacks"};
	const struct tern_bootinfo *bi = boot_info;

	(void)argc;
	(void)argv;
	if (bi->version < 2) {
		sh_printf("kaslr: not available (boot-info version %u)\n",
		          bi->version);
		return 0;
	}
	sh_printf(
	    "kaslr: %s, slide %#llx (virt %#llx, link %#llx)\n",
	    (bi->flags & TERN_BI_NOKASLR) ? "off (nokaslr)" : "on",
	    (unsigned long long)(bi->kernel_virt_base - bi->kernel_link_base),
	    (unsigned long long)bi->kernel_virt_base,
	    (unsigned long long)bi->kernel_link_base);
	for (unsigned i = 0; i < TERN_PLACE_COUNT; i++)
		sh_printf("  %-12s %20llu slots  %3u.%02u bits\n", names[i],
		          (unsigned long long)bi->place[i].slots,
		          bi->place[i].centibits / 100,
		          bi->place[i].centibits % 100);
	return 0;
}
SHELL_CMD(kaslr, "", "the randomized layout: slides and entropy", 0, 0,
          cmd_kaslr);

static int cmd_bench(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	mm_bench_run();
	return 0;
}
SHELL_CMD(bench, "", "the in-kernel allocator benchmarks", 0, 0, cmd_bench);
