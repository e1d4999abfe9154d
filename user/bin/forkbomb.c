/* SPDX-License-Identifier: MIT */
/*
 * forkbomb [MAX]: forks until fork fails or MAX children (default 1000)
 * exist; each child sleeps 200 ms and exits 0. Then waits for all of them
 * and checks each exited with 0. Prints "forkbomb: N children, then
 * EAGAIN" (or "..., MAX reached") and "forkbomb: all N reaped"; exit 0,
 * or 1 on anything else (another fork error, a child that failed, a
 * missing child).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_MAX 1000
#define CHILD_NS    200000000L

int main(int argc, char **argv)
{
	long max = argc > 1 ? strtol(argv[1], NULL, 10) : DEFAULT_MAX;
	long n = 0;
	int err = 0, status = 0;

	if (max < 1) {
		dprintf(STDERR_FILENO, "usage: forkbomb [MAX >= 1]\n");
		return 1;
	}
	for (; n < max; n++) {
		pid_t pid = fork();
		if (pid == 0) {
			struct timespec ts = {0, CHILD_NS};
			nanosleep(&ts, NULL);
			_exit(0);
		}
		if (pid < 0) {
			err = errno;
			break;
		}
	}
	if (!err) {
		printf("forkbomb: %ld children, MAX reached\n", n);
	} else if (err == EAGAIN) {
		printf("forkbomb: %ld children, then EAGAIN\n", n);
	} else {
		printf("forkbomb: %ld children, then %s\n", n, strerror(err));
		status = 1;
	}
	for (long i = 0; i < n; i++) {
		int st;
		pid_t pid = wait(&st);
		if (pid < 0 && errno == EINTR) {
			i--;
			continue;
		}
		if (pid < 0) {
			printf("forkbomb: wait: %s after %ld\n",
			       strerror(errno), i);
			return 1;
		}
		if (!WIFEXITED(st) || WEXITSTATUS(st)) {
			printf("forkbomb: child %d ended with status 0x%x\n",
			       pid, st);
			status = 1;
		}
	}
	if (!status)
		printf("forkbomb: all %ld reaped\n", n);
	return status;
}
