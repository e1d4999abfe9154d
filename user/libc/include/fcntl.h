/* SPDX-License-Identifier: MIT */
/* open(); tern's files are read-only (the initramfs), so O_RDONLY is the
 * one flag (tern/syscall.h). */
#ifndef _FCNTL_H
#define _FCNTL_H
#include <sys/types.h>
#include <tern/syscall.h>

int open(const char *path, int flags, ...);
#endif
