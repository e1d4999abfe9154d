/* SPDX-License-Identifier: MIT */
/*
 * sysfuzz's calls: a table of system calls, each with generators for its
 * arguments. Generic arguments mix small ints, -1, random 64-bit values,
 * NULL, kernel and non-canonical addresses, the top of the user half, the
 * child's own buffer (also with lengths running into its guard page).
 * Calls that could block, end the child early or reach outside it are
 * shaped: see the comment of each shaping generator.
 */
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "sysfuzz.h"

#define TOP_USER 0x00007ffffffff000ul
#define FAR_PID  0x40000000l /* above any pid Linux or tern hands out */
#define NEVER_FD (-1l)

static uint64_t state;

void fz_seed(uint64_t seed)
{
	state = seed;
}

uint64_t fz_mix(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

uint64_t fz_rand(void)
{
	return fz_mix(state += 0x9e3779b97f4a7c15ull);
}

static uint64_t below(uint64_t n)
{
	return fz_rand() % n;
}

/* Addresses no call may use successfully: the kernel half,
 * non-canonical ones, the top of the user half, page 0. */
static long wild_addr(void)
{
	static const uint64_t bad[] = {
	    0xffffffff80000000ull, 0xffff800000000000ull, 0xffffffffffffffffull,
	    0xfffffffffffff000ull, 0x0000800000000000ull, 0x8000000000000000ull,
	    0x00007fffffffffffull, 0x0000000000000010ull,
	};
	return (long)bad[below(sizeof(bad) / sizeof(bad[0]))];
}

/* wild_addr, or now and then somewhere in the guard page. Not for
 * munmap, mprotect or MAP_FIXED: a long length from the guard page could
 * reach the child's own mappings. */
static long bad_addr(const struct fz_mem *m)
{
	if (below(8) == 0)
		return (long)m->buf_end + (long)below(FZ_PAGE);
	return wild_addr();
}

/* A pointer argument: bad addresses, NULL, random values, the top of the
 * user half, or into the child's buffer, also just before its end. */
static long ptr(const struct fz_mem *m)
{
	switch (below(8)) {
	case 0:
		return 0;
	case 1:
		return (long)fz_rand();
	case 2:
		return (long)TOP_USER + (long)below(FZ_PAGE);
	case 3:
		return bad_addr(m);
	case 4:
		return (long)m->buf_end - 1 - (long)below(256);
	default:
		return (long)m->buf + (long)(below(m->buf_end - m->buf) & ~7ul);
	}
}

/* A length: 0, small, page-sized and off by one, huge, negative. */
static long len(void)
{
	static const long lens[] = {0,    1,        8,         144,   4095,
	                            4096, 4097,     16384,     65536, 1l << 30,
	                            -1,   1l << 62, 0x7ffff000};
	if (below(4) == 0)
		return (long)below(512);
	return lens[below(sizeof(lens) / sizeof(lens[0]))];
}

/* Any value at all. */
static long any(const struct fz_mem *m)
{
	switch (below(6)) {
	case 0:
		return (long)below(68) - 4;
	case 1:
		return -1;
	case 2:
		return (long)fz_rand();
	case 3:
		return len();
	default:
		return ptr(m);
	}
}

/* An fd: mostly small ones; never FZ_PROGRESS_FD or a keeper fd (in the
 * low 32 bits, which is all Linux looks at). */
static long fd(void)
{
	long v = below(4) ? (long)below(12) : below(2) ? -1 : (long)fz_rand();
	uint32_t low = (uint32_t)v;
	int reserved = low == FZ_PROGRESS_FD ||
	               (low >= FZ_KEEP_FD && low < FZ_KEEP_FD + FZ_KEEP_N);
	return reserved ? NEVER_FD : v;
}

/* The generic call: n with arguments by kind string k ('a' any, 'p'
 * pointer, 'l' length, 'f' fd, '0' zero). */
static void generic(const struct fz_mem *m, long n, const char *k)
{
	long a[6] = {0};

	for (int i = 0; i < 6 && k[i]; i++)
		a[i] = k[i] == 'p'   ? ptr(m)
		       : k[i] == 'l' ? len()
		       : k[i] == 'f' ? fd()
		       : k[i] == 'a' ? any(m)
		                     : 0;
	(void)syscall6(n, a[0], a[1], a[2], a[3], a[4], a[5]);
}

/* open: read-only paths only, always O_NONBLOCK (nothing is created,
 * truncated or written, nothing blocks). */
static void fz_open(const struct fz_mem *m)
{
	static const char *const paths[] = {
	    "/",          "/bin",         "/bin/sh", "/etc/motd",
	    "/proc/ps",   "/nonexistent", "",        "//bin/../bin/./true",
	    "/etc/motd/x"};
	long path = below(2)
	                ? (long)paths[below(sizeof(paths) / sizeof(paths[0]))]
	                : ptr(m);
	long flags = O_RDONLY | O_NONBLOCK |
	             (long)(fz_rand() & (O_DIRECTORY | O_CLOEXEC | 0400000));

	(void)syscall6(SYS_open, path, flags, any(m), 0, 0, 0);
}

/* mmap: MAP_FIXED only inside scratch or at a bad address, never
 * MAP_POPULATE or MAP_LOCKED (the host's memory). */
static void fz_mmap(const struct fz_mem *m)
{
	static const long flag_sets[] = {MAP_PRIVATE | MAP_ANONYMOUS,
	                                 MAP_PRIVATE | MAP_ANONYMOUS | 0x4000,
	                                 MAP_PRIVATE,
	                                 0x01 | MAP_ANONYMOUS,
	                                 0,
	                                 0x03};
	long flags = flag_sets[below(sizeof(flag_sets) / sizeof(flag_sets[0]))];
	long addr = below(2) ? ptr(m) : 0;
	long length = len();

	if (below(4) == 0) {
		flags |= MAP_FIXED;
		addr = wild_addr();
		if (below(2)) {
			uint64_t page = below(FZ_SCRATCH_PAGES);
			addr = (long)(m->scratch + page * FZ_PAGE);
			length = (long)below(
			    (FZ_SCRATCH_PAGES - page) * FZ_PAGE + 1);
		}
	}
	(void)syscall6(SYS_mmap, addr, length, (long)below(8), flags, fd(),
	               below(4) ? 0 : any(m));
}

/* munmap and mprotect: inside scratch (clipped to it) or at bad
 * addresses, so that the child's own code, data and stack stay. */
static void fz_unmap_protect(const struct fz_mem *m, long n)
{
	long addr = wild_addr(), length = len();

	if (below(2)) {
		uintptr_t a = m->scratch + below(m->scratch_end - m->scratch);
		if (below(2))
			a &= ~(FZ_PAGE - 1);
		uint64_t room = m->scratch_end - a;
		addr = (long)a;
		length = (long)below(room + 1);
	}
	(void)syscall6(n, addr, length, (long)(fz_rand() & 0xf), 0, 0, 0);
}

/* pipe2: always O_NONBLOCK, so no fd the child holds can block. The
 * first FZ_KEEP_N pipes go into an array of its own and their read ends
 * are also kept in keeper fds, which fuzzed calls cannot close: writes to
 * them then give EAGAIN rather than SIGPIPE, which would end the child.
 * Later calls get fuzzed pointers, rarely a valid one (an unkept pipe). */
static void fz_pipe2(const struct fz_mem *m)
{
	static int kept;
	long flags = O_NONBLOCK | (below(2) ? O_CLOEXEC : 0);
	int p[2];

	if (kept == FZ_KEEP_N || below(4) == 0) {
		long fds = below(16) ? bad_addr(m) : ptr(m);
		(void)syscall6(SYS_pipe2, fds, flags, 0, 0, 0, 0);
		return;
	}
	if (syscall6(SYS_pipe2, (long)p, flags, 0, 0, 0, 0) == 0)
		(void)dup2(p[0], FZ_KEEP_FD + kept++);
}

/* dup2 between fds that are never FZ_PROGRESS_FD. */
static void fz_dup2(const struct fz_mem *m)
{
	(void)m;
	(void)syscall6(SYS_dup2, fd(), fd(), 0, 0, 0, 0);
}

/* nanosleep: a tiny or invalid request (never a buffer whose contents
 * could ask for a long sleep). */
static void fz_nanosleep(const struct fz_mem *m)
{
	static const struct timespec reqs[] = {
	    {0, 0}, {0, 1000}, {0, -1}, {0, 1000000000}, {-1, 0}};
	long req = below(4) ? (long)&reqs[below(5)] : bad_addr(m);

	(void)syscall6(SYS_nanosleep, req, ptr(m), 0, 0, 0, 0);
}

/* wait4: always WNOHANG. */
static void fz_wait4(const struct fz_mem *m)
{
	long pid = below(2) ? -1 : any(m);
	long opts = WNOHANG | (long)(fz_rand() & 0xe000000aul);

	(void)syscall6(SYS_wait4, pid, ptr(m), opts, ptr(m), 0, 0);
}

/* kill: signal 0 to itself, or any signal to pids and groups that cannot
 * exist. */
static void fz_kill(const struct fz_mem *m)
{
	(void)m;
	if (below(2)) {
		(void)syscall6(SYS_kill, getpid(), 0, 0, 0, 0, 0);
		return;
	}
	long pid = FAR_PID + (long)below(FAR_PID - 1);
	(void)syscall6(SYS_kill, below(2) ? pid : -pid, (long)below(70), 0, 0,
	               0, 0);
}

/* fork: the child ends at once, rarely after exec'ing /bin/true. */
static void fz_fork(const struct fz_mem *m)
{
	static char *const argv[] = {"true", NULL};
	static char *const envp[] = {NULL};

	(void)m;
	long pid = syscall6(SYS_fork, 0, 0, 0, 0, 0, 0);
	if (pid != 0)
		return;
	if (below(8) == 0)
		(void)syscall6(SYS_execve, (long)"/bin/true", (long)argv,
		               (long)envp, 0, 0, 0);
	_exit(0);
}

/* execve that must fail: missing, non-executable or bad paths, with any
 * argv and envp. */
static void fz_execve(const struct fz_mem *m)
{
	static const char *const paths[] = {"/nonexistent/sysfuzz", "", "/",
	                                    "/etc/motd", "/bin"};
	long path = below(2) ? (long)paths[below(5)] : bad_addr(m);

	(void)syscall6(SYS_execve, path, ptr(m), ptr(m), 0, 0, 0);
}

/* getrandom: always GRND_NONBLOCK. */
static void fz_getrandom(const struct fz_mem *m)
{
	long flags = GRND_NONBLOCK | (long)(fz_rand() & 0x3e);

	(void)syscall6(SYS_getrandom, ptr(m), len(), flags, 0, 0, 0);
}

/* Numbers neither tern nor Linux (x86_64, nor x32) implement. */
static void fz_unknown(const struct fz_mem *m)
{
	long n = below(8) ? 1000 + (long)below(3000) : -1;

	generic(m, n, "aaaaaa");
}

struct call {
	long nr;
	const char *kinds;                      /* for generic calls */
	void (*shaped)(const struct fz_mem *m); /* or NULL */
	int weight;
};

static const struct call calls[] = {
    {SYS_read, "fpl", NULL, 8},
    {SYS_write, "fpl", NULL, 8},
    {SYS_open, NULL, fz_open, 6},
    {SYS_close, "f", NULL, 4},
    {SYS_fstat, "fp", NULL, 4},
    {SYS_lseek, "faa", NULL, 3},
    {SYS_mmap, NULL, fz_mmap, 4},
    {SYS_mprotect, NULL, NULL, 3},
    {SYS_munmap, NULL, NULL, 3},
    {SYS_pipe2, NULL, fz_pipe2, 2},
    {SYS_dup2, NULL, fz_dup2, 3},
    {SYS_nanosleep, NULL, fz_nanosleep, 1},
    {SYS_getpid, "aaa", NULL, 1},
    {SYS_getppid, "aaa", NULL, 1},
    {SYS_fork, NULL, fz_fork, 0}, /* chosen by fz_call, rarely */
    {SYS_execve, NULL, fz_execve, 2},
    {SYS_wait4, NULL, fz_wait4, 2},
    {SYS_kill, NULL, fz_kill, 2},
    {SYS_uname, "p", NULL, 2},
    {SYS_setpgid, "aa", NULL, 1},
    {SYS_getpgid, "a", NULL, 1},
    {SYS_getdents64, "fpl", NULL, 4},
    {SYS_clock_gettime, "ap", NULL, 2},
    {SYS_getrandom, NULL, fz_getrandom, 2},
    {-1, NULL, fz_unknown, 2},
};

#define NCALLS    (sizeof(calls) / sizeof(calls[0]))
#define FORK_1_IN 2048

/* The table entry for a random draw by weight. */
static const struct call *pick(void)
{
	static int total;

	if (!total)
		for (unsigned i = 0; i < NCALLS; i++)
			total += calls[i].weight;
	long r = (long)below((uint64_t)total);
	unsigned i = 0;
	while (r >= calls[i].weight)
		r -= calls[i++].weight;
	return &calls[i];
}

void fz_call(const struct fz_mem *m)
{
	if (below(FORK_1_IN) == 0) {
		fz_fork(m);
		return;
	}
	const struct call *c = pick();
	if (c->nr == SYS_mprotect || c->nr == SYS_munmap)
		fz_unmap_protect(m, c->nr);
	else if (c->shaped)
		c->shaped(m);
	else
		generic(m, c->nr, c->kinds);
}
