/* SPDX-License-Identifier: MIT */
/* read, write, open, close, lseek, fstat, dup2 over proc.fd (file.h). */
#include <libk/string.h>
#include <mm/kmalloc.h>
#include <tern/errno.h>
#include <tern/syscall.h>
#include "console/kprintf.h"
#include "proc/file.h"
#include "proc/initrd.h"
#include "proc/proc.h"
#include "proc/sys.h"
#include "proc/uaccess.h"

#define CHUNK     256
#define PATH_MAX  256
#define SEEK_SET  0
#define SEEK_CUR  1
#define SEEK_END  2
#define O_ACCMODE 3
#define S_IFCHR   0020000u

static struct file *file_new(enum file_kind kind)
{
	struct file *f = kmalloc(sizeof(*f));

	if (f) {
		LIBK_FN(memset)(f, 0, sizeof(*f));
		f->refs = 1;
		f->kind = kind;
	}
	return f;
}

static void file_put(struct file *f)
{
	if (f && !--f->refs)
		kfree(f);
}

/* The open file behind fd, or NULL. */
static struct file *fd_get(int64_t fd)
{
	struct proc *p = proc_current();

	return fd >= 0 && fd < PROC_FD_MAX ? p->fd[fd] : NULL;
}

/* The lowest free descriptor, or -EMFILE. */
static int fd_free_slot(struct proc *p)
{
	for (int i = 0; i < PROC_FD_MAX; i++)
		if (!p->fd[i])
			return i;
	return -EMFILE;
}

int fd_init_console(struct proc *p)
{
	struct file *f = file_new(FILE_CONSOLE);

	if (!f)
		return -ENOMEM;
	f->mode = S_IFCHR | 0620;
	f->refs = 3;
	p->fd[0] = p->fd[1] = p->fd[2] = f;
	return 0;
}

void fd_close_all(struct proc *p)
{
	for (int i = 0; i < PROC_FD_MAX; i++) {
		file_put(p->fd[i]);
		p->fd[i] = NULL;
	}
}

/* Console output from user memory, CHUNK bytes at a time. */
static long console_out(uint64_t buf, uint64_t n)
{
	char chunk[CHUNK];
	uint64_t done = 0;

	while (done < n) {
		uint64_t k = n - done < CHUNK ? n - done : CHUNK;
		long rc = copy_from_user(chunk, buf + done, k);

		if (rc)
			return done ? (long)done : rc;
		console_write(chunk, k);
		done += k;
	}
	return (long)done;
}

long sys_write(const struct trap_frame *tf)
{
	struct file *f = fd_get((int64_t)tf->rdi);

	if (!f)
		return -EBADF;
	if (f->kind != FILE_CONSOLE)
		return -EBADF; /* initramfs files are opened read-only */
	if (!user_range_ok(tf->rsi, tf->rdx))
		return -EFAULT;
	return console_out(tf->rsi, tf->rdx);
}

long sys_read(const struct trap_frame *tf)
{
	struct file *f = fd_get((int64_t)tf->rdi);
	uint64_t n = tf->rdx;
	long rc;

	if (!f)
		return -EBADF;
	if (!user_range_ok(tf->rsi, n))
		return -EFAULT;
	if (f->kind == FILE_CONSOLE)
		return 0; /* no console input for processes yet: EOF */
	if (f->off >= f->size)
		return 0;
	if (n > f->size - f->off)
		n = f->size - f->off;
	rc = copy_to_user(tf->rsi, f->data + f->off, n);
	if (rc)
		return rc;
	f->off += n;
	return (long)n;
}

long sys_open(const struct trap_frame *tf)
{
	struct proc *p = proc_current();
	char path[PATH_MAX];
	const void *data;
	size_t size;
	struct cpio_entry e;
	long rc = strncpy_from_user(path, tf->rdi, sizeof(path));
	struct file *f;
	int fd;

	if (rc < 0)
		return rc;
	if ((tf->rsi & O_ACCMODE) != O_RDONLY)
		return -EROFS;
	rc = initrd_find(path, &data, &size);
	if (rc)
		return rc;
	fd = fd_free_slot(p);
	if (fd < 0)
		return fd;
	f = file_new(FILE_INITRD);
	if (!f)
		return -ENOMEM;
	f->data = data;
	f->size = size;
	if (!initrd_lookup(path, &e)) {
		f->mode = e.mode;
		f->ino = e.ino;
	}
	p->fd[fd] = f;
	return fd;
}

long sys_close(const struct trap_frame *tf)
{
	struct proc *p = proc_current();
	int64_t fd = (int64_t)tf->rdi;

	if (!fd_get(fd))
		return -EBADF;
	file_put(p->fd[fd]);
	p->fd[fd] = NULL;
	return 0;
}

long sys_lseek(const struct trap_frame *tf)
{
	struct file *f = fd_get((int64_t)tf->rdi);
	int64_t off = (int64_t)tf->rsi, base;

	if (!f)
		return -EBADF;
	if (f->kind == FILE_CONSOLE)
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
	struct file *f = fd_get((int64_t)tf->rdi);
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
	struct file *f = fd_get(from);

	if (!f || to < 0 || to >= PROC_FD_MAX)
		return -EBADF;
	if (from == to)
		return to;
	file_put(p->fd[to]);
	f->refs++;
	p->fd[to] = f;
	return to;
}
