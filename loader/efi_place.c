/* SPDX-License-Identifier: MIT */
/* The kernel image's random physical placement: count the slots in the
 * firmware's map (kaslr.c), draw one, AllocatePages(AllocateAddress) it
 * (UEFI 2.10, 7.2 EFI_BOOT_SERVICES.AllocatePages). */
#include "efi_glue.h"
#include "kaslr.h"
#include "memmap.h"
#include <tern/layout.h>

#define PLACE_TRIES 16
#define MAP_SLACK   (8 * 64)

/* A snapshot of the memory map in a new pool buffer. */
static EFI_STATUS map_snapshot(struct efi_map *m)
{
	UINTN size = 0, key, desc_size;
	UINT32 ver;
	void *buf;
	EFI_STATUS s;

	s = efi_memory_map(NULL, &size, &key, &desc_size, &ver);
	if (s != EFI_BUFFER_TOO_SMALL || desc_size < EFI_DESC_MIN_SIZE)
		return EFI_LOAD_ERROR;
	size += MAP_SLACK;
	s = efi_bs->AllocatePool(EfiLoaderData, size, &buf);
	if (EFI_ERROR(s))
		return s;
	s = efi_memory_map(buf, &size, &key, &desc_size, &ver);
	if (EFI_ERROR(s)) {
		efi_bs->FreePool(buf);
		return s;
	}
	*m = (struct efi_map){buf, size, desc_size};
	return EFI_SUCCESS;
}

/* Up to PLACE_TRIES random slots; true with *phys on success. */
static bool try_random(struct kaslr_rng *r, EFI_MEMORY_TYPE type,
                       uint64_t pages, uint64_t *phys, struct tern_placement *p)
{
	struct efi_map m;
	EFI_PHYSICAL_ADDRESS a;
	uint64_t n, size = pages * EFI_PAGE;
	bool ok = false;

	if (EFI_ERROR(map_snapshot(&m)))
		return false;
	n = kaslr_phys_slots(&m, size, TERN_KERNEL_PHYS_MIN);
	for (unsigned t = 0; n && t < PLACE_TRIES && !ok; t++) {
		if (!kaslr_phys_nth(&m, size, TERN_KERNEL_PHYS_MIN,
		                    kaslr_rng_below(r, n), &a))
			break;
		ok = !EFI_ERROR(
		    efi_bs->AllocatePages(AllocateAddress, type, pages, &a));
	}
	efi_bs->FreePool((void *)m.buf);
	if (!ok)
		return false;
	*phys = a;
	*p = (struct tern_placement){n, kaslr_centibits(n), 12};
	return true;
}

EFI_STATUS efi_alloc_any(EFI_MEMORY_TYPE type, uint64_t pages, uint64_t *phys)
{
	EFI_PHYSICAL_ADDRESS a = 0;
	EFI_STATUS s;

	s = efi_bs->AllocatePages(AllocateAnyPages, type, pages, &a);
	if (EFI_ERROR(s))
		return loader_fail(s, "cannot allocate %llu pages: %s",
		                   (unsigned long long)pages, efi_strerror(s));
	*phys = a;
	return EFI_SUCCESS;
}

EFI_STATUS efi_alloc_random(struct kaslr_rng *r, EFI_MEMORY_TYPE type,
                            uint64_t pages, uint64_t *phys,
                            struct tern_placement *p, bool *fallback)
{
	*fallback = false;
	if (r && try_random(r, type, pages, phys, p))
		return EFI_SUCCESS;
	*fallback = r != NULL;
	*p = (struct tern_placement){1, 0, 12};
	return efi_alloc_any(type, pages, phys);
}
