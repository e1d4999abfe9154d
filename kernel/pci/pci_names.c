/* SPDX-License-Identifier: MIT */
/* Class names (PCI Code and ID Assignment Specification 1.x, chapter 1)
 * and ID matching. */
#include "pci/pci_logic.h"

static const char *const base_names[] = {
    "unclassified",
    "mass storage",
    "network",
    "display",
    "multimedia",
    "memory",
    "bridge",
    "communication",
    "system peripheral",
    "input",
    "docking station",
    "processor",
    "serial bus",
    "wireless",
    "intelligent I/O",
    "satellite",
    "encryption",
    "signal processing",
    "processing accelerator",
    "instrumentation",
};

static const struct {
	uint16_t code; /* class << 8 | subclass */
	const char *name;
} sub_names[] = {
    {0x0101, "IDE controller"},   {0x0106, "SATA controller"},
    {0x0108, "NVMe controller"},  {0x0200, "ethernet controller"},
    {0x0300, "VGA controller"},   {0x0403, "audio device"},
    {0x0600, "host bridge"},      {0x0601, "ISA bridge"},
    {0x0604, "PCI bridge"},       {0x0c03, "USB controller"},
    {0x0c05, "SMBus controller"}, {0x00ff, "other (virtio?)"},
};

const char *pci_class_name(uint8_t cls, uint8_t subclass)
{
	uint16_t code = (uint16_t)(cls << 8 | subclass);

	for (unsigned i = 0; i < sizeof(sub_names) / sizeof(sub_names[0]); i++)
		if (sub_names[i].code == code)
			return sub_names[i].name;
	if (cls < sizeof(base_names) / sizeof(base_names[0]))
		return base_names[cls];
	return cls == 0xff ? "unassigned" : "reserved";
}

static bool id_end(const struct pci_id *id)
{
	return !id->vendor && !id->device && !id->class_mask;
}

const struct pci_id *pci_match_id(const struct pci_id *ids, uint16_t vendor,
                                  uint16_t device, uint32_t class_code)
{
	for (; ids && !id_end(ids); ids++) {
		if (ids->vendor != PCI_ANY_ID && ids->vendor != vendor)
			continue;
		if (ids->device != PCI_ANY_ID && ids->device != device)
			continue;
		if ((class_code ^ ids->class_code) & ids->class_mask)
			continue;
		return ids;
	}
	return NULL;
}
