/* SPDX-License-Identifier: MIT */
/*
 * procbench [-n CALLS] [-m CYCLES] [-r REPS] [-t PROGRAM]: the cost of a
 * system call and of process creation, timed with
 * clock_gettime(CLOCK_MONOTONIC). The x86_64 Linux system-call ABI is
 * tern's, so this one binary runs on tern and on Linux alike
 * (scripts/bench-proc runs it on both, on the same QEMU command line).
 *
 *   getpid      CALLS getpid() round trips (default 200000)
 *   ebadf       CALLS write(-1, ...) calls failing with EBADF: a call that
 *               looks up a file descriptor and fails
 *   fork        CYCLES fork + _exit(0) in the child + wait4 (default 300)
 *   forkexec    CYCLES fork + execve(PROGRAM) + exit + wait4, PROGRAM
 *               being /bin/true unless -t says otherwise
 *
 * Each measure runs REPS times (default 5) after a short warm-up and
 * prints one line per repetition and one with the median, in tenths of a
 * nanosecond printed as a decimal (libc's printf has no floating point):
 *
 *   procbench: start calls=200000 cycles=300 reps=5 exec=/bin/true
 *   procbench: getpid rep=1 n=200000 ns=123.4
 *   procbench: getpid median ns=123.4 min=120.1 max=130.9
 *   ...
 *   procbench: total ms=5678
 *   procbench: done
 *
 * Exit status 0, or 1 after a "procbench: error ..." line when a call
 * fails (a fork, an exec, a child's status other than 0).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define REPS_MAX 64

static const char *exec_path = "/bin/true";

static uint64_t now_ns(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts)) {
		dprintf(2, "procbench: error clock_gettime: errno %d\n", errno);
		exit(1);
	}
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* The loops: each returns 0, or -1 after printing why. */

static int loop_getpid(long n)
{
	pid_t me = getpid();

	for (long i = 0; i < n; i++) {
		if (getpid() != me) {
			dprintf(2, "procbench: error getpid changed\n");
			return -1;
		}
	}
	return 0;
}

static int loop_ebadf(long n)
{
	char c = 'x';

	for (long i = 0; i < n; i++) {
		if (write(-1, &c, 1) != -1 || errno != EBADF) {
			dprintf(2, "procbench: error write(-1) did not fail "
			           "with EBADF\n");
			return -1;
		}
	}
	return 0;
}

/* One child: fork, the child runs child(), the parent waits for it and
 * wants status 0. */
static int one_child(void (*child)(void), const char *what)
{
	int status;
	pid_t pid = fork();

	if (pid < 0) {
		dprintf(2, "procbench: error %s: fork: errno %d\n", what,
		        errno);
		return -1;
	}
	if (pid == 0)
		child();
	if (waitpid(pid, &status, 0) != pid) {
		dprintf(2, "procbench: error %s: wait4: errno %d\n", what,
		        errno);
		return -1;
	}
	if (status) {
		dprintf(2, "procbench: error %s: child status %#x\n", what,
		        status);
		return -1;
	}
	return 0;
}

static void child_exit(void)
{
	_exit(0);
}

static void child_exec(void)
{
	char *argv[] = {(char *)exec_path, NULL};
	char *envp[] = {NULL};

	execve(exec_path, argv, envp);
	dprintf(2, "procbench: error execve %s: errno %d\n", exec_path, errno);
	_exit(127);
}

static int loop_fork(long n)
{
	for (long i = 0; i < n; i++)
		if (one_child(child_exit, "fork"))
			return -1;
	return 0;
}

static int loop_forkexec(long n)
{
	for (long i = 0; i < n; i++)
		if (one_child(child_exec, "forkexec"))
			return -1;
	return 0;
}

static void sort(uint64_t *v, int n)
{
	for (int i = 1; i < n; i++) {
		uint64_t x = v[i];
		int j = i;

		for (; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

/* Tenths of a nanosecond as "123.4". */
static const char *tenths(uint64_t t, char *buf, size_t size)
{
	snprintf(buf, size, "%lu.%lu", (unsigned long)(t / 10),
	         (unsigned long)(t % 10));
	return buf;
}

/* reps timed runs of loop(n) after a warm-up of warm iterations; one line
 * per run and the median (of an even count: the mean of the middle two). */
static int measure(const char *name, int (*loop)(long), long n, long warm,
                   int reps)
{
	uint64_t per[REPS_MAX];
	char a[32], b[32], c[32];

	if (loop(warm))
		return -1;
	for (int r = 0; r < reps; r++) {
		uint64_t t0 = now_ns();

		if (loop(n))
			return -1;
		per[r] = (now_ns() - t0) * 10 / (uint64_t)n;
		printf("procbench: %s rep=%d n=%ld ns=%s\n", name, r + 1, n,
		       tenths(per[r], a, sizeof(a)));
	}
	sort(per, reps);
	uint64_t med =
	    reps % 2 ? per[reps / 2] : (per[reps / 2 - 1] + per[reps / 2]) / 2;
	printf("procbench: %s median ns=%s min=%s max=%s\n", name,
	       tenths(med, a, sizeof(a)), tenths(per[0], b, sizeof(b)),
	       tenths(per[reps - 1], c, sizeof(c)));
	return 0;
}

static long number(const char *opt, const char *s, long lo, long hi)
{
	long v = 0;

	if (!s || !*s)
		goto bad;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > hi)
			goto bad;
		v = v * 10 + (*s - '0');
	}
	if (v >= lo && v <= hi)
		return v;
bad:
	dprintf(2, "procbench: %s wants a number from %ld to %ld\n", opt, lo,
	        hi);
	exit(2);
}

static _Noreturn void usage(void)
{
	dprintf(2, "usage: procbench [-n CALLS] [-m CYCLES] [-r REPS] "
	           "[-t PROGRAM]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	long calls = 200000, cycles = 300;
	int reps = 5;

	for (int i = 1; i < argc; i += 2) {
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(argv[i], "-n"))
			calls = number("-n", v, 1, 100000000);
		else if (!strcmp(argv[i], "-m"))
			cycles = number("-m", v, 1, 1000000);
		else if (!strcmp(argv[i], "-r"))
			reps = (int)number("-r", v, 1, REPS_MAX);
		else if (!strcmp(argv[i], "-t") && v)
			exec_path = v;
		else
			usage();
	}
	printf("procbench: start calls=%ld cycles=%ld reps=%d exec=%s\n", calls,
	       cycles, reps, exec_path);
	long cwarm = cycles < 3 ? cycles : 3;
	uint64_t t0 = now_ns();
	if (measure("getpid", loop_getpid, calls, calls / 10 + 1, reps) ||
	    measure("ebadf", loop_ebadf, calls, calls / 10 + 1, reps) ||
	    measure("fork", loop_fork, cycles, cwarm, reps) ||
	    measure("forkexec", loop_forkexec, cycles, cwarm, reps))
		return 1;
	/* The whole run by this clock: scripts/bench-proc holds it against
	 * the host's, which catches a guest clock running at the wrong rate. */
	printf("procbench: total ms=%lu\n",
	       (unsigned long)((now_ns() - t0) / 1000000));
	printf("procbench: done\n");
	return 0;
}
