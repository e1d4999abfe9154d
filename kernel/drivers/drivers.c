/* SPDX-License-Identifier: MIT */
/* Boot-time driver start-up: the registrations collected by driver.h. */
#include "console/kprintf.h"
#include "drivers/driver.h"

extern struct pci_driver *const __start_tern_pci_drivers[];
extern struct pci_driver *const __stop_tern_pci_drivers[];
extern const driver_init_fn __start_tern_driver_inits[];
extern const driver_init_fn __stop_tern_driver_inits[];

/* Device kinds a newcomer would miss if they stayed silent: a NIC or a
 * USB controller (PCI class 02 / 0c.03) that nothing drives. */
static bool worth_reporting(const struct pci_dev *d)
{
	return d->cls == 0x02 || (d->cls == 0x0c && d->subclass == 0x03);
}

static void report_unclaimed(void)
{
	for (unsigned i = 0; i < pci_count(); i++) {
		const struct pci_dev *d = pci_get(i);

		if (d->driver || !worth_reporting(d))
			continue;
		kprintf(
		    "pci: %02x:%02x.%u %04x:%04x class %02x.%02x.%02x (%s): "
		    "no driver\n",
		    d->bus, d->dev, d->fn, d->vendor, d->device, d->cls,
		    d->subclass, d->prog_if,
		    pci_class_name(d->cls, d->subclass));
	}
}

void drivers_init(void)
{
	for (const driver_init_fn *f = __start_tern_driver_inits;
	     f < __stop_tern_driver_inits; f++)
		(*f)();
	for (struct pci_driver *const *p = __start_tern_pci_drivers;
	     p < __stop_tern_pci_drivers; p++)
		pci_register_driver(*p);
	report_unclaimed();
}
