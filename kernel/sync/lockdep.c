/* SPDX-License-Identifier: MIT */
/* The kernel's side of the lock-order checker (lockdep.h): which stacks a
 * lock goes on, the graph's own lock, and the reports. Built only in
 * debug builds (TERN_LOCK_DEBUG). */
#include <libk/panic.h>
#include <libk/printf.h>
#include <arch/smp.h>
#include <arch/smp_call.h>
#include "core/panic.h"
#include "console/kprintf.h"
#include "sync/lockdep.h"
#include "sync/spinlock.h"

#ifdef TERN_LOCK_DEBUG

static struct ld_graph graph;
static struct spinlock graph_lock; /* taken raw: never checked itself */
static struct ld_held cpu_held[SMP_MAX_CPUS]; /* spinlock classes */
static struct ld_held *(*thread_stack)(void);
static bool enabled = true;

void lockdep_boot(bool on)
{
	if (!on)
		enabled = false;
	kprintf("lockdep: lock-order checker %s (%u classes, %u nested "
	        "locks at most)\n",
	        enabled ? "on" : "off (nolockdep)", LD_CLASSES, LD_HELD_MAX);
}

bool lockdep_enabled(void)
{
	return __atomic_load_n(&enabled, __ATOMIC_RELAXED);
}

void lockdep_set_thread_stack(struct ld_held *(*fn)(void))
{
	thread_stack = fn;
}

/* The class behind *cache (class + 1), looked up by name the first time.
 * Graph lock held. -1 when the table is full. */
static int class_of(const char *name, uint16_t *cache)
{
	int c;

	if (*cache)
		return *cache - 1;
	c = ld_class(&graph, name);
	if (c >= 0)
		*cache = (uint16_t)(c + 1);
	return c;
}

static char report[1024];

/* Say what r found. The table's limits turn the checker off and the
 * kernel goes on; a broken rule panics, naming what every CPU holds
 * (the graph lock is free again: the panic path never takes it). */
static void complain(const struct ld_report *r, unsigned cpu)
{
	size_t len;

	__atomic_store_n(&enabled, false, __ATOMIC_RELAXED);
	len = (size_t)snprintf(report, sizeof(report), "lockdep: ");
	len += ld_format(&graph, r, report + len, sizeof(report) - len);
	if (r->v == LD_TOO_MANY_CLASSES || r->v == LD_TOO_DEEP) {
		kprintf("%s\n", report);
		return;
	}
	for (unsigned i = 0; i < SMP_MAX_CPUS && len < sizeof(report); i++) {
		if (!cpu_held[i].n && i != cpu)
			continue;
		len += (size_t)snprintf(report + len, sizeof(report) - len,
		                        "\n  cpu %u%s holds ", i,
		                        i == cpu ? " (this one)" : "");
		if (len < sizeof(report))
			len +=
			    ld_format_held(&graph, &cpu_held[i], report + len,
			                   sizeof(report) - len);
	}
	if (thread_stack && thread_stack() && len < sizeof(report)) {
		len += (size_t)snprintf(report + len, sizeof(report) - len,
		                        "\n  this thread holds mutexes ");
		if (len < sizeof(report))
			ld_format_held(&graph, thread_stack(), report + len,
			               sizeof(report) - len);
	}
	panic("%s", report);
}

/* Check and record taking a lock of class name on this CPU, onto held
 * (the CPU's spinlocks or the thread's mutexes) under outer. IF off. */
static void acquire(const char *name, uint16_t *cache, struct ld_held *held,
                    const struct ld_held *outer, unsigned flags, unsigned cpu)
{
	struct ld_report r;
	enum ld_verdict v;
	int c;

	spin_acquire_raw(&graph_lock);
	c = class_of(name, cache);
	if (c < 0) {
		r.v = v = LD_TOO_MANY_CLASSES;
		r.name = name;
	} else {
		v = ld_acquire(&graph, held, outer, (unsigned)c, flags, &r);
	}
	spin_release_raw(&graph_lock);
	if (v != LD_OK)
		complain(&r, cpu);
}

void lockdep_spin_acquire(struct spinlock *l, bool irq_on)
{
	uint64_t f = irq_save();
	unsigned cpu = arch_cpu_index();
	bool irq = in_irq();

	/* taking a lock this CPU holds: the plainer message first */
	if (__atomic_load_n(&l->cpu, __ATOMIC_RELAXED) == cpu + 1)
		spin_deadlock(l);
	if (smp_call_running() && !panic_on_this_cpu())
		panic("spinlock '%s' taken inside a cross-CPU call on cpu %u "
		      "(calls run inside lock waits: they must take no lock, "
		      "arch/smp_call.h)",
		      l->name ? l->name : "?", cpu);
	if (lockdep_enabled()) {
		const struct ld_held *outer =
		    irq || !thread_stack ? NULL : thread_stack();
		unsigned flags =
		    (irq_on ? LD_IRQ_ON : 0) | (irq ? LD_IN_IRQ : 0);

		/* nothing new to learn: no need for the graph's lock */
		if (!l->ld_class ||
		    !ld_acquire_known(&graph, &cpu_held[cpu], outer,
		                      l->ld_class - 1u, flags))
			acquire(l->name, &l->ld_class, &cpu_held[cpu], outer,
			        flags, cpu);
	}
	irq_restore(f);
}

void lockdep_spin_release(struct spinlock *l)
{
	uint64_t f = irq_save();

	if (lockdep_enabled() && l->ld_class)
		ld_release(&cpu_held[arch_cpu_index()], l->ld_class - 1u);
	irq_restore(f);
}

void lockdep_mutex_acquire(struct ld_held *mine, const char *name,
                           uint16_t *cls)
{
	uint64_t f = irq_save();
	unsigned cpu = arch_cpu_index();

	if (mine && lockdep_enabled())
		acquire(name, cls, mine, &cpu_held[cpu],
		        LD_SLEEP | (in_irq() ? LD_IN_IRQ : 0), cpu);
	irq_restore(f);
}

void lockdep_mutex_release(struct ld_held *mine, uint16_t cls)
{
	uint64_t f = irq_save();

	if (mine && cls && lockdep_enabled())
		ld_release(mine, cls - 1u);
	irq_restore(f);
}

void lockdep_wait_begin(struct spinlock *lk)
{
	unsigned cpu = arch_cpu_index();
	struct ld_held *h = &cpu_held[cpu];

	if (!lockdep_enabled())
		return;
	if (lk->ld_class)
		ld_release(h, lk->ld_class - 1u);
	if (!h->n)
		return;
	__atomic_store_n(&enabled, false, __ATOMIC_RELAXED);
	panic("lockdep: sleeping in a wait on '%s' while holding spinlock "
	      "'%s' (cpu %u)",
	      lk->name ? lk->name : "?", graph.name[h->cls[h->n - 1]], cpu);
}

void lockdep_wait_end(struct spinlock *lk)
{
	unsigned cpu = arch_cpu_index();

	if (lockdep_enabled())
		acquire(lk->name, &lk->ld_class, &cpu_held[cpu],
		        thread_stack ? thread_stack() : NULL, 0, cpu);
}
#endif /* TERN_LOCK_DEBUG */
