/* SPDX-License-Identifier: MIT */
/* A sysfuzz child: its set-up, so that nothing it does can touch the
 * console or block, and its loop. */
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "sysfuzz.h"

#define MAX_FD 1024

/* Leaves only the progress pipe, as FZ_PROGRESS_FD; fd 0 becomes the read
 * end of a pipe without a writer (reads give 0 at once), 1 and 2 stay
 * closed. -1 on failure. */
static int fds(int progress_fd)
{
	int p[2];

	if (progress_fd != FZ_PROGRESS_FD) {
		if (dup2(progress_fd, FZ_PROGRESS_FD) < 0)
			return -1;
	}
	for (int fd = 0; fd < MAX_FD; fd++)
		if (fd != FZ_PROGRESS_FD)
			close(fd);
	if (pipe(p) < 0 || p[0] != 0)
		return -1;
	close(p[1]);
	return 0;
}

/* Maps buf (with an unmapped guard page after it: tern's mprotect has no
 * PROT_NONE yet) and scratch. */
static int memory(struct fz_mem *m)
{
	size_t blen = (FZ_BUF_PAGES + 1) * FZ_PAGE;
	size_t slen = FZ_SCRATCH_PAGES * FZ_PAGE;
	void *b = mmap(NULL, blen, PROT_READ | PROT_WRITE,
	               MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	void *s = mmap(NULL, slen, PROT_READ | PROT_WRITE,
	               MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (b == MAP_FAILED || s == MAP_FAILED)
		return -1;
	m->buf = (uintptr_t)b;
	m->buf_end = m->buf + FZ_BUF_PAGES * FZ_PAGE;
	m->scratch = (uintptr_t)s;
	m->scratch_end = m->scratch + slen;
	return munmap((void *)m->buf_end, FZ_PAGE);
}

_Noreturn void fz_child(long calls, int progress_fd, uint64_t seed)
{
	struct fz_mem m;
	char beat = '.';

	fz_seed(seed);
	if (fds(progress_fd) < 0 || memory(&m) < 0)
		_exit(2);
	for (long i = 1; i <= calls; i++) {
		fz_call(&m);
		if (i % FZ_CHUNK == 0)
			(void)write(FZ_PROGRESS_FD, &beat, 1);
	}
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	_exit(0);
}
