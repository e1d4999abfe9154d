/* SPDX-License-Identifier: MIT */
/* The ACPI power-management timer (ACPI 6.5, 4.8.3.3): a free-running
 * 3.579545 MHz counter of 24 bits (32 with the FADT's TMR_VAL_EXT) in
 * the PM_TMR_BLK register. */
#ifndef KERNEL_ARCH_X86_64_PMTIMER_H
#define KERNEL_ARCH_X86_64_PMTIMER_H
#include <stdbool.h>
#include <stdint.h>
#include "acpi/acpi_tables.h"

#define PMTIMER_HZ 3579545u

/* Use the FADT's PM timer if it is an I/O-port block and it counts.
 * False (and a log line saying why) otherwise; fadt may be NULL. */
bool pmtimer_init(const struct fadt_info *fadt);
bool pmtimer_ready(void);
/* The counter, masked to its width. */
uint32_t pmtimer_read(void);
/* Ticks from a to b, one wrap allowed. */
uint32_t pmtimer_delta(uint32_t a, uint32_t b);
#endif
