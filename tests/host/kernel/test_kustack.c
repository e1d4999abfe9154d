/* SPDX-License-Identifier: MIT */
/* ustack: build initial stacks, parse them back the way a libc's start
 * code does (psABI 3.4.1) and check every field, the alignment and the
 * E2BIG limits. */
#include "proc/ustack.h"
#include "test.h"
#include <stdlib.h>
#include <tern/errno.h>
#include <tern/syscall.h>

#define TOP   0x00007ffffffff000ull
#define BUFSZ (256u * 1024)

static uint8_t buf[BUFSZ];
static const uint8_t rnd[16] = {1, 2,  3,  4,  5,  6,  7,  8,
                                9, 10, 11, 12, 13, 14, 15, 16};

static uint64_t rd(uint64_t uaddr)
{
	uint64_t v;

	memcpy(&v, buf + (uaddr - (TOP - BUFSZ)), 8);
	return v;
}

static const char *str(uint64_t uaddr)
{
	return (const char *)buf + (uaddr - (TOP - BUFSZ));
}

static bool in_stack(uint64_t uaddr, uint64_t rsp)
{
	return uaddr >= rsp && uaddr < TOP;
}

static struct ustack_args args(const char *const *argv, size_t argc,
                               const char *const *envp, size_t envc)
{
	return (struct ustack_args){argv,    argc,    envp, envc, "/bin/hello",
	                            rnd,     0x40040, 56,   9,    0,
	                            0x401010};
}

/* Walk the stack at rsp as a process would and compare with a. */
static void check_stack(const struct ustack_args *a, uint64_t rsp)
{
	static const uint64_t types[] = {AT_PHDR,   AT_PHENT,  AT_PHNUM,
	                                 AT_PAGESZ, AT_BASE,   AT_ENTRY,
	                                 AT_RANDOM, AT_EXECFN, AT_NULL};
	uint64_t p = rsp, lowest = TOP, v, i;

	CHECK_EQ(rsp % 16, 0);
	CHECK_EQ(rd(p), a->argc);
	p += 8;
	for (i = 0; i < a->argc; i++, p += 8) {
		v = rd(p);
		CHECK(in_stack(v, rsp));
		CHECK_STREQ(str(v), a->argv[i]);
		lowest = v < lowest ? v : lowest;
	}
	CHECK_EQ(rd(p), 0);
	p += 8;
	for (i = 0; i < a->envc; i++, p += 8) {
		v = rd(p);
		CHECK(in_stack(v, rsp));
		CHECK_STREQ(str(v), a->envp[i]);
		lowest = v < lowest ? v : lowest;
	}
	CHECK_EQ(rd(p), 0);
	p += 8;
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++, p += 16) {
		CHECK_EQ(rd(p), types[i]);
		v = rd(p + 8);
		switch (types[i]) {
		case AT_PHDR:
			CHECK_EQ(v, a->phdr);
			break;
		case AT_PHENT:
			CHECK_EQ(v, a->phent);
			break;
		case AT_PHNUM:
			CHECK_EQ(v, a->phnum);
			break;
		case AT_PAGESZ:
			CHECK_EQ(v, 4096);
			break;
		case AT_BASE:
			CHECK_EQ(v, a->base);
			break;
		case AT_ENTRY:
			CHECK_EQ(v, a->entry);
			break;
		case AT_RANDOM:
			CHECK(in_stack(v, rsp));
			CHECK(v + 16 <= TOP);
			CHECK_EQ(v % 16, 0);
			CHECK_MEMEQ(str(v), a->random, 16);
			CHECK(v >= p + 16); /* above the vectors */
			break;
		case AT_EXECFN:
			CHECK(in_stack(v, rsp));
			CHECK_STREQ(str(v), a->execfn);
			CHECK_EQ(v + strlen(a->execfn) + 1, TOP - 8);
			break;
		default:
			CHECK_EQ(v, 0);
		}
	}
	/* The strings sit together just below the end marker. */
	CHECK_EQ(rd(TOP - 8), 0);
	if (a->argc)
		CHECK(lowest > p);
}

