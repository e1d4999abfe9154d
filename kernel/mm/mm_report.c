/* SPDX-License-Identifier: MIT */
/* The heap's reports on the console and the trap report's guard-page
 * hook. */
#include <libk/parse.h>
#include <libk/string.h>
#include <mm/histogram.h>
#include <mm/kmalloc.h>
#include "console/kprintf.h"
#include "core/boot.h"
#include "mm/mm_boot.h"

static void console_sink(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	console_write(s, n);
}

void mm_print_stats(void)
{
	kprintf("mm: kmalloc statistics\n");
	kmalloc_stats_dump(console_sink, NULL);
	kprintf("mm: end of statistics\n");
}

void mm_print_profile(void)
{
	uint64_t total = 0;

	for (unsigned b = 0; b < MM_HIST_BINS; b++)
		total += mm_histogram_count(b);
	kprintf("mm: boot-time kmalloc profile, %llu requests\n",
	        (unsigned long long)total);
	kmalloc_histogram_dump(console_sink, NULL);
}

static bool cmdline_word(const char *key, char *val, size_t size)
{
	return kcmdline_get(boot_cmdline(), key, val, size);
}

void mm_boot_reports(void)
{
	char arg[32];

	if (cmdline_word("mmprofile", NULL, 0))
		mm_print_profile();
	if (cmdline_word("mmstats", NULL, 0))
		mm_print_stats();
	if (cmdline_word("bench", arg, sizeof(arg)) && !strcmp(arg, "mm"))
		mm_bench_run();
}

int mm_fault_describe(uint64_t addr)
{
	uint64_t start = page_alloc_guard_hit(&mm_heap.pa, addr);

	if (!start)
		return 0;
	/* the guard page ends the allocation: its size, with no second
	 * lookup that a concurrent free could make panic inside a report */
	kprintf(
	    "  page-allocator guard page hit: 0x%llx is just past the "
	    "%llu-byte allocation at 0x%llx\n",
	    (unsigned long long)addr,
	    (unsigned long long)((addr & ~(uint64_t)(PAGE_SIZE - 1)) - start),
	    (unsigned long long)start);
	return 1;
}
