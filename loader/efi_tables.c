/* SPDX-License-Identifier: MIT */
/* Firmware tables from the EFI configuration table (UEFI 2.10, 4.6) and the
 * GOP framebuffer (UEFI 2.10, 12.9). */
#include "efi_glue.h"
#include <libk/string.h>

static EFI_GUID acpi20_guid = ACPI_20_TABLE_GUID;
static EFI_GUID acpi10_guid = ACPI_TABLE_GUID;
static EFI_GUID smbios_guid = SMBIOS_TABLE_GUID;
static EFI_GUID smbios3_guid = SMBIOS3_TABLE_GUID;
static EFI_GUID gop_guid = EFI_GRAPHICS_OUTPUT_PROTOCOL_GUID;

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

/* Pixel layout from the mode info; false for PixelBltOnly or nonsense. */
static bool fb_format(const EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *info,
                      struct tern_framebuffer *fb)
{
	const EFI_PIXEL_BITMASK *m = &info->PixelInformation;

	switch (info->PixelFormat) {
	case PixelRedGreenBlueReserved8BitPerColor:
		fb->format = TERN_FB_RGBX8888;
		return true;
	case PixelBlueGreenRedReserved8BitPerColor:
		fb->format = TERN_FB_BGRX8888;
		return true;
	case PixelBitMask:
		if (!m->RedMask || !m->GreenMask || !m->BlueMask ||
		    (m->RedMask & m->GreenMask) || (m->RedMask & m->BlueMask) ||
		    (m->GreenMask & m->BlueMask))
			return false;
		fb->format = TERN_FB_BITMASK;
		fb->red_mask = m->RedMask;
		fb->green_mask = m->GreenMask;
		fb->blue_mask = m->BlueMask;
		return true;
	default:
		return false;
	}
}

void efi_get_framebuffer(struct tern_framebuffer *fb)
{
	EFI_GRAPHICS_OUTPUT_PROTOCOL *gop;
	const EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *info;

	memset(fb, 0, sizeof(*fb));
	if (EFI_ERROR(efi_bs->LocateProtocol(&gop_guid, NULL, (void **)&gop)) ||
	    !gop->Mode || !gop->Mode->Info)
		return;
	info = gop->Mode->Info;
	if (!fb_format(info, fb) || !gop->Mode->FrameBufferBase ||
	    (uint64_t)info->PixelsPerScanLine * 4 * info->VerticalResolution >
	        gop->Mode->FrameBufferSize) {
		memset(fb, 0, sizeof(*fb));
		return;
	}
	fb->phys = gop->Mode->FrameBufferBase;
	fb->size = gop->Mode->FrameBufferSize;
	fb->width = info->HorizontalResolution;
	fb->height = info->VerticalResolution;
	fb->pitch = info->PixelsPerScanLine * 4;
}
