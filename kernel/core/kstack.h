/* SPDX-License-Identifier: MIT */
/*
 * Registry of the kernel's known stacks, so that a fault report can tell a
 * stack overflow (an access in a guard page) from any other fault, and so
 * that a backtrace only follows frame pointers into real stack memory.
 *
 *   base - guard        base                          top
 *   +-------------------+-----------------------------+
 *   | guard (unmapped)  | stack, grows down from top  |
 *   +-------------------+-----------------------------+
 *
 * Portable: no arch headers, host-tested.
 *
 * Concurrency: add and remove take the set's lock (the hooks below; the
 * kernel's set has a spinlock, kstack_kernel.c), so callers need none.
 * Lookups take no lock: they run in fault reports, panics and the NMI
 * profiler. Entries never move: a removed slot is emptied (top = 0,
 * stored last by add and first by remove) and reused by a later add.
 */
#ifndef KERNEL_CORE_KSTACK_H
#define KERNEL_CORE_KSTACK_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The boot stack, its 3 IST stacks, 32 threads' (THREAD_MAX) and 4 for
 * each of 15 APs (start and IST stacks), with room to spare. */
#define KSTACK_MAX 112

struct kstack {
	const char *name;
	uint64_t base;  /* lowest usable byte */
	uint64_t top;   /* one past the highest usable byte */
	uint64_t guard; /* bytes of unmapped guard below base, may be 0 */
};

struct kstack_set {
	struct kstack s[KSTACK_MAX];
	size_t n; /* slots ever used, from the front; empty ones have top 0 */
	/* Optional (NULL: one thread, no lock): serialise add and remove. */
	uint64_t (*lock)(void);
	void (*unlock)(uint64_t token);
};

/* The kernel's stacks (boot stack, IST stacks). */
extern struct kstack_set kernel_stacks;

/* Add [base, top) with guard bytes below. Returns 0, or -1 if the set is
 * full or the range is empty or wraps. */
int kstack_add(struct kstack_set *set, const char *name, uint64_t base,
               uint64_t top, uint64_t guard);

/* Remove the stack whose usable range starts at base. Returns 0, or -1 if
 * there is none. */
int kstack_remove(struct kstack_set *set, uint64_t base);

/* The stack whose usable range holds addr, or NULL. */
const struct kstack *kstack_containing(const struct kstack_set *set,
                                       uint64_t addr);

/* The stack whose guard area holds addr, or NULL. */
const struct kstack *kstack_guard_hit(const struct kstack_set *set,
                                      uint64_t addr);
#endif
