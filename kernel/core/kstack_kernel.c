/* SPDX-License-Identifier: MIT */
/* The kernel's stack registry and its lock (core/kstack.h). */
#include "core/kstack.h"
#include "sync/spinlock.h"

/* Serialises adds and removes of kernel_stacks (threads created and
 * reaped on any CPU); lookups take no lock. */
static struct spinlock kstack_lock = SPINLOCK_INIT("kstack");

static uint64_t kstack_lock_take(void)
{
	return spin_lock_irqsave(&kstack_lock);
}

static void kstack_lock_drop(uint64_t flags)
{
	spin_unlock_irqrestore(&kstack_lock, flags);
}

struct kstack_set kernel_stacks = {
    .lock = kstack_lock_take,
    .unlock = kstack_lock_drop,
};
