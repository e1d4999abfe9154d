/* SPDX-License-Identifier: MIT */
/* What the kernel learnt from the firmware's ACPI tables (acpi_init).
 * Every have_* flag is false when its table was missing or malformed; the
 * users fall back (no MADT: ISA identity routing, no MCFG: port I/O
 * config space, no HPET: PIT calibration, no FADT/\_S5: no poweroff). */
#ifndef KERNEL_ACPI_ACPI_H
#define KERNEL_ACPI_ACPI_H
#include <tern/bootinfo.h>
#include "acpi/acpi_tables.h"

struct acpi_info {
	bool have_rsdp, have_madt, have_mcfg, have_hpet, have_fadt, have_s5;
	struct acpi_rsdp_info rsdp;
	struct madt_info madt;
	struct mcfg_info mcfg;
	struct hpet_info hpet;
	struct fadt_info fadt;
	struct acpi_s5 s5;
	unsigned ntables;
};

extern struct acpi_info acpi;

/* Find and parse the tables from bi->acpi_rsdp through the direct map,
 * logging one line per table and a clear message for each problem. */
void acpi_init(const struct tern_bootinfo *bi);
/* The direct-map pointer to len bytes at physical pa, or NULL if any of
 * them lies outside the direct map. */
const void *acpi_phys(uint64_t pa, uint64_t len);
#endif
