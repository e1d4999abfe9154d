/* SPDX-License-Identifier: MIT */
/*
 * MSI and MSI-X (PCI Local Bus 3.0, 6.8). The message for this CPU (SDM
 * Vol. 3A, 11.11.1-2): address 0xfee00000 | apic_id << 12 (physical
 * destination), data = vector (fixed delivery, edge). The same in x2APIC
 * mode for APIC IDs up to 255; a larger ID does not fit the 8-bit field
 * and needs interrupt remapping (VT-d), which tern lacks: refused.
 *
 *   MSI cap:   +0 id, next, message control (bit 0 enable, bit 7 64-bit)
 *              +4 address low, [+8 address high], data at +8 or +0xc
 *   MSI-X cap: +2 control (bits 10:0 table size - 1, bit 14 function mask,
 *              bit 15 enable), +4 table offset | BIR, +8 PBA offset | BIR
 *   MSI-X table entry (16 bytes): addr lo, addr hi, data, vector control
 *              (bit 0 masked)
 */
#include <arch/lapic.h>
#include "console/kprintf.h"
#include "pci/pci.h"

#define MSI_ADDR_BASE 0xfee00000u
#define MSI_EN        (1u << 0)
#define MSI_64        (1u << 7)
#define MSIX_EN       (1u << 15)
#define MSIX_MASKALL  (1u << 14)

static uint32_t msi_address(void)
{
	return MSI_ADDR_BASE | irq_device_apic_id()
	                           << 12; /* <= 255: new_vector */
}

/* A fresh vector with fn installed, or -1. */
static int new_vector(irq_handler_fn fn, void *ctx)
{
	int v;

	if (irq_device_apic_id() > 0xff) {
		kprintf("pci: MSI cannot reach APIC id %u (> 255)\n",
		        irq_device_apic_id());
		return -1;
	}
	v = irq_alloc_vector();
	if (v < 0)
		return -1;
	if (irq_register((unsigned)v, fn, ctx)) {
		irq_free_vector((unsigned)v);
		return -1;
	}
	return v;
}

static void intx_off(struct pci_dev *d)
{
	pci_write16(d, 0x04, pci_read16(d, 0x04) | PCI_CMD_INTX_OFF);
}

int pci_enable_msi(struct pci_dev *d, irq_handler_fn fn, void *ctx)
{
	uint8_t c = d->msi_cap;
	uint16_t ctl;
	int v;

	if (!c || (v = new_vector(fn, ctx)) < 0)
		return -1;
	ctl = pci_read16(d, c + 2);
	pci_write32(d, c + 4, msi_address());
	if (ctl & MSI_64) {
		pci_write32(d, c + 8, 0);
		pci_write16(d, c + 12, (uint16_t)v);
	} else {
		pci_write16(d, c + 8, (uint16_t)v);
	}
	intx_off(d);
	/* one vector (MME = 0), enabled */
	pci_write16(d, c + 2, (uint16_t)((ctl & ~0x70u) | MSI_EN));
	return v;
}

/* Map the MSI-X table (BIR and offset from the capability). */
static volatile uint32_t *msix_table(struct pci_dev *d)
{
	uint32_t t = pci_read32(d, d->msix_cap + 4);
	uint8_t *bar;

	if (d->msix_table)
		return d->msix_table;
	bar = pci_map_bar(d, t & 7);
	if (!bar || (t & ~7u) + 16ull * d->msix_entries > d->bar[t & 7].size)
		return NULL;
	d->msix_table = (volatile uint32_t *)(bar + (t & ~7u));
	return d->msix_table;
}

int pci_enable_msix(struct pci_dev *d, unsigned entry, irq_handler_fn fn,
                    void *ctx)
{
	volatile uint32_t *t;
	uint16_t ctl;
	int v;

	if (!d->msix_cap || entry >= d->msix_entries)
		return -1;
	pci_enable(d, true);
	t = msix_table(d);
	if (!t || (v = new_vector(fn, ctx)) < 0)
		return -1;
	t += 4 * entry;
	t[3] = 1; /* masked while we write it */
	t[0] = msi_address();
	t[1] = 0;
	t[2] = (uint32_t)v;
	t[3] = 0;
	intx_off(d);
	ctl = pci_read16(d, d->msix_cap + 2);
	pci_write16(d, d->msix_cap + 2,
	            (uint16_t)((ctl | MSIX_EN) & ~MSIX_MASKALL));
	return v;
}
