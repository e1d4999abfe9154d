/* SPDX-License-Identifier: MIT */
/* The sampling profiler's accounting: self and inclusive counts, recursion
 * counted once, unknown addresses, ranking, the report's percentages. */
#include <stdlib.h>
#include "core/prof.h"
#include "test.h"

static const char strtab[] = "\0alpha\0beta\0gamma\0delta";
static const struct tern_symbol syms[] = {
    {0x1000, 0x100, 1},  /* alpha */
    {0x1100, 0x100, 7},  /* beta */
    {0x1200, 0x100, 12}, /* gamma */
    {0x1300, 0x100, 18}, /* delta */
};
#define SLIDE 0xffffffff80000000ull

static struct ksymtab tab = {syms, 4, strtab, sizeof(strtab), SLIDE};
static uint32_t self[5], incl[5];

static struct prof fresh(void)
{
	struct prof p;

	memset(self, 0xff, sizeof(self)); /* prof_reset must clear them */
	memset(incl, 0xff, sizeof(incl));
	prof_init(&p, &tab, self, incl);
	prof_reset(&p);
	p.on = true;
	return p;
}

static void test_self_and_inclusive(void)
{
	struct prof p = fresh();
	/* gamma called from beta called from alpha (return addresses point
	 * just after the call: beta+0x10, alpha+0x20) */
	uint64_t stack[] = {SLIDE + 0x1110, SLIDE + 0x1020};

	prof_sample(&p, SLIDE + 0x1234, stack, 2);
	prof_sample(&p, SLIDE + 0x1234, stack, 2);
	prof_sample(&p, SLIDE + 0x1050, NULL, 0);
	CHECK_EQ(p.samples, 3);
	CHECK_EQ(self[2], 2); /* gamma */
	CHECK_EQ(self[0], 1); /* alpha */
	CHECK_EQ(self[1], 0);
	CHECK_EQ(incl[0], 3);
	CHECK_EQ(incl[1], 2);
	CHECK_EQ(incl[2], 2);
	CHECK_EQ(incl[3], 0);
	CHECK_EQ(self[4], 0);
}

/* A return address one past a function's end belongs to that function
 * (a call as its last instruction, e.g. to a _Noreturn function). */
static void test_return_at_end(void)
{
	struct prof p = fresh();
	uint64_t stack[] = {SLIDE + 0x1100}; /* alpha's end == beta's start */

	prof_sample(&p, SLIDE + 0x1300, stack, 1);
	CHECK_EQ(incl[0], 1);
	CHECK_EQ(incl[1], 0);
	CHECK_EQ(incl[3], 1);
}

static void test_recursion_counted_once(void)
{
	struct prof p = fresh();
	uint64_t stack[] = {SLIDE + 0x1210, SLIDE + 0x1210, SLIDE + 0x1210,
	                    SLIDE + 0x1010};

	prof_sample(&p, SLIDE + 0x1220, stack, 4);
	CHECK_EQ(self[2], 1);
	CHECK_EQ(incl[2], 1);
	CHECK_EQ(incl[0], 1);
}

static void test_unknown_and_user_and_off(void)
{
	struct prof p = fresh();
	uint64_t stack[] = {0x42, 0x43};

	prof_sample(&p, 0x10, stack, 2); /* outside: counted once */
	CHECK_EQ(self[4], 1);
	CHECK_EQ(incl[4], 1);
	prof_sample_user(&p);
	CHECK_EQ(p.samples, 2);
	CHECK_EQ(p.user, 1);
	p.on = false;
	prof_sample(&p, SLIDE + 0x1000, NULL, 0);
	prof_sample_user(&p);
	CHECK_EQ(p.samples, 2);
	CHECK_EQ(self[0], 0);
}

/* Deeper stacks than PROF_MAX_DEPTH are cut, never overrun. */
static void test_depth_cut(void)
{
	struct prof p = fresh();
	uint64_t stack[PROF_MAX_DEPTH + 8];

	for (size_t i = 0; i < PROF_MAX_DEPTH + 8; i++)
		stack[i] = SLIDE + 0x1010;          /* alpha */
	stack[PROF_MAX_DEPTH + 7] = SLIDE + 0x1310; /* delta, beyond the cut */
	prof_sample(&p, SLIDE + 0x1100, stack, PROF_MAX_DEPTH + 8);
	CHECK_EQ(incl[0], 1);
	CHECK_EQ(incl[3], 0);
}

static void test_ranking(void)
{
	struct prof p = fresh();
	struct prof_row rows[3];
	uint64_t under_delta[] = {SLIDE + 0x1310};
	size_t n;

	for (int i = 0; i < 5; i++)
		prof_sample(&p, SLIDE + 0x1100, under_delta, 1); /* beta */
	for (int i = 0; i < 3; i++)
		prof_sample(&p, SLIDE + 0x1200, NULL, 0); /* gamma */
	for (int i = 0; i < 3; i++)
		prof_sample(&p, SLIDE + 0x1000, NULL,
		            0); /* alpha, ties gamma */
	n = prof_top(&p, rows, 3, false);
	CHECK_EQ(n, 3);
	CHECK_STREQ(rows[0].name, "beta");
	CHECK_STREQ(rows[1].name, "alpha"); /* ties by name */
	CHECK_STREQ(rows[2].name, "gamma");
	n = prof_top(&p, rows, 2, true);
	CHECK_EQ(n, 2);
	CHECK_STREQ(rows[0].name, "beta");
	CHECK_STREQ(rows[1].name, "delta");
	CHECK_EQ(rows[1].incl, 5);
	CHECK_EQ(rows[1].self, 0);
	n = prof_top(&p, rows, 1, false);
	CHECK_EQ(n, 1);
	CHECK_STREQ(rows[0].name, "beta");
}

static char out[4096];
static size_t outlen;

static void sink(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	CHECK(outlen + n < sizeof(out));
	if (outlen + n < sizeof(out)) {
		memcpy(out + outlen, s, n);
		outlen += n;
		out[outlen] = 0;
	}
}

static void test_report(void)
{
	struct prof p = fresh();

	for (int i = 0; i < 2; i++)
		prof_sample(&p, SLIDE + 0x1100, NULL, 0);
	prof_sample(&p, SLIDE + 0x1200, NULL, 0);
	p.start_ns = 1000000000;
	p.stop_ns = 1003000000;
	outlen = 0;
	prof_report(&p, 5, sink, NULL);
	CHECK(strstr(out, "prof: 3 samples in 3 ms (0 in user mode), still "
	                  "sampling, by timer tick"));
	p.on = false;
	p.by_nmi = true;
	outlen = 0;
	prof_report(&p, 5, sink, NULL);
	CHECK(
	    strstr(out, "prof: 3 samples in 3 ms (0 in user mode), by NMI\n"));
	CHECK(strstr(out, "   66.7    66.7  beta\n"));
	CHECK(strstr(out, "   33.3    33.3  gamma\n"));
	CHECK(!strstr(out, "alpha"));
	prof_reset(&p);
	outlen = 0;
	prof_report(&p, 5, sink, NULL);
	CHECK(strstr(out, "prof: 0 samples"));
	CHECK(!strstr(out, "self%"));
}

int main(void)
{
	test_self_and_inclusive();
	test_return_at_end();
	test_recursion_counted_once();
	test_unknown_and_user_and_off();
	test_depth_cut();
	test_ranking();
	test_report();
	return test_finish();
}
