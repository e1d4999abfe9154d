/* SPDX-License-Identifier: MIT */
/* I/O APICs (82093AA datasheet; ACPI 6.5, 5.2.12.3 and 5.2.12.5). */
#ifndef KERNEL_ARCH_X86_64_IOAPIC_H
#define KERNEL_ARCH_X86_64_IOAPIC_H
#include <stdbool.h>
#include <stdint.h>
#include "acpi/acpi_tables.h"

/* Map every IOAPIC of the MADT and mask all its inputs. Returns the count
 * of IOAPICs set up. */
unsigned ioapic_init(const struct madt_info *madt);
/* Route ISA IRQ irq to vector on CPU apic_id, honouring the MADT override
 * for it (GSI, polarity, trigger); unmasked. -1 if no IOAPIC has the GSI.
 * *gsi_out (may be NULL) gets the GSI used. */
int ioapic_route_isa(unsigned irq, uint8_t vector, uint32_t apic_id,
                     uint32_t *gsi_out);
/* The same as an NMI to CPU apic_id (edge triggered whatever the
 * override says), for the profiler's sampling clock. */
int ioapic_route_isa_nmi(unsigned irq, uint32_t apic_id, uint32_t *gsi_out);
void ioapic_mask_gsi(uint32_t gsi, bool masked);
#endif
