/* SPDX-License-Identifier: MIT */
/* The out-of-line half of spinlock.h: waiting for a ticket, and what a
 * self-deadlock or (debug builds) a lock held too long does. */
#include <libk/panic.h>
#include <arch/smp_call.h>
#include "sync/spinlock.h"
#include "time/time.h"

_Noreturn void spin_deadlock(struct spinlock *l)
{
	panic("spinlock '%s' taken twice on cpu %u (deadlock)",
	      l->name ? l->name : "?", arch_cpu_index());
}

#ifdef TERN_LOCK_DEBUG
/* SPIN_TOO_LONG_MS in TSC cycles; before the TSC is calibrated, as if it
 * ran at 4 GHz (longer on a slower clock, never shorter than meant). */
static uint64_t too_long_cycles(void)
{
	uint64_t hz = time_tsc_hz();

	return (hz ? hz : 4000000000ull) / 1000 * SPIN_TOO_LONG_MS;
}

static _Noreturn void spin_too_long(struct spinlock *l)
{
	unsigned holder = __atomic_load_n(&l->cpu, __ATOMIC_RELAXED);

	if (holder)
		panic("spinlock '%s' held by cpu %u for too long (over %u "
		      "ms; cpu %u waits)",
		      l->name ? l->name : "?", holder - 1, SPIN_TOO_LONG_MS,
		      arch_cpu_index());
	panic("spinlock '%s': waited over %u ms on cpu %u",
	      l->name ? l->name : "?", SPIN_TOO_LONG_MS, arch_cpu_index());
}
#endif

/* Spin until l serves ticket. The lock being held by this very CPU means
 * it can never be freed: report that instead of spinning for ever. The
 * waiter serves a cross-CPU call meant for it (arch/smp_call.h): the
 * holder may be waiting for this CPU to run one (a TLB shootdown under
 * the mm lock), and with interrupts off this CPU would never take the
 * IPI. */
void spin_wait(struct spinlock *l, uint16_t ticket)
{
	uint16_t served;
#ifdef TERN_LOCK_DEBUG
	uint64_t start = rdtsc(), limit = too_long_cycles();
	uint16_t last = __atomic_load_n(&l->owner, __ATOMIC_RELAXED);
#endif

	if (__atomic_load_n(&l->cpu, __ATOMIC_RELAXED) == arch_cpu_index() + 1)
		spin_deadlock(l);
	while ((served = __atomic_load_n(&l->owner, __ATOMIC_ACQUIRE)) !=
	       ticket) {
		cpu_pause();
		smp_call_service();
#ifdef TERN_LOCK_DEBUG
		/* too long = no hand-over for that long: a queue of takers
		 * whose CPUs the host leaves unscheduled (-smp N on fewer
		 * cores) is slow, not stuck */
		if (served != last) {
			last = served;
			start = rdtsc();
		} else if (rdtsc() - start > limit) {
			spin_too_long(l);
		}
#endif
	}
}
