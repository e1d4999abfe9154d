/* SPDX-License-Identifier: MIT */
/* System calls on file descriptors and processes. Each returns -1 and sets
 * errno on failure, like POSIX. */
#ifndef _UNISTD_H
#define _UNISTD_H
#include <sys/types.h>

#define STDIN_FILENO  0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

ssize_t read(int fd, void *buf, size_t n);
ssize_t write(int fd, const void *buf, size_t n);
int close(int fd);
off_t lseek(int fd, off_t off, int whence);
int pipe(int fds[2]);
/* flags: 0, O_NONBLOCK, O_CLOEXEC (fcntl.h). */
int pipe2(int fds[2], int flags);
int dup2(int oldfd, int newfd);
pid_t getpid(void);
pid_t getppid(void);
/* tern: pid 0 or the caller, pgid 0 or the caller's pid (a group of its
 * own). */
int setpgid(pid_t pid, pid_t pgid);
/* The console's foreground process group (fd: the console). */
pid_t tcgetpgrp(int fd);
int tcsetpgrp(int fd, pid_t pgid);
pid_t getpgid(pid_t pid);
/* nanosleep for usec microseconds. */
int usleep(unsigned long usec);
pid_t fork(void);
int execve(const char *path, char *const argv[], char *const envp[]);
_Noreturn void _exit(int status);

/* The environment main() received as envp. */
extern char **environ;
#endif
