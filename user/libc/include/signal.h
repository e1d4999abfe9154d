/* SPDX-License-Identifier: MIT */
/* kill(). tern has no signal handlers: every signal terminates. The
 * numbers are the x86_64 Linux ones. */
#ifndef _SIGNAL_H
#define _SIGNAL_H
#include <sys/types.h>

#define SIGABRT 6
#define SIGKILL 9
#define SIGSEGV 11
#define SIGTERM 15

int kill(pid_t pid, int sig);
#endif
