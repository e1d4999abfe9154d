/* SPDX-License-Identifier: MIT */
#include "console/kprintf.h"
#include "core/gdbwait.h"

/* Not static and not const: gdb writes it by name. */
volatile int gdb_wait_flag = 1;

void gdb_wait(void)
{
	kprintf("gdbwait: waiting for a debugger (gdb: set var gdb_wait_flag "
	        "= 0)\n");
	while (gdb_wait_flag)
		__asm__ volatile("pause");
	kprintf("gdbwait: debugger attached, continuing\n");
}
