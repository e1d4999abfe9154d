/* SPDX-License-Identifier: MIT */
/* Bounded parsers for numbers and the kernel command line. Every function
 * takes an explicit length, never reads past it, and reports bad input
 * with an error rather than a partial result. */
#ifndef LIBK_PARSE_H
#define LIBK_PARSE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KPARSE_EEMPTY (-1) /* no digits at all */
#define KPARSE_EINVAL (-2) /* a character that is not a digit, bad base */
#define KPARSE_ERANGE (-3) /* value does not fit in 64 bits */

/* Parse s[0..len) as an unsigned number in base 2..36, or base 0 for
 * automatic: "0x"/"0X" means 16, "0b"/"0B" means 2, else 10 (a leading 0
 * does NOT mean octal). Base 16 also accepts a "0x" prefix, base 2 "0b".
 * No sign, no whitespace, no trailing text. Returns 0 and sets *out, or a
 * negative KPARSE_E* and leaves *out untouched. */
int kparse_u64(const char *s, size_t len, unsigned base, uint64_t *out);
#define libk_parse_u64 kparse_u64

/* Look key up in a command line: space/tab-separated words, each either
 * "key=value" or a bare "key". A value may be wrapped in double quotes to
 * hold spaces: key="a b" (the quotes are not part of the value). When a key
 * appears more than once, the last one wins. line holds len bytes (or
 * stops at an earlier NUL).
 * kcmdline_find: on success points *val at the value inside line (length
 * *vlen; "" for a bare key) and returns true. */
bool kcmdline_find(const char *line, size_t len, const char *key,
                   const char **val, size_t *vlen);

/* kcmdline_get: NUL-terminated line; copies the value, NUL-terminated, into
 * val[0..valsz). Returns false when the key is absent or when the value
 * (plus its NUL) does not fit; val is then "" if valsz > 0. val may be NULL
 * with valsz 0 to test for presence only. */
bool kcmdline_get(const char *cmdline, const char *key, char *val,
                  size_t valsz);
#endif
