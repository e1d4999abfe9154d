/* SPDX-License-Identifier: MIT */
/* cat [FILE...]: copy each file (or stdin, also for "-") to stdout.
 * Exit 1 if any file could not be opened or read. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char buf[16384];

/* 0 when fd was copied to its end, -1 on a read or write error. */
static int copy(int fd)
{
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return (int)n;
		for (ssize_t off = 0; off < n;) {
			ssize_t k =
			    write(STDOUT_FILENO, buf + off, (size_t)(n - off));
			if (k < 0 && errno == EINTR)
				continue;
			if (k <= 0)
				return -1;
			off += k;
		}
	}
}

int main(int argc, char **argv)
{
	int status = 0;

	if (argc < 2)
		return copy(STDIN_FILENO) < 0;
	for (int i = 1; i < argc; i++) {
		int fd = strcmp(argv[i], "-") ? open(argv[i], O_RDONLY)
		                              : STDIN_FILENO;
		if (fd < 0) {
			dprintf(STDERR_FILENO, "cat: %s: %s\n", argv[i],
			        strerror(errno));
			status = 1;
			continue;
		}
		if (copy(fd) < 0) {
			dprintf(STDERR_FILENO, "cat: %s: %s\n", argv[i],
			        strerror(errno));
			status = 1;
		}
		if (fd != STDIN_FILENO)
			close(fd);
	}
	return status;
}
