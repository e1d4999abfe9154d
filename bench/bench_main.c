/* SPDX-License-Identifier: MIT */
/*
 * tern allocator benchmark: runs every workload once, prints a table with
 * ratios and writes the rows as CSV (argv[1], default bench.csv) for
 * bench/plot.py. Build it Release, without sanitizers (scripts/bench).
 */
#include <stdbool.h>
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

/* The target for a tern row, if it has one: the measured figure
 * (*got), the limit, and whether the figure must stay at or below it. */
struct target {
	double got, limit;
	bool at_most;
	const char *of; /* what got is a ratio to */
};

static bool target_for(const struct row *r, struct target *t)
{
	double mi = find(r->group, "mimalloc");

	if (strcmp(r->alloc, "tern"))
		return false;
	if (!strncmp(r->group, "fixed/", 6) || !strcmp(r->group, "mix10k")) {
		*t = (struct target){r->ns / mi, 1.25, true, "mimalloc"};
		return mi > 0;
	}
	if (!strncmp(r->group, "page/", 5)) {
		*t = (struct target){r->ns / mi, 2.0, true, "mimalloc"};
		return mi > 0;
	}
	if (!strcmp(r->group, "frame-churn/64G")) {
		double g1 = find("frame-churn/1G", "tern");

		*t = (struct target){r->ns / g1, 1.5, true, "1 GiB"};
		return g1 > 0;
	}
	if (!strcmp(r->group, "mix10k-2t")) {
		double one = find("mix10k", "tern");

		/* throughput of 2 threads over 1: ns per op, inverted */
		*t = (struct target){one / r->ns, 1.8, false, "1 thread"};
		return one > 0;
	}
	return false;
}

static bool target_met(const struct target *t)
{
	return t->at_most ? t->got <= t->limit : t->got >= t->limit;
}

/* One line per row: ns/op, time relative to mimalloc (x < 1: faster),
 * speedup over the baseline of its kind (first-fit or linear bitmap) and,
 * for tern's rows that the issue sets a target for, the target and
 * whether this run meets it. */
static void table(FILE *csv)
{
	printf("%-18s %-9s %10s %10s %12s  %s\n", "workload", "allocator",
	       "ns/op", "vs mimalloc", "x baseline", "target");
	fprintf(csv, "group,alloc,ns\n");
	for (int i = 0; i < nrows; i++) {
		const struct row *r = &rows[i];
		double mi = find(r->group, "mimalloc");
		double base = find(r->group, "firstfit");
		struct target t;

		if (!base)
			base = find(r->group, "linear");
		printf("%-18s %-9s %10.1f", r->group, r->alloc, r->ns);
		if (mi)
			printf(" %10.2fx", r->ns / mi);
		else
			printf(" %11s", "-");
		if (base)
			printf(" %11.1fx", base / r->ns);
		else
			printf(" %12s", "-");
		if (target_for(r, &t))
			printf("  %s%.2gx %s: %.2fx %s",
			       t.at_most ? "<=" : ">=", t.limit, t.of, t.got,
			       target_met(&t) ? "met" : "NOT MET");
		printf("\n");
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

/* Worst ratio of tern to mimalloc over the groups starting with prefix. */
static double worst_vs_mimalloc(const char *prefix)
{
	double worst = 0;

	for (int i = 0; i < nrows; i++) {
		double m = find(rows[i].group, "mimalloc");

		if (!strcmp(rows[i].alloc, "tern") && m &&
		    !strncmp(rows[i].group, prefix, strlen(prefix)) &&
		    rows[i].ns / m > worst)
			worst = rows[i].ns / m;
	}
	return worst;
}

static void verdict(const char *what, double got, double limit, bool at_most)
{
	bool ok = at_most ? got <= limit : got >= limit;

	printf("  %-44s %7.2fx (target %s %.2fx) %s\n", what, got,
	       at_most ? "<=" : ">=", limit, ok ? "MET" : "MISSED");
}

/* The targets, judged on this run. */
static void targets(void)
{
	double t1 = find("mix10k", "tern"), t2 = find("mix10k-2t", "tern");

	printf("\ntargets (this run):\n");
	verdict("mix10k vs mimalloc", t1 / find("mix10k", "mimalloc"), 1.25,
	        true);
	verdict("fixed 8 B..4 KiB, worst size vs mimalloc",
	        worst_vs_mimalloc("fixed/"), 1.25, true);
	verdict("page 8 KiB..1 MiB, worst size vs mimalloc",
	        worst_vs_mimalloc("page/"), 2.0, true);
	verdict("frame churn 64 GiB vs 1 GiB",
	        find("frame-churn/64G", "tern") /
	            find("frame-churn/1G", "tern"),
	        1.5, true);
	verdict("mix10k, 2 threads: throughput vs 1 thread", t1 / t2, 1.8,
	        false);
	printf(
	    "  %-44s %7.2fx tern, %.2fx mimalloc, %.2fx jemalloc\n",
	    "mix10k, CPU time per op, 2 threads / 1:",
	    find("mix10k-2t-cpu", "tern") / find("mix10k-cpu", "tern"),
	    find("mix10k-2t-cpu", "mimalloc") / find("mix10k-cpu", "mimalloc"),
	    find("mix10k-2t-cpu", "jemalloc") / find("mix10k-cpu", "jemalloc"));
	printf("  %-44s %7.2fx mimalloc, %.2fx jemalloc (time per op)\n",
	       "mix10k, 2 threads: tern vs", t2 / find("mix10k-2t", "mimalloc"),
	       t2 / find("mix10k-2t", "jemalloc"));
	verdict("mix10k speedup over first-fit",
	        find("mix10k", "firstfit") / t1, 20, false);
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
