/* SPDX-License-Identifier: MIT */
/* Firmware tables from the EFI configuration table (UEFI 2.10, 4.6). The
 * GOP framebuffer is efi_gop.c. */
#include "efi_glue.h"
#include <libk/string.h>

static EFI_GUID acpi20_guid = ACPI_20_TABLE_GUID;
static EFI_GUID acpi10_guid = ACPI_TABLE_GUID;
static EFI_GUID smbios_guid = SMBIOS_TABLE_GUID;
static EFI_GUID smbios3_guid = SMBIOS3_TABLE_GUID;

static bool guid_eq(const EFI_GUID *a, const EFI_GUID *b)
{
	return !memcmp(a, b, sizeof(*a));
}

void efi_get_tables(struct tern_bootinfo *bi)
{
	uint64_t acpi10 = 0;
	UINTN i;

	bi->efi_system_table = (uint64_t)(UINTN)efi_st;
	for (i = 0; i < efi_st->NumberOfTableEntries; i++) {
		const EFI_CONFIGURATION_TABLE *t =
		    &efi_st->ConfigurationTable[i];
		uint64_t p = (uint64_t)(UINTN)t->VendorTable;

		if (guid_eq(&t->VendorGuid, &acpi20_guid))
			bi->acpi_rsdp = p;
		else if (guid_eq(&t->VendorGuid, &acpi10_guid))
			acpi10 = p;
		else if (guid_eq(&t->VendorGuid, &smbios_guid))
			bi->smbios_entry = p;
		else if (guid_eq(&t->VendorGuid, &smbios3_guid))
			bi->smbios3_entry = p;
	}
	if (!bi->acpi_rsdp)
		bi->acpi_rsdp = acpi10;
}
