/* SPDX-License-Identifier: MIT */
/* Boot-time driver start-up: the registrations collected by driver.h. */
#include "console/kprintf.h"
#include "drivers/driver.h"

extern struct pci_driver *const __start_tern_pci_drivers[];
extern struct pci_driver *const __stop_tern_pci_drivers[];
extern const driver_init_fn __start_tern_driver_inits[];
extern const driver_init_fn __stop_tern_driver_inits[];

static void report_unclaimed(void)
{
	for (unsigned i = 0; i < pci_count(); i++) {
		const struct pci_dev *d = pci_get(i);

		if (d->driver || !pci_driver_expected(d))
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
