/* SPDX-License-Identifier: MIT */
/*
 * Portable ACPI table parsers (ACPI 6.5 unless noted). Every parser takes a
 * buffer and its length, checks lengths before reading and returns 0 or a
 * negative ACPI_E* code; nothing here touches hardware.
 *
 * System description table header (5.2.6, Table 5.4), 36 bytes:
 *
 *   0 Signature[4]  4 Length  8 Revision  9 Checksum  10 OEMID[6]
 *   16 OEM Table ID[8]  24 OEM Revision  28 Creator ID  32 Creator Revision
 *
 * The tables found from the RSDP (5.2.5):
 *
 *   RSDP --(v1: RsdtAddress, 32-bit entries)--> RSDT --+--> FACP --> DSDT
 *        --(v2: XsdtAddress, 64-bit entries)--> XSDT --+--> APIC (MADT)
 *                                                      +--> MCFG, HPET ...
 */
#ifndef KERNEL_ACPI_ACPI_TABLES_H
#define KERNEL_ACPI_ACPI_TABLES_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum acpi_error {
	ACPI_OK = 0,
	ACPI_ESHORT = -1,     /* buffer shorter than the structure */
	ACPI_ESIG = -2,       /* wrong signature */
	ACPI_ECHECKSUM = -3,  /* bytes do not sum to zero */
	ACPI_ELENGTH = -4,    /* length field too small or past the buffer */
	ACPI_ETRUNCATED = -5, /* a sub-structure runs past the table */
	ACPI_ENOTFOUND = -6,  /* table or object absent */
	ACPI_EBADAML = -7,    /* AML that does not decode as expected */
};

const char *acpi_strerror(int err);

#define ACPI_HDR_LEN 36

static inline uint16_t acpi_rd16(const uint8_t *p)
{
	uint16_t v;
	__builtin_memcpy(&v, p, 2);
	return v;
}

static inline uint32_t acpi_rd32(const uint8_t *p)
{
	uint32_t v;
	__builtin_memcpy(&v, p, 4);
	return v;
}

static inline uint64_t acpi_rd64(const uint8_t *p)
{
	uint64_t v;
	__builtin_memcpy(&v, p, 8);
	return v;
}

/* Sum of n bytes modulo 256 (a valid table sums to 0). */
uint8_t acpi_sum(const void *buf, size_t n);

/* --- RSDP (5.2.5.3, Table 5.3) --- */
struct acpi_rsdp_info {
	uint8_t revision; /* 0: ACPI 1.0 (20 bytes), >= 2: 36 bytes */
	uint64_t rsdt;    /* physical, 0 if none */
	uint64_t xsdt;    /* physical, 0 if none (or revision 0) */
	char oem[7];
};
/* Check signature "RSD PTR ", the 20-byte checksum and, for revision >= 2,
 * the Length field and the extended checksum over Length bytes. */
int acpi_parse_rsdp(const void *buf, size_t len, struct acpi_rsdp_info *out);

/* Check a whole table: len >= 36, Length >= 36 and <= len, signature
 * (sig may be NULL for any), checksum over Length bytes. On success
 * *table_len = Length. */
int acpi_check_sdt(const void *buf, size_t len, const char *sig,
                   uint32_t *table_len);

/* The Length field of a header (buf must hold 36 bytes: check len first). */
static inline uint32_t acpi_hdr_length(const void *buf)
{
	return acpi_rd32((const uint8_t *)buf + 4);
}

/* Entry i of a checked RSDT (entry_size 4) or XSDT (entry_size 8) of
 * Length len; returns the count when out is NULL. */
size_t acpi_root_entries(const void *table, uint32_t len, unsigned entry_size,
                         uint64_t *out, size_t max);

/* --- Generic address structure (5.2.3.2, Table 5.1) --- */
enum acpi_space {
	ACPI_SPACE_MEMORY = 0,
	ACPI_SPACE_IO = 1,
	ACPI_SPACE_PCI_CONFIG = 2,
};
struct acpi_gas {
	uint8_t space; /* enum acpi_space */
	uint8_t bit_width;
	uint8_t bit_offset;
	uint8_t access_size; /* 0 undefined, 1 byte ... 4 qword */
	uint64_t address;    /* 0: not present */
};
/* Decode the 12-byte GAS at p. */
struct acpi_gas acpi_gas_decode(const uint8_t *p);

/* --- MADT, signature "APIC" (5.2.12) --- */
#define MADT_MAX_CPUS    64
#define MADT_MAX_IOAPICS 8
#define MADT_MAX_ISOS    24
#define MADT_MAX_NMIS    8

