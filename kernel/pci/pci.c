/* SPDX-License-Identifier: MIT */
/* Enumeration, BAR sizing, the device list, driver matching, lspci. */
#include <arch/pci_cfg.h>
#include "console/kprintf.h"
#include "mm/vm.h"
#include "pci/pci.h"

static struct pci_dev devs[PCI_MAX_DEVICES];
static unsigned ndevs;
static struct pci_driver *drivers;

uint32_t pci_read32(const struct pci_dev *d, uint16_t off)
{
	return pci_cfg_read32(d->bus, d->dev, d->fn, off);
}

uint16_t pci_read16(const struct pci_dev *d, uint16_t off)
{
	return pci_cfg_read16(d->bus, d->dev, d->fn, off);
}

void pci_write32(const struct pci_dev *d, uint16_t off, uint32_t v)
{
	pci_cfg_write32(d->bus, d->dev, d->fn, off, v);
}

void pci_write16(const struct pci_dev *d, uint16_t off, uint16_t v)
{
	pci_cfg_write16(d->bus, d->dev, d->fn, off, v);
}

static uint32_t rd_cb(void *ctx, uint16_t off)
{
	return pci_read32(ctx, off);
}

/* Write all ones, read back, restore (PCI 3.0, 6.2.5.1). */
static uint32_t probe_mask(struct pci_dev *d, uint16_t off, uint32_t orig)
{
	uint32_t m;

	pci_write32(d, off, 0xffffffffu);
	m = pci_read32(d, off);
	pci_write32(d, off, orig);
	return m;
}

/* Size every BAR with memory and I/O decoding off, so that the transient
 * all-ones address never decodes anything. */
static void size_bars(struct pci_dev *d)
{
	unsigned nbars = d->header_type == 0 ? 6 : d->header_type == 1 ? 2 : 0;
	uint16_t cmd = pci_read16(d, 0x04);

	pci_write16(d, 0x04, cmd & ~(PCI_CMD_IO | PCI_CMD_MEM));
	for (unsigned i = 0; i < nbars;) {
		uint16_t off = (uint16_t)(0x10 + 4 * i);
		uint32_t lo = pci_read32(d, off), hi = 0, lm, hm = 0;

		lm = probe_mask(d, off, lo);
		if (pci_bar_is64(lo) && i + 1 < nbars) {
			hi = pci_read32(d, off + 4);
			hm = probe_mask(d, off + 4, hi);
		}
		i += pci_bar_decode(lo, hi, lm, hm, &d->bar[i]);
	}
	pci_write16(d, 0x04, cmd);
}

static void add_device(uint8_t bus, uint8_t dev, uint8_t fn, uint32_t id)
{
	struct pci_dev *d;
	uint32_t cls;

	if (ndevs == PCI_MAX_DEVICES) {
		kprintf(KC_YELLOW "pci: more than %u functions, ignoring "
		                  "%02x:%02x.%u" KC_RESET "\n",
		        PCI_MAX_DEVICES, bus, dev, fn);
		return;
	}
	d = &devs[ndevs++];
	*d = (struct pci_dev){.bus = bus, .dev = dev, .fn = fn};
	d->vendor = id & 0xffff;
	d->device = id >> 16;
	cls = pci_read32(d, 0x08);
	d->revision = cls & 0xff;
	d->prog_if = (cls >> 8) & 0xff;
	d->subclass = (cls >> 16) & 0xff;
	d->cls = cls >> 24;
	d->header_type = (pci_read32(d, 0x0c) >> 16) & 0x7f;
	d->irq_line = pci_read32(d, 0x3c) & 0xff;
	d->irq_pin = (pci_read32(d, 0x3c) >> 8) & 0xff;
	size_bars(d);
	d->ncaps = pci_cap_list(rd_cb, d, d->caps, PCI_MAX_CAPS);
	d->msi_cap = pci_cap_find(rd_cb, d, PCI_CAP_MSI);
	d->msix_cap = pci_cap_find(rd_cb, d, PCI_CAP_MSIX);
	if (d->msix_cap)
		d->msix_entries = (pci_read16(d, d->msix_cap + 2) & 0x7ff) + 1;
}

static void scan_function(uint8_t bus, uint8_t dev, uint8_t fn)
{
	uint32_t id = pci_cfg_read32(bus, dev, fn, 0);

	if ((id & 0xffff) != 0xffff)
		add_device(bus, dev, fn, id);
}

void pci_init(const struct mcfg_info *mcfg)
{
	pci_cfg_init(mcfg);
	for (unsigned bus = 0; bus < 256; bus++) {
		for (uint8_t dev = 0; dev < 32; dev++) {
			uint32_t id = pci_cfg_read32((uint8_t)bus, dev, 0, 0);
			unsigned nfn;

			if ((id & 0xffff) == 0xffff)
				continue;
			nfn = pci_cfg_read8((uint8_t)bus, dev, 0, 0x0e) & 0x80
			          ? 8
			          : 1;
			for (uint8_t fn = 0; fn < nfn; fn++)
				scan_function((uint8_t)bus, dev, fn);
		}
	}
	kprintf("pci: %u functions\n", ndevs);
}

unsigned pci_count(void)
{
	return ndevs;
}

struct pci_dev *pci_get(unsigned i)
{
	return i < ndevs ? &devs[i] : NULL;
}

struct pci_dev *pci_find(uint16_t vendor, uint16_t device)
{
	for (unsigned i = 0; i < ndevs; i++)
		if (devs[i].vendor == vendor && devs[i].device == device)
			return &devs[i];
	return NULL;
}

struct pci_dev *pci_find_class(uint8_t cls, uint8_t subclass)
{
	for (unsigned i = 0; i < ndevs; i++)
		if (devs[i].cls == cls && devs[i].subclass == subclass)
			return &devs[i];
	return NULL;
}

static uint32_t class_code(const struct pci_dev *d)
{
	return (uint32_t)d->cls << 16 | (uint32_t)d->subclass << 8 | d->prog_if;
}

int pci_register_driver(struct pci_driver *drv)
{
	int bound = 0;

	drv->next = drivers;
	drivers = drv;
	for (unsigned i = 0; i < ndevs; i++) {
		struct pci_dev *d = &devs[i];
		const struct pci_id *id =
		    pci_match_id(drv->ids, d->vendor, d->device, class_code(d));

		if (d->driver || !id || !drv->probe)
			continue;
		if (drv->probe(d, id) == 0) {
			d->driver = drv;
			bound++;
			kprintf("pci: %02x:%02x.%u bound to %s\n", d->bus,
			        d->dev, d->fn, drv->name);
		}
	}
	return bound;
}

void pci_enable(struct pci_dev *d, bool bus_master)
{
	uint16_t cmd = pci_read16(d, 0x04) | PCI_CMD_MEM | PCI_CMD_IO;

	pci_write16(d, 0x04, bus_master ? cmd | PCI_CMD_MASTER : cmd);
}

void *pci_map_bar(struct pci_dev *d, unsigned i)
{
	struct pci_bar *b = i < 6 ? &d->bar[i] : NULL;

	if (!b || (b->kind != PCI_BAR_MEM32 && b->kind != PCI_BAR_MEM64))
		return NULL;
	if (!b->virt)
		b->virt = vm_map_io(b->base, b->size, VM_UC);
	return b->virt;
}
