/* SPDX-License-Identifier: MIT */
/*
 * init: the first program. Starts /bin/sh (argv {"sh"}, environment
 * PATH=/bin), then reaps every child that ends (orphans included) until
 * sh itself has ended, and exits with sh's status (128+N when a signal N
 * killed it).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define SHELL "/bin/sh"

int main(void)
{
	char *argv[] = {"sh", NULL};
	char *envp[] = {"PATH=/bin", NULL};

	printf("init: starting %s\n", SHELL);
	pid_t sh = fork();
	if (sh < 0) {
		printf("init: fork: %s\n", strerror(errno));
		return 1;
	}
	if (sh == 0) {
		execve(SHELL, argv, envp);
		printf("init: %s: %s\n", SHELL, strerror(errno));
		_exit(127);
	}
	for (;;) {
		int st;
		pid_t pid = wait(&st);
		if (pid < 0 && errno == EINTR)
			continue;
		if (pid < 0) {
			printf("init: wait: %s\n", strerror(errno));
			return 1;
		}
		if (pid != sh)
			continue;
		if (WIFSIGNALED(st)) {
			printf("init: sh killed by signal %d\n", WTERMSIG(st));
			return 128 + WTERMSIG(st);
		}
		printf("init: sh exited with %d\n", WEXITSTATUS(st));
		return WEXITSTATUS(st);
	}
}
