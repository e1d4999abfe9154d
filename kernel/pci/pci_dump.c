/* SPDX-License-Identifier: MIT */
/* The `lspci` listing (a NIC or USB controller nothing drives says so,
 * like the boot log's "pci: ... no driver" line):
 *
 *   00:02.0 8086:10d3 Ethernet controller (0200) driver e1000e
 *   00:03.0 10ec:8139 Ethernet controller (0200) -- no driver --
 *   00:1f.0 8086:2918 ISA bridge (0601)
 *       BAR0 mem64 pref 0x0000008000000000 size 0x4000
 *       irq pin A line 10; caps: MSI-X(4) vendor PM
 */
#include "pci/pci.h"

static const char *const kind_names[] = {"-", "io", "mem32", "mem64"};

static void dump_bars(const struct pci_dev *d, irq_print_fn print)
{
	for (unsigned i = 0; i < 6; i++) {
		const struct pci_bar *b = &d->bar[i];

		if (b->kind == PCI_BAR_NONE)
			continue;
		print("    BAR%u %s%s %#llx size %#llx\n", i,
		      kind_names[b->kind], b->prefetch ? " pref" : "",
		      (unsigned long long)b->base, (unsigned long long)b->size);
	}
}

static void dump_irq(const struct pci_dev *d, irq_print_fn print)
{
	print("    irq pin %c line %u; caps:",
	      d->irq_pin ? 'A' + d->irq_pin - 1 : '-', d->irq_line);
	for (unsigned i = 0; i < d->ncaps; i++) {
		if (d->caps[i].id == PCI_CAP_MSIX)
			print(" MSI-X(%u)", d->msix_entries);
		else
			print(" %s", pci_cap_name(d->caps[i].id));
	}
	print(d->ncaps ? "\n" : " none\n");
}

void pci_dump(irq_print_fn print)
{
	for (unsigned i = 0; i < pci_count(); i++) {
		const struct pci_dev *d = pci_get(i);

		print("%02x:%02x.%u %04x:%04x %s (%02x%02x)%s%s\n", d->bus,
		      d->dev, d->fn, d->vendor, d->device,
		      pci_class_name(d->cls, d->subclass), d->cls, d->subclass,
		      d->driver                ? " driver "
		      : pci_driver_expected(d) ? " -- no driver --"
		                               : "",
		      d->driver ? d->driver->name : "");
		dump_bars(d, print);
		dump_irq(d, print);
	}
	print("%u PCI functions\n", pci_count());
}
