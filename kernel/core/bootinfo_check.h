/* SPDX-License-Identifier: MIT */
/* Validation of the boot-info blob (include/tern/bootinfo.h) before the
 * kernel trusts any field of it. Portable: no arch headers, host-tested. */
#ifndef KERNEL_CORE_BOOTINFO_CHECK_H
#define KERNEL_CORE_BOOTINFO_CHECK_H
#include <stddef.h>
#include <tern/bootinfo.h>

/* Upper bound on bi->size: far above any real blob, low enough that a
 * corrupt size cannot make the kernel walk off into unmapped memory. */
#define BOOTINFO_MAX_SIZE (64u << 20)

/* Check that blob[0..avail) holds a well-formed boot-info: magic, version,
 * header_size, size (>= header, <= avail, <= BOOTINFO_MAX_SIZE), every area
 * inside [header_size, size) and aligned, the command line NUL-terminated at
 * cmdline_len, the memory map sorted, non-overlapping, typed, USABLE ranges
 * page-aligned, the framebuffer description consistent, the symbol table
 * sorted with names inside the strtab, the initramfs (if any) page-aligned
 * inside an INITRD range and the direct map, clear of the kernel. blob must be 8-byte aligned.
 * Returns 0, or -1 with *why (if why != NULL) set to a static message. */
int bootinfo_validate(const void *blob, size_t avail, const char **why);
#endif
