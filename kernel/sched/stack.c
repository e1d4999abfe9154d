/* SPDX-License-Identifier: MIT */
/*
 * Thread stacks with a guard page below them. The page allocator (mm/)
 * puts its guard page after an allocation, but a stack grows down, so a
 * stack takes one page more and that lowest page is unmapped here (its
 * frame kept, to be mapped back before the allocation is freed):
 *
 *   alloc                 base                         top   (mm guard)
 *   +---------------------+----------------------------+-----+
 *   | guard: unmapped     | THREAD_STACK_SIZE, grows v | unm.|
 *   +---------------------+----------------------------+-----+
 *
 * Running off the bottom faults in the guard; the trap report names the
 * thread (each stack is registered with core/kstack.h).
 */
#include <mm/kmalloc.h>
#include <arch/irq_flags.h>
#include "core/kstack.h"
#include "mm/vm.h"
#include "sched/sched_impl.h"

#define GUARD 4096u

/* kmalloc, kfree and vm_* take mm's lock themselves, but the stack
 * registry (core/kstack.h) has none and the guard page is unmapped
 * between kmalloc and kfree: thread_stack_alloc/free run these with
 * interrupts off, so each runs whole. */
static int stack_alloc(struct thread *t)
{
	uint8_t *p = kmalloc(GUARD + THREAD_STACK_SIZE);
	uint64_t guard_phys;

	if (!p)
		return -1;
	if (((uintptr_t)p & (GUARD - 1)) ||
	    (guard_phys = vm_unmap((uint64_t)(uintptr_t)p)) == MM_NO_PHYS) {
		kfree(p);
		return -1;
	}
	t->stack_alloc = p;
	t->stack_guard_phys = guard_phys;
	t->stack_base = (uint64_t)(uintptr_t)p + GUARD;
	t->stack_top = t->stack_base + THREAD_STACK_SIZE;
	kstack_add(&kernel_stacks, t->name, t->stack_base, t->stack_top, GUARD);
	return 0;
}

static void stack_free(struct thread *t)
{
	uint64_t va = (uint64_t)(uintptr_t)t->stack_alloc;

	if (!t->stack_alloc)
		return;
	kstack_remove(&kernel_stacks, t->stack_base);
	vm_map(va, t->stack_guard_phys, VM_WRITE); /* whole again for kfree */
	kfree(t->stack_alloc);
	t->stack_alloc = NULL;
}

int thread_stack_alloc(struct thread *t)
{
	uint64_t f = irq_save();
	int rc = stack_alloc(t);

	irq_restore(f);
	return rc;
}

void thread_stack_free(struct thread *t)
{
	uint64_t f = irq_save();

	stack_free(t);
	irq_restore(f);
}
