/* SPDX-License-Identifier: MIT */
/* The out-of-line half of spinlock.h: what a self-deadlock does. */
#include <libk/panic.h>
#include "sync/spinlock.h"

_Noreturn void spin_deadlock(struct spinlock *l)
{
	panic("spinlock %s taken twice (deadlock)", l->name ? l->name : "?");
}
