/* SPDX-License-Identifier: MIT */
/*
 * MADT (ACPI 6.5, 5.2.12). After the 36-byte header: Local Interrupt
 * Controller Address (u32) at 36, Flags (u32) at 40, then entries
 *
 *   +------+--------+---------------------------+
 *   | type | length | type-specific (length - 2) |  ... until Length
 *   +------+--------+---------------------------+
 */
#include "acpi/acpi_tables.h"

#define MADT_ENTRIES 44

enum madt_type {
	MADT_LAPIC = 0,       /* 5.2.12.2, 8 bytes */
	MADT_IOAPIC = 1,      /* 5.2.12.3, 12 bytes */
	MADT_ISO = 2,         /* 5.2.12.5, 10 bytes */
	MADT_NMI_SOURCE = 3,  /* 5.2.12.6, 8 bytes (not used here) */
	MADT_LAPIC_NMI = 4,   /* 5.2.12.7, 6 bytes */
	MADT_LAPIC_ADDR = 5,  /* 5.2.12.8, 12 bytes */
	MADT_X2APIC = 9,      /* 5.2.12.12, 16 bytes */
	MADT_X2APIC_NMI = 10, /* 5.2.12.13, 12 bytes */
};

/* Minimum length of each known entry type, 0 for types we skip. */
static unsigned min_len(uint8_t type)
{
	switch (type) {
	case MADT_LAPIC:
	case MADT_NMI_SOURCE:
		return 8;
	case MADT_IOAPIC:
	case MADT_LAPIC_ADDR:
	case MADT_X2APIC_NMI:
		return 12;
	case MADT_ISO:
		return 10;
	case MADT_LAPIC_NMI:
		return 6;
	case MADT_X2APIC:
		return 16;
	default:
		return 0;
	}
}

static void add_cpu(struct madt_info *m, uint32_t uid, uint32_t id,
                    uint32_t flags, bool x2)
{
	if (m->ncpus == MADT_MAX_CPUS) {
		m->skipped++;
		return;
	}
	m->cpu[m->ncpus++] = (struct madt_cpu){uid, id, flags & 1, x2};
}

static void add_nmi(struct madt_info *m, uint32_t uid, uint16_t flags,
                    uint8_t lint)
{
	if (m->nnmis == MADT_MAX_NMIS || lint > 1) {
		m->skipped++;
		return;
	}
	m->nmi[m->nnmis++] = (struct madt_nmi){uid, flags, lint};
}

static void add_ioapic(struct madt_info *m, const uint8_t *e)
{
	if (m->nioapics == MADT_MAX_IOAPICS) {
		m->skipped++;
		return;
	}
	m->ioapic[m->nioapics++] =
	    (struct madt_ioapic){.id = e[2],
	                         .address = acpi_rd32(e + 4),
	                         .gsi_base = acpi_rd32(e + 8)};
}

static void add_iso(struct madt_info *m, const uint8_t *e)
{
	if (m->nisos == MADT_MAX_ISOS) {
		m->skipped++;
		return;
	}
	m->iso[m->nisos++] = (struct madt_iso){.bus = e[2],
	                                       .source = e[3],
	                                       .gsi = acpi_rd32(e + 4),
	                                       .flags = acpi_rd16(e + 8)};
}

/* One entry of at least min_len(e[0]) bytes. */
static void madt_entry(struct madt_info *m, const uint8_t *e)
{
	switch (e[0]) {
	case MADT_LAPIC:
		add_cpu(m, e[2], e[3], acpi_rd32(e + 4), false);
		break;
	case MADT_X2APIC:
		add_cpu(m, acpi_rd32(e + 12), acpi_rd32(e + 4),
		        acpi_rd32(e + 8), true);
		break;
	case MADT_IOAPIC:
		add_ioapic(m, e);
		break;
	case MADT_ISO:
		add_iso(m, e);
		break;
	case MADT_LAPIC_NMI:
		add_nmi(m, e[2] == 0xff ? 0xffffffffu : e[2], acpi_rd16(e + 3),
		        e[5]);
		break;
	case MADT_X2APIC_NMI:
		add_nmi(m, acpi_rd32(e + 4), acpi_rd16(e + 2), e[8]);
		break;
	case MADT_LAPIC_ADDR:
		m->lapic_address = acpi_rd64(e + 4);
		break;
	default:
		m->skipped++;
	}
}

int acpi_parse_madt(const void *table, size_t len, struct madt_info *out)
{
	const uint8_t *p = table;
	size_t off = MADT_ENTRIES;

	__builtin_memset(out, 0, sizeof(*out));
	if (len < MADT_ENTRIES)
		return ACPI_ESHORT;
	out->lapic_address = acpi_rd32(p + 36);
	out->flags = acpi_rd32(p + 40);
	while (off < len) {
		unsigned elen, need;

		if (len - off < 2)
			return ACPI_ETRUNCATED;
		elen = p[off + 1];
		need = min_len(p[off]);
		if (elen < 2 || elen > len - off)
			return ACPI_ETRUNCATED;
		if (elen < need)
			out->skipped++;
		else
			madt_entry(out, p + off);
		off += elen;
	}
	return ACPI_OK;
}
