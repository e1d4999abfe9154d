/* SPDX-License-Identifier: MIT */
/* strerror, atoi, getenv, qsort, usleep. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <libk/sort.h>

static const char *const messages[] = {
    [EPERM] = "operation not permitted",
    [ENOENT] = "no such file or directory",
    [ESRCH] = "no such process",
    [EINTR] = "interrupted",
    [EIO] = "input/output error",
    [E2BIG] = "argument list too long",
    [ENOEXEC] = "exec format error",
    [EBADF] = "bad file descriptor",
    [ECHILD] = "no child processes",
    [EAGAIN] = "resource temporarily unavailable",
    [ENOMEM] = "out of memory",
    [EACCES] = "permission denied",
    [EFAULT] = "bad address",
    [EBUSY] = "resource busy",
    [EEXIST] = "file exists",
    [ENOTDIR] = "not a directory",
    [EISDIR] = "is a directory",
    [EINVAL] = "invalid argument",
    [EMFILE] = "too many open files",
    [ESPIPE] = "illegal seek",
    [EROFS] = "read-only file system",
    [EPIPE] = "broken pipe",
    [ERANGE] = "result out of range",
    [ENAMETOOLONG] = "file name too long",
    [ENOSYS] = "function not implemented",
};

const char *strerror(int err)
{
	if (err > 0 && (size_t)err < sizeof(messages) / sizeof(messages[0]) &&
	    messages[err])
		return messages[err];
	return "unknown error";
}

/* Wraps around on overflow (unsigned arithmetic) instead of being
 * undefined. */
int atoi(const char *s)
{
	unsigned v = 0;
	int neg = 0;

	while (isspace((unsigned char)*s))
		s++;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	while (isdigit((unsigned char)*s))
		v = v * 10 + (unsigned)(*s++ - '0');
	return (int)(neg ? 0u - v : v);
}

char *getenv(const char *name)
{
	size_t n = strlen(name);

	for (char **e = environ; e && *e; e++)
		if (!strncmp(*e, name, n) && (*e)[n] == '=')
			return *e + n + 1;
	return NULL;
}

void qsort(void *base, size_t n, size_t size,
           int (*cmp)(const void *, const void *))
{
	ksort(base, n, size, cmp);
}

int usleep(unsigned long usec)
{
	struct timespec ts = {.tv_sec = (time_t)(usec / 1000000),
	                      .tv_nsec = (long)(usec % 1000000) * 1000};

	return nanosleep(&ts, NULL);
}
