/* SPDX-License-Identifier: MIT */
#include "core/kstack.h"

static uint64_t set_lock(struct kstack_set *set)
{
	return set->lock ? set->lock() : 0;
}

static void set_unlock(struct kstack_set *set, uint64_t token)
{
	if (set->unlock)
		set->unlock(token);
}

static uint64_t slot_top(const struct kstack *k)
{
	return __atomic_load_n(&k->top, __ATOMIC_ACQUIRE);
}

/* An empty slot to fill, or NULL if the set is full. Under the lock. */
static struct kstack *free_slot(struct kstack_set *set)
{
	for (size_t i = 0; i < set->n; i++)
		if (!slot_top(&set->s[i]))
			return &set->s[i];
	return set->n < KSTACK_MAX ? &set->s[set->n] : NULL;
}

/* Fill k, publishing it by its top last, then count it in n. */
int kstack_add(struct kstack_set *set, const char *name, uint64_t base,
               uint64_t top, uint64_t guard)
{
	uint64_t t;
	struct kstack *k;

	if (top <= base || guard > base)
		return -1;
	t = set_lock(set);
	k = free_slot(set);
	if (k) {
		k->name = name;
		k->base = base;
		k->guard = guard;
		__atomic_store_n(&k->top, top, __ATOMIC_RELEASE);
		if (k == &set->s[set->n])
			__atomic_store_n(&set->n, set->n + 1, __ATOMIC_RELEASE);
	}
	set_unlock(set, t);
	return k ? 0 : -1;
}

int kstack_remove(struct kstack_set *set, uint64_t base)
{
	uint64_t t = set_lock(set);
	int rc = -1;

	for (size_t i = 0; i < set->n && rc; i++) {
		if (slot_top(&set->s[i]) && set->s[i].base == base) {
			__atomic_store_n(&set->s[i].top, 0, __ATOMIC_RELEASE);
			rc = 0;
		}
	}
	set_unlock(set, t);
	return rc;
}

static size_t used(const struct kstack_set *set)
{
	return __atomic_load_n(&set->n, __ATOMIC_ACQUIRE);
}

const struct kstack *kstack_containing(const struct kstack_set *set,
                                       uint64_t addr)
{
	for (size_t i = 0, n = used(set); i < n; i++) {
		uint64_t top = slot_top(&set->s[i]);

		if (top && addr >= set->s[i].base && addr < top)
			return &set->s[i];
	}
	return NULL;
}

const struct kstack *kstack_guard_hit(const struct kstack_set *set,
                                      uint64_t addr)
{
	for (size_t i = 0, n = used(set); i < n; i++) {
		const struct kstack *k = &set->s[i];

		if (slot_top(k) && addr < k->base && addr >= k->base - k->guard)
			return k;
	}
	return NULL;
}
