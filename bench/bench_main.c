/* SPDX-License-Identifier: MIT */
/*
 * tern allocator benchmark: runs every workload once, prints a table with
 * ratios and writes the rows as CSV (argv[1], default bench.csv) for
 * bench/plot.py. Build it Release, without sanitizers (scripts/bench).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "bench.h"

#define MAXROWS 256

struct row {
	char group[40], alloc[16];
	double ns;
};

static struct row rows[MAXROWS];
static int nrows;
static struct {
	char alloc[16];
	double req, held;
} effs[8];
static int neffs;

_Noreturn void panic(const char *fmt, ...);
_Noreturn void panic(const char *fmt, ...)
{
	fprintf(stderr, "panic in benchmark: %s\n", fmt);
	abort();
}

uint64_t bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

uint64_t bench_rand(void)
{
	static uint64_t s = 0x62656e6368ull;

	s ^= s >> 12;
	s ^= s << 25;
	s ^= s >> 27;
	return s * 0x2545F4914F6CDD1Dull;
}

void bench_row(const char *group, const char *alloc, double ns)
{
	if (nrows == MAXROWS)
		return;
	snprintf(rows[nrows].group, sizeof(rows[nrows].group), "%s", group);
	snprintf(rows[nrows].alloc, sizeof(rows[nrows].alloc), "%s", alloc);
	rows[nrows++].ns = ns;
	fprintf(stderr, "  %-18s %-9s %10.1f ns/op\n", group, alloc, ns);
}

void bench_eff(const char *alloc, double requested, double held)
{
	snprintf(effs[neffs].alloc, sizeof(effs[0].alloc), "%s", alloc);
	effs[neffs].req = requested;
	effs[neffs++].held = held;
}

static double find(const char *group, const char *alloc)
{
	for (int i = 0; i < nrows; i++)
		if (!strcmp(rows[i].group, group) &&
		    !strcmp(rows[i].alloc, alloc))
			return rows[i].ns;
	return 0;
}

/* One line per row: ns/op, time relative to mimalloc (x < 1: faster) and
 * speedup over the baseline of its kind (first-fit or linear bitmap). */
static void table(FILE *csv)
{
	printf("%-18s %-9s %10s %10s %12s\n", "workload", "allocator", "ns/op",
	       "vs mimalloc", "x baseline");
	fprintf(csv, "group,alloc,ns\n");
	for (int i = 0; i < nrows; i++) {
		const struct row *r = &rows[i];
		double mi = find(r->group, "mimalloc");
		double base = find(r->group, "firstfit");

		if (!base)
			base = find(r->group, "linear");
		printf("%-18s %-9s %10.1f", r->group, r->alloc, r->ns);
		if (mi)
			printf(" %10.2fx", r->ns / mi);
		else
			printf(" %11s", "-");
		printf(" %11.1fx\n", base ? base / r->ns : 0);
		fprintf(csv, "%s,%s,%.2f\n", r->group, r->alloc, r->ns);
	}
	printf("\nheap efficiency, mix10k (requested vs held, end of run):\n");
	for (int i = 0; i < neffs; i++)
		if (effs[i].held)
			printf("  %-9s requested %8.2f MiB held %8.2f MiB  "
			       "%5.1f%%\n",
			       effs[i].alloc, effs[i].req / 1048576,
			       effs[i].held / 1048576,
			       100 * effs[i].req / effs[i].held);
		else
			printf("  %-9s (no comparable figure)\n",
			       effs[i].alloc);
}

/* The three targets, judged on this run. */
static void targets(void)
{
	static const char *small[] = {
	    "fixed/8",   "fixed/16",  "fixed/32",   "fixed/64",   "fixed/128",
	    "fixed/256", "fixed/512", "fixed/1024", "fixed/2048", "fixed/4096"};
	double worst = 0, t, m, f1, f64;

	for (unsigned i = 0; i < sizeof(small) / sizeof(small[0]); i++) {
		t = find(small[i], "tern");
		m = find(small[i], "mimalloc");
		if (m && t / m > worst)
			worst = t / m;
	}
	printf("\ntargets:\n  small alloc+free, worst size vs mimalloc: "
	       "%.2fx (target <= 1.25x) %s\n",
	       worst, worst <= 1.25 ? "MET" : "MISSED");
	t = find("mix10k", "tern");
	f1 = find("mix10k", "firstfit");
	printf("  mix10k speedup over first-fit: %.0fx (target >= 20x) %s\n",
	       f1 / t, f1 / t >= 20 ? "MET" : "MISSED");
	f1 = find("frame-single/1G", "tern");
	f64 = find("frame-single/64G", "tern");
	printf("  frame alloc+free 64 GiB vs 1 GiB: %.2fx (target <= 1.5x) "
	       "%s\n",
	       f64 / f1, f64 / f1 <= 1.5 ? "MET" : "MISSED");
}

int main(int argc, char **argv)
{
	FILE *csv = fopen(argc > 1 ? argv[1] : "bench.csv", "w");

	if (!csv) {
		perror("bench.csv");
		return 1;
	}
	fprintf(stderr, "heap workloads...\n");
	bench_heap();
	fprintf(stderr, "frame workloads...\n");
	bench_frames();
	table(csv);
	targets();
	fclose(csv);
	return 0;
}
