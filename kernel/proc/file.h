/* SPDX-License-Identifier: MIT */
/*
 * Open files and each process's descriptor table. A file is the console
 * (fds 0, 1 and 2 of every process: writes go to the console; reads give
 * end-of-file until console input reaches processes) or a read-only
 * initramfs file. Files are reference-counted: dup2 shares one.
 *
 *   proc.fd[0..PROC_FD_MAX)  ->  struct file {refs, kind, data, off}
 */
#ifndef KERNEL_PROC_FILE_H
#define KERNEL_PROC_FILE_H
#include <stddef.h>
#include <stdint.h>

#define PROC_FD_MAX 32

enum file_kind { FILE_CONSOLE = 1, FILE_INITRD };

struct file {
	unsigned refs;
	enum file_kind kind;
	const uint8_t *data; /* FILE_INITRD: the bytes, in the archive */
	uint64_t size, off;
	uint32_t mode, ino; /* as the archive says */
};

struct proc;

/* Descriptors 0, 1, 2 on the console. 0 or -ENOMEM. */
int fd_init_console(struct proc *p);
/* Close every descriptor of p. */
void fd_close_all(struct proc *p);
#endif
