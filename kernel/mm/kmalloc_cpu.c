/* SPDX-License-Identifier: MIT */
/* The kernel's kmalloc and kfree: mm/'s kmalloc_on and kfree_on inside
 * the local section, entered inline (mm/kmalloc.h). */
#include <mm/kmalloc.h>
#include <arch/irq_flags.h>
#include <arch/percpu.h>

/* Interrupts off keep the caller on this CPU and every handler off its
 * caches (the local section of kernel/mm/mm_boot.c's hooks, without the
 * indirect call). Before the boot CPU's GS base is set the index is 0. */
void *kmalloc(size_t size)
{
	uint64_t f = irq_save();
	void *p = kmalloc_on(arch_cpu_index(), size);

	irq_restore(f);
	return p;
}

void kfree(void *p)
{
	uint64_t f = irq_save();

	kfree_on(arch_cpu_index(), p);
	irq_restore(f);
}
