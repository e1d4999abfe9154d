/* SPDX-License-Identifier: MIT */
/* State shared inside libc; not for programs. */
#ifndef USER_LIBC_PRIVATE_H
#define USER_LIBC_PRIVATE_H
#include <stddef.h>
#include <stdint.h>

/* The stack-protector canary compiled code compares against
 * (-mstack-protector-guard=global); set once by libc_start. */
extern uintptr_t __stack_chk_guard;

/* argv[0], for messages; "?" until main runs. */
extern const char *libc_progname;

/* Writes all n bytes to fd, retrying short writes; 0, or -1 on an error. */
int libc_write_all(int fd, const void *buf, size_t n);

/* Writes "PROGNAME: msg\n" to stderr and ends the process with 127,
 * without atexit handlers. */
_Noreturn void libc_fatal(const char *msg);
#endif
