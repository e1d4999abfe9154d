/* SPDX-License-Identifier: MIT */
/*
 * getdents64(fd, buf, size) on an initramfs directory: its children in
 * archive order after "." and "..", as x86_64 Linux lays them out:
 *
 *   +0 d_ino (u64) +8 d_off (s64) +16 d_reclen (u16) +18 d_type (u8)
 *   +19 d_name, NUL-terminated; d_reclen rounded up to 8
 *
 * The file's offset counts the entries given so far (d_off is the one
 * after each), so a directory is read in as many calls as it takes; 0
 * at the end. A buffer too small for the next entry is -EINVAL.
 */
#include <libk/string.h>
#include <tern/errno.h>
#include "proc/cpio.h"
#include "proc/file.h"
#include "proc/initrd.h"
#include "proc/proc.h"
#include "proc/sys.h"
#include "proc/uaccess.h"

#define DT_DIR      4
#define DT_REG      8
#define DT_UNKN     0
#define NAME_MAX    255
#define DIRENT_HEAD 19

struct walk {
	const char *dir; /* normalised */
	uint64_t skip;   /* entries already given */
	uint64_t index;  /* entries seen so far */
	uint64_t ubuf, cap, used;
	long err; /* -EFAULT, or -EINVAL for a first entry too big */
	bool full;
};

/* Copy one entry out; false when the buffer is full (or failed). */
static bool emit(struct walk *w, uint64_t ino, unsigned type, const char *name)
{
	size_t nlen = LIBK_FN(strlen)(name);
	uint16_t reclen = (uint16_t)((DIRENT_HEAD + nlen + 1 + 7) & ~7ull);
	uint8_t rec[DIRENT_HEAD + NAME_MAX + 1 + 8];
	int64_t next = (int64_t)w->index + 1;

	if (w->index++ < w->skip)
		return true;
	if (w->used + reclen > w->cap) {
		w->full = true;
		if (!w->used)
			w->err = -EINVAL;
		return false;
	}
	LIBK_FN(memset)(rec, 0, reclen);
	LIBK_FN(memcpy)(rec, &ino, 8);
	LIBK_FN(memcpy)(rec + 8, &next, 8);
	LIBK_FN(memcpy)(rec + 16, &reclen, 2);
	rec[18] = (uint8_t)type;
	LIBK_FN(memcpy)(rec + DIRENT_HEAD, name, nlen);
	if (copy_to_user(w->ubuf + w->used, rec, reclen)) {
		w->err = -EFAULT;
		return false;
	}
	w->used += reclen;
	w->skip++;
	return true;
}

/* The last component of normalised path p if its parent is dir, else
 * NULL. */
static const char *child_name(const char *dir, const char *p)
{
	size_t dl = LIBK_FN(strlen)(dir);
	const char *rest;

	if (dl == 1) /* the root */
		rest = p + 1;
	else if (!LIBK_FN(strncmp)(p, dir, dl) && p[dl] == '/')
		rest = p + dl + 1;
	else
		return NULL;
	return *rest && !LIBK_FN(strchr)(rest, '/') ? rest : NULL;
}

static bool walk_one(void *ctx, const struct cpio_entry *e)
{
	struct walk *w = ctx;
	char path[NAME_MAX + 2];
	const char *name;
	uint32_t fmt = e->mode & CPIO_S_IFMT;

	if (cpio_path_norm(e->name, path, sizeof(path)) >= sizeof(path))
		return true; /* too long for a name: not listed */
	name = child_name(w->dir, path);
	if (!name)
		return true;
	return emit(w, e->ino,
	            fmt == CPIO_S_IFDIR   ? DT_DIR
	            : fmt == CPIO_S_IFREG ? DT_REG
	                                  : DT_UNKN,
	            name);
}

long sys_getdents64(const struct trap_frame *tf)
{
	struct file *f = fd_file((int64_t)tf->rdi);
	struct walk w = {.ubuf = tf->rsi, .cap = tf->rdx};

	if (!f)
		return -EBADF;
	if (f->kind != FILE_DIR)
		return -ENOTDIR;
	if (!user_range_ok(tf->rsi, tf->rdx))
		return -EFAULT;
	w.dir = f->dir;
	w.skip = f->off;
	if (emit(&w, f->ino, DT_DIR, ".") && emit(&w, f->ino, DT_DIR, ".."))
		initrd_foreach(walk_one, &w);
	f->off = w.skip;
	if (w.err && !w.used)
		return w.err;
	return (long)w.used;
}
