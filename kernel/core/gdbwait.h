/* SPDX-License-Identifier: MIT */
/*
 * `gdbwait` on the command line: after the kaslr: line, kmain spins on
 * gdb_wait_flag until a debugger clears it. scripts/debug reads the slide
 * from the kaslr: line, attaches gdb with the symbols moved by it, sets
 * its breakpoints and runs `set var gdb_wait_flag = 0`.
 */
#ifndef KERNEL_CORE_GDBWAIT_H
#define KERNEL_CORE_GDBWAIT_H

extern volatile int gdb_wait_flag;

/* Print one line and spin until gdb_wait_flag is 0. */
void gdb_wait(void);
#endif
