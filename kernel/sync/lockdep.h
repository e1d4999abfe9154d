/* SPDX-License-Identifier: MIT */
/*
 * The kernel's lock-order checker (debug builds: TERN_LOCK_DEBUG), thin
 * glue over lockdep_graph.h: one graph for the kernel, one held stack
 * of spinlock classes per CPU, one of mutex classes per thread. A broken
 * rule panics "lockdep: ..." naming the locks and what each CPU holds;
 * running out of table turns the checker off with a warning. `nolockdep`
 * on the command line turns it off at boot. In release builds every
 * call is an empty inline.
 */
#ifndef KERNEL_SYNC_LOCKDEP_H
#define KERNEL_SYNC_LOCKDEP_H
#include <stdbool.h>
#include <stdint.h>
#include "sync/lockdep_graph.h"

struct spinlock;

#ifdef TERN_LOCK_DEBUG
/* At boot: on unless the command line said nolockdep. */
void lockdep_boot(bool on);
bool lockdep_enabled(void);
/* The scheduler installs how to find the running thread's mutex stack
 * (NULL before threads exist). */
void lockdep_set_thread_stack(struct ld_held *(*fn)(void));
/* A mutex of class name is about to be taken by the thread whose stack
 * is mine (cls caches the class: 0 until looked up). */
void lockdep_mutex_acquire(struct ld_held *mine, const char *name,
                           uint16_t *cls);
void lockdep_mutex_release(struct ld_held *mine, uint16_t cls);
/* A wait on lk's condition is about to sleep (lk dropped): panics if
 * this CPU holds any other spinlock. lockdep_wait_end: lk is retaken. */
void lockdep_wait_begin(struct spinlock *lk);
void lockdep_wait_end(struct spinlock *lk);
#else
static inline void lockdep_boot(bool on)
{
	(void)on;
}
static inline bool lockdep_enabled(void)
{
	return false;
}
static inline void lockdep_set_thread_stack(struct ld_held *(*fn)(void))
{
	(void)fn;
}
static inline void lockdep_mutex_acquire(struct ld_held *mine, const char *name,
                                         uint16_t *cls)
{
	(void)mine;
	(void)name;
	(void)cls;
}
static inline void lockdep_mutex_release(struct ld_held *mine, uint16_t cls)
{
	(void)mine;
	(void)cls;
}
static inline void lockdep_wait_begin(struct spinlock *lk)
{
	(void)lk;
}
static inline void lockdep_wait_end(struct spinlock *lk)
{
	(void)lk;
}
#endif
#endif
