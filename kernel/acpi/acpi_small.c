/* SPDX-License-Identifier: MIT */
/* The small fixed-layout tables: MCFG and HPET. */
#include "acpi/acpi_tables.h"

/* MCFG (PCI Firmware 3.0, 4.1.2): header, 8 reserved bytes, then 16-byte
 * allocations: u64 base, u16 segment, u8 start bus, u8 end bus, u32 rsvd. */
#define MCFG_ENTRIES   44
#define MCFG_ENTRY_LEN 16

int acpi_parse_mcfg(const void *table, size_t len, struct mcfg_info *out)
{
	const uint8_t *p = table;
	size_t off;

	__builtin_memset(out, 0, sizeof(*out));
	if (len < MCFG_ENTRIES)
		return ACPI_ESHORT;
	if ((len - MCFG_ENTRIES) % MCFG_ENTRY_LEN)
		return ACPI_ETRUNCATED;
	for (off = MCFG_ENTRIES; off < len && out->count < MCFG_MAX;
	     off += MCFG_ENTRY_LEN) {
		const uint8_t *e = p + off;
		struct mcfg_entry m = {acpi_rd64(e), acpi_rd16(e + 8), e[10],
		                       e[11]};

		if (m.bus_end < m.bus_start || !m.base)
			continue; /* nonsense allocation: ignore it */
		out->e[out->count++] = m;
	}
	return out->count ? ACPI_OK : ACPI_ENOTFOUND;
}

/* HPET (IA-PC HPET 1.0a, 3.2.4): 36 Event Timer Block ID (u32), 40 Base
 * Address (GAS, 12 bytes), 52 HPET Number, 53 Main Counter Minimum Clock
 * Tick (u16), 55 Page Protection. */
#define HPET_TABLE_LEN 56

int acpi_parse_hpet(const void *table, size_t len, struct hpet_info *out)
{
	const uint8_t *p = table;

	__builtin_memset(out, 0, sizeof(*out));
	if (len < HPET_TABLE_LEN)
		return ACPI_ESHORT;
	out->block_id = acpi_rd32(p + 36);
	out->base = acpi_gas_decode(p + 40);
	out->number = p[52];
	out->min_tick = acpi_rd16(p + 53);
	if (out->base.space != ACPI_SPACE_MEMORY || !out->base.address)
		return ACPI_ENOTFOUND;
	return ACPI_OK;
}
