/* SPDX-License-Identifier: MIT */
/* kill() and the signal numbers (x86_64 Linux's). tern has no signal
 * handlers: SIGCHLD, SIGCONT, SIGURG and SIGWINCH are ignored, the stop
 * signals are refused (EINVAL), every other signal terminates, unless
 * the process set it to SIG_IGN. */
#ifndef _SIGNAL_H
#define _SIGNAL_H
#include <sys/types.h>

#define SIGHUP    1
#define SIGINT    2
#define SIGQUIT   3
#define SIGILL    4
#define SIGTRAP   5
#define SIGABRT   6
#define SIGBUS    7
#define SIGFPE    8
#define SIGKILL   9
#define SIGUSR1   10
#define SIGSEGV   11
#define SIGUSR2   12
#define SIGPIPE   13
#define SIGALRM   14
#define SIGTERM   15
#define SIGSTKFLT 16
#define SIGCHLD   17
#define SIGCONT   18
#define SIGSTOP   19
#define SIGTSTP   20
#define SIGTTIN   21
#define SIGTTOU   22
#define SIGURG    23
#define SIGXCPU   24
#define SIGXFSZ   25
#define SIGVTALRM 26
#define SIGPROF   27
#define SIGWINCH  28
#define SIGIO     29
#define SIGPWR    30
#define SIGSYS    31
#define NSIG      65 /* signals are 1..64 */

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
