/* SPDX-License-Identifier: MIT */
/* SMP: a process address space's pages are shot down on the CPUs that
 * have it live (arch/tlb.h, proc/uspace.h). */
#include <arch/cpu.h>
#include <arch/irq_flags.h>
#include <arch/percpu.h>
#include <arch/smp.h>
#include <arch/smp_call.h>
#include <arch/tlb.h>
#include <tern/errno.h>
#include "console/kprintf.h"
#include "mm/vm.h"
#include "proc/proc.h"
#include "proc/uaccess.h"
#include "proc/uframe.h"
#include "proc/uspace.h"
#include "sched/thread.h"
#include "test/ktest.h"
#include "test/ktest_sched.h"
#include "time/time.h"

#define MAGIC   0x05ace5ca1ab1e000ull
#define UVA     0x400000ull
#define WAIT_NS 2000000000ull

/* Shared with the holder thread (static: a thread a failed test leaves
 * behind must not write into a dead stack). */
static struct {
	struct uspace u;
	volatile unsigned ready, unmapped, done;
	unsigned cpu;
	long rc1, rc2;
	uint64_t v1, v2;
} us;

/*
 * On CPU 1, interrupts off so nothing switches its CR3: make u live, read
 * UVA (its translation is now in this CPU's TLB), and wait, serving
 * cross-CPU calls, until the boot CPU has unmapped it; then read again.
 */
static void holder_fn(void *arg)
{
	uint64_t f = irq_save(), end;

	(void)arg;
	uspace_activate(&us.u);
	us.cpu = arch_cpu_index();
	us.rc1 = copy_from_user(&us.v1, UVA, sizeof(us.v1));
	__atomic_store_n(&us.ready, 1, __ATOMIC_RELEASE);
	end = time_ns() + WAIT_NS;
	while (!__atomic_load_n(&us.unmapped, __ATOMIC_ACQUIRE) &&
	       time_ns() < end) {
		smp_call_service();
		cpu_pause();
	}
	us.rc2 = copy_from_user(&us.v2, UVA, sizeof(us.v2));
	tlb_load_space(kernel_space.root);
	irq_restore(f);
	__atomic_store_n(&us.done, 1, __ATOMIC_RELEASE);
}

/* One round: map UVA with MAGIC, let CPU 1 cache it, unmap it here (with
 * the shootdown off: the control) and let CPU 1 read it again. */
static bool round_trip(bool shootdown)
{
	uint64_t pa;
	unsigned fl;

	us.ready = us.unmapped = us.done = 0;
	us.rc1 = us.rc2 = 1;
	us.v1 = us.v2 = 0;
	if (uspace_map_zero(&us.u, UVA, PT_WRITE) ||
	    uspace_write(&us.u, UVA, &(uint64_t){MAGIC}, 8) ||
	    pt_query(&us.u.pt, UVA, &pa, &fl) != 1)
		return false;
	if (!thread_create_affine("uspace-holder", holder_fn, NULL, PRIO_NORMAL,
	                          1u << 1))
		return false;
	if (!wait_count(&us.ready, 1))
		return false;
	uframe_get(pa); /* the control's stale read sees this frame intact */
	tlb_shootdown_off = !shootdown;
	uspace_unmap(&us.u, UVA, 4096);
	tlb_shootdown_off = false;
	__atomic_store_n(&us.unmapped, 1, __ATOMIC_RELEASE);
	bool ok = wait_count(&us.done, 1);

	uframe_put(pa);
	return ok;
}

/* A user page unmapped on the boot CPU faults at once on CPU 1, which
 * had the space live and the page in its TLB; without the shootdown
 * (the control) CPU 1 goes on reading it. Only CPUs with the space live
 * are called, and a space live nowhere is destroyed. */
KTEST(smp_tlb_shootdown_uspace)
{
	uint64_t before;

	if (smp_cpus_online() < 2) {
		kprintf("    one CPU online: nothing to shoot down\n");
		return;
	}
	sched_init();
	proc_init();
	KREQUIRE(thread_set_affinity(thread_current(), 1u << 0) == 0);
	KREQUIRE(arch_cpu_index() == 0);
	KREQUIRE(uspace_create(&us.u) == 0);

	KREQUIRE(round_trip(false));
	KEXPECT_EQ(us.cpu, 1);
	KEXPECT_EQ(us.rc1, 0);
	KEXPECT_EQ(us.v1, MAGIC);
	kprintf("    without a shootdown cpu 1 %s\n",
	        us.rc2 == 0 && us.v2 == MAGIC
	            ? "still reads the unmapped page (stale TLB)"
	            : "faults anyway");

	before = tlb_stats.spaces;
	KREQUIRE(round_trip(true));
	KEXPECT_EQ(us.rc1, 0);
	KEXPECT_EQ(us.v1, MAGIC);
	KEXPECT_EQ(us.rc2, -EFAULT);
	KEXPECT_EQ(tlb_stats.spaces, before + 1); /* page and tables: one */

	/* live nowhere now: an unmap calls no CPU */
	KREQUIRE(uspace_map_zero(&us.u, UVA, PT_WRITE) == 0);
	before = tlb_stats.spaces;
	uspace_unmap(&us.u, UVA, 4096);
	KEXPECT_EQ(tlb_stats.spaces, before);
	KEXPECT_EQ(tlb_space_cpu(us.u.pt.root), -1);
	KEXPECT_EQ(us.u.pages, 0);
	uspace_destroy(&us.u);
	KEXPECT(thread_set_affinity(thread_current(), ~0u) == 0);
	KEXPECT(all_test_threads_reaped());
}
