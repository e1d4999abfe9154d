/* SPDX-License-Identifier: MIT */
/*
 * A reader for cpio "newc" archives (the initramfs format). Portable: no
 * arch headers, host-tested and fuzzed (tests/fuzz/fuzz_cpio.c).
 *
 * Format (the "new ASCII" format of SVR4 cpio, as documented in cpio(5) and
 * the Linux kernel's Documentation/driver-api/early-userspace/
 * buffer-format.rst): each member is
 *
 *   header   110 bytes: "070701" then 13 fields of 8 hex digits:
 *            ino mode uid gid nlink mtime filesize devmajor devminor
 *            rdevmajor rdevminor namesize check
 *   name     namesize bytes including the terminating NUL; header + name
 *            padded with NULs to a multiple of 4
 *   data     filesize bytes, padded to a multiple of 4
 *
 * and the archive ends with a member named "TRAILER!!!". Offsets are
 * relative to the start of the archive, which must be 4-byte aligned for
 * the padding to mean anything (it is: a page).
 *
 * Names are compared as normalised paths: leading "/" and "./", repeated
 * "/" and "." components are ignored, so "./bin/x", "bin/x" and "/bin/x"
 * are the same file. A name with a ".." component is malformed.
 * Hard links (newc stores the data once, with the last link) are not
 * resolved: such entries have size 0.
 */
#ifndef KERNEL_PROC_CPIO_H
#define KERNEL_PROC_CPIO_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CPIO_HEADER_SIZE 110
#define CPIO_NAME_MAX    4096 /* namesize above this is malformed */

/* File-type bits of cpio_entry.mode (the st_mode values). */
#define CPIO_S_IFMT  0170000u
#define CPIO_S_IFDIR 0040000u
#define CPIO_S_IFREG 0100000u
#define CPIO_S_IFLNK 0120000u

struct cpio_entry {
	const char *name;  /* as stored, NUL-terminated inside the buffer */
	uint32_t namesize; /* bytes of name including the NUL */
	uint32_t ino, mode, uid, gid, nlink, mtime;
	const uint8_t *data; /* size bytes inside the buffer */
	uint32_t size;
};

/* The member at *pos of buf[0..len). Returns 1 with *e filled and *pos
 * moved past the member; 0 when *pos holds the trailer (*pos unchanged); -1
 * if the archive is malformed there, with *err (if err) set to a static
 * message. Every call with 1 advances *pos by more than CPIO_HEADER_SIZE bytes,
 * so a loop until the result is not 1 ends. Start with *pos = 0. */
int cpio_next(const void *buf, size_t len, size_t *pos, struct cpio_entry *e,
              const char **err);

/* The member whose normalised name equals the normalised path. Returns 1
 * (found, *e filled), 0 (not in the archive) or -1 (malformed before it was
 * found, *err set if err). */
int cpio_find(const void *buf, size_t len, const char *path,
              struct cpio_entry *e, const char **err);

/* True if names a and b are the same normalised path. */
bool cpio_path_eq(const char *a, const char *b);

/* The normalised form of name ("/" followed by its components joined by
 * "/"; "/" for the root) into out[0..cap), NUL-terminated and truncated to
 * fit. Returns the length of the full normalised path. */
size_t cpio_path_norm(const char *name, char *out, size_t cap);
#endif
