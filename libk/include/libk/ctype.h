/* SPDX-License-Identifier: MIT */
/* Character classes of the C locale (ASCII only; bytes >= 0x80 are in no
 * class). Like C, the argument is an unsigned char value or EOF; other
 * values simply belong to no class. */
#ifndef LIBK_CTYPE_H
#define LIBK_CTYPE_H
#include <libk/cdefs.h>

int LIBK_FN(isdigit)(int c);
int LIBK_FN(isspace)(int c);
int LIBK_FN(isalpha)(int c);
int LIBK_FN(isalnum)(int c);
int LIBK_FN(isxdigit)(int c);
int LIBK_FN(isprint)(int c);
int LIBK_FN(tolower)(int c);
int LIBK_FN(toupper)(int c);
#endif
