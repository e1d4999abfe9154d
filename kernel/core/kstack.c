/* SPDX-License-Identifier: MIT */
#include "core/kstack.h"

struct kstack_set kernel_stacks;

int kstack_add(struct kstack_set *set, const char *name, uint64_t base,
               uint64_t top, uint64_t guard)
{
	if (set->n >= KSTACK_MAX || top <= base || guard > base)
		return -1;
	set->s[set->n++] = (struct kstack){name, base, top, guard};
	return 0;
}

int kstack_remove(struct kstack_set *set, uint64_t base)
{
	for (size_t i = 0; i < set->n; i++) {
		if (set->s[i].base == base) {
			set->s[i] = set->s[--set->n];
			return 0;
		}
	}
	return -1;
}

const struct kstack *kstack_containing(const struct kstack_set *set,
                                       uint64_t addr)
{
	for (size_t i = 0; i < set->n; i++) {
		if (addr >= set->s[i].base && addr < set->s[i].top)
			return &set->s[i];
	}
	return NULL;
}

const struct kstack *kstack_guard_hit(const struct kstack_set *set,
                                      uint64_t addr)
{
	for (size_t i = 0; i < set->n; i++) {
		const struct kstack *k = &set->s[i];

		if (addr < k->base && addr >= k->base - k->guard)
			return k;
	}
	return NULL;
}
