/* SPDX-License-Identifier: MIT */
/* Shared runtime of the host tests: failure counting, the libk_panic the
 * tests link against, and a repeatable PRNG. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <libk/panic.h>
#include "test.h"

unsigned long test_checks, test_failures;
jmp_buf *test_panic_jmp;
char test_panic_msg[512];
static uint64_t rng_state;

void test_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	test_failures++;
	fprintf(stderr, "%s:%d: FAIL: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (test_failures == 50)
		fprintf(stderr, "(further failures are only counted)\n");
}

int test_finish(void)
{
	printf("%lu checks, %lu failures\n", test_checks, test_failures);
	return test_failures ? EXIT_FAILURE : EXIT_SUCCESS;
}

_Noreturn void libk_panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(test_panic_msg, sizeof(test_panic_msg), fmt, ap);
	va_end(ap);
	if (test_panic_jmp)
		longjmp(*test_panic_jmp, 1);
	fprintf(stderr, "unexpected panic: %s\n", test_panic_msg);
	abort();
}

void test_rng_seed(void)
{
	const char *env = getenv("TEST_SEED");

	rng_state = env ? strtoull(env, NULL, 0) : 0x7465726e2d6c6962ull;
	if (!rng_state)
		rng_state = 1;
	printf("TEST_SEED=%#llx\n", (unsigned long long)rng_state);
}

uint64_t test_rand(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1Dull;
}

uint64_t test_rand_below(uint64_t n)
{
	return test_rand() % n;
}
