/* SPDX-License-Identifier: MIT */
/* libk string/memory functions, differentially against the host libc over
 * random sizes, alignments and overlaps; then ctype over every byte. */
#include <ctype.h>
#include <string.h>
#include <libk/ctype.h>
#include <libk/string.h>
#include "test.h"

#define ARENA 512

static unsigned char arena_a[ARENA], arena_b[ARENA];

static void fill_random(unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)test_rand();
}

static int sign(int v)
{
	return (v > 0) - (v < 0);
}

/* memmove/memcpy/memset: same operation on two identical arenas, one with
 * libk and one with libc; the whole arenas must stay identical. */
static void test_mem_random(void)
{
	for (int iter = 0; iter < 20000; iter++) {
		fill_random(arena_a, ARENA);
		memcpy(arena_b, arena_a, ARENA);
		size_t n = test_rand_below(iter % 4 ? 80 : 300);
		size_t dst = test_rand_below(ARENA - n + 1);
		size_t src = test_rand_below(ARENA - n + 1);
		unsigned op = (unsigned)test_rand_below(3);
		if (op == 0) {
			CHECK(libk_memmove(arena_a + dst, arena_a + src, n) ==
			      arena_a + dst);
			memmove(arena_b + dst, arena_b + src, n);
		} else if (op == 1) {
			int c = (int)test_rand_below(512) - 128;
			CHECK(libk_memset(arena_a + dst, c, n) ==
			      arena_a + dst);
			memset(arena_b + dst, c, n);
		} else {
			/* memcpy: source in the low half, dst in the high */
			size_t half = ARENA / 2, d;
			n %= half;
			src = test_rand_below(half - n + 1);
			d = half + test_rand_below(half - n + 1);
			CHECK(libk_memcpy(arena_a + d, arena_a + src, n) ==
			      arena_a + d);
			memcpy(arena_b + d, arena_b + src, n);
		}
		if (memcmp(arena_a, arena_b, ARENA)) {
			test_fail(__FILE__, __LINE__,
			          "op %u dst %zu src %zu n %zu differs", op,
			          dst, src, n);
			return;
		}
		test_checks++;
	}
}

static void test_memcmp_memchr(void)
{
	for (int iter = 0; iter < 5000; iter++) {
		size_t n = test_rand_below(64);
		fill_random(arena_a, n + 1);
		memcpy(arena_b, arena_a, n + 1);
		if (n && test_rand_below(2))
			arena_b[test_rand_below(n)] =
			    (unsigned char)test_rand();
		CHECK_EQ(sign(libk_memcmp(arena_a, arena_b, n)),
		         sign(memcmp(arena_a, arena_b, n)));
		int c = arena_a[test_rand_below(n + 1)];
		CHECK(libk_memchr(arena_a, c, n) == memchr(arena_a, c, n));
		CHECK(libk_memchr(arena_a, c + 256, n) ==
		      memchr(arena_a, c + 256, n));
	}
	CHECK_EQ(libk_memcmp("\x80", "\x01", 1) > 0, 1); /* unsigned bytes */
}

static const char *const words[] = {
    "",      "a",        "ab",         "abc", "abcabd", "hello world",
    "world", "\xff\x80", "aaaaaaaaab", "aab", "b",      "hello",
    "lo w",  "z",        "abd",
};
#define NWORDS (sizeof(words) / sizeof(words[0]))

static void test_str_pairs(void)
{
	for (size_t i = 0; i < NWORDS; i++) {
		const char *a = words[i];
		CHECK_EQ(libk_strlen(a), strlen(a));
		for (size_t m = 0; m < 6; m++)
			CHECK_EQ(libk_strnlen(a, m), strnlen(a, m));
		for (int c = 0; c < 256; c += 1) {
			CHECK(libk_strchr(a, c) == strchr(a, c));
			CHECK(libk_strrchr(a, c) == strrchr(a, c));
		}
		for (size_t j = 0; j < NWORDS; j++) {
			const char *b = words[j];
			CHECK_EQ(sign(libk_strcmp(a, b)), sign(strcmp(a, b)));
			for (size_t n = 0; n < 12; n++)
				CHECK_EQ(sign(libk_strncmp(a, b, n)),
				         sign(strncmp(a, b, n)));
			CHECK(libk_strstr(a, b) == strstr(a, b));
		}
	}
}

static void test_strlcpy_strlcat(void)
{
	char buf[8];

	CHECK_EQ(libk_strlcpy(buf, "hello", sizeof(buf)), 5);
	CHECK_STREQ(buf, "hello");
	CHECK_EQ(libk_strlcpy(buf, "hello world", sizeof(buf)), 11);
	CHECK_STREQ(buf, "hello w");
	memset(buf, 'x', sizeof(buf));
	CHECK_EQ(libk_strlcpy(buf, "abc", 0), 3);
	CHECK_EQ(buf[0], 'x');
	CHECK_EQ(libk_strlcpy(buf, "abc", 1), 3);
	CHECK_STREQ(buf, "");

	libk_strlcpy(buf, "ab", sizeof(buf));
	CHECK_EQ(libk_strlcat(buf, "cd", sizeof(buf)), 4);
	CHECK_STREQ(buf, "abcd");
	CHECK_EQ(libk_strlcat(buf, "efghij", sizeof(buf)), 10);
	CHECK_STREQ(buf, "abcdefg");
	CHECK_EQ(libk_strlcat(buf, "x", sizeof(buf)), 8);
	CHECK_STREQ(buf, "abcdefg");
	memset(buf, 'y', sizeof(buf)); /* unterminated dst */
	CHECK_EQ(libk_strlcat(buf, "abc", sizeof(buf)), 8 + 3);
	CHECK_EQ(buf[7], 'y');
}

typedef int (*class_fn)(int);

static void test_ctype(void)
{
	static const struct {
		class_fn mine, ref;
		const char *name;
	} fns[] = {
	    {libk_isdigit, isdigit, "isdigit"},
	    {libk_isspace, isspace, "isspace"},
	    {libk_isalpha, isalpha, "isalpha"},
	    {libk_isalnum, isalnum, "isalnum"},
	    {libk_isxdigit, isxdigit, "isxdigit"},
	    {libk_isprint, isprint, "isprint"},
	};

	for (int c = -1; c < 256; c++) { /* EOF and every byte, C locale */
		for (size_t i = 0; i < sizeof(fns) / sizeof(fns[0]); i++) {
			test_checks++;
			if (!fns[i].mine(c) != !fns[i].ref(c))
				test_fail(__FILE__, __LINE__, "%s(%d)",
				          fns[i].name, c);
		}
		CHECK_EQ(libk_tolower(c), tolower(c));
		CHECK_EQ(libk_toupper(c), toupper(c));
	}
}

int main(void)
{
	test_rng_seed();
	test_mem_random();
	test_memcmp_memchr();
	test_str_pairs();
	test_strlcpy_strlcat();
	test_ctype();
	return test_finish();
}
