/* SPDX-License-Identifier: MIT */
/* libk naming: in the kernel and the loader libk provides the standard names
 * (memcpy, snprintf, ...). In host unit tests (LIBK_HOST_TEST) the same code
 * is compiled as libk_memcpy, libk_snprintf, ... so it never clashes with the
 * host C library it runs next to. */
#ifndef LIBK_CDEFS_H
#define LIBK_CDEFS_H

#ifdef LIBK_HOST_TEST
#define LIBK_FN(name) libk_##name
#else
#define LIBK_FN(name) name
#endif

#endif
