/* SPDX-License-Identifier: MIT */
/*
 * IOAPIC registers are reached indirectly: write the index to IOREGSEL
 * (+0x00), then read or write IOWIN (+0x10). Index 0x01 is the version
 * (bits 23:16: highest redirection entry); 0x10 + 2n / 0x11 + 2n are the
 * low / high halves of redirection entry n:
 *
 *   63..56 destination APIC ID      16 mask   15 trigger (1 level)
 *   13 polarity (1 active low)      11 dest mode (0 physical)
 *   10..8 delivery (000 fixed)      7..0 vector
 */
#include <arch/ioapic.h>
#include "console/kprintf.h"
#include "mm/vm.h"

#define IOREGSEL  0x00
#define IOWIN     0x10
#define REG_VER   0x01
#define REG_RED   0x10
#define RED_MASK  (1u << 16)
#define RED_LEVEL (1u << 15)
#define RED_LOW   (1u << 13)
#define RED_NMI   (4u << 8) /* delivery mode 100: NMI (vector ignored) */

struct ioapic {
	volatile uint32_t *mmio;
	uint32_t gsi_base;
	unsigned count; /* redirection entries */
};

static struct ioapic apics[MADT_MAX_IOAPICS];
static unsigned napics;
static const struct madt_info *madt_ref;

static uint32_t io_rd(struct ioapic *a, uint32_t reg)
{
	a->mmio[IOREGSEL / 4] = reg;
	return a->mmio[IOWIN / 4];
}

static void io_wr(struct ioapic *a, uint32_t reg, uint32_t v)
{
	a->mmio[IOREGSEL / 4] = reg;
	a->mmio[IOWIN / 4] = v;
}

unsigned ioapic_init(const struct madt_info *madt)
{
	madt_ref = madt;
	for (unsigned i = 0; madt && i < madt->nioapics; i++) {
		struct ioapic *a = &apics[napics];

		a->mmio = vm_map_io(madt->ioapic[i].address, 4096, VM_UC);
		if (!a->mmio)
			continue;
		a->gsi_base = madt->ioapic[i].gsi_base;
		a->count = ((io_rd(a, REG_VER) >> 16) & 0xff) + 1;
		for (unsigned n = 0; n < a->count; n++)
			io_wr(a, REG_RED + 2 * n, RED_MASK);
		kprintf("ioapic: id %u at %#x, GSI %u-%u\n", madt->ioapic[i].id,
		        madt->ioapic[i].address, a->gsi_base,
		        a->gsi_base + a->count - 1);
		napics++;
	}
	return napics;
}

static struct ioapic *apic_for(uint32_t gsi)
{
	for (unsigned i = 0; i < napics; i++)
		if (gsi >= apics[i].gsi_base &&
		    gsi - apics[i].gsi_base < apics[i].count)
			return &apics[i];
	return NULL;
}

/* ISA defaults: edge, active high; an override may change both (MPS INTI
 * flags: 00 = conforms to the bus). */
static uint32_t isa_flags(unsigned irq, uint32_t *gsi)
{
	uint32_t bits = 0;

	*gsi = irq;
	for (unsigned i = 0; madt_ref && i < madt_ref->nisos; i++) {
		const struct madt_iso *o = &madt_ref->iso[i];

		if (o->bus != 0 || o->source != irq)
			continue;
		*gsi = o->gsi;
		if ((o->flags & MADT_POLARITY_MASK) == MADT_POLARITY_LOW)
			bits |= RED_LOW;
		if ((o->flags & MADT_TRIGGER_MASK) == MADT_TRIGGER_LEVEL)
			bits |= RED_LEVEL;
	}
	return bits;
}

/* Route ISA IRQ irq with the override's polarity and trigger unless
 * force_edge, plus the low-word bits extra (vector, delivery mode). */
static int route_isa(unsigned irq, uint32_t extra, bool force_edge,
                     uint32_t apic_id, uint32_t *gsi_out)
{
	uint32_t gsi, bits = isa_flags(irq, &gsi);
	struct ioapic *a = apic_for(gsi);
	uint32_t n;

	if (!a)
		return -1;
	if (apic_id > 0xff) { /* 8-bit field: needs interrupt remapping */
		kprintf("ioapic: cannot route to APIC id %u (> 255)\n",
		        apic_id);
		return -1;
	}
	if (force_edge)
		bits &= ~RED_LEVEL;
	n = gsi - a->gsi_base;
	io_wr(a, REG_RED + 2 * n, RED_MASK);
	io_wr(a, REG_RED + 2 * n + 1, apic_id << 24);
	io_wr(a, REG_RED + 2 * n, bits | extra);
	if (gsi_out)
		*gsi_out = gsi;
	return 0;
}

int ioapic_route_isa(unsigned irq, uint8_t vector, uint32_t apic_id,
                     uint32_t *gsi_out)
{
	return route_isa(irq, vector, false, apic_id, gsi_out);
}

/* 82093AA datasheet 3.2.4: an NMI entry must be edge triggered. */
int ioapic_route_isa_nmi(unsigned irq, uint32_t apic_id, uint32_t *gsi_out)
{
	return route_isa(irq, RED_NMI | 2, true, apic_id, gsi_out);
}

void ioapic_mask_gsi(uint32_t gsi, bool masked)
{
	struct ioapic *a = apic_for(gsi);
	uint32_t reg, v;

	if (!a)
		return;
	reg = REG_RED + 2 * (gsi - a->gsi_base);
	v = io_rd(a, reg);
	io_wr(a, reg, masked ? v | RED_MASK : v & ~RED_MASK);
}
