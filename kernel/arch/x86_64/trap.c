/* SPDX-License-Identifier: MIT */
#include <arch/trap.h>
#include "core/panic.h"
#include "core/trapdecode.h"

static trap_handler_fn handlers[EXC_COUNT];

trap_handler_fn trap_set_handler(unsigned vector, trap_handler_fn fn)
{
	trap_handler_fn old;

	if (vector >= EXC_COUNT)
		return NULL;
	old = handlers[vector];
	handlers[vector] = fn;
	return old;
}

/* Recoverable exceptions go to their registered handler; anything else
 * (or a handler that declines) is fatal. */
void trap_dispatch(struct trap_frame *tf)
{
	if (tf->vector < EXC_COUNT && handlers[tf->vector] &&
	    handlers[tf->vector](tf))
		return;
	panic_begin();
	trap_report(tf);
	panic_end();
}
