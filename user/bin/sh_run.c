/* SPDX-License-Identifier: MIT */
/* sh's executor: pipelines of forked children, redirections, the $PATH
 * search, the builtins exit and wait, and the reporting of how children
 * ended. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "sh.h"

#define PATH_BUF 512

/* Opens each redirection's file onto its fd; -1 after a message. */
static int redirect(const struct sh_cmd *c)
{
	for (int i = 0; i < c->nredir; i++) {
		const struct sh_redir *r = &c->redir[i];
		int fd = open(r->path, r->flags, 0666);
		if (fd < 0) {
			dprintf(STDERR_FILENO, "sh: %s: %s\n", r->path,
			        strerror(errno));
			return -1;
		}
		if (fd != r->fd) {
			dup2(fd, r->fd);
			close(fd);
		}
	}
	return 0;
}

/* execve of argv[0]: as given when it holds a '/', else in each directory
 * of $PATH (default /bin). Returns only on failure: the most telling
 * errno (ENOENT unless some candidate failed otherwise). */
static int exec_path(char **argv)
{
	const char *name = argv[0], *dirs = getenv("PATH");
	char buf[PATH_BUF];
	int err = ENOENT;

	if (strchr(name, '/')) {
		execve(name, argv, environ);
		return errno;
	}
	if (!*name)
		return ENOENT;
	if (!dirs || !*dirs)
		dirs = "/bin";
	for (const char *d = dirs;; d = strchr(d, ':') + 1) {
		const char *colon = strchr(d, ':');
		int n = colon ? (int)(colon - d) : (int)strlen(d);
		int len = snprintf(buf, sizeof(buf), "%.*s/%s", n, d, name);
		if (n > 0 && len > 0 && (size_t)len < sizeof(buf)) {
			execve(buf, argv, environ);
			if (errno != ENOENT && errno != ENOTDIR)
				err = errno;
		}
		if (!colon)
			break;
	}
	return err;
}

/* The builtins, in the shell itself or in a pipeline's child. 1 when
 * argv named one (its status in sh.status), 0 otherwise. */
static int builtin(char **argv)
{
	if (!strcmp(argv[0], "exit")) {
		char *end;
		long v = argv[1] ? strtol(argv[1], &end, 10) : sh.status;
		if (argv[1] && (!*argv[1] || *end)) {
			dprintf(STDERR_FILENO, "sh: exit: %s: not a number\n",
			        argv[1]);
			v = 2;
		}
		sh.status = (int)(v & 0xff);
		sh.exiting = true;
		return 1;
	}
	if (!strcmp(argv[0], "wait")) {
		int st;
		while (wait(&st) > 0 || errno == EINTR)
			;
		sh.status = 0;
		return 1;
	}
	return 0;
}

/* In the child: its job's process group (pgid, 0 for a new one led by
 * the first command) when there is job control or it runs in the
 * background, SIGINT and SIGQUIT as they were before sh ignored them,
 * stdin from in, stdout to out, close the pipe end it must not hold
 * (unused, or -1), the redirections, then the command. */
static _Noreturn void child(const struct sh_cmd *c, int in, int out, int unused,
                            bool background, pid_t pgid)
{
	if (sh.interactive || background)
		setpgid(0, pgid); /* the parent does it too: no race */
	if (sh.interactive) {
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
	}
	if (in != STDIN_FILENO) {
		dup2(in, STDIN_FILENO);
		close(in);
	}
	if (out != STDOUT_FILENO) {
		dup2(out, STDOUT_FILENO);
		close(out);
	}
	if (unused >= 0)
		close(unused);
	if (redirect(c) < 0)
		_exit(1);
	if (builtin(c->argv))
		_exit(sh.status);
	int err = exec_path(c->argv);
	if (err == ENOENT) {
		dprintf(STDERR_FILENO, "sh: %s: not found\n", c->argv[0]);
		_exit(127);
	}
	dprintf(STDERR_FILENO, "sh: %s: %s\n", c->argv[0], strerror(err));
	_exit(126);
}

