/* SPDX-License-Identifier: MIT */
/* Always-on assertions that panic with the expression, file and line.
 *	KASSERT(p != NULL);
 *	KASSERT_MSG(n < cap, "n=%zu cap=%zu", n, cap);
 * For compile-time checks use C17 _Static_assert / static_assert. */
#ifndef LIBK_ASSERT_H
#define LIBK_ASSERT_H
#include <libk/panic.h>

#define KASSERT(expr)                                                          \
	do {                                                                   \
		if (__builtin_expect(!(expr), 0))                              \
			LIBK_FN(panic)                                         \
		("assertion failed: %s (%s:%d)", #expr, __FILE__, __LINE__);   \
	} while (0)

#define KASSERT_MSG(expr, fmt, ...)                                            \
	do {                                                                   \
		if (__builtin_expect(!(expr), 0))                              \
			LIBK_FN(panic)                                         \
		("assertion failed: %s (%s:%d): " fmt, #expr, __FILE__,        \
		 __LINE__, ##__VA_ARGS__);                                     \
	} while (0)

#ifndef static_assert
#define static_assert _Static_assert
#endif
#endif
