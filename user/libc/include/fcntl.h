/* SPDX-License-Identifier: MIT */
/* open() and its flags (the x86_64 Linux values). tern's only file system
 * is the read-only initramfs: opening for writing fails there with EROFS. */
#ifndef _FCNTL_H
#define _FCNTL_H
#include <sys/types.h>
#include <tern/syscall.h>

#ifndef O_WRONLY
#define O_WRONLY 01
#endif
#ifndef O_RDWR
#define O_RDWR 02
#endif
#ifndef O_CREAT
#define O_CREAT 0100
#endif
#ifndef O_TRUNC
#define O_TRUNC 01000
#endif
#ifndef O_APPEND
#define O_APPEND 02000
#endif
#ifndef O_NONBLOCK
#define O_NONBLOCK 04000
#endif
#ifndef O_DIRECTORY
#define O_DIRECTORY 0200000
#endif
#ifndef O_CLOEXEC
#define O_CLOEXEC 02000000
#endif

/* With O_CREAT the third argument is the mode (an int). */
int open(const char *path, int flags, ...);
#endif
