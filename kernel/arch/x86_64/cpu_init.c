/* SPDX-License-Identifier: MIT */
#include <arch/arch.h>
#include <arch/cpu.h>
#include <arch/cpu_protect.h>
#include <arch/gdt.h>
#include <arch/ist.h>
#include <arch/pat.h>
#include <arch/pgwalk.h>
#include <arch/trap.h>
#include "console/kprintf.h"
#include "core/kstack.h"

#define GUARD_SIZE 4096

void arch_early_init(const struct tern_bootinfo *bi)
{
	uint64_t ist_top[IST_COUNT];

	pgwalk_init(bi->pml4_phys, bi->direct_map_offset);
	kstack_add(&kernel_stacks, "boot stack", bi->stack_top - bi->stack_size,
	           bi->stack_top, GUARD_SIZE);
	if (ist_setup(ist_top))
		kprintf(KC_YELLOW "warning: could not unmap an IST guard "
		                  "page" KC_RESET "\n");
	gdt_init(ist_top);
	idt_init();
	if (!pat_init())
		kprintf(KC_YELLOW "warning: no PAT, framebuffer stays "
		                  "write-through" KC_RESET "\n");
	pgwalk_drop_lower_half();
	cpu_protect_init();
	wx_audit_boot();
}
