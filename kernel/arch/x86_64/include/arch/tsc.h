/* SPDX-License-Identifier: MIT */
#ifndef KERNEL_ARCH_X86_64_TSC_H
#define KERNEL_ARCH_X86_64_TSC_H
#include <stdint.h>
#include "time/tsc_freq.h"

/* TSC frequency in Hz measured over ms milliseconds against the HPET if it
 * is running, else the PIT, else the ACPI PM timer (pmtimer_init first).
 * *source names the one used ("hpet", "pit", "acpi pm timer"); 0 when
 * none counts (no measurement). */
uint64_t tsc_calibrate(unsigned ms, const char **source);

/* What CPUID says about the TSC (leaves 15H, 16H, 80000007H). */
void tsc_cpuid_read(struct tsc_cpuid *c);
#endif
