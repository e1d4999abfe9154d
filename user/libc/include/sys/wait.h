/* SPDX-License-Identifier: MIT */
/* waitpid() and the status word it fills in (the Linux encoding: exit
 * code in bits 8-15, terminating signal in bits 0-6). */
#ifndef _SYS_WAIT_H
#define _SYS_WAIT_H
#include <sys/types.h>

#define WNOHANG        1
#define WEXITSTATUS(s) (((s) >> 8) & 0xff)
#define WTERMSIG(s)    ((s)&0x7f)
#define WIFEXITED(s)   (WTERMSIG(s) == 0)
#define WIFSIGNALED(s) (WTERMSIG(s) != 0 && WTERMSIG(s) != 0x7f)

pid_t waitpid(pid_t pid, int *status, int options);
#endif
