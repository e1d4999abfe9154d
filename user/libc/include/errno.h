/* SPDX-License-Identifier: MIT */
/* errno: set by the system-call wrappers when a call fails (they return -1
 * then); the values are tern's (tern/errno.h). One thread, one errno. */
#ifndef _ERRNO_H
#define _ERRNO_H
#include <tern/errno.h>

extern int errno;
#endif
