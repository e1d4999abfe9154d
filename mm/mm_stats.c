/* SPDX-License-Identifier: MIT */
/* kmalloc_stats_dump: the heap's statistics as text, for the shell or the
 * kernel log. */
#include <libk/printf.h>
#include <mm/histogram.h>
#include <mm/kmalloc.h>

struct out {
	libk_sink_fn sink;
	void *ctx;
};

static void line(struct out *o, const char *fmt, ...) LIBK_PRINTF_LIKE(2, 3);

static void line(struct out *o, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	LIBK_FN(vformat)(o->sink, o->ctx, fmt, ap);
	va_end(ap);
}

static void dump_classes(struct out *o)
{
	line(o, "class  size align   allocs    frees     live  peak slabs "
	        "pages  free\n");
	for (unsigned i = 0; i < BLOCK_NCLASSES; i++) {
		struct block_stats s;

		block_stats(&mm_heap.ba, i, &s);
		line(o,
		     "%5u %5u %5u %8llu %8llu %8llu %5llu %5llu %5llu %5llu\n",
		     i, s.size, s.align, (unsigned long long)s.allocs,
		     (unsigned long long)s.frees, (unsigned long long)s.live,
		     (unsigned long long)s.high_water,
		     (unsigned long long)s.slabs, (unsigned long long)s.pages,
		     (unsigned long long)s.free_blocks);
	}
}

static void dump_histogram(struct out *o)
{
	line(o, "request sizes (bin upper bound: count)\n");
	for (unsigned b = 0; b < MM_HIST_BINS; b++)
		if (mm_histogram_count(b))
			line(o, "  <= %8llu: %llu\n",
			     (unsigned long long)mm_histogram_bin_max(b),
			     (unsigned long long)mm_histogram_count(b));
}

void kmalloc_histogram_dump(libk_sink_fn sink, void *ctx)
{
	struct out o = {sink, ctx};

	dump_histogram(&o);
}

void kmalloc_stats_dump(libk_sink_fn sink, void *ctx)
{
	struct out o = {sink, ctx};
	const struct page_alloc *pa = &mm_heap.pa;
	struct frame_counts fc = frame_counts(mm_heap.fa);

	dump_classes(&o);
	line(&o,
	     "pages: allocs %llu frees %llu live %llu mapped %llu "
	     "failures %llu\n",
	     (unsigned long long)pa->allocs, (unsigned long long)pa->frees,
	     (unsigned long long)pa->live_count,
	     (unsigned long long)pa->pages_mapped,
	     (unsigned long long)pa->failures);
	line(&o, "frames: free %llu used %llu reserved %llu\n",
	     (unsigned long long)fc.free, (unsigned long long)fc.used,
	     (unsigned long long)fc.reserved);
	line(&o, "heap held: %llu bytes\n",
	     (unsigned long long)kmalloc_bytes_held());
	dump_histogram(&o);
}
