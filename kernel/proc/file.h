/* SPDX-License-Identifier: MIT */
/*
 * Open files and each process's descriptor table. A file is one of:
 *
 *   FILE_CONSOLE   fds 0, 1, 2 of every spawned process: writes go to the
 *                  console, reads take cooked lines from it (tty.c)
 *   FILE_INITRD    a read-only initramfs file (data points into it)
 *   FILE_DIR       an initramfs directory, for getdents64 (sys_dir.c)
 *   FILE_PIPE_R/W  one end of a pipe (pipe.c)
 *   FILE_SNAPSHOT  a kernel text made at open (/proc/ps); data is owned
 *
 * Files are reference-counted: fork and dup2 share one (with its offset),
 * the last close frees it and lets go of what it holds.
 *
 *   proc.fd[0..PROC_FD_MAX)  ->  struct file {refs, kind, ...}
 *   proc.cloexec bit n       ->  fd n closes on execve
 */
#ifndef KERNEL_PROC_FILE_H
#define KERNEL_PROC_FILE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PROC_FD_MAX 32

enum file_kind {
	FILE_CONSOLE = 1,
	FILE_INITRD,
	FILE_DIR,
	FILE_PIPE_R,
	FILE_PIPE_W,
	FILE_SNAPSHOT,
};

struct pipe;

struct file {
	unsigned refs; /* atomic */
	enum file_kind kind;
	bool nonblock;       /* O_NONBLOCK */
	const uint8_t *data; /* INITRD: in the archive; SNAPSHOT: kmalloc'd */
	uint64_t size, off;
	uint32_t mode, ino; /* as the archive says */
	char *dir;          /* FILE_DIR: its normalised path (kmalloc'd) */
	struct pipe *pipe;  /* FILE_PIPE_R/W */
};

struct proc;

/* A new file of kind with one reference, or NULL. */
struct file *file_new(enum file_kind kind);
/* One more reference to f. */
void file_get(struct file *f);
/* Drop a reference; the last frees f and what it holds. NULL is fine. */
void file_put(struct file *f);

/* Descriptors 0, 1, 2 on the console. 0 or -ENOMEM. */
int fd_init_console(struct proc *p);
/* Close every descriptor of p. */
void fd_close_all(struct proc *p);
/* Close p's close-on-exec descriptors (execve). */
void fd_close_on_exec(struct proc *p);
/* Put f at p's lowest free descriptor (taking the caller's reference),
 * close-on-exec if cloexec: the descriptor, or -EMFILE (f untouched). */
int fd_install(struct proc *p, struct file *f, bool cloexec);
/* The open file behind the calling process's fd, or NULL. */
struct file *fd_file(int64_t fd);
#endif
