/* SPDX-License-Identifier: MIT */
/*
 * PCI devices: enumeration at boot (pci_init), BARs sized and decoded,
 * capabilities listed, MSI / MSI-X set up on request, and drivers matched
 * by vendor/device or class:
 *
 *	static const struct pci_id ids[] = {{0x8086, 0x10d3, 0, 0}, {0}};
 *	static struct pci_driver e1000e = {"e1000e", ids, e1000e_probe};
 *	pci_register_driver(&e1000e);   // probe() for each matching device
 */
#ifndef KERNEL_PCI_PCI_H
#define KERNEL_PCI_PCI_H
#include <stdbool.h>
#include <stdint.h>
#include "acpi/acpi_tables.h"
#include "irq/irq.h"
#include "pci/pci_logic.h"

#define PCI_MAX_DEVICES 64
#define PCI_MAX_CAPS    12

#define PCI_CMD_IO       (1u << 0)
#define PCI_CMD_MEM      (1u << 1)
#define PCI_CMD_MASTER   (1u << 2)
#define PCI_CMD_INTX_OFF (1u << 10)

#define PCI_SUBSYS_VENDOR 0x2c /* config offset, type 0 header */

struct pci_driver;

struct pci_dev {
	uint8_t bus, dev, fn;
	uint16_t vendor, device;
	uint8_t cls, subclass, prog_if, revision;
	uint8_t header_type; /* bits 6:0; 0 device, 1 PCI bridge */
	uint8_t irq_line, irq_pin;
	struct pci_bar bar[6];
	struct pci_cap caps[PCI_MAX_CAPS];
	unsigned ncaps;
	uint8_t msi_cap, msix_cap; /* config offsets, 0 if absent */
	uint16_t msix_entries;
	volatile uint32_t *msix_table; /* mapped by pci_enable_msix */
	const struct pci_driver *driver;
	void *driver_data;
};

struct pci_driver {
	const char *name;
	const struct pci_id *ids; /* ended by an all-zero entry */
	/* 0: the device is this driver's; anything else: declined. */
	int (*probe)(struct pci_dev *dev, const struct pci_id *id);
	struct pci_driver *next; /* kept by pci_register_driver */
};

/* Enumerate every bus through ECAM (mcfg) or the 0xcf8 ports. */
void pci_init(const struct mcfg_info *mcfg);
unsigned pci_count(void);
struct pci_dev *pci_get(unsigned i);
struct pci_dev *pci_find(uint16_t vendor, uint16_t device);
struct pci_dev *pci_find_class(uint8_t cls, uint8_t subclass);

/* Probe drv on every unclaimed matching device now (and on none later:
 * enumeration happens once, before drivers register). Returns the number
 * of devices it took. */
int pci_register_driver(struct pci_driver *drv);

uint32_t pci_read32(const struct pci_dev *d, uint16_t off);
uint16_t pci_read16(const struct pci_dev *d, uint16_t off);
void pci_write32(const struct pci_dev *d, uint16_t off, uint32_t v);
void pci_write16(const struct pci_dev *d, uint16_t off, uint16_t v);

/* Turn on memory and I/O decoding, and bus mastering if asked. */
void pci_enable(struct pci_dev *d, bool bus_master);
/* Map memory BAR i uncached (once); NULL for I/O or absent BARs. */
void *pci_map_bar(struct pci_dev *d, unsigned i);

/* One MSI vector for the device (allocated, handler installed, INTx off).
 * Returns the vector or -1. */
int pci_enable_msi(struct pci_dev *d, irq_handler_fn fn, void *ctx);
/* Program MSI-X table entry `entry` with a fresh vector and enable MSI-X.
 * Returns the vector or -1. */
int pci_enable_msix(struct pci_dev *d, unsigned entry, irq_handler_fn fn,
                    void *ctx);

/* A device a newcomer would miss if it stayed silent: a NIC (class 02) or
 * a USB controller (0c.03). When no driver takes one, the boot log
 * (drivers.c) and lspci both say "no driver". */
static inline bool pci_driver_expected(const struct pci_dev *d)
{
	return d->cls == 0x02 || (d->cls == 0x0c && d->subclass == 0x03);
}

/* The `lspci` command. */
void pci_dump(irq_print_fn print);
#endif