#define MADT_POLARITY_MASK 0x3 /* MPS INTI flags (5.2.12.5, Table 5.28) */
#define MADT_POLARITY_HIGH 0x1
#define MADT_POLARITY_LOW  0x3
#define MADT_TRIGGER_MASK  0xc
#define MADT_TRIGGER_EDGE  0x4
#define MADT_TRIGGER_LEVEL 0xc

struct madt_cpu {
	uint32_t uid;
	uint32_t apic_id;
	bool enabled; /* flags bit 0 */
	bool x2apic;  /* came from a type 9 entry */
};
struct madt_ioapic {
	uint8_t id;
	uint32_t address; /* physical MMIO base */
	uint32_t gsi_base;
};
struct madt_iso {       /* interrupt source override (5.2.12.5) */
	uint8_t bus;    /* 0 = ISA */
	uint8_t source; /* ISA IRQ */
	uint32_t gsi;
	uint16_t flags; /* MPS INTI: polarity bits 1:0, trigger bits 3:2 */
};
struct madt_nmi {     /* local APIC NMI (5.2.12.7): LINTn of processor uid */
	uint32_t uid; /* 0xff (or 0xffffffff for x2APIC) = all */
	uint16_t flags;
	uint8_t lint; /* 0 or 1 */
};
struct madt_info {
	uint64_t lapic_address; /* after any type 5 override */
	uint32_t flags;         /* bit 0 PCAT_COMPAT: dual 8259s present */
	unsigned ncpus, nioapics, nisos, nnmis;
	struct madt_cpu cpu[MADT_MAX_CPUS];
	struct madt_ioapic ioapic[MADT_MAX_IOAPICS];
	struct madt_iso iso[MADT_MAX_ISOS];
	struct madt_nmi nmi[MADT_MAX_NMIS];
	unsigned skipped; /* unknown types, short entries, table overflow */
};
/* Parse a checked MADT. A truncated entry stops the walk with
 * ACPI_ETRUNCATED (what came before it is kept in *out). */
int acpi_parse_madt(const void *table, size_t len, struct madt_info *out);

/* --- MCFG (PCI Firmware Specification 3.0, 4.1.2) --- */
#define MCFG_MAX 4
struct mcfg_entry {
	uint64_t base; /* ECAM base of bus 0 of this segment */
	uint16_t segment;
	uint8_t bus_start, bus_end;
};
struct mcfg_info {
	unsigned count;
	struct mcfg_entry e[MCFG_MAX];
};
int acpi_parse_mcfg(const void *table, size_t len, struct mcfg_info *out);

/* --- HPET (IA-PC HPET Specification 1.0a, 3.2.4, Table 3) --- */
struct hpet_info {
	uint32_t block_id; /* event timer block ID (vendor, counts) */
	struct acpi_gas base;
	uint8_t number;
	uint16_t min_tick;
};
int acpi_parse_hpet(const void *table, size_t len, struct hpet_info *out);

/* --- FADT, signature "FACP" (5.2.9, Table 5.9) --- */
#define FADT_F_TMR_VAL_EXT   (1u << 8) /* PM timer counts 32 bits, not 24 */
#define FADT_F_RESET_REG_SUP (1u << 10)
#define FADT_F_HW_REDUCED    (1u << 20)
struct fadt_info {
	uint8_t revision;
	uint64_t dsdt; /* X_DSDT if present and non-zero, else DSDT */
	uint16_t sci_int;
	uint32_t smi_cmd;
	uint8_t acpi_enable, acpi_disable;
	struct acpi_gas pm1a_cnt, pm1b_cnt; /* X_ forms preferred; I/O else */
	struct acpi_gas pm1a_evt;
	struct acpi_gas pm_tmr; /* ACPI PM timer (3.579545 MHz); 0 = none */
	bool pm_tmr_32bit;      /* TMR_VAL_EXT */
	uint8_t pm1_cnt_len;
	uint32_t flags;
	bool reset_valid; /* RESET_REG_SUP and a reset register present */
	struct acpi_gas reset_reg;
	uint8_t reset_value;
	uint16_t iapc_boot_arch; /* bit 1: 8042 present */
};
int acpi_parse_fadt(const void *table, size_t len, struct fadt_info *out);

/* --- \_S5 from the DSDT (AML, 20.2) --- */
struct acpi_s5 {
	uint8_t slp_typa, slp_typb; /* 3-bit SLP_TYP values (4.8.3.2.1) */
};
/* Scan AML (the DSDT's body after its header, or a whole table with
 * skip = 36) for Name(_S5_, Package(){a, b, ...}). */
int acpi_find_s5(const void *aml, size_t len, struct acpi_s5 *out);
#endif
