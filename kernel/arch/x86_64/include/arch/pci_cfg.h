/* SPDX-License-Identifier: MIT */
/* PCI configuration space access: ECAM (PCIe Base 4.0, 7.2.2: address =
 * base + (bus << 20 | dev << 15 | fn << 12 | offset)) where the MCFG gives
 * one, else configuration mechanism #1 (PCI Local Bus 3.0, 3.2.2.3.2:
 * 0xcf8 = 1 << 31 | bus << 16 | dev << 11 | fn << 8 | offset & 0xfc, data
 * at 0xcfc + (offset & 3)), which reaches offsets below 256 only. */
#ifndef KERNEL_ARCH_X86_64_PCI_CFG_H
#define KERNEL_ARCH_X86_64_PCI_CFG_H
#include <stdbool.h>
#include <stdint.h>
#include "acpi/acpi_tables.h"

/* Map the segment-0 ECAM window of mcfg (may be NULL). Returns true if
 * ECAM is in use, false for port I/O. */
bool pci_cfg_init(const struct mcfg_info *mcfg);
uint32_t pci_cfg_read32(uint8_t bus, uint8_t dev, uint8_t fn, uint16_t off);
uint16_t pci_cfg_read16(uint8_t bus, uint8_t dev, uint8_t fn, uint16_t off);
uint8_t pci_cfg_read8(uint8_t bus, uint8_t dev, uint8_t fn, uint16_t off);
void pci_cfg_write32(uint8_t bus, uint8_t dev, uint8_t fn, uint16_t off,
                     uint32_t v);
void pci_cfg_write16(uint8_t bus, uint8_t dev, uint8_t fn, uint16_t off,
                     uint16_t v);
#endif
