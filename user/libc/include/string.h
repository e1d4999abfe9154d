/* SPDX-License-Identifier: MIT */
/* The string functions: libk's (memcpy, strlen, strlcpy, ...), compiled for
 * user space, plus strerror. */
#ifndef _STRING_H
#define _STRING_H
#include <libk/string.h>

/* A short English description of an errno value; never NULL. */
const char *strerror(int err);
#endif
