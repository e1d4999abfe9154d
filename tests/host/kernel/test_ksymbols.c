/* SPDX-License-Identifier: MIT */
/* Symbol lookup: binary search edges, sizes, slide, corrupt name offsets. */
#include "core/symbols.h"
#include "test.h"

static const char strtab[] = "\0alpha\0beta\0gamma\0nosize\0last";
static const struct tern_symbol syms[] = {
    {0x1000, 0x10, 1},  /* alpha  [0x1000, 0x1010) */
    {0x1010, 0x20, 7},  /* beta   [0x1010, 0x1030) */
    {0x1100, 0x08, 12}, /* gamma  [0x1100, 0x1108) */
    {0x1200, 0, 18},    /* nosize: up to the next symbol */
    {0x1300, 0x40, 25}, /* last */
};

static struct ksymtab table(uint64_t slide)
{
	return (struct ksymtab){syms, 5, strtab, sizeof(strtab), slide};
}

static void expect(const struct ksymtab *t, uint64_t a, const char *name,
                   uint64_t off)
{
	const char *n = NULL;
	uint64_t o = 0;

	CHECK(ksym_lookup(t, a, &n, &o));
	CHECK_STREQ(n, name);
	CHECK_EQ(o, off);
}

static void expect_none(const struct ksymtab *t, uint64_t a)
{
	const char *n;
	uint64_t o;

	CHECK(!ksym_lookup(t, a, &n, &o));
}

static void test_basic(void)
{
	struct ksymtab t = table(0);

	expect_none(&t, 0);
	expect_none(&t, 0xfff);
	expect(&t, 0x1000, "alpha", 0);
	expect(&t, 0x100f, "alpha", 0xf);
	expect(&t, 0x1010, "beta", 0);
	expect(&t, 0x102f, "beta", 0x1f);
	expect_none(&t, 0x1030); /* gap after beta */
	expect_none(&t, 0x10ff);
	expect(&t, 0x1107, "gamma", 7);
	expect_none(&t, 0x1108);
	expect(&t, 0x1200, "nosize", 0);
	expect(&t, 0x12ff, "nosize", 0xff);
	expect(&t, 0x133f, "last", 0x3f);
	expect_none(&t, 0x1340);
	expect_none(&t, UINT64_MAX);
}

static void test_slide(void)
{
	uint64_t slide = 0xffffffff00000000ull;
	struct ksymtab t = table(slide);
	char buf[64];

	expect(&t, slide + 0x1011, "beta", 1);
	expect_none(&t, 0x1011); /* unslid address wraps far away */
	ksym_format(&t, slide + 0x1104, buf, sizeof(buf));
	CHECK_STREQ(buf, "gamma+0x4");
	ksym_format(&t, 0x42, buf, sizeof(buf));
	CHECK_STREQ(buf, "0x0000000000000042");
	ksym_format(&t, slide + 0x1000, buf, 6); /* truncation */
	CHECK_STREQ(buf, "alpha");
	/* A return address just past beta's end still names beta. */
	ksym_format(&t, slide + 0x1030, buf, sizeof(buf));
	CHECK_STREQ(buf, "0x"
	                 "ffffffff00001030");
	ksym_format_return(&t, slide + 0x1030, buf, sizeof(buf));
	CHECK_STREQ(buf, "beta+0x20");
	ksym_format_return(&t, slide + 0x1001, buf, sizeof(buf));
	CHECK_STREQ(buf, "alpha+0x1");
	ksym_format_return(&t, 0, buf, sizeof(buf));
	CHECK_STREQ(buf, "0x0000000000000000");
}

static void test_degenerate(void)
{
	struct ksymtab empty = {0};
	struct tern_symbol bad[] = {{0x1000, 0x10, 100}, {0x2000, 0x10, 25}};
	struct ksymtab t = {bad, 2, strtab, sizeof(strtab), 0};
	/* A strtab whose last name is not terminated. */
	static const char unterminated[4] = {'a', 'b', 'c', 'd'};
	struct tern_symbol one = {0x10, 4, 1};
	struct ksymtab u = {&one, 1, unterminated, sizeof(unterminated), 0};

	expect_none(&empty, 0x1000);
	expect_none(&t, 0x1000); /* name_off past the strtab */
	expect(&t, 0x2001, "last", 1);
	expect_none(&u, 0x11);
}

/* Random tables against a linear reference. */
static void test_random(void)
{
	static struct tern_symbol s[300];
	static const char names[] = "\0f";

	test_rng_seed();
	for (int round = 0; round < 50; round++) {
		size_t n = 1 + test_rand_below(300);
		uint64_t a = test_rand_below(64);
		struct ksymtab t = {s, n, names, sizeof(names), 0};

		for (size_t i = 0; i < n; i++) {
			s[i] = (struct tern_symbol){
			    a, (uint32_t)test_rand_below(20), 1};
			a += s[i].size + test_rand_below(8);
		}
		for (int q = 0; q < 200; q++) {
			uint64_t x = test_rand_below(a + 16);
			const char *nm;
			uint64_t off;
			bool want = false;
			uint64_t want_off = 0;

			for (size_t i = 0; i < n; i++) {
				uint64_t end =
				    s[i].size ? s[i].addr + s[i].size
				              : (i + 1 < n ? UINT64_MAX : 0);
				if (x >= s[i].addr) { /* last one wins */
					want = x < end;
					want_off = x - s[i].addr;
				}
			}
			CHECK_EQ(ksym_lookup(&t, x, &nm, &off), want);
			if (want) {
				CHECK_EQ(off, want_off);
				CHECK_STREQ(nm, "f");
			}
		}
	}
}

int main(void)
{
	test_basic();
	test_slide();
	test_degenerate();
	test_random();
	return test_finish();
}
