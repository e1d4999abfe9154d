/* SPDX-License-Identifier: MIT */
/* Open files and descriptor tables (file.h). */
#include <libk/string.h>
#include <mm/kmalloc.h>
#include <tern/errno.h>
#include "proc/file.h"
#include "proc/pipe.h"
#include "proc/proc.h"

#define S_IFCHR 0020000u

struct file *file_new(enum file_kind kind)
{
	struct file *f = kmalloc(sizeof(*f));

	if (f) {
		LIBK_FN(memset)(f, 0, sizeof(*f));
		f->refs = 1;
		f->kind = kind;
	}
	return f;
}

void file_get(struct file *f)
{
	__atomic_fetch_add(&f->refs, 1, __ATOMIC_RELAXED);
}

void file_put(struct file *f)
{
	if (!f || __atomic_sub_fetch(&f->refs, 1, __ATOMIC_ACQ_REL))
		return;
	switch (f->kind) {
	case FILE_PIPE_R:
	case FILE_PIPE_W:
		pipe_close(f->pipe, f->kind == FILE_PIPE_W);
		break;
	case FILE_SNAPSHOT:
		kfree((void *)f->data);
		break;
	case FILE_DIR:
		kfree(f->dir);
		break;
	default:
		break;
	}
	kfree(f);
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
	p->cloexec = 0;
}

void fd_close_on_exec(struct proc *p)
{
	for (int i = 0; i < PROC_FD_MAX; i++)
		if (p->cloexec & (1u << i)) {
			file_put(p->fd[i]);
			p->fd[i] = NULL;
		}
	p->cloexec = 0;
}

int fd_install(struct proc *p, struct file *f, bool cloexec)
{
	for (int i = 0; i < PROC_FD_MAX; i++)
		if (!p->fd[i]) {
			p->fd[i] = f;
			if (cloexec)
				p->cloexec |= 1u << i;
			else
				p->cloexec &= ~(1u << i);
			return i;
		}
	return -EMFILE;
}

struct file *fd_file(int64_t fd)
{
	struct proc *p = proc_current();

	return fd >= 0 && fd < PROC_FD_MAX ? p->fd[fd] : NULL;
}
