/* SPDX-License-Identifier: MIT */
/*
 * FADT (ACPI 6.5, 5.2.9, Table 5.9). Fields are read only when Length
 * covers them: an ACPI 1.0 FADT ends at 116, before RESET_REG and the X_
 * fields. Byte offsets used here:
 *
 *    40 DSDT (u32)         46 SCI_INT (u16)     48 SMI_CMD (u32)
 *    52 ACPI_ENABLE        53 ACPI_DISABLE      56 PM1a_EVT_BLK (u32)
 *    64 PM1a_CNT_BLK (u32) 68 PM1b_CNT_BLK (u32) 76 PM_TMR_BLK (u32)
 *    89 PM1_CNT_LEN        91 PM_TMR_LEN (4, or 0: no PM timer)
 *   109 IAPC_BOOT_ARCH (u16) 112 Flags (u32: bit 8 TMR_VAL_EXT)
 *   116 RESET_REG (GAS)   128 RESET_VALUE       140 X_DSDT (u64)
 *   148 X_PM1a_EVT_BLK (GAS) 172 X_PM1a_CNT_BLK (GAS)
 *   184 X_PM1b_CNT_BLK (GAS) 208 X_PM_TMR_BLK (GAS)
 */
#include "acpi/acpi_tables.h"

#define FADT_V1_LEN 116

/* An I/O-port GAS for a legacy 32-bit block address (0 = absent). */
static struct acpi_gas io_block(uint32_t port, uint8_t bytes)
{
	return (struct acpi_gas){.space = ACPI_SPACE_IO,
	                         .bit_width = (uint8_t)(bytes * 8),
	                         .address = port};
}

/* The X_ form of a block if the table has it and it is set. */
static struct acpi_gas prefer_x(const uint8_t *p, size_t len, size_t xoff,
                                struct acpi_gas legacy)
{
	if (len >= xoff + 12) {
		struct acpi_gas g = acpi_gas_decode(p + xoff);

		if (g.address)
			return g;
	}
	return legacy;
}

int acpi_parse_fadt(const void *table, size_t len, struct fadt_info *out)
{
	const uint8_t *p = table;

	__builtin_memset(out, 0, sizeof(*out));
	if (len < FADT_V1_LEN)
		return ACPI_ESHORT;
	out->revision = p[8];
	out->dsdt = acpi_rd32(p + 40);
	if (len >= 148 && acpi_rd64(p + 140))
		out->dsdt = acpi_rd64(p + 140);
	out->sci_int = acpi_rd16(p + 46);
	out->smi_cmd = acpi_rd32(p + 48);
	out->acpi_enable = p[52];
	out->acpi_disable = p[53];
	out->pm1_cnt_len = p[89];
	out->iapc_boot_arch = acpi_rd16(p + 109);
	out->flags = acpi_rd32(p + 112);
	out->pm1a_evt = prefer_x(p, len, 148, io_block(acpi_rd32(p + 56), 4));
	out->pm1a_cnt = prefer_x(p, len, 172, io_block(acpi_rd32(p + 64), 2));
	out->pm1b_cnt = prefer_x(p, len, 184, io_block(acpi_rd32(p + 68), 2));
	if (p[91] == 4) /* PM_TMR_LEN: the timer exists */
		out->pm_tmr =
		    prefer_x(p, len, 208, io_block(acpi_rd32(p + 76), 4));
	out->pm_tmr_32bit = out->flags & FADT_F_TMR_VAL_EXT;
	if (len >= 129) {
		out->reset_reg = acpi_gas_decode(p + 116);
		out->reset_value = p[128];
		out->reset_valid = (out->flags & FADT_F_RESET_REG_SUP) &&
		                   out->reset_reg.address;
	}
	return ACPI_OK;
}