/* The status $? gets for a wait status; reports a signal death (except
 * SIGINT, which the user typed and the console echoed, and SIGPIPE of a
 * command that is not the last of its pipeline). */
static int report(const char *name, int st, bool last)
{
	if (!WIFSIGNALED(st))
		return WEXITSTATUS(st);
	if (WTERMSIG(st) != SIGINT && (last || WTERMSIG(st) != SIGPIPE))
		dprintf(STDERR_FILENO, "sh: %s: killed by signal %d\n", name,
		        WTERMSIG(st));
	return 128 + WTERMSIG(st);
}

/* Forks the pipeline's commands with pipes between them; pids[i] gets
 * each child (the loop stops at a failure). The number started. */
static int spawn(const struct sh_line *l, const struct sh_job *j, pid_t *pids)
{
	int in = STDIN_FILENO, n = 0;
	pid_t pgid = 0;

	for (; n < j->ncmds; n++) {
		int p[2] = {-1, STDOUT_FILENO};
		if (n < j->ncmds - 1 && pipe(p) < 0) {
			dprintf(STDERR_FILENO, "sh: pipe: %s\n",
			        strerror(errno));
			break;
		}
		pids[n] = fork();
		if (pids[n] == 0)
			child(&l->cmds[j->first + n], in, p[1], p[0],
			      j->background, pgid);
		int err = errno;
		if (pids[n] > 0 && (sh.interactive || j->background)) {
			if (!pgid)
				pgid = pids[n];
			setpgid(pids[n], pgid);
		}
		if (in != STDIN_FILENO)
			close(in);
		if (p[1] != STDOUT_FILENO)
			close(p[1]);
		in = p[0];
		if (pids[n] < 0) {
			dprintf(STDERR_FILENO, "sh: fork: %s\n", strerror(err));
			break;
		}
	}
	if (in >= 0 && in != STDIN_FILENO)
		close(in);
	return n;
}

/* Waits for the n commands started; sh.status is the last one's. */
static void wait_job(const struct sh_job *j, const struct sh_cmd *cmds,
                     const pid_t *pids, int n)
{
	sh.status = 1;
	for (int i = 0; i < n; i++) {
		int st;
		while (waitpid(pids[i], &st, 0) < 0)
			if (errno != EINTR)
				return;
		int s = report(cmds[i].argv[0], st, i == j->ncmds - 1);
		if (i == j->ncmds - 1)
			sh.status = s;
	}
}

void sh_run_job(const struct sh_line *l)
{
	const struct sh_job *j = &l->jobs[0];
	const struct sh_cmd *cmds = &l->cmds[j->first];
	pid_t pids[SH_MAX_CMDS];

	if (j->ncmds == 1 && !j->background && builtin(cmds[0].argv))
		return;
	int n = spawn(l, j, pids);
	if (j->background) {
		if (n > 0)
			dprintf(STDERR_FILENO, "[%d]\n", pids[n - 1]);
		sh.status = n == j->ncmds ? 0 : 1;
		return;
	}
	if (sh.interactive && n > 0)
		tcsetpgrp(STDIN_FILENO, pids[0]); /* the job's: Ctrl-C is its */
	wait_job(j, cmds, pids, n);
	if (sh.interactive)
		tcsetpgrp(STDIN_FILENO, sh.pgid); /* the console back */
}

void sh_reap_background(void)
{
	int st;
	pid_t pid;

	while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
		if (!sh.interactive)
			continue;
		if (WIFSIGNALED(st))
			dprintf(STDERR_FILENO, "[%d] killed by signal %d\n",
			        pid, WTERMSIG(st));
		else
			dprintf(STDERR_FILENO, "[%d] done, status %d\n", pid,
			        WEXITSTATUS(st));
	}
}
