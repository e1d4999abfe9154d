/* SPDX-License-Identifier: MIT */
/* The process table, shared by proc.c (life and death) and proc_kill.c
 * (kill, process groups, the console's foreground group). */
#ifndef KERNEL_PROC_PROC_IMPL_H
#define KERNEL_PROC_PROC_IMPL_H
#include "proc/proc.h"
#include "sched/waitq.h"
#include "sync/spinlock.h"

/* The process table and the wait queue of every parent: one lock. */
struct proc_table {
	struct spinlock lock;
	struct proc p[PROC_MAX];
	struct waitq exited; /* woken whenever a process becomes ZOMBIE */
	int next_pid;
	unsigned live;
};

extern struct proc_table ptab;

/* Make the table usable (idempotent). Lock held. */
void ptab_init(void);
#endif
