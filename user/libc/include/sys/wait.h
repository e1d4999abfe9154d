/* SPDX-License-Identifier: MIT */
/* wait() and waitpid() (on wait4) and the status word they fill in (the
 * Linux encoding: exit code in bits 8-15, terminating signal in bits 0-6). */
#ifndef _SYS_WAIT_H
#define _SYS_WAIT_H
#include <sys/types.h>

#define WNOHANG        1
#define WEXITSTATUS(s) (((s) >> 8) & 0xff)
#define WTERMSIG(s)    ((s)&0x7f)
#define WIFEXITED(s)   (WTERMSIG(s) == 0)
#define WIFSIGNALED(s) (WTERMSIG(s) != 0 && WTERMSIG(s) != 0x7f)

/* pid -1: any child; WNOHANG: 0 when no child has ended yet. */
pid_t waitpid(pid_t pid, int *status, int options);
/* waitpid(-1, status, 0). */
pid_t wait(int *status);
#endif
