/* SPDX-License-Identifier: MIT */
/* One wrapper per system call of tern/syscall.h, in number order. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "raw_syscall.h"

int errno;

long syscall_result(long raw)
{
	if (raw < 0 && raw >= -4095) {
		errno = (int)-raw;
		return -1;
	}
	return raw;
}

#define CALL3(n, a, b, c) syscall_result(raw_syscall3(n, a, b, c))

ssize_t read(int fd, void *buf, size_t n)
{
	return CALL3(SYS_read, fd, buf, n);
}

ssize_t write(int fd, const void *buf, size_t n)
{
	return CALL3(SYS_write, fd, buf, n);
}

/* The mode argument is read only with O_CREAT (tern never creates files;
 * Linux does). */
int open(const char *path, int flags, ...)
{
	int mode = 0;

	if (flags & O_CREAT) {
		va_list ap;
		va_start(ap, flags);
		mode = va_arg(ap, int);
		va_end(ap);
	}
	return (int)CALL3(SYS_open, path, flags, mode);
}

int close(int fd)
{
	return (int)CALL3(SYS_close, fd, 0, 0);
}

int fstat(int fd, struct stat *st)
{
	return (int)CALL3(SYS_fstat, fd, st, 0);
}

off_t lseek(int fd, off_t off, int whence)
{
	return CALL3(SYS_lseek, fd, off, whence);
}

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	return (void *)syscall_result(raw_syscall6(
	    SYS_mmap, (long)addr, (long)len, prot, flags, fd, off));
}

int mprotect(void *addr, size_t len, int prot)
{
	return (int)CALL3(SYS_mprotect, addr, len, prot);
}

int munmap(void *addr, size_t len)
{
	return (int)CALL3(SYS_munmap, addr, len, 0);
}

int pipe(int fds[2])
{
	return (int)CALL3(SYS_pipe, fds, 0, 0);
}

int pipe2(int fds[2], int flags)
{
	return (int)CALL3(SYS_pipe2, fds, flags, 0);
}

int dup2(int oldfd, int newfd)
{
	return (int)CALL3(SYS_dup2, oldfd, newfd, 0);
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
	return (int)CALL3(SYS_nanosleep, req, rem, 0);
}

pid_t getpid(void)
{
	return (pid_t)CALL3(SYS_getpid, 0, 0, 0);
}

pid_t fork(void)
{
	return (pid_t)CALL3(SYS_fork, 0, 0, 0);
}

int execve(const char *path, char *const argv[], char *const envp[])
{
	return (int)CALL3(SYS_execve, path, argv, envp);
}

_Noreturn void _exit(int status)
{
	for (;;)
		raw_syscall3(SYS_exit, status, 0, 0);
}

/* wait4 with a NULL rusage (raw_syscall3 passes 0 in r10). */
pid_t waitpid(pid_t pid, int *status, int options)
{
	return (pid_t)CALL3(SYS_wait4, pid, status, options);
}

pid_t wait(int *status)
{
	return waitpid(-1, status, 0);
}

int kill(pid_t pid, int sig)
{
	return (int)CALL3(SYS_kill, pid, sig, 0);
}

int uname(struct utsname *u)
{
	return (int)CALL3(SYS_uname, u, 0, 0);
}

pid_t getppid(void)
{
	return (pid_t)CALL3(SYS_getppid, 0, 0, 0);
}

int setpgid(pid_t pid, pid_t pgid)
{
	return (int)CALL3(SYS_setpgid, pid, pgid, 0);
}

pid_t getpgid(pid_t pid)
{
	return (pid_t)CALL3(SYS_getpgid, pid, 0, 0);
}

ssize_t getdents64(int fd, void *buf, size_t n)
{
	return CALL3(SYS_getdents64, fd, buf, n);
}

int clock_gettime(clockid_t clk, struct timespec *ts)
{
	return (int)CALL3(SYS_clock_gettime, clk, ts, 0);
}

ssize_t getrandom(void *buf, size_t n, unsigned int flags)
{
	return CALL3(SYS_getrandom, buf, n, flags);
}

long syscall6(long n, long a1, long a2, long a3, long a4, long a5, long a6)
{
	return syscall_result(raw_syscall6(n, a1, a2, a3, a4, a5, a6));
}

/* rt_sigaction with Linux's x86_64 struct sigaction: handler, flags,
 * restorer, an 8-byte mask. Only SIG_DFL and SIG_IGN are ever passed. */
sighandler_t signal(int sig, sighandler_t handler)
{
	unsigned long act[4] = {(unsigned long)handler, 0, 0, 0}, old[4];
	long rc = syscall_result(
	    raw_syscall6(SYS_rt_sigaction, sig, (long)act, (long)old, 8, 0, 0));

	return rc < 0 ? SIG_ERR : (sighandler_t)old[0];
}

pid_t tcgetpgrp(int fd)
{
	int pg;

	return CALL3(SYS_ioctl, fd, TIOCGPGRP, &pg) < 0 ? -1 : pg;
}

int tcsetpgrp(int fd, pid_t pgid)
{
	int pg = pgid;

	return (int)CALL3(SYS_ioctl, fd, TIOCSPGRP, &pg);
}
