/* SPDX-License-Identifier: MIT */
/*
 * Frame-pointer backtraces. With -fno-omit-frame-pointer every function
 * starts with push %rbp; mov %rsp, %rbp, so each frame looks like:
 *
 *   higher addresses
 *   | ...caller's frame...   |
 *   | return address         |  rbp + 8
 *   | caller's saved rbp ----+--> next frame
 *   +------------------------+  <- rbp
 *   | locals                 |
 *   lower addresses
 *
 * _start sets rbp = 0, which ends the chain. Every frame pointer is checked
 * before it is read: canonical, 8-byte aligned, both words inside one known
 * stack, and strictly above the previous one (so a loop cannot hang us).
 * Portable: reads memory only after those checks; host-tested.
 */
#ifndef KERNEL_CORE_BACKTRACE_H
#define KERNEL_CORE_BACKTRACE_H
#include <stddef.h>
#include <stdint.h>
#include "core/kstack.h"

#define BACKTRACE_MAX_DEPTH 32

enum bt_stop {
	BT_END,    /* reached rbp == 0 or a zero return address */
	BT_DEPTH,  /* hit max frames */
	BT_BAD_FP, /* a frame pointer failed validation */
};

/* Walk from frame pointer rbp, storing up to max return addresses in out.
 * Returns the number stored; *why says why the walk stopped. */
size_t backtrace_walk(const struct kstack_set *stacks, uint64_t rbp,
                      uint64_t *out, size_t max, enum bt_stop *why);

/* True if addr is a canonical 48-bit x86_64 address (bits 63..47 equal). */
static inline int addr_is_canonical(uint64_t addr)
{
	uint64_t top = addr >> 47;

	return top == 0 || top == 0x1ffff;
}
#endif
