/* SPDX-License-Identifier: MIT */
/*
 * Driver registration: a driver is one file (or folder) under
 * kernel/drivers/<kind>/ plus one line naming it:
 *
 *	static struct pci_driver e1000e_driver = {"e1000e", ids, probe, NULL};
 *	PCI_DRIVER(e1000e_driver);       // matched against every PCI device
 *
 *	DRIVER_INIT(i8042_start);        // not PCI: a function run at boot
 *
 * The macros put a pointer into a linker section (kernel.ld collects
 * them between __start_/__stop_ symbols); drivers_init() walks both at
 * boot. The build globs kernel/drivers/, so no list needs editing.
 *
 * Order: every DRIVER_INIT function first, then every PCI driver, each
 * in link order (the path's alphabetical order). Threads already run.
 */
#ifndef KERNEL_DRIVERS_DRIVER_H
#define KERNEL_DRIVERS_DRIVER_H
#include "pci/pci.h"

typedef void (*driver_init_fn)(void);

#define PCI_DRIVER(drv)                                                        \
	static struct pci_driver *const pci_driver_ptr_##drv                   \
	    __attribute__((used, section("tern_pci_drivers"))) = &(drv)

#define DRIVER_INIT(fn)                                                        \
	static const driver_init_fn driver_init_ptr_##fn                       \
	    __attribute__((used, section("tern_driver_inits"))) = (fn)

/* Start every driver (after sched_init and input_init), then log each
 * network or USB controller that no driver claimed. */
void drivers_init(void);
#endif
