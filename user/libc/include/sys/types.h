/* SPDX-License-Identifier: MIT */
/* The POSIX integer types of tern's system-call ABI (x86_64 LP64 widths,
 * the same as x86_64 Linux). */
#ifndef _SYS_TYPES_H
#define _SYS_TYPES_H
#include <stddef.h>
#include <stdint.h>

typedef long ssize_t;
typedef long off_t;
typedef int pid_t;
typedef unsigned int mode_t;
typedef unsigned int uid_t;
typedef unsigned int gid_t;
typedef long time_t;
#endif
