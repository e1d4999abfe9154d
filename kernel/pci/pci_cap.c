/* SPDX-License-Identifier: MIT */
/* Capability lists (PCI Local Bus 3.0, 6.7): status bit 4 says a list
 * exists; 0x34 points at the first entry; each entry is id, next. */
#include "pci/pci_logic.h"

#define STATUS_CAP_LIST (1u << 20) /* bit 4 of status, in dword 0x04 */

static uint8_t rd8(pci_rd32_fn rd, void *ctx, uint16_t off)
{
	return (uint8_t)(rd(ctx, off & ~3u) >> (8 * (off & 3)));
}

unsigned pci_cap_list(pci_rd32_fn rd, void *ctx, struct pci_cap *out,
                      unsigned max)
{
	unsigned n = 0;
	uint8_t ptr;

	if (!(rd(ctx, 0x04) & STATUS_CAP_LIST))
		return 0;
	ptr = rd8(rd, ctx, 0x34) & 0xfc;
	for (unsigned hops = 0; ptr >= 0x40 && hops < PCI_CAP_MAX; hops++) {
		if (n < max)
			out[n++] = (struct pci_cap){rd8(rd, ctx, ptr), ptr};
		ptr = rd8(rd, ctx, (uint16_t)(ptr + 1)) & 0xfc;
	}
	return n;
}

uint8_t pci_cap_find(pci_rd32_fn rd, void *ctx, uint8_t id)
{
	struct pci_cap caps[PCI_CAP_MAX];
	unsigned n = pci_cap_list(rd, ctx, caps, PCI_CAP_MAX);

	for (unsigned i = 0; i < n; i++)
		if (caps[i].id == id)
			return caps[i].offset;
	return 0;
}

const char *pci_cap_name(uint8_t id)
{
	switch (id) {
	case 0x01:
		return "PM";
	case PCI_CAP_MSI:
		return "MSI";
	case PCI_CAP_VNDR:
		return "vendor";
	case PCI_CAP_PCIE:
		return "PCIe";
	case PCI_CAP_MSIX:
		return "MSI-X";
	case 0x12:
		return "SATA";
	default:
		return "?";
	}
}
