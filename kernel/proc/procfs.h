/* SPDX-License-Identifier: MIT */
/* /proc/ps: a text snapshot of the process table, made when it is opened
 * (user/bin/ps formats it). One line per process:
 *
 *   pid ppid pgid state pages cpu_ms name\n
 *
 * state is running, sleeping (blocked in the kernel) or zombie; pages
 * are the user pages mapped; cpu_ms its thread's CPU time. */
#ifndef KERNEL_PROC_PROCFS_H
#define KERNEL_PROC_PROCFS_H
#include <stddef.h>

#define PROCFS_PS "/proc/ps"

struct file;

/* A FILE_SNAPSHOT file holding the table now: 0 or -ENOMEM. */
int procfs_open_ps(struct file **out);
/* The snapshot into buf[0..cap), NUL-terminated: its length (without the
 * NUL), cut at a line's end if it does not fit. */
size_t procfs_ps_text(char *buf, size_t cap);
#endif
