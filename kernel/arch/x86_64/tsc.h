/* SPDX-License-Identifier: MIT */
#ifndef KERNEL_ARCH_X86_64_TSC_H
#define KERNEL_ARCH_X86_64_TSC_H
#include <stdint.h>

/* TSC frequency in Hz measured over ms milliseconds against the HPET if it
 * is running, else the PIT. *source gets "hpet" or "pit". */
uint64_t tsc_calibrate(unsigned ms, const char **source);
#endif
