/* SPDX-License-Identifier: MIT */
/* Character classes: libk's (ASCII, the C locale). */
#ifndef _CTYPE_H
#define _CTYPE_H
#include <libk/ctype.h>
#endif
