/* SPDX-License-Identifier: MIT */
/* kparse_u64 (fixed cases, and random numbers printed by libc and parsed
 * back) and the command-line lookup. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <libk/parse.h>
#include "test.h"

static int parse(const char *s, unsigned base, uint64_t *out)
{
	return kparse_u64(s, strlen(s), base, out);
}

static void test_u64_fixed(void)
{
	uint64_t v = 12345;

	CHECK_EQ(parse("0", 0, &v), 0);
	CHECK_EQ(v, 0);
	CHECK_EQ(parse("18446744073709551615", 0, &v), 0);
	CHECK(v == UINT64_MAX);
	CHECK_EQ(parse("0xffffffffffffffff", 0, &v), 0);
	CHECK(v == UINT64_MAX);
	CHECK_EQ(parse("0XaBc", 0, &v), 0);
	CHECK_EQ(v, 0xabc);
	CHECK_EQ(parse("0b1011", 0, &v), 0);
	CHECK_EQ(v, 11);
	CHECK_EQ(parse("0b11", 16, &v), 0); /* hex digits, not a prefix */
	CHECK_EQ(v, 0xb11);
	CHECK_EQ(parse("0x10", 16, &v), 0);
	CHECK_EQ(v, 16);
	CHECK_EQ(parse("010", 0, &v), 0); /* not octal */
	CHECK_EQ(v, 10);
	CHECK_EQ(parse("777", 8, &v), 0);
	CHECK_EQ(v, 511);
	CHECK_EQ(parse("zz", 36, &v), 0);
	CHECK_EQ(v, 36 * 36 - 1);

	v = 99;
	CHECK_EQ(parse("18446744073709551616", 0, &v), KPARSE_ERANGE);
	CHECK_EQ(parse("0x10000000000000000", 0, &v), KPARSE_ERANGE);
	CHECK_EQ(parse("99999999999999999999999", 10, &v), KPARSE_ERANGE);
	CHECK_EQ(parse("", 0, &v), KPARSE_EEMPTY);
	CHECK_EQ(kparse_u64(NULL, 5, 0, &v), KPARSE_EEMPTY);
	CHECK_EQ(parse("0x", 0, &v), KPARSE_EINVAL);
	CHECK_EQ(parse("12a", 10, &v), KPARSE_EINVAL);
	CHECK_EQ(parse(" 12", 10, &v), KPARSE_EINVAL);
	CHECK_EQ(parse("-1", 10, &v), KPARSE_EINVAL);
	CHECK_EQ(parse("+1", 10, &v), KPARSE_EINVAL);
	CHECK_EQ(parse("8", 8, &v), KPARSE_EINVAL);
	CHECK_EQ(parse("1", 1, &v), KPARSE_EINVAL);
	CHECK_EQ(parse("1", 37, &v), KPARSE_EINVAL);
	CHECK_EQ(v, 99); /* untouched on error */

	/* Only len bytes are read: the rest of the string is ignored. */
	CHECK_EQ(kparse_u64("123garbage", 3, 10, &v), 0);
	CHECK_EQ(v, 123);
	CHECK_EQ(kparse_u64("12\0"
	                    "3",
	                    4, 10, &v),
	         KPARSE_EINVAL);
}

/* Print random values with libc in bases 8, 10, 16 and parse them back;
 * also check that appending a digit overflows exactly when libc's
 * strtoull says so. */
static void test_u64_random(void)
{
	char buf[40];
	uint64_t v;

	for (int i = 0; i < 20000; i++) {
		uint64_t x = test_rand() >> test_rand_below(64);
		snprintf(buf, sizeof(buf), "%llu", (unsigned long long)x);
		CHECK_EQ(parse(buf, 10, &v), 0);
		CHECK(v == x);
		snprintf(buf, sizeof(buf), "%#llx", (unsigned long long)x);
		CHECK_EQ(parse(buf, 0, &v), 0);
		CHECK(v == x);
		snprintf(buf, sizeof(buf), "%llo", (unsigned long long)x);
		CHECK_EQ(parse(buf, 8, &v), 0);
		CHECK(v == x);

		snprintf(buf, sizeof(buf), "%llu%d", (unsigned long long)x,
		         (int)test_rand_below(10));
		errno = 0;
		unsigned long long ref = strtoull(buf, NULL, 10);
		int rc = parse(buf, 10, &v);
		if (errno == ERANGE) {
			CHECK_EQ(rc, KPARSE_ERANGE);
		} else {
			CHECK_EQ(rc, 0);
			CHECK(v == ref);
		}
	}
}

static void test_cmdline(void)
{
	const char *line = "  console=ttyS0,115200 quiet\tloglevel=7 "
	                   "root= name=\"tern os\" loglevel=3 empty=\"\" "
	                   "open=\"no end";
	char val[16];

	CHECK(kcmdline_get(line, "console", val, sizeof(val)));
	CHECK_STREQ(val, "ttyS0,115200");
	CHECK(kcmdline_get(line, "quiet", val, sizeof(val)));
	CHECK_STREQ(val, "");
	CHECK(kcmdline_get(line, "loglevel", val, sizeof(val))); /* last wins */
	CHECK_STREQ(val, "3");
	CHECK(kcmdline_get(line, "root", val, sizeof(val)));
	CHECK_STREQ(val, "");
	CHECK(kcmdline_get(line, "name", val, sizeof(val)));
	CHECK_STREQ(val, "tern os");
	CHECK(kcmdline_get(line, "empty", val, sizeof(val)));
	CHECK_STREQ(val, "");
	CHECK(kcmdline_get(line, "open", val, sizeof(val)));
	CHECK_STREQ(val, "no end");

	/* absent keys, prefixes and suffixes of real keys */
	CHECK(!kcmdline_get(line, "cons", val, sizeof(val)));
	CHECK_STREQ(val, "");
	CHECK(!kcmdline_get(line, "consoles", val, sizeof(val)));
	CHECK(!kcmdline_get(line, "iet", val, sizeof(val)));
	CHECK(!kcmdline_get(line, "ttyS0", val, sizeof(val)));
	CHECK(!kcmdline_get(line, "", val, sizeof(val)));
	CHECK(!kcmdline_get("", "quiet", val, sizeof(val)));
	CHECK(!kcmdline_get(NULL, "quiet", val, sizeof(val)));

	/* length checks: value + NUL must fit */
	char small[12];
	memset(small, 'x', sizeof(small));
	CHECK(!kcmdline_get(line, "console", small, sizeof(small)));
	CHECK_EQ(small[0], '\0');
	CHECK(kcmdline_get("a=12345678901", "a", small, sizeof(small)));
	CHECK(!kcmdline_get("a=123456789012", "a", small, sizeof(small)));
	CHECK(kcmdline_get(line, "quiet", NULL, 0)); /* presence only */
	CHECK(!kcmdline_get(line, "quiet", val, 0));

	/* kcmdline_find honours len even without a NUL */
	const char *v;
	size_t vlen;
	CHECK(kcmdline_find("abc=1 def=2", 5, "abc", &v, &vlen));
	CHECK_EQ(vlen, 1);
	CHECK(!kcmdline_find("abc=1 def=2", 5, "def", &v, &vlen));
	CHECK(!kcmdline_find("abc=1 def=2", 2, "abc", &v, &vlen));
}

int main(void)
{
	test_rng_seed();
	test_u64_fixed();
	test_u64_random();
	test_cmdline();
	return test_finish();
}
