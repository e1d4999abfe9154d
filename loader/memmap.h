/* SPDX-License-Identifier: MIT */
/*
 * The firmware's memory map (UEFI 2.10, 7.2 GetMemoryMap) turned into the
 * typed, sorted, non-overlapping tern_mem_range list of boot-info.
 * Portable: the raw map is just bytes, read descriptor by descriptor.
 *
 * Conversion (EFI type -> tern type):
 *   Conventional, BootServicesCode/Data -> USABLE
 *   LoaderCode/Data                     -> LOADER_RECLAIMABLE
 *   ACPIReclaimMemory                   -> ACPI_RECLAIMABLE
 *   ACPIMemoryNVS                       -> ACPI_NVS
 *   MemoryMappedIO, MemoryMappedIOPortSpace -> MMIO
 *   UnusableMemory                      -> BAD
 *   anything else (Reserved, Runtime*, PalCode, Persistent, OEM, ...) ->
 *                                          RESERVED
 *
 * Overlaps, from the firmware or from the loader's overlays (kernel image,
 * page tables, boot stack as KERNEL; the framebuffer as FRAMEBUFFER; the
 * initramfs as INITRD), are resolved per byte by priority; the highest wins:
 *
 *   KERNEL > INITRD > FRAMEBUFFER > BAD > RESERVED > MMIO > ACPI_NVS
 *     > ACPI_RECLAIMABLE > LOADER_RECLAIMABLE > USABLE
 *
 * i.e. the loader's own knowledge first, then the more restrictive type.
 * Adjacent ranges of equal type are merged; USABLE ranges are shrunk to
 * whole pages (and dropped if nothing is left).
 */
#ifndef TERN_LOADER_MEMMAP_H
#define TERN_LOADER_MEMMAP_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tern/bootinfo.h>

/* EFI_MEMORY_TYPE values (UEFI 2.10, 7.2). */
enum efi_mem_type {
	EFI_RESERVED = 0,
	EFI_LOADER_CODE,
	EFI_LOADER_DATA,
	EFI_BS_CODE,
	EFI_BS_DATA,
	EFI_RT_CODE,
	EFI_RT_DATA,
	EFI_CONVENTIONAL,
	EFI_UNUSABLE,
	EFI_ACPI_RECLAIM,
	EFI_ACPI_NVS,
	EFI_MMIO,
	EFI_MMIO_PORT,
	EFI_PAL_CODE,
	EFI_PERSISTENT,
};

/* The fields of an EFI_MEMORY_DESCRIPTOR the loader uses. In memory:
 * Type u32 @0, PhysicalStart u64 @8, VirtualStart u64 @16, NumberOfPages
 * u64 @24, Attribute u64 @32; descriptors are desc_size apart. */
#define EFI_DESC_MIN_SIZE 40
#define EFI_PAGE          4096ull

struct efi_desc {
	uint32_t type;
	uint64_t phys, pages;
};

struct efi_map {
	const void *buf;
	size_t size;      /* bytes */
	size_t desc_size; /* stride, >= EFI_DESC_MIN_SIZE */
};

/* Number of whole descriptors in m (0 if desc_size is too small). */
size_t efimap_count(const struct efi_map *m);

/* Descriptor i (< efimap_count) as [base, end) clamped to 2^64 - 4096. */
struct efi_desc efimap_get(const struct efi_map *m, size_t i);

/* The tern type for an EFI type. */
enum tern_mem_type efimap_type(uint32_t efi_type);

/* End of the highest RAM-like range (conventional, loader, boot services,
 * runtime, ACPI reclaim/NVS), 0 if none: what the direct map covers. */
uint64_t efimap_ram_end(const struct efi_map *m);

/* Output entries and scratch words memmap_build needs at most. */
static inline size_t memmap_capacity(size_t ndesc, size_t noverlay)
{
	return 2 * (ndesc + noverlay) + 1;
}

/* Build the typed map from m and the overlays into out[0..cap), using
 * scratch[0..scratch_cap) (both at least memmap_capacity). Returns the
 * number of entries, or -1 if cap or scratch_cap is too small. */
long memmap_build(const struct efi_map *m, const struct tern_mem_range *ov,
                  size_t nov, struct tern_mem_range *out, size_t cap,
                  uint64_t *scratch, size_t scratch_cap);
#endif
