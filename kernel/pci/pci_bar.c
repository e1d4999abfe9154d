/* SPDX-License-Identifier: MIT */
/* BAR decoding (PCI Local Bus 3.0, 6.2.5.1): the size is the lowest
 * address bit that stays set after writing all ones. */
#include "pci/pci_logic.h"

bool pci_bar_is64(uint32_t lo)
{
	return !(lo & 1) && ((lo >> 1) & 3) == 2;
}

static uint64_t lowest_bit(uint64_t v)
{
	return v & (~v + 1);
}

unsigned pci_bar_decode(uint32_t lo, uint32_t hi, uint32_t lo_mask,
                        uint32_t hi_mask, struct pci_bar *out)
{
	*out = (struct pci_bar){0};
	if (lo & 1) {
		uint32_t m = lo_mask & ~3u & 0xffffu;

		if (m) {
			out->kind = PCI_BAR_IO;
			out->base = lo & ~3u;
			out->size = lowest_bit(m);
		}
		return 1;
	}
	out->prefetch = lo & 8;
	if (pci_bar_is64(lo)) {
		uint64_t m = (uint64_t)hi_mask << 32 | (lo_mask & ~0xfu);

		if (m) {
			out->kind = PCI_BAR_MEM64;
			out->base = (uint64_t)hi << 32 | (lo & ~0xfu);
			out->size = lowest_bit(m);
		}
		return 2;
	}
	if (lo_mask & ~0xfu) {
		out->kind = PCI_BAR_MEM32;
		out->base = lo & ~0xfu;
		out->size = lowest_bit(lo_mask & ~0xfu);
	}
	return 1;
}
