/* SPDX-License-Identifier: MIT */
#ifndef KERNEL_CORE_PLATFORM_H
#define KERNEL_CORE_PLATFORM_H
#include <tern/bootinfo.h>

/* ACPI, PIC/LAPIC/IOAPIC, TSC/HPET/LAPIC timer and tick, PCI; returns
 * with interrupts enabled. Needs the console and the IDT. */
void platform_init(const struct tern_bootinfo *bi);
#endif
