/* SPDX-License-Identifier: MIT */
/* kill() and the signal numbers (x86_64 Linux's). tern has no signal
 * handlers: SIGCHLD, SIGCONT, SIGURG and SIGWINCH are ignored, the stop
 * signals are refused (EINVAL), every other signal terminates, unless
 * the process set it to SIG_IGN. */
#ifndef _SIGNAL_H
#define _SIGNAL_H
#include <sys/types.h>

#include <tern/signal.h>

#define NSIG (TERN_SIG_MAX + 1)

/* pid > 0: that process; 0: the caller's process group; < -1: group -pid.
 * sig 0 only checks that the target exists. */
int kill(pid_t pid, int sig);

/* Dispositions: tern (and this libc) have no handlers, only the default
 * action and ignoring. signal() returns the old one, or SIG_ERR. */
typedef void (*sighandler_t)(int);
#define SIG_DFL ((sighandler_t)0)
#define SIG_IGN ((sighandler_t)1)
#define SIG_ERR ((sighandler_t)-1)
sighandler_t signal(int sig, sighandler_t handler);
#endif
