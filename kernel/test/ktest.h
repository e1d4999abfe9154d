/* SPDX-License-Identifier: MIT */
/*
 * In-kernel test cases. A case is a function registered in the .ktest
 * section (collected by kernel.ld between __ktest_start and __ktest_end):
 *
 *	KTEST(snprintf_works)
 *	{
 *		char b[8];
 *		KEXPECT_EQ(snprintf(b, sizeof(b), "%d", 42), 2);
 *		KEXPECT(!strcmp(b, "42"));
 *	}
 *
 * KEXPECT* record a failure (the first one is reported with file, line and
 * expression) and carry on; KREQUIRE returns from the case at once. The
 * command line test=all or test=name1,name2 runs them (ktest_run).
 */
#ifndef KERNEL_TEST_KTEST_H
#define KERNEL_TEST_KTEST_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ktest_ctx {
	unsigned failures;
	const char *file; /* first failure */
	int line;
	char what[120];
};

struct ktest {
	const char *name;
	void (*fn)(struct ktest_ctx *ctx);
};

void ktest_fail(struct ktest_ctx *ctx, const char *file, int line,
                const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Nanoseconds in a millisecond, for the tests' time_ns() arithmetic. */
#define MS 1000000ull

#define KTEST(nm)                                                              \
	static void ktest_fn_##nm(struct ktest_ctx *ktest_ctx);                \
	static const struct ktest ktest_desc_##nm __attribute__((              \
	    used, section(".ktest"), aligned(8))) = {#nm, ktest_fn_##nm};      \
	static void ktest_fn_##nm(struct ktest_ctx *ktest_ctx)

#define KEXPECT(cond)                                                          \
	do {                                                                   \
		if (!(cond))                                                   \
			ktest_fail(ktest_ctx, __FILE__, __LINE__, "%s",        \
			           #cond);                                     \
	} while (0)

/* Integer equality; both values are shown on failure. */
#define KEXPECT_EQ(a, b)                                                       \
	do {                                                                   \
		uint64_t _ka = (uint64_t)(a), _kb = (uint64_t)(b);             \
		if (_ka != _kb)                                                \
			ktest_fail(ktest_ctx, __FILE__, __LINE__,              \
			           "%s == %s: %#llx != %#llx", #a, #b,         \
			           (unsigned long long)_ka,                    \
			           (unsigned long long)_kb);                   \
	} while (0)

/* Like KEXPECT, but ends the case on failure. */
#define KREQUIRE(cond)                                                         \
	do {                                                                   \
		if (!(cond)) {                                                 \
			ktest_fail(ktest_ctx, __FILE__, __LINE__, "%s",        \
			           #cond);                                     \
			return;                                                \
		}                                                              \
	} while (0)

/* True if name is selected by a test= value: "all", or a comma-separated
 * list of names, each exact or a prefix ending in '*' ("smp_stress_*").
 * Portable, host-tested. */
bool ktest_selected(const char *list, const char *name);
/* True if the item of len bytes (one list element) names name: equal, or
 * a prefix of it followed by '*'. */
bool ktest_name_matches(const char *item, size_t len, const char *name);

/* True if the comma-separated list names something for which known(name)
 * is false; *bad and *badlen then point at the first such name. "all" is
 * always known. Portable, host-tested. */
bool ktest_unknown_name(const char *list,
                        bool (*known)(const char *name, size_t len),
                        const char **bad, size_t *badlen);

/* Run the selected cases, print one line each and the summary
 * "ktest: N passed, N failed", and exit QEMU with TERN_EXIT_PASS or
 * TERN_EXIT_FAIL. */
_Noreturn void ktest_run(const char *list);
#endif
