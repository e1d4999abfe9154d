/* SPDX-License-Identifier: MIT */
/* One line in a page-fault report naming the protection that fired: W^X
 * on the kernel image, NX, SMEP or SMAP (SDM 3A, 4.6 and 4.7). */
#include <arch/cpu.h>
#include <arch/cpu_protect.h>
#include "arch/x86_64/fault_hint.h"
#include "console/kprintf.h"
#include "core/boot.h"
#include "core/trapdecode.h"

#define RFLAGS_AC (1ull << 18)

/* The kernel region holding va, or NULL. */
static const char *region_of(uint64_t va)
{
	const struct tern_bootinfo *bi = boot_info;

	if (va >= (uint64_t)__kernel_start && va < (uint64_t)__text_end)
		return "kernel text";
	if (va >= (uint64_t)__rodata_start && va < (uint64_t)__rodata_end)
		return "kernel rodata";
	if (va >= (uint64_t)__data_start && va < (uint64_t)__kernel_end)
		return "kernel data/bss";
	if (!bi)
		return NULL;
	if (va - bi->direct_map_offset < bi->direct_map_size)
		return "direct map";
	if (va - bi->stack_region_base < bi->stack_region_size)
		return "kernel-stack region";
	if (va - bi->page_alloc_base < bi->page_alloc_size)
		return "page-allocator region";
	return NULL;
}

static void say(const char *what, uint64_t va)
{
	const char *r = region_of(va);

	kprintf("  " KC_BOLD "protection: %s%s%s" KC_RESET "\n", what,
	        r ? " in " : "", r ? r : "");
}

void fault_hint(const struct trap_frame *tf, uint64_t cr2)
{
	bool user_va = cr2 < (1ull << 47);

	if (tf->vector != EXC_PF || !(tf->error & PF_ERR_P) ||
	    (tf->error & PF_ERR_U))
		return;
	if (tf->error & PF_ERR_I) {
		if (user_va && (read_cr4() & CR4_SMEP))
			say("SMEP: kernel instruction fetch from a user page",
			    cr2);
		else
			say("NX: instruction fetch from a non-executable page",
			    cr2);
	} else if (user_va && (read_cr4() & CR4_SMAP) &&
	           !(tf->rflags & RFLAGS_AC)) {
		say("SMAP: kernel access to a user page", cr2);
	} else if (tf->error & PF_ERR_W) {
		say("W^X: write to a read-only page", cr2);
	}
}
