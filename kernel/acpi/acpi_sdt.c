/* SPDX-License-Identifier: MIT */
/* RSDP, table headers, RSDT/XSDT entries and generic addresses. */
#include "acpi/acpi_tables.h"

const char *acpi_strerror(int err)
{
	switch (err) {
	case ACPI_OK:
		return "ok";
	case ACPI_ESHORT:
		return "shorter than its structure";
	case ACPI_ESIG:
		return "wrong signature";
	case ACPI_ECHECKSUM:
		return "bad checksum";
	case ACPI_ELENGTH:
		return "bad length field";
	case ACPI_ETRUNCATED:
		return "truncated entry";
	case ACPI_ENOTFOUND:
		return "not found";
	case ACPI_EBADAML:
		return "undecodable AML";
	default:
		return "unknown error";
	}
}

uint8_t acpi_sum(const void *buf, size_t n)
{
	const uint8_t *p = buf;
	uint8_t s = 0;

	while (n--)
		s += *p++;
	return s;
}

#define RSDP_V1_LEN 20
#define RSDP_V2_LEN 36

/* RSDP layout (5.2.5.3): 0 "RSD PTR ", 8 checksum (first 20 bytes),
 * 9 OEMID[6], 15 revision, 16 RsdtAddress; revision >= 2 adds 20 Length,
 * 24 XsdtAddress, 32 extended checksum (whole structure), 33 reserved[3]. */
int acpi_parse_rsdp(const void *buf, size_t len, struct acpi_rsdp_info *out)
{
	const uint8_t *p = buf;
	uint32_t xlen;

	if (len < RSDP_V1_LEN)
		return ACPI_ESHORT;
	if (__builtin_memcmp(p, "RSD PTR ", 8))
		return ACPI_ESIG;
	if (acpi_sum(p, RSDP_V1_LEN))
		return ACPI_ECHECKSUM;
	*out = (struct acpi_rsdp_info){.revision = p[15],
	                               .rsdt = acpi_rd32(p + 16)};
	__builtin_memcpy(out->oem, p + 9, 6);
	if (p[15] < 2)
		return ACPI_OK;
	if (len < RSDP_V2_LEN)
		return ACPI_ESHORT;
	xlen = acpi_rd32(p + 20);
	if (xlen < RSDP_V2_LEN || xlen > len)
		return ACPI_ELENGTH;
	if (acpi_sum(p, xlen))
		return ACPI_ECHECKSUM;
	out->xsdt = acpi_rd64(p + 24);
	return ACPI_OK;
}

int acpi_check_sdt(const void *buf, size_t len, const char *sig,
                   uint32_t *table_len)
{
	uint32_t n;

	if (len < ACPI_HDR_LEN)
		return ACPI_ESHORT;
	if (sig && __builtin_memcmp(buf, sig, 4))
		return ACPI_ESIG;
	n = acpi_hdr_length(buf);
	if (n < ACPI_HDR_LEN || n > len)
		return ACPI_ELENGTH;
	if (acpi_sum(buf, n))
		return ACPI_ECHECKSUM;
	if (table_len)
		*table_len = n;
	return ACPI_OK;
}

size_t acpi_root_entries(const void *table, uint32_t len, unsigned entry_size,
                         uint64_t *out, size_t max)
{
	const uint8_t *p = (const uint8_t *)table + ACPI_HDR_LEN;
	size_t n, i;

	if (len < ACPI_HDR_LEN || (entry_size != 4 && entry_size != 8))
		return 0;
	n = (len - ACPI_HDR_LEN) / entry_size;
	if (!out)
		return n;
	for (i = 0; i < n && i < max; i++, p += entry_size)
		out[i] = entry_size == 8 ? acpi_rd64(p) : acpi_rd32(p);
	return i;
}

struct acpi_gas acpi_gas_decode(const uint8_t *p)
{
	return (struct acpi_gas){.space = p[0],
	                         .bit_width = p[1],
	                         .bit_offset = p[2],
	                         .access_size = p[3],
	                         .address = acpi_rd64(p + 4)};
}
