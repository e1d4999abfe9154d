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
 * fn runs in interrupt context on the target, interrupts off: it must be
 * short and must not sleep or take a lock the caller may hold. A caller
 * may have interrupts off, but no CPU may wait with interrupts off for a
 * lock the caller holds (it could never take the IPI): a deadlock the
 * timeout reports by name.
 */
#ifndef KERNEL_ARCH_X86_64_SMP_CALL_H
#define KERNEL_ARCH_X86_64_SMP_CALL_H
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
/* From the IPI (irq_dispatch): run the call waiting for this CPU, if
 * any. */
void smp_call_service(void);
#endif
