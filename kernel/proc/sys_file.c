/* SPDX-License-Identifier: MIT */
/* read, write, open, close, lseek, fstat, dup2 over proc.fd (file.h). */
#include <libk/string.h>
#include <mm/kmalloc.h>
#include <tern/errno.h>
#include <tern/syscall.h>
#include "console/kprintf.h"
#include "proc/file.h"
#include "proc/initrd.h"
#include "proc/pipe.h"
#include "proc/procfs.h"
#include "proc/tty.h"
#include "proc/proc.h"
#include "proc/sys.h"
#include "proc/uaccess.h"

#define PATH_MAX 256
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

long sys_write(const struct trap_frame *tf)
{
	struct file *f = fd_file((int64_t)tf->rdi);

	if (!f)
		return -EBADF;
	if (!user_range_ok(tf->rsi, tf->rdx))
		return -EFAULT;
	switch (f->kind) {
	case FILE_CONSOLE:
		return tty_write(tf->rsi, tf->rdx);
	case FILE_PIPE_W:
		return pipe_write(f->pipe, tf->rsi, tf->rdx, f->nonblock);
	default:
		return -EBADF; /* everything else is open read-only */
	}
}

/* A read of bytes held in memory (an initramfs file, a snapshot). */
static long read_mem(struct file *f, uint64_t ubuf, uint64_t n)
{
	long rc;

	if (f->off >= f->size)
		return 0;
	if (n > f->size - f->off)
		n = f->size - f->off;
	rc = copy_to_user(ubuf, f->data + f->off, n);
	if (rc)
		return rc;
	f->off += n;
	return (long)n;
}

long sys_read(const struct trap_frame *tf)
{
	struct file *f = fd_file((int64_t)tf->rdi);

	if (!f)
		return -EBADF;
	if (!user_range_ok(tf->rsi, tf->rdx))
		return -EFAULT;
	switch (f->kind) {
	case FILE_CONSOLE:
		return tty_read(tf->rsi, tf->rdx);
	case FILE_PIPE_R:
		return pipe_read(f->pipe, tf->rsi, tf->rdx, f->nonblock);
	case FILE_PIPE_W:
		return -EBADF;
	case FILE_DIR:
		return -EISDIR;
	default:
		return read_mem(f, tf->rsi, tf->rdx);
	}
}

/* The initramfs member at path opened as a file or directory: 0 with
 * *out, or -errno. */
static long open_initrd(const char *path, uint64_t flags, struct file **out)
{
	struct cpio_entry e;
	bool is_dir;
	struct file *f;

	if (cpio_path_eq(path, "/")) { /* the root: never a member */
		LIBK_FN(memset)(&e, 0, sizeof(e));
		e.mode = CPIO_S_IFDIR | 0755;
	} else if (initrd_lookup(path, &e)) {
		return -ENOENT;
	}
	is_dir = (e.mode & CPIO_S_IFMT) == CPIO_S_IFDIR;
	if ((flags & O_DIRECTORY) && !is_dir)
		return -ENOTDIR;
	if (!is_dir && (e.mode & CPIO_S_IFMT) != CPIO_S_IFREG)
		return -EINVAL;
	f = file_new(is_dir ? FILE_DIR : FILE_INITRD);
	if (!f)
		return -ENOMEM;
	f->mode = e.mode;
	f->ino = e.ino;
	if (is_dir) {
		size_t len = cpio_path_norm(path, NULL, 0) + 1;

		f->dir = kmalloc(len);
		if (!f->dir) {
			file_put(f);
			return -ENOMEM;
		}
		cpio_path_norm(path, f->dir, len);
	} else {
		f->data = e.data;
		f->size = e.size;
	}
	*out = f;
	return 0;
}

/* open(path, flags, mode): read-only (the initramfs, /proc/ps); flags
 * O_DIRECTORY, O_CLOEXEC and O_NONBLOCK (no effect on these files). */
long sys_open(const struct trap_frame *tf)
{
	char path[PATH_MAX];
	long rc = strncpy_from_user(path, tf->rdi, sizeof(path));
	struct file *f = NULL;
	int fd;

	if (rc < 0)
		return rc;
	if ((tf->rsi & O_ACCMODE) != O_RDONLY)
		return -EROFS;
	if (cpio_path_eq(path, PROCFS_PS))
		rc = (tf->rsi & O_DIRECTORY) ? -ENOTDIR : procfs_open_ps(&f);
	else
		rc = open_initrd(path, tf->rsi, &f);
	if (rc)
		return rc;
	fd = fd_install(proc_current(), f, tf->rsi & O_CLOEXEC);
	if (fd < 0)
		file_put(f);
	return fd;
}

long sys_close(const struct trap_frame *tf)
{
	struct proc *p = proc_current();
	int64_t fd = (int64_t)tf->rdi;

	if (!fd_file(fd))
		return -EBADF;
	file_put(p->fd[fd]);
	p->fd[fd] = NULL;
	p->cloexec &= ~(1u << fd);
	return 0;
}

long sys_lseek(const struct trap_frame *tf)
{
	struct file *f = fd_file((int64_t)tf->rdi);
	int64_t off = (int64_t)tf->rsi, base;

	if (!f)
		return -EBADF;
	if (f->kind == FILE_CONSOLE || f->kind == FILE_PIPE_R ||
	    f->kind == FILE_PIPE_W)
		return -ESPIPE;
	switch (tf->rdx) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = (int64_t)f->off;
		break;
	case SEEK_END:
		base = (int64_t)f->size;
		break;
	default:
		return -EINVAL;
	}
	if ((off < 0 && base + off < 0) || (off > 0 && base > INT64_MAX - off))
		return -EINVAL;
	f->off = (uint64_t)(base + off);
	return (long)f->off;
}

/* fstat: the x86_64 Linux struct stat (144 bytes): st_ino at 8, st_nlink
 * at 16, st_mode at 24, st_size at 48, st_blksize at 56, st_blocks at
 * 64. */
long sys_fstat(const struct trap_frame *tf)
{
	struct file *f = fd_file((int64_t)tf->rdi);
	uint8_t st[144];
	uint64_t v;
	uint32_t mode;

	if (!f)
		return -EBADF;
	LIBK_FN(memset)(st, 0, sizeof(st));
	v = f->ino;
	LIBK_FN(memcpy)(st + 8, &v, 8);
	v = 1;
	LIBK_FN(memcpy)(st + 16, &v, 8);
	mode = f->mode;
	LIBK_FN(memcpy)(st + 24, &mode, 4);
	LIBK_FN(memcpy)(st + 48, &f->size, 8);
	v = 4096;
	LIBK_FN(memcpy)(st + 56, &v, 8);
	v = (f->size + 511) / 512;
	LIBK_FN(memcpy)(st + 64, &v, 8);
	return copy_to_user(tf->rsi, st, sizeof(st));
}

long sys_dup2(const struct trap_frame *tf)
{
	struct proc *p = proc_current();
	int64_t from = (int64_t)tf->rdi, to = (int64_t)tf->rsi;
	struct file *f = fd_file(from);

	if (!f || to < 0 || to >= PROC_FD_MAX)
		return -EBADF;
	if (from == to)
		return to;
	file_get(f);
	file_put(p->fd[to]);
	p->fd[to] = f;
	p->cloexec &= ~(1u << to); /* dup2's copy stays open across exec */
	return to;
}
