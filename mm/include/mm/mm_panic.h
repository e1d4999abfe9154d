/* SPDX-License-Identifier: MIT */
/* mm_panic: every mm/ check that fails ends here, through libk's panic (the
 * kernel's, or the host tests' longjmp-able libk_panic). Messages name the
 * allocator, what broke and the address. */
#ifndef MM_PANIC_H
#define MM_PANIC_H
#include <libk/panic.h>

#define mm_panic(...)  LIBK_FN(panic)(__VA_ARGS__)
#define mm_likely(x)   __builtin_expect(!!(x), 1)
#define mm_unlikely(x) __builtin_expect(!!(x), 0)
#endif
