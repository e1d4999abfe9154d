/* SPDX-License-Identifier: MIT */
/*
 * pipetest: pipes and kill, checked from user space (natively on Linux
 * too). Each check prints "pipetest: NAME ok" or "pipetest: NAME FAILED
 * (...)"; the exit status is the number of failures.
 *
 *   bulk       1 MiB through a pipe from a child in odd-sized writes,
 *              read back byte-exact, then end of file
 *   sigpipe    a write with no reader left kills the writer (SIGPIPE)
 *   nonblock   pipe2(O_NONBLOCK): EAGAIN when empty and when full
 *   kill*      SIGKILL ends a sleeping child, SIGTERM a spinning one,
 *              SIGKILL one blocked reading an empty pipe; ESRCH for a
 *              pid that does not exist; kill(pid, 0) checks
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "../libc/raw_syscall.h"

#define BULK       (1 << 20)
#define O_NONBLOCK 04000
#define SYS_PIPE2  293

static int failures;

static void check(const char *name, int ok, const char *why)
{
	if (ok) {
		printf("pipetest: %s ok\n", name);
	} else {
		printf("pipetest: %s FAILED (%s)\n", name, why);
		failures++;
	}
}

static unsigned char pattern(long i)
{
	return (unsigned char)(i * 7 + (i >> 9));
}

/* The child's side of bulk: BULK bytes in writes of 1..4999 bytes. */
static _Noreturn void bulk_writer(int wfd)
{
	static unsigned char buf[5000];
	long sent = 0;
	unsigned long step = 1;

	while (sent < BULK) {
		long n = (long)(step % 4999) + 1, w;

		if (n > BULK - sent)
			n = BULK - sent;
		for (long i = 0; i < n; i++)
			buf[i] = pattern(sent + i);
		w = write(wfd, buf, (size_t)n);
		if (w <= 0)
			_exit(2);
		sent += w;
		step = step * 31 + 17;
	}
	_exit(0);
}

static void test_bulk(void)
{
	static unsigned char buf[3000];
	int fds[2], st = -1;
	long got = 0, bad = -1, n;
	pid_t pid;

	if (pipe(fds)) {
		check("bulk", 0, "pipe failed");
		return;
	}
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		bulk_writer(fds[1]);
	}
	close(fds[1]);
	while ((n = read(fds[0], buf, sizeof(buf))) > 0) {
		for (long i = 0; i < n && bad < 0; i++)
			if (buf[i] != pattern(got + i))
				bad = got + i;
		got += n;
	}
	close(fds[0]);
	waitpid(pid, &st, 0);
	check("bulk", pid > 0 && n == 0 && got == BULK && bad < 0 && st == 0,
	      "bytes lost, wrong, or the writer failed");
}

static void test_sigpipe(void)
{
	int fds[2], st = 0;
	pid_t pid;

	if (pipe(fds)) {
		check("sigpipe", 0, "pipe failed");
		return;
	}
	close(fds[0]);
	pid = fork();
	if (pid == 0) {
		write(fds[1], "x", 1);
		_exit(3); /* not reached: SIGPIPE */
	}
	close(fds[1]);
	waitpid(pid, &st, 0);
	check("sigpipe", WIFSIGNALED(st) && WTERMSIG(st) == 13,
	      "the writer was not killed by SIGPIPE");
}

static void test_nonblock(void)
{
	static char buf[4096];
	int fds[2];
	long n, total = 0, rd;
	int again;

	if (raw_syscall3(SYS_PIPE2, fds, O_NONBLOCK, 0)) {
		check("nonblock", 0, "pipe2 failed");
		return;
	}
	rd = read(fds[0], buf, 1);
	again = rd < 0 && errno == EAGAIN;
	while ((n = write(fds[1], buf, sizeof(buf))) > 0)
		total += n;
	again = again && n < 0 && errno == EAGAIN;
	printf("pipetest: nonblocking pipe holds %ld bytes\n", total);
	while ((n = read(fds[0], buf, sizeof(buf))) > 0)
		total -= n;
	check("nonblock", again && total == 0 && n < 0 && errno == EAGAIN,
	      "EAGAIN missing or bytes lost");
	close(fds[0]);
	close(fds[1]);
}

/* Fork a child running fn, kill it with sig after a moment; its wait
 * status. */
static int killed_status(void (*fn)(int), int sig)
{
	struct timespec ts = {0, 50 * 1000 * 1000};
	int fds[2], st = -1;
	pid_t pid;

	if (pipe(fds))
		return -1;
	pid = fork();
	if (pid == 0)
		fn(fds[0]);
	nanosleep(&ts, NULL);
	if (kill(pid, sig))
		return -2;
	waitpid(pid, &st, 0);
	close(fds[0]);
	close(fds[1]);
	return st;
}

static void sleeper(int fd)
{
	struct timespec ts = {100, 0};

	(void)fd;
	nanosleep(&ts, NULL);
	_exit(4);
}

static void spinner(int fd)
{
	(void)fd;
	for (volatile unsigned long i = 0;; i++)
		;
}

static void reader(int fd)
{
	char c;

	read(fd, &c, 1); /* blocks: the parent holds the write end */
	_exit(5);
}

static void test_kill(void)
{
	pid_t me = getpid();

	check("kill-sleeping", killed_status(sleeper, SIGKILL) == SIGKILL,
	      "a sleeping child was not ended by SIGKILL");
	check("kill-spinning", killed_status(spinner, SIGTERM) == SIGTERM,
	      "a spinning child was not ended by SIGTERM");
	check("kill-reading", killed_status(reader, SIGKILL) == SIGKILL,
	      "a child blocked in read was not ended by SIGKILL");
	check("kill-check", kill(me, 0) == 0, "kill(self, 0) failed");
	check("kill-esrch", kill(0x7ffffff0, SIGKILL) < 0 && errno == ESRCH,
	      "no ESRCH for a pid that does not exist");
}

int main(void)
{
	test_bulk();
	test_sigpipe();
	test_nonblock();
	test_kill();
	printf("pipetest: %d failure%s\n", failures, failures == 1 ? "" : "s");
	return failures;
}
