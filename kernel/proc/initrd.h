/* SPDX-License-Identifier: MIT */
/*
 * The initramfs: the cpio newc archive the loader read from
 * \tern\initrd.cpio (boot-info initrd_phys, initrd_size), read in place
 * through the direct map. Read-only; its pages are TERN_MEM_INITRD in the
 * memory map, so the frame allocator never hands them out.
 *
 * initrd_init checks the whole archive once at boot; a malformed archive is
 * reported and then treated as absent, so every lookup afterwards walks
 * bytes already known to be well-formed. Paths are normalised
 * (proc/cpio.h): "/etc/motd", "etc/motd" and "./etc//motd" are one file.
 * A path stored twice resolves to its first member.
 */
#ifndef KERNEL_PROC_INITRD_H
#define KERNEL_PROC_INITRD_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "proc/cpio.h"

/* Find, check and count the archive; log one line: "initrd: N files,
 * K KiB", "initrd: none" or "initrd: malformed: <why>". Call once, after
 * boot_info is set (any time: it allocates nothing). */
void initrd_init(void);

/* True if a well-formed archive was handed over. */
bool initrd_present(void);

/* Why the archive handed over was refused, or NULL. */
const char *initrd_error(void);

/* The member at path (any file type) into *e. 0, or -ENOENT if there is no
 * such member (or no initrd). */
int initrd_lookup(const char *path, struct cpio_entry *e);

/* The data of the regular file at path: *data, *size point into the
 * archive. 0, -ENOENT (absent), or -EISDIR / -EINVAL (not a regular file:
 * a directory / anything else). */
int initrd_find(const char *path, const void **data, size_t *size);

/* fn(ctx, member) for every member in archive order; stops early when fn
 * returns false. */
void initrd_foreach(bool (*fn)(void *ctx, const struct cpio_entry *e),
                    void *ctx);

/* Counts from initrd_init: regular files, all members, archive bytes. */
struct initrd_stats {
	uint32_t files, members;
	uint64_t bytes;
};
struct initrd_stats initrd_stats(void);
#endif
