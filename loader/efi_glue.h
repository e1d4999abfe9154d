/* SPDX-License-Identifier: MIT */
/* The loader's EFI edge: console, files, firmware tables, entropy, exit.
 * Everything here runs before ExitBootServices except where noted. */
#ifndef TERN_LOADER_EFI_GLUE_H
#define TERN_LOADER_EFI_GLUE_H
#include <efi.h>
#include <stdbool.h>
#include <libk/printf.h>
#include <tern/bootinfo.h>

extern EFI_SYSTEM_TABLE *efi_st;
extern EFI_BOOT_SERVICES *efi_bs;

/* printf to ConOut ("\n" becomes CRLF); at most 255 bytes per call. */
void con_printf(const char *fmt, ...) LIBK_PRINTF_LIKE(1, 2);

/* Print "tern loader: error: <msg>", wait 3 s so a human can read it, and
 * return status (for efi_main to hand back to the firmware). */
EFI_STATUS loader_fail(EFI_STATUS status, const char *fmt, ...)
    LIBK_PRINTF_LIKE(2, 3);

/* A short name for an EFI status ("EFI_NOT_FOUND"). */
const char *efi_strerror(EFI_STATUS s);

/* Read the file at ASCII path ('/' or '\' separators) on the volume the
 * loader came from into a new pool buffer (*buf, *size). Files larger than
 * max bytes are refused with EFI_BAD_BUFFER_SIZE. */
EFI_STATUS efi_read_file(EFI_HANDLE image, const char *path, void **buf,
                         UINTN *size, UINTN max);

/* efi_read_file into whole EfiLoaderData pages at *phys (page aligned,
 * EFI_SIZE_TO_PAGES(*size) of them, at least one); free with FreePages. */
EFI_STATUS efi_read_file_pages(EFI_HANDLE image, const char *path,
                               uint64_t *phys, UINTN *size, UINTN max);

/* Choose the graphics mode: keep the firmware's when want_w is 0, else
 * set the mode of exactly want_w x want_h if there is one (and log the
 * available ones if not). One or a few "tern loader: GOP" lines. */
void efi_gop_choose(uint32_t want_w, uint32_t want_h);

/* The GOP's current mode, or TERN_FB_NONE (virt is left 0). */
void efi_get_framebuffer(struct tern_framebuffer *fb);

/* ACPI RSDP, SMBIOS entry points and the system table into bi. */
void efi_get_tables(struct tern_bootinfo *bi);

/* 32 bytes from every source available, mixed by BLAKE2s, into master;
 * returns the TERN_SEED_* sources that contributed. Callers derive keys
 * from master (kaslr_derive) and wipe it. */
uint32_t efi_get_seed(uint8_t master[32]);

struct kaslr_rng;

/* AllocatePages(AllocateAnyPages); on failure one error line is printed
 * (loader_fail) and its status returned. */
EFI_STATUS efi_alloc_any(EFI_MEMORY_TYPE type, uint64_t pages, uint64_t *phys);

/* Allocate pages of memory type `type` at a uniformly random 4 KiB-aligned
 * physical base >= TERN_KERNEL_PHYS_MIN drawn from r among every slot of
 * every conventional-memory descriptor (tried again with new draws if the
 * firmware refuses), else anywhere (*fallback = true when r was given).
 * r == NULL: anywhere, 1 slot. Fills *phys and *p. */
EFI_STATUS efi_alloc_random(struct kaslr_rng *r, EFI_MEMORY_TYPE type,
                            uint64_t pages, uint64_t *phys,
                            struct tern_placement *p, bool *fallback);

/* GetMemoryMap into buf[0..*size): on return *size is the map's size (or
 * the size needed, with EFI_BUFFER_TOO_SMALL). */
EFI_STATUS efi_memory_map(void *buf, UINTN *size, UINTN *key, UINTN *desc_size,
                          UINT32 *desc_version);

/* Final memory map into bi's raw-EFI-map area (capacity bi->efi_map_size)
 * and ExitBootServices, retrying on a stale key without allocating. Sets
 * efi_map_size/efi_desc_size/efi_desc_version. After success, no boot
 * service (and no con_printf) may be used. */
EFI_STATUS efi_exit_boot(EFI_HANDLE image, struct tern_bootinfo *bi);
#endif
