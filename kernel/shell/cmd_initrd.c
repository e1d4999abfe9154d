/* SPDX-License-Identifier: MIT */
/* initrd: the initramfs's members, or one text file of it. */
#include <libk/string.h>
#include <tern/errno.h>
#include "proc/initrd.h"
#include "shell/shell.h"

#define SHOW_MAX (16 * 1024) /* bytes of a file the shell prints */

/* "drwxr-xr-x" style type and permission letters of a cpio mode. */
static void mode_str(uint32_t mode, char out[11])
{
	static const char rwx[] = "rwxrwxrwx";

	switch (mode & CPIO_S_IFMT) {
	case CPIO_S_IFDIR:
		out[0] = 'd';
		break;
	case CPIO_S_IFREG:
		out[0] = '-';
		break;
	case CPIO_S_IFLNK:
		out[0] = 'l';
		break;
	default:
		out[0] = '?';
	}
	for (int i = 0; i < 9; i++)
		out[1 + i] = (mode & (0400u >> i)) ? rwx[i] : '-';
	out[10] = 0;
}

static bool list_one(void *ctx, const struct cpio_entry *e)
{
	char mode[11], path[256];

	(void)ctx;
	mode_str(e->mode, mode);
	cpio_path_norm(e->name, path, sizeof(path));
	sh_printf("%s %8u  %s\n", mode, e->size, path);
	return true;
}

static int list(void)
{
	struct initrd_stats s = initrd_stats();

	if (!initrd_present()) {
		if (initrd_error())
			sh_printf("initrd: malformed: %s\n", initrd_error());
		else
			sh_printf("initrd: none\n");
		return 0;
	}
	initrd_foreach(list_one, NULL);
	sh_printf("initrd: %u file%s, %u members, %llu KiB\n", s.files,
	          s.files == 1 ? "" : "s", s.members,
	          (unsigned long long)(s.bytes + 1023) / 1024);
	return 0;
}

/* A text file as it is; anything with a NUL byte is called binary. */
static int show(const char *path)
{
	const void *data;
	size_t size;
	int r = initrd_find(path, &data, &size);

	if (r == -ENOENT)
		sh_printf("initrd: %s: no such file\n", path);
	else if (r == -EISDIR)
		sh_printf("initrd: %s: a directory\n", path);
	else if (r)
		sh_printf("initrd: %s: not a regular file\n", path);
	if (r)
		return 1;
	if (memchr(data, 0, size)) {
		sh_printf("initrd: %s: %zu bytes, binary\n", path, size);
		return 0;
	}
	sh_printf("%.*s", (int)(size < SHOW_MAX ? size : SHOW_MAX),
	          (const char *)data);
	if (size > SHOW_MAX)
		sh_printf("\n[%zu more bytes]\n", size - SHOW_MAX);
	else if (size && ((const char *)data)[size - 1] != '\n')
		sh_printf("\n");
	return 0;
}

static int cmd_initrd(int argc, char **argv)
{
	return argc > 1 ? show(argv[1]) : list();
}
SHELL_CMD(initrd, "[path]", "the initramfs: its files, or one file's text", 0,
          1, cmd_initrd);
