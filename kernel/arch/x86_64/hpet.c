/* SPDX-License-Identifier: MIT */
/*
 * HPET registers (IA-PC HPET 1.0a, 2.3.1, Table 2):
 *   0x000 General Capabilities and ID: bits 63:32 COUNTER_CLK_PERIOD (fs),
 *         bit 13 COUNT_SIZE_CAP (64-bit counter)
 *   0x010 General Configuration: bit 0 ENABLE_CNF
 *   0x0f0 Main Counter Value
 */
#include <stddef.h>
#include <arch/hpet.h>
#include "mm/vm.h"

#define HPET_CAP      0x000
#define HPET_CONF     0x010
#define HPET_COUNTER  0x0f0
#define CONF_ENABLE   1ull
#define MAX_PERIOD_FS 100000000ull /* 100 ns (2.3.4) */

static volatile uint64_t *regs;
static uint64_t period_fs, ns_mult; /* ns = ticks * ns_mult >> 32 */

bool hpet_init(uint64_t phys)
{
	volatile uint64_t *r = phys ? vm_map_io(phys, 1024, VM_UC) : NULL;

	if (!r)
		return false;
	period_fs = r[HPET_CAP / 8] >> 32;
	if (!period_fs || period_fs > MAX_PERIOD_FS)
		return false;
	ns_mult = (period_fs << 32) / 1000000;
	r[HPET_CONF / 8] |= CONF_ENABLE;
	regs = r;
	return true;
}

bool hpet_ready(void)
{
	return regs != NULL;
}

uint64_t hpet_counter(void)
{
	return regs ? regs[HPET_COUNTER / 8] : 0;
}

uint64_t hpet_ticks_to_ns(uint64_t ticks)
{
	return (uint64_t)(((unsigned __int128)ticks * ns_mult) >> 32);
}
