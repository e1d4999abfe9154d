/* SPDX-License-Identifier: MIT */
#include <arch/cpu.h>
#include <arch/irq_flags.h>
#include <arch/pci_cfg.h>
#include "console/kprintf.h"
#include "mm/vm.h"
#include "sync/spinlock.h"

#define CF8 0xcf8
#define CFC 0xcfc

static volatile uint8_t *ecam;
static uint8_t bus_start, bus_end;

bool pci_cfg_init(const struct mcfg_info *mcfg)
{
	for (unsigned i = 0; mcfg && i < mcfg->count; i++) {
		const struct mcfg_entry *e = &mcfg->e[i];
		uint64_t size = (uint64_t)(e->bus_end - e->bus_start + 1) << 20;

		if (e->segment != 0)
			continue;
		/* The MCFG base is that of bus 0 even if bus_start > 0. */
		ecam = vm_map_io(e->base + ((uint64_t)e->bus_start << 20), size,
		                 VM_UC);
		if (!ecam) {
			kprintf(KC_YELLOW
			        "pci: cannot map ECAM at %#llx" KC_RESET "\n",
			        (unsigned long long)e->base);
			continue;
		}
		bus_start = e->bus_start;
		bus_end = e->bus_end;
		kprintf("pci: ECAM at %#llx, buses %u-%u\n",
		        (unsigned long long)e->base, bus_start, bus_end);
		return true;
	}
	kprintf("pci: using configuration ports 0xcf8/0xcfc\n");
	return false;
}

/* The ECAM address of (bus, dev, fn, off), or NULL for port I/O. */
static volatile uint8_t *ecam_at(uint8_t bus, uint8_t dev, uint8_t fn,
                                 uint16_t off)
{
	if (!ecam || bus < bus_start || bus > bus_end)
		return NULL;
	return ecam + ((uint64_t)(bus - bus_start) << 20 |
	               (uint64_t)(dev & 31) << 15 | (uint64_t)(fn & 7) << 12 |
	               (off & 0xfff));
}

/* Port 0xCF8 selects what 0xCFC reads or writes: the pair is one access,
 * atomic across CPUs under this lock (ECAM needs none). */
static struct spinlock cf8_lock = SPINLOCK_INIT("pci-cf8");

static void cf8_select(uint8_t bus, uint8_t dev, uint8_t fn, uint16_t off)
{
	outl(CF8, 1u << 31 | (uint32_t)bus << 16 | (uint32_t)(dev & 31) << 11 |
	              (uint32_t)(fn & 7) << 8 | (off & 0xfc));
}

uint32_t pci_cfg_read32(uint8_t bus, uint8_t dev, uint8_t fn, uint16_t off)
{
	volatile uint8_t *p = ecam_at(bus, dev, fn, off & ~3u);
	uint64_t f;
	uint32_t v;

	if (p)
		return *(volatile uint32_t *)p;
	if (off >= 256)
		return 0xffffffffu;
	f = spin_lock_irqsave(&cf8_lock);
	cf8_select(bus, dev, fn, off);
	v = inl(CFC);
	spin_unlock_irqrestore(&cf8_lock, f);
	return v;
}

uint16_t pci_cfg_read16(uint8_t bus, uint8_t dev, uint8_t fn, uint16_t off)
{
	return (uint16_t)(pci_cfg_read32(bus, dev, fn, off & ~3u) >>
	                  (8 * (off & 2)));
}

uint8_t pci_cfg_read8(uint8_t bus, uint8_t dev, uint8_t fn, uint16_t off)
{
	return (uint8_t)(pci_cfg_read32(bus, dev, fn, off & ~3u) >>
	                 (8 * (off & 3)));
}

/* Write the low width (4 or 2) bytes of v at off. A 16-bit write is a
 * true 16-bit access: a 32-bit read-modify-write would write back the
 * status register's write-one-to-clear bits next to the command. */
static void cfg_write(uint8_t bus, uint8_t dev, uint8_t fn, uint16_t off,
                      uint32_t v, unsigned width)
{
	volatile uint8_t *p = ecam_at(bus, dev, fn, off & ~(width - 1));
	uint64_t f;

	if (p && width == 4)
		*(volatile uint32_t *)p = v;
	else if (p)
		*(volatile uint16_t *)p = (uint16_t)v;
	if (p || off >= 256)
		return;
	f = spin_lock_irqsave(&cf8_lock);
	cf8_select(bus, dev, fn, off);
	if (width == 4)
		outl(CFC, v);
	else
		outw((uint16_t)(CFC + (off & 2)), (uint16_t)v);
	spin_unlock_irqrestore(&cf8_lock, f);
}

void pci_cfg_write32(uint8_t bus, uint8_t dev, uint8_t fn, uint16_t off,
                     uint32_t v)
{
	cfg_write(bus, dev, fn, off, v, 4);
}

void pci_cfg_write16(uint8_t bus, uint8_t dev, uint8_t fn, uint16_t off,
                     uint16_t v)
{
	cfg_write(bus, dev, fn, off, v, 2);
}
