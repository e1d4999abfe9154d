/* SPDX-License-Identifier: MIT */
/*
 * Portable PCI logic (PCI Local Bus Specification 3.0; PCI Code and ID
 * Assignment Specification): BAR decoding, capability-list walking, class
 * names and driver-ID matching. Nothing here touches hardware: config
 * space is read through a callback.
 *
 * Type 0 configuration header (6.1), the parts used here:
 *
 *   0x00 vendor | device      0x04 command | status
 *   0x08 rev | prog-if | subclass | class   0x0c ... | header type | ...
 *   0x10..0x24 BAR0..BAR5     0x34 capabilities pointer
 *
 * BAR (6.2.5.1):  bit 0 = 1: I/O, bits 31:2 address
 *                 bit 0 = 0: memory, bits 2:1 type (00 32-bit, 10 64-bit,
 *                 the next BAR holds bits 63:32), bit 3 prefetchable
 */
#ifndef KERNEL_PCI_PCI_LOGIC_H
#define KERNEL_PCI_PCI_LOGIC_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum pci_bar_kind { PCI_BAR_NONE, PCI_BAR_IO, PCI_BAR_MEM32, PCI_BAR_MEM64 };

struct pci_bar {
	uint64_t base;
	uint64_t size;
	uint8_t kind; /* enum pci_bar_kind */
	bool prefetch;
	void *virt; /* uncached mapping, once pci_map_bar made one */
};

/* Decode a BAR from its value (lo, and hi for the upper half of a 64-bit
 * BAR) and the read-back after writing all ones (lo_mask, hi_mask).
 * Returns the number of BAR registers it occupies (1 or 2). */
unsigned pci_bar_decode(uint32_t lo, uint32_t hi, uint32_t lo_mask,
                        uint32_t hi_mask, struct pci_bar *out);
/* True if BAR value lo starts a 64-bit memory BAR. */
bool pci_bar_is64(uint32_t lo);

/* Reads a config dword at a 4-aligned offset < 256. */
typedef uint32_t (*pci_rd32_fn)(void *ctx, uint16_t off);

#define PCI_CAP_MSI  0x05
#define PCI_CAP_VNDR 0x09
#define PCI_CAP_PCIE 0x10
#define PCI_CAP_MSIX 0x11
#define PCI_CAP_MAX  48 /* (256 - 64) / 4: more means a loop */

struct pci_cap {
	uint8_t id;
	uint8_t offset;
};
/* Walk the capability list (status bit 4, pointer at 0x34) into out[];
 * a pointer below 0x40, or a chain longer than PCI_CAP_MAX, ends the walk.
 * Returns the number of capabilities found (at most max). */
unsigned pci_cap_list(pci_rd32_fn rd, void *ctx, struct pci_cap *out,
                      unsigned max);
/* Offset of the first capability with this id, or 0. */
uint8_t pci_cap_find(pci_rd32_fn rd, void *ctx, uint8_t id);
const char *pci_cap_name(uint8_t id);

/* "host bridge", "ethernet controller", ... from class and subclass. */
const char *pci_class_name(uint8_t cls, uint8_t subclass);

#define PCI_ANY_ID 0xffff
struct pci_id {
	uint16_t vendor, device; /* PCI_ANY_ID matches anything */
	uint32_t class_code;     /* class << 16 | subclass << 8 | prog-if */
	uint32_t class_mask;     /* 0: the class does not matter */
};
/* First entry of ids (ended by an all-zero entry) matching the device,
 * or NULL. */
const struct pci_id *pci_match_id(const struct pci_id *ids, uint16_t vendor,
                                  uint16_t device, uint32_t class_code);
#endif
