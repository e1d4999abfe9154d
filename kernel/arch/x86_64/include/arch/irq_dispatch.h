/* SPDX-License-Identifier: MIT */
#ifndef KERNEL_ARCH_X86_64_IRQ_DISPATCH_H
#define KERNEL_ARCH_X86_64_IRQ_DISPATCH_H
#include <stdbool.h>
#include "acpi/acpi_tables.h"
#include "irq/irq.h"

struct trap_frame;

/* Mask the 8259s, enable the LAPIC (x2APIC mode if the CPU has it and
 * want_x2apic), map and mask the IOAPICs. Interrupts stay disabled (the
 * caller does sti when ready). madt may be NULL. */
bool irq_init(const struct madt_info *madt, bool want_x2apic);
/* Called from trap_common for vectors 32..255. */
void irq_dispatch(struct trap_frame *tf);
#endif
