/* SPDX-License-Identifier: MIT */
#include <arch/syscall_arch.h>
#include <arch/trap.h>
#include "core/panic.h"
#include "core/trapdecode.h"

static trap_handler_fn handlers[EXC_COUNT];
static trap_handler_fn user_hook;

trap_handler_fn trap_set_handler(unsigned vector, trap_handler_fn fn)
{
	trap_handler_fn old;

	if (vector >= EXC_COUNT)
		return NULL;
	old = handlers[vector];
	handlers[vector] = fn;
	return old;
}

void trap_set_user_hook(trap_handler_fn fn)
{
	user_hook = fn;
}

/* Recoverable exceptions go to their registered handler; anything else
 * (or a handler that declines) is fatal. An exception in ring 3 goes to
 * the user hook first (it ends the process); so does a #GP on the IRETQ
 * back to ring 3, which is the user's frame failing. An NMI is no fault
 * of whatever it interrupted, in ring 3 or not: its handler (the
 * profiler's clock) comes first. */
void trap_dispatch(struct trap_frame *tf)
{
	bool users =
	    (tf->cs & 3) == 3 || (tf->vector == EXC_GP &&
	                          tf->rip == (uint64_t)(uintptr_t)user_iretq);

	if (tf->vector == EXC_NMI &&
	    (panic_stop_if_other(tf->rip, tf->rbp) ||
	     (handlers[EXC_NMI] && handlers[EXC_NMI](tf))))
		return;

	if (users && user_hook && user_hook(tf))
		return;
	if (tf->vector < EXC_COUNT && handlers[tf->vector] &&
	    handlers[tf->vector](tf))
		return;
	panic_begin();
	trap_report(tf);
	panic_end();
}
