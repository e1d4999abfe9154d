/* SPDX-License-Identifier: MIT */
/* The initramfs in place (see initrd.h). */
#include <tern/errno.h>
#include "console/kprintf.h"
#include "core/boot.h"
#include "proc/initrd.h"

static const uint8_t *archive; /* NULL: none, or malformed */
static size_t archive_len;
static struct initrd_stats stats;
static const char *error; /* malformed: why */

/* Walk the archive to its trailer, counting; -1 with *why if malformed. */
static int check(const uint8_t *buf, size_t len, const char **why)
{
	struct cpio_entry e;
	size_t pos = 0;
	int r;

	while ((r = cpio_next(buf, len, &pos, &e, why)) == 1) {
		stats.members++;
		if ((e.mode & CPIO_S_IFMT) == CPIO_S_IFREG)
			stats.files++;
	}
	return r;
}

void initrd_init(void)
{
	const struct tern_bootinfo *bi = boot_info;
	const uint8_t *buf;
	const char *why = "?";

	if (!bi->initrd_size) {
		kprintf("initrd: none\n");
		return;
	}
	/* bootinfo_validate checked that it lies inside the direct map */
	buf = (const uint8_t *)(uintptr_t)(bi->initrd_phys +
	                                   bi->direct_map_offset);
	if (check(buf, bi->initrd_size, &why) < 0) {
		stats = (struct initrd_stats){0};
		error = why;
		kprintf("initrd: malformed: %s\n", why);
		return;
	}
	archive = buf;
	archive_len = bi->initrd_size;
	stats.bytes = archive_len;
	kprintf("initrd: %u file%s, %llu KiB\n", stats.files,
	        stats.files == 1 ? "" : "s",
	        (unsigned long long)(archive_len + 1023) / 1024);
}

bool initrd_present(void)
{
	return archive != NULL;
}

const char *initrd_error(void)
{
	return error;
}

int initrd_lookup(const char *path, struct cpio_entry *e)
{
	if (!archive || cpio_find(archive, archive_len, path, e, NULL) != 1)
		return -ENOENT;
	return 0;
}

int initrd_find(const char *path, const void **data, size_t *size)
{
	struct cpio_entry e;
	int r = initrd_lookup(path, &e);

	if (r)
		return r;
	if ((e.mode & CPIO_S_IFMT) == CPIO_S_IFDIR)
		return -EISDIR;
	if ((e.mode & CPIO_S_IFMT) != CPIO_S_IFREG)
		return -EINVAL;
	*data = e.data;
	*size = e.size;
	return 0;
}

void initrd_foreach(bool (*fn)(void *ctx, const struct cpio_entry *e),
                    void *ctx)
{
	struct cpio_entry e;
	size_t pos = 0;

	if (!archive)
		return;
	while (cpio_next(archive, archive_len, &pos, &e, NULL) == 1)
		if (!fn(ctx, &e))
			return;
}

struct initrd_stats initrd_stats(void)
{
	return stats;
}
