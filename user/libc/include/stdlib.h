/* SPDX-License-Identifier: MIT */
/* Memory allocation (on anonymous mmap), process exit, atexit. */
#ifndef _STDLIB_H
#define _STDLIB_H
#include <stddef.h>

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1

/* malloc: 16-byte aligned blocks; size classes up to 4 KiB carved from
 * 64 KiB mmap chunks, larger blocks in their own mapping (unmapped again by
 * free). NULL with errno ENOMEM when memory runs out. free(NULL) is a no-op;
 * freeing a pointer malloc did not return, or freeing twice, aborts with a
 * message on stderr (best effort: the check reads a header before p). */
void *malloc(size_t size);
void free(void *p);
void *calloc(size_t n, size_t size);
/* realloc(p, 0) frees p and returns NULL; realloc(NULL, n) is malloc(n). */
void *realloc(void *p, size_t size);

/* Runs the atexit handlers (last registered first), then _exit(status). */
_Noreturn void exit(int status);
/* Registers fn for exit(); up to 32 handlers. 0 on success, -1 when full. */
int atexit(void (*fn)(void));
/* Ends the process at once with status 127, without the atexit handlers. */
_Noreturn void abort(void);

/* Decimal string to int (leading spaces, an optional sign; no errors). */
int atoi(const char *s);
/* C strtol/strtoul: leading spaces, a sign, base 2..36 or 0 (0x: 16, 0:
 * 8, else 10); *end (if end) gets the first unused character (s itself
 * when there were no digits); out of range gives LONG_MIN/LONG_MAX
 * (ULONG_MAX) with errno ERANGE. */
long strtol(const char *s, char **end, int base);
unsigned long strtoul(const char *s, char **end, int base);

/* The value of NAME in environ, or NULL. */
char *getenv(const char *name);

/* Sorts n elements of size bytes (libk's heapsort: not stable). */
void qsort(void *base, size_t n, size_t size,
           int (*cmp)(const void *, const void *));
#endif
