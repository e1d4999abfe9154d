/* SPDX-License-Identifier: MIT */
/* The #PF handler behind probe_read64 (arch/probe.h). */
#include <arch/probe.h>
#include <arch/trap.h>
#include "core/trapdecode.h"

extern char probe_begin[], probe_end[], probe_fault[];
static trap_handler_fn next_pf;
static bool installed;

static bool probe_fixup(struct trap_frame *tf)
{
	if ((tf->cs & 3) == 0 && tf->rip >= (uint64_t)(uintptr_t)probe_begin &&
	    tf->rip < (uint64_t)(uintptr_t)probe_end) {
		tf->rip = (uint64_t)(uintptr_t)probe_fault;
		return true;
	}
	return next_pf ? next_pf(tf) : false;
}

void probe_init(void)
{
	if (!installed) {
		installed = true;
		next_pf = trap_set_handler(EXC_PF, probe_fixup);
	}
}
