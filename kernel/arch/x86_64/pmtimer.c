/* SPDX-License-Identifier: MIT */
/*
 * ACPI PM timer reads (ACPI 6.5, 4.8.3.3 "Power Management Timer"): one
 * 32-bit I/O read of PM_TMR_BLK; bits 23:0 count (31:0 with TMR_VAL_EXT)
 * at 3.579545 MHz and wrap. A timer in memory space (X_PM_TMR_BLK with a
 * memory GAS) is not supported: none of the machines tern runs on has one.
 */
#include <arch/cpu.h>
#include <arch/pmtimer.h>
#include "console/kprintf.h"

#define MOVE_SPINS 100000 /* reads (~1 us each) for the counter to move */

static uint16_t port;
static uint32_t mask;

bool pmtimer_init(const struct fadt_info *fadt)
{
	uint32_t t0;

	if (!fadt || !fadt->pm_tmr.address)
		return false;
	if (fadt->pm_tmr.space != ACPI_SPACE_IO ||
	    fadt->pm_tmr.address > 0xfffc) {
		kprintf("pmtimer: not an I/O port (%#llx), unused\n",
		        (unsigned long long)fadt->pm_tmr.address);
		return false;
	}
	port = (uint16_t)fadt->pm_tmr.address;
	mask = fadt->pm_tmr_32bit ? 0xffffffffu : 0xffffffu;
	t0 = inl(port) & mask;
	for (unsigned i = 0; i < MOVE_SPINS; i++)
		if ((inl(port) & mask) != t0)
			return true;
	kprintf("pmtimer: port %#x does not count, unused\n", port);
	port = 0;
	return false;
}

bool pmtimer_ready(void)
{
	return port != 0;
}

uint32_t pmtimer_read(void)
{
	return port ? inl(port) & mask : 0;
}

uint32_t pmtimer_delta(uint32_t a, uint32_t b)
{
	return (b - a) & mask;
}
