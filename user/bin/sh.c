/* SPDX-License-Identifier: MIT */
/*
 * sh: a small shell.
 *   sh              commands from stdin, a "$ " prompt before each line
 *   sh -c CMDS      the commands in CMDS (lines separated by newlines)
 *   sh FILE         the commands in FILE
 * Syntax: words with '...', "..." and \ quoting; $? and $NAME; pipelines
 * with |; < > >> 2> 2>> redirections; & for background jobs (their pid is
 * printed as [pid]); ; between jobs; # comments. Builtins: exit [N], wait.
 * Commands are looked up in $PATH (default /bin) unless they hold a '/'.
 * The exit status is that of the last command (2 after a syntax error).
 */
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "sh.h"

struct sh_state sh;

/* Buffered line input from one fd. */
struct reader {
	int fd;
	size_t len;         /* bytes in buf */
	bool eof, skipping; /* skipping: inside an over-long line */
	char buf[SH_LINE_MAX];
};

static struct reader in;
static struct sh_line parsed;

/* Moves the first line of r->buf (length n, '\n' at n if present) into
 * line as a string. */
static void take(struct reader *r, char *line, size_t n)
{
	memcpy(line, r->buf, n);
	line[n] = 0;
	size_t used = n < r->len ? n + 1 : n;
	memmove(r->buf, r->buf + used, r->len - used);
	r->len -= used;
}

/* The next line of r into line[SH_LINE_MAX] without its '\n': 1, or 0 at
 * the end of the input, or -1 for a line too long (then skipped). */
static int read_line(struct reader *r, char *line)
{
	for (;;) {
		char *nl = memchr(r->buf, '\n', r->len);
		if (nl && r->skipping) {
			take(r, line, (size_t)(nl - r->buf));
			r->skipping = false;
			return -1;
		}
		if (nl || (r->eof && r->len)) {
			take(r, line, nl ? (size_t)(nl - r->buf) : r->len);
			return 1;
		}
		if (r->eof)
			return 0;
		if (r->len == sizeof(r->buf)) {
			r->skipping = true; /* over-long: drop what we have */
			r->len = 0;
		}
		ssize_t k =
		    read(r->fd, r->buf + r->len, sizeof(r->buf) - r->len);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			r->eof = true;
		else
			r->len += (size_t)k;
	}
}

/* Parses and runs one line: the whole line is checked first, so that a
 * syntax error anywhere runs none of it. */
static void run(const char *line)
{
	const char *p = line;
	int r;

	while ((r = sh_parse_job(&p, sh.status, &parsed)) > 0)
		;
	if (r < 0) {
		sh.status = 2;
		return;
	}
	for (p = line; !sh.exiting && sh_parse_job(&p, sh.status, &parsed) > 0;)
		sh_run_job(&parsed);
	sh_reap_background();
}

/* Runs the lines of fd until its end or exit; prompts if sh.interactive. */
static void run_fd(int fd)
{
	static char line[SH_LINE_MAX];

	in.fd = fd;
	while (!sh.exiting) {
		if (sh.interactive)
			(void)write(STDOUT_FILENO, "$ ", 2);
		int r = read_line(&in, line);
		if (r == 0)
			break;
		if (r < 0) {
			dprintf(STDERR_FILENO,
			        "sh: line too long (over %d "
			        "bytes)\n",
			        SH_LINE_MAX - 1);
			sh.status = 2;
			continue;
		}
		run(line);
	}
}

/* Runs the newline-separated lines of s until its end or exit. */
static void run_string(const char *s)
{
	static char line[SH_LINE_MAX];

	while (*s && !sh.exiting) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		if (n >= sizeof(line)) {
			dprintf(STDERR_FILENO, "sh: line too long\n");
			sh.status = 2;
		} else {
			memcpy(line, s, n);
			line[n] = 0;
			run(line);
		}
		s += nl ? n + 1 : n;
	}
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "-c")) {
		if (argc < 3) {
			dprintf(STDERR_FILENO, "sh: -c needs an argument\n");
			return 2;
		}
		run_string(argv[2]);
		return sh.status;
	}
	if (argc > 1) {
		int fd = open(argv[1], O_RDONLY);
		if (fd < 0) {
			dprintf(STDERR_FILENO, "sh: %s: %s\n", argv[1],
			        strerror(errno));
			return 127;
		}
		run_fd(fd);
		return sh.status;
	}
	sh.interactive = true;
	sh.pgid = getpgid(0);
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	run_fd(STDIN_FILENO);
	return sh.status;
}
