/* SPDX-License-Identifier: MIT */
/*
 * sysfuzz [CALLS] [PROCS] [SEED]: CALLS (default 1,000,000) random system
 * calls with hostile arguments (sysfuzz_args.c), spread over child
 * processes, PROCS (default 8) at a time; a child that a signal ended
 * (a fault it provoked, SIGPIPE) is counted and its unfinished calls go
 * to a new child. When fork meets the process limit, fewer children run.
 * Each child reports progress over a pipe, one byte per FZ_CHUNK calls;
 * one silent for STUCK_MS is killed and reported ("sysfuzz: child PID
 * stuck"). Prints the seed (SEED, or random), then "sysfuzz: N calls in P
 * processes, seed S, K children ended by a signal" and "sysfuzz: done".
 * Exit 0, or 1 after a stuck child or one that could not set itself up.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "sysfuzz.h"

#define MAX_PROCS       64
#define STUCK_MS        30000
#define FORK_RETRY_MS   10000
#define TICK_NS         5000000L
#define MAX_QUICK_DEATH 100 /* children in a row dead before one chunk */

struct kid {
	pid_t pid;    /* 0: a free slot */
	int rfd;      /* the progress pipe's read end */
	long quota;   /* calls it was given */
	long beats;   /* progress bytes read */
	long last_ms; /* when the last one came */
};

static struct kid kids[MAX_PROCS];
static long calls = 1000000, assigned, done;
static int procs = 8, running, started, signalled, quick_deaths, failed;
static uint64_t seed;

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Starts one child in slot k with the next share of the calls. 0, or -1
 * with errno when pipe2 or fork failed. */
static int start(struct kid *k)
{
	long share = (calls + procs - 1) / procs;
	long q = share < calls - assigned ? share : calls - assigned;
	uint64_t kseed = fz_mix(seed ^ fz_mix((uint64_t)started + 1));
	int p[2];

	if (pipe2(p, O_NONBLOCK) < 0)
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		fz_child(q, p[1], kseed);
	}
	int err = errno;
	close(p[1]);
	if (pid < 0) {
		close(p[0]);
		errno = err;
		return -1;
	}
	*k = (struct kid){pid, p[0], q, 0, now_ms()};
	assigned += q;
	started++;
	running++;
	return 0;
}

/* Starts children while fewer than procs run and calls are unassigned;
 * fork's EAGAIN only fails the run when nothing ran for FORK_RETRY_MS. */
static void start_more(void)
{
	static long stalled_since;

	for (int i = 0; i < procs && assigned < calls && !failed; i++) {
		if (kids[i].pid)
			continue;
		if (start(&kids[i]) == 0) {
			stalled_since = 0;
			continue;
		}
		if (errno != EAGAIN) {
			printf("sysfuzz: starting a child: %s\n",
			       strerror(errno));
			failed = 1;
		} else if (running == 0 && !stalled_since) {
			stalled_since = now_ms();
		} else if (running == 0 &&
		           now_ms() - stalled_since > FORK_RETRY_MS) {
			printf("sysfuzz: fork: EAGAIN for %d s with no child "
			       "running\n",
			       FORK_RETRY_MS / 1000);
			failed = 1;
		}
		return;
	}
}

/* Reads what k's progress pipe holds. */
static void drain(struct kid *k)
{
	char b[256];
	ssize_t n;

	while ((n = read(k->rfd, b, sizeof(b))) > 0) {
		k->beats += n;
		k->last_ms = now_ms();
	}
}

/* Accounts for a child that ended with wait status st. */
static void ended(struct kid *k, int st)
{
	drain(k);
	long part =
	    k->beats * FZ_CHUNK < k->quota ? k->beats * FZ_CHUNK : k->quota;
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0) {
		part = k->quota;
	} else if (WIFSIGNALED(st)) {
		signalled++;
		quick_deaths = k->beats ? 0 : quick_deaths + 1;
		if (quick_deaths > MAX_QUICK_DEATH) {
			printf("sysfuzz: %d children in a row died before "
			       "%d calls\n",
			       quick_deaths, FZ_CHUNK);
			failed = 1;
		}
	} else {
		printf("sysfuzz: child %d failed its set-up (status %d)\n",
		       k->pid, WEXITSTATUS(st));
		failed = 1;
	}
	done += part;
	assigned -= k->quota - part; /* the rest goes to a new child */
	close(k->rfd);
	k->pid = 0;
	running--;
}

/* Reaps every child that has ended. */
static void reap(void)
{
	int st;
	pid_t pid;

	while ((pid = waitpid(-1, &st, WNOHANG)) > 0)
		for (int i = 0; i < procs; i++)
			if (kids[i].pid == pid)
				ended(&kids[i], st);
}

/* Drains every child's progress and kills the ones silent too long. */
static void watch(void)
{
	long now = now_ms();

	for (int i = 0; i < procs; i++) {
		struct kid *k = &kids[i];
		if (!k->pid)
			continue;
		drain(k);
		if (now - k->last_ms > STUCK_MS) {
			printf("sysfuzz: child %d stuck\n", k->pid);
			kill(k->pid, SIGKILL);
			k->last_ms = now; /* once */
			failed = 1;
		}
	}
}

/* Parses the arguments; -1 after a usage message. */
static int args(int argc, char **argv)
{
	char *end;

	if (argc > 4)
		goto usage;
	if (argc > 1 && ((calls = strtol(argv[1], &end, 0)) < 1 || *end))
		goto usage;
	if (argc > 2 && ((procs = (int)strtol(argv[2], &end, 0)) < 1 ||
	                 procs > MAX_PROCS || *end))
		goto usage;
	if (argc > 3) {
		seed = strtoul(argv[3], &end, 0);
		if (*end || !*argv[3])
			goto usage;
	} else if (getrandom(&seed, sizeof(seed), 0) != sizeof(seed)) {
		seed = (uint64_t)now_ms();
	}
	return 0;
usage:
	dprintf(STDERR_FILENO,
	        "usage: sysfuzz [CALLS >= 1] [PROCS 1..%d] [SEED]\n",
	        MAX_PROCS);
	return -1;
}

int main(int argc, char **argv)
{
	struct timespec tick = {0, TICK_NS};

	if (args(argc, argv) < 0)
		return 1;
	printf("sysfuzz: %ld calls, %d processes at a time, seed %lu\n", calls,
	       procs, (unsigned long)seed);
	while ((!failed && assigned < calls) || running > 0) {
		start_more();
		nanosleep(&tick, NULL);
		watch();
		reap();
	}
	printf("sysfuzz: %ld calls in %d processes, seed %lu, %d children "
	       "ended by a signal\n",
	       done, started, (unsigned long)seed, signalled);
	if (failed)
		return 1;
	printf("sysfuzz: done\n");
	return 0;
}
