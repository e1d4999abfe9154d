/* SPDX-License-Identifier: MIT */
/*
 * Cross-CPU calls: run a function on other CPUs through an IPI
 * (IRQ_VEC_CALL) and wait until every one has run it. One call is in
 * flight at a time, system-wide.
 *
 *   caller (any CPU)                      each target CPU
 *   ----------------                      ---------------
 *   take the call slot (serving calls
 *     meant for us while we wait)
 *   fn, arg, left = n; pending[t] = 1
 *   IPI IRQ_VEC_CALL ───────────────────▶ interrupt: pending? run fn(arg),
 *   spin until left == 0 ◀─────────────── left--
 *   free the slot
 *
 * fn runs on the target with interrupts off, from the IPI or from inside
 * whatever wait the target is in: a spinlock's wait (spin_wait serves
 * calls, so that a lock holder waiting on this call is not waited on
 * back) or the call slot's. So fn must be short, must not sleep and must
 * take no lock at all: the target may hold a ticket on that very lock,
 * already served, which it cannot take before fn returns (a deadlock;
 * debug builds panic as soon as fn takes a spinlock). TLB invalidations
 * are the kind of work it is for. Work that needs locks on every CPU at
 * once belongs in threads pinned to each CPU.
 *
 * A caller may have interrupts off and hold locks: every CPU waiting for
 * a lock serves calls meanwhile.
 */
#ifndef KERNEL_ARCH_X86_64_SMP_CALL_H
#define KERNEL_ARCH_X86_64_SMP_CALL_H
#include <stdbool.h>
#include <stdint.h>

typedef void (*smp_call_fn)(void *arg);

/* Run fn(arg) on every online CPU in mask (bit i: cpus[i]) except the
 * caller's, and return when all have. Returns how many ran it. */
unsigned smp_call_mask(uint64_t mask, smp_call_fn fn, void *arg);
/* On every other online CPU. */
unsigned smp_call_others(smp_call_fn fn, void *arg);
/* On cpu alone (which may be the caller's: then directly). 0, or -1 if it
 * is not online. */
int smp_call_on(unsigned cpu, smp_call_fn fn, void *arg);
/* From the IPI (irq_dispatch) and from waits: run the call waiting for
 * this CPU, if any. */
void smp_call_service(void);
/* True while this CPU runs a call's fn (lockdep's check: fn takes no
 * lock). */
bool smp_call_running(void);
#endif
