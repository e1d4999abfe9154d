/* SPDX-License-Identifier: MIT */
/*
 * ps: the processes, from tern's /proc/ps (one line per process:
 * "pid ppid pgid state pages cpu_ms name"), as a table with memory in KiB
 * and CPU time in seconds. Exit 1 when /proc/ps cannot be read (so always
 * on Linux) or holds a malformed line.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PROC_PS  "/proc/ps"
#define NFIELDS  7
#define PAGE_KIB 4

static char buf[65536];

/* Splits line into at most NFIELDS space-separated fields (the last takes
 * the rest of the line); the number found. */
static int split(char *line, char **f)
{
	int n = 0;

	while (n < NFIELDS) {
		while (*line == ' ' || *line == '\t')
			line++;
		if (!*line)
			break;
		f[n++] = line;
		if (n == NFIELDS)
			break;
		while (*line && *line != ' ' && *line != '\t')
			line++;
		if (*line)
			*line++ = 0;
	}
	return n;
}

/* The field as a number, or -1 when it is not one. */
static long number(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	return end == s || *end ? -1 : v;
}

/* Prints one /proc/ps line; 0, or -1 if malformed. */
static int row(char *line)
{
	char *f[NFIELDS];
	long v[6];

	if (split(line, f) != NFIELDS)
		return -1;
	for (int i = 0; i < 6; i++)
		if (i != 3 && (v[i] = number(f[i])) < 0)
			return -1;
	char cpu[32];
	snprintf(cpu, sizeof(cpu), "%ld.%02ld", v[5] / 1000, v[5] % 1000 / 10);
	printf("%5ld %5ld %5ld %-8s %7ld %5s %s\n", v[0], v[1], v[2], f[3],
	       v[4] * PAGE_KIB, cpu, f[6]);
	return 0;
}

/* Reads all of path into buf (NUL-terminated); its length, or -1. */
static long slurp(const char *path)
{
	int fd = open(path, O_RDONLY);
	long len = 0;

	if (fd < 0)
		return -1;
	while ((size_t)len < sizeof(buf) - 1) {
		ssize_t k = read(fd, buf + len, sizeof(buf) - 1 - (size_t)len);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			int err = errno;
			close(fd);
			errno = err;
			return -1;
		}
		if (k == 0)
			break;
		len += k;
	}
	close(fd);
	buf[len] = 0;
	return len;
}

int main(void)
{
	int status = 0;

	if (slurp(PROC_PS) < 0) {
		dprintf(STDERR_FILENO, "ps: %s: %s\n", PROC_PS,
		        strerror(errno));
		return 1;
	}
	printf("%5s %5s %5s %-8s %7s %5s %s\n", "PID", "PPID", "PGID", "STATE",
	       "MEM", "CPU", "NAME");
	for (char *line = buf, *nl; *line; line = nl ? nl + 1 : "") {
		nl = strchr(line, '\n');
		if (nl)
			*nl = 0;
		if (*line && row(line) < 0) {
			dprintf(STDERR_FILENO, "ps: bad line in %s: %s\n",
			        PROC_PS, line);
			status = 1;
		}
	}
	return status;
}
