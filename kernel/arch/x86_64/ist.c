/* SPDX-License-Identifier: MIT */
/*
 * The IST stacks live in a page-aligned .bss area, one slot per stack:
 *
 *   ist_area  slot 0 (#DF)            slot 1 (NMI)            slot 2 (#MC)
 *   +-------+----------------+-------+----------------+-------+------------+
 *   | guard | stack 16 KiB   | guard | stack 16 KiB   | guard | stack      |
 *   +-------+----------------+-------+----------------+-------+------------+
 *   unmapped at boot (pgwalk_unmap_4k); the CPU switches to the top of a
 *   slot's stack when the IDT gate names that IST slot.
 */
#include <arch/ist.h>
#include <arch/pgwalk.h>
#include "core/kstack.h"

#define SLOT (IST_GUARD_SIZE + IST_STACK_SIZE)

static uint8_t ist_area[IST_COUNT][SLOT] __attribute__((aligned(4096)));
static const char *const ist_names[IST_COUNT] = {
    "IST1 (#DF) stack", "IST2 (NMI) stack", "IST3 (#MC) stack"};

const char *ist_name(unsigned i)
{
	return i < IST_COUNT ? ist_names[i] : "IST? stack";
}

uint64_t ist_guard(unsigned i)
{
	return (uint64_t)ist_area[i];
}

int ist_setup(uint64_t top[IST_COUNT])
{
	int rc = 0;

	for (unsigned i = 0; i < IST_COUNT; i++) {
		uint64_t base = ist_guard(i) + IST_GUARD_SIZE;

		top[i] = base + IST_STACK_SIZE;
		if (pgwalk_unmap_4k(ist_guard(i)))
			rc = -1;
		kstack_add(&kernel_stacks, ist_names[i], base, top[i],
		           IST_GUARD_SIZE);
	}
	return rc;
}
