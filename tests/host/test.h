/* SPDX-License-Identifier: MIT */
/* A tiny host test framework. CHECK* print file:line and count a failure
 * without stopping; test_finish() reports and gives the exit status.
 *
 *	int main(void) { CHECK_EQ(1 + 1, 2); return test_finish(); }
 *
 * libk_panic is defined in test.c: by default it prints and aborts; inside
 * CHECK_PANICS(stmt) it longjmps back, so a test can expect a panic. */
#ifndef TERN_TEST_H
#define TERN_TEST_H
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

extern unsigned long test_checks, test_failures;
extern jmp_buf *test_panic_jmp;  /* armed by CHECK_PANICS */
extern char test_panic_msg[512]; /* message of the last caught panic */

void test_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int test_finish(void);

/* Deterministic PRNG (xorshift64*), seeded from $TEST_SEED or a constant;
 * the seed is printed so a failing run can be repeated. */
void test_rng_seed(void);
uint64_t test_rand(void);
/* Uniform-ish in [0, n), n > 0. */
uint64_t test_rand_below(uint64_t n);

#define CHECK(cond)                                                            \
	do {                                                                   \
		test_checks++;                                                 \
		if (!(cond))                                                   \
			test_fail(__FILE__, __LINE__, "CHECK(%s)", #cond);     \
	} while (0)

/* Integer equality; both sides are shown (as signed and hex) on failure. */
#define CHECK_EQ(a, b)                                                         \
	do {                                                                   \
		long long _ca = (long long)(a), _cb = (long long)(b);          \
		test_checks++;                                                 \
		if (_ca != _cb)                                                \
			test_fail(__FILE__, __LINE__,                          \
			          "CHECK_EQ(%s, %s): %lld (%#llx) != %lld "    \
			          "(%#llx)",                                   \
			          #a, #b, _ca, (unsigned long long)_ca, _cb,   \
			          (unsigned long long)_cb);                    \
	} while (0)

#define CHECK_STREQ(a, b)                                                      \
	do {                                                                   \
		const char *_sa = (a), *_sb = (b);                             \
		test_checks++;                                                 \
		if (!_sa || !_sb || strcmp(_sa, _sb))                          \
			test_fail(__FILE__, __LINE__,                          \
			          "CHECK_STREQ(%s, %s): \"%s\" != \"%s\"", #a, \
			          #b, _sa ? _sa : "(null)",                    \
			          _sb ? _sb : "(null)");                       \
	} while (0)

#define CHECK_MEMEQ(a, b, n)                                                   \
	do {                                                                   \
		test_checks++;                                                 \
		if (memcmp((a), (b), (n)))                                     \
			test_fail(__FILE__, __LINE__,                          \
			          "CHECK_MEMEQ(%s, %s, %s) differ", #a, #b,    \
			          #n);                                         \
	} while (0)

/* stmt must call libk_panic (e.g. a failing KASSERT). */
#define CHECK_PANICS(stmt)                                                     \
	do {                                                                   \
		jmp_buf _jb;                                                   \
		volatile bool _panicked = false;                               \
		test_checks++;                                                 \
		test_panic_jmp = &_jb;                                         \
		if (!setjmp(_jb)) {                                            \
			stmt;                                                  \
		} else {                                                       \
			_panicked = true;                                      \
		}                                                              \
		test_panic_jmp = NULL;                                         \
		if (!_panicked)                                                \
			test_fail(__FILE__, __LINE__,                          \
			          "CHECK_PANICS(%s): no panic", #stmt);        \
	} while (0)
#endif