static void test_layouts(void)
{
	static const char *const argv[] = {"hello", "-v", "", "world"};
	static const char *const envp[] = {"PATH=/bin", "HOME=/", "X="};
	struct ustack_args a;
	uint64_t rsp = 0;
	size_t argc, envc;

	/* Every combination, so that each parity of the word count (and so
	 * each padding case) is seen. */
	for (argc = 0; argc <= 4; argc++)
		for (envc = 0; envc <= 3; envc++) {
			memset(buf, 0xa5, sizeof(buf));
			a = args(argv, argc, envp, envc);
			CHECK_EQ(ustack_build(&a, TOP, buf, sizeof(buf), &rsp),
			         0);
			check_stack(&a, rsp);
			/* Padding is zeroed: no 0xa5 from rsp up to top. */
			CHECK(!memchr(str(rsp), 0xa5, TOP - rsp));
			/* Below rsp: untouched. */
			CHECK_EQ(buf[rsp - (TOP - BUFSZ) - 1], 0xa5);
		}
	/* The exact sizes for one case: 4 args, 3 env. Strings
	 * 6+3+1+6 + 10+7+3 + 11 = 47 bytes; words 1+5+4+18 = 28. */
	a = args(argv, 4, envp, 3);
	CHECK_EQ(ustack_build(&a, TOP, buf, sizeof(buf), &rsp), 0);
	CHECK_EQ(rsp, ((((TOP - 8 - 47 - 16) & ~15ull) - 28 * 8) & ~15ull));
}

static void test_limits(void)
{
	static const char *argv[USTACK_MAX_ARGC + 1];
	struct ustack_args a;
	uint64_t rsp = 0;
	char *big;
	size_t i;

	for (i = 0; i <= USTACK_MAX_ARGC; i++)
		argv[i] = "a";
	a = args(argv, USTACK_MAX_ARGC, argv, USTACK_MAX_ENVC);
	CHECK_EQ(ustack_build(&a, TOP, buf, sizeof(buf), &rsp), 0);
	check_stack(&a, rsp);
	a.argc++;
	CHECK_EQ(ustack_build(&a, TOP, buf, sizeof(buf), &rsp), -E2BIG);
	a.argc--;
	a.envc++;
	CHECK_EQ(ustack_build(&a, TOP, buf, sizeof(buf), &rsp), -E2BIG);

	/* The string budget, NULs and execfn included: exactly full fits,
	 * one byte more does not. execfn "/bin/hello" is 11 bytes. */
	big = malloc(USTACK_MAX_STRINGS + 16);
	memset(big, 'x', USTACK_MAX_STRINGS + 15);
	big[USTACK_MAX_STRINGS - 11 - 1] = 0;
	argv[0] = big;
	a = args(argv, 1, NULL, 0);
	CHECK_EQ(ustack_build(&a, TOP, buf, sizeof(buf), &rsp), 0);
	check_stack(&a, rsp);
	big[USTACK_MAX_STRINGS - 11 - 1] = 'x';
	big[USTACK_MAX_STRINGS - 11] = 0;
	CHECK_EQ(ustack_build(&a, TOP, buf, sizeof(buf), &rsp), -E2BIG);
	/* Unterminated within the budget: refused, not read past it (ASan
	 * would see a read past the malloc'ed block). */
	big[USTACK_MAX_STRINGS - 11] = 'x';
	big[USTACK_MAX_STRINGS + 15] = 'x';
	CHECK_EQ(ustack_build(&a, TOP, buf, sizeof(buf), &rsp), -E2BIG);
	free(big);

	/* A buffer too small for what must go on it. */
	argv[0] = "a";
	a = args(argv, 1, NULL, 0);
	CHECK_EQ(ustack_build(&a, TOP, buf + BUFSZ - 64, 64, &rsp), -E2BIG);
	CHECK_EQ(ustack_build(&a, TOP, buf + BUFSZ - 512, 512, &rsp), 0);
	check_stack(&a, rsp);
	/* Bad arguments. */
	CHECK_EQ(ustack_build(&a, TOP + 8, buf, sizeof(buf), &rsp), -EINVAL);
	CHECK_EQ(ustack_build(&a, 0x1000, buf, 0x2000, &rsp), -EINVAL);
	a.random = NULL;
	CHECK_EQ(ustack_build(&a, TOP, buf, sizeof(buf), &rsp), -EINVAL);
	a = args(NULL, 1, NULL, 0);
	CHECK_EQ(ustack_build(&a, TOP, buf, sizeof(buf), &rsp), -EINVAL);
	argv[0] = NULL;
	a = args(argv, 1, NULL, 0);
	CHECK_EQ(ustack_build(&a, TOP, buf, sizeof(buf), &rsp), -EINVAL);
	/* A low top: all the bytes fit, nothing wraps. */
	argv[0] = "a";
	a = args(argv, 1, NULL, 0);
	CHECK_EQ(ustack_build(&a, 512, buf, 512, &rsp), 0);
	CHECK(rsp < 512 && rsp % 16 == 0);
	CHECK_EQ(ustack_build(&a, 64, buf, 64, &rsp), -E2BIG);
}

int main(void)
{
	test_layouts();
	test_limits();
	return test_finish();
}
