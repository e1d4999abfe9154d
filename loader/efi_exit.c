/* SPDX-License-Identifier: MIT */
/* The last boot-services calls: GetMemoryMap and ExitBootServices
 * (UEFI 2.10, 7.2 and 7.4). */
#include "efi_glue.h"

#define EXIT_RETRIES 8

EFI_STATUS efi_memory_map(void *buf, UINTN *size, UINTN *key, UINTN *desc_size,
                          UINT32 *desc_version)
{
	return efi_bs->GetMemoryMap(size, buf, key, desc_size, desc_version);
}

/* ExitBootServices fails with EFI_INVALID_PARAMETER when the map changed
 * after GetMemoryMap (7.4: the caller must get the map again and retry).
 * Between the calls only GetMemoryMap is used, into the same buffer. */
EFI_STATUS efi_exit_boot(EFI_HANDLE image, struct tern_bootinfo *bi)
{
	UINT8 *map = (UINT8 *)bi + bi->efi_map_offset;
	UINTN cap = bi->efi_map_size, size, key, dsize;
	UINT32 dver;
	EFI_STATUS s = EFI_INVALID_PARAMETER;
	unsigned i;

	for (i = 0; i < EXIT_RETRIES && s == EFI_INVALID_PARAMETER; i++) {
		size = cap;
		s = efi_memory_map(map, &size, &key, &dsize, &dver);
		if (EFI_ERROR(s))
			return s;
		s = efi_bs->ExitBootServices(image, key);
	}
	if (EFI_ERROR(s))
		return s;
	bi->efi_map_size = (uint32_t)size;
	bi->efi_desc_size = (uint32_t)dsize;
	bi->efi_desc_version = dver;
	return EFI_SUCCESS;
}
