/* SPDX-License-Identifier: MIT */
/* Pipes (pipe.h), and the pipe and pipe2 system calls. */
#include <libk/string.h>
#include <mm/kmalloc.h>
#include <tern/errno.h>
#include <tern/signal.h>
#include <tern/syscall.h>
#include "proc/file.h"
#include "proc/pipe.h"
#include "proc/proc.h"
#include "proc/sys.h"
#include "proc/uaccess.h"
#include "sched/thread.h"
#include "sched/waitq.h"
#include "sync/spinlock.h"

#define S_IFIFO 0010000u

struct pipe {
	struct spinlock lk;        /* everything below */
	struct waitq readable;     /* readers waiting for data or EOF */
	struct waitq writable;     /* writers waiting for room */
	uint8_t *buf;              /* PIPE_SIZE bytes */
	uint64_t head, tail;       /* bytes ever written / read */
	unsigned readers, writers; /* open ends (0 or 1 file each) */
};

static unsigned pipes_alive;

unsigned pipe_count(void)
{
	return __atomic_load_n(&pipes_alive, __ATOMIC_RELAXED);
}

static struct pipe *pipe_alloc(void)
{
	struct pipe *p = kmalloc(sizeof(*p));

	if (!p)
		return NULL;
	LIBK_FN(memset)(p, 0, sizeof(*p));
	p->buf = kmalloc(PIPE_SIZE);
	if (!p->buf) {
		kfree(p);
		return NULL;
	}
	p->lk = (struct spinlock)SPINLOCK_INIT("pipe");
	waitq_init(&p->readable);
	waitq_init(&p->writable);
	p->readers = p->writers = 1;
	__atomic_fetch_add(&pipes_alive, 1, __ATOMIC_RELAXED);
	return p;
}

int pipe_create(struct file **rd, struct file **wr)
{
	struct pipe *p = pipe_alloc();

	*rd = p ? file_new(FILE_PIPE_R) : NULL;
	*wr = *rd ? file_new(FILE_PIPE_W) : NULL;
	if (!*wr) {
		kfree(*rd);
		if (p) {
			kfree(p->buf);
			kfree(p);
			__atomic_fetch_sub(&pipes_alive, 1, __ATOMIC_RELAXED);
		}
		return -ENOMEM;
	}
	(*rd)->pipe = (*wr)->pipe = p;
	(*rd)->mode = (*wr)->mode = S_IFIFO | 0600;
	return 0;
}

void pipe_close(struct pipe *p, bool writer)
{
	uint64_t f = spin_lock_irqsave(&p->lk);
	bool last;

	if (writer)
		p->writers--;
	else
		p->readers--;
	last = !p->readers && !p->writers;
	waitq_wake_all(&p->readable); /* EOF, or a writer's EPIPE */
	waitq_wake_all(&p->writable);
	spin_unlock_irqrestore(&p->lk, f);
	if (last) {
		kfree(p->buf);
		kfree(p);
		__atomic_fetch_sub(&pipes_alive, 1, __ATOMIC_RELAXED);
	}
}

/* Copy n bytes between the ring at counter pos and user memory at u (to
 * user if out), in at most two pieces around the wrap. 0 or -EFAULT. */
static long ring_copy(struct pipe *p, uint64_t pos, uint64_t u, uint64_t n,
                      bool out)
{
	uint64_t at = pos & (PIPE_SIZE - 1);
	uint64_t first = n < PIPE_SIZE - at ? n : PIPE_SIZE - at;
	long rc = out ? copy_to_user(u, p->buf + at, first)
	              : copy_from_user(p->buf + at, u, first);

	if (rc || first == n)
		return rc;
	return out ? copy_to_user(u + first, p->buf, n - first)
	           : copy_from_user(p->buf, u + first, n - first);
}

long pipe_read(struct pipe *p, uint64_t ubuf, uint64_t n, bool nonblock)
{
	uint64_t f = spin_lock_irqsave(&p->lk), avail;
	long rc = 0;

	while (p->head == p->tail && p->writers && n) {
		if (nonblock || !waitq_wait_intr(&p->readable, &p->lk)) {
			rc = nonblock ? -EAGAIN : -EINTR;
			goto out;
		}
	}
	avail = p->head - p->tail;
	if (n > avail)
		n = avail;
	rc = ring_copy(p, p->tail, ubuf, n, true); /* under lk: no one else
	                                              takes these bytes */
	if (!rc) {
		p->tail += n;
		rc = (long)n;
		waitq_wake_all(&p->writable);
	}
out:
	spin_unlock_irqrestore(&p->lk, f);
	return rc;
}

/* No reader left: SIGPIPE for the writer (it ends on its way out). */
static long broken_pipe(void)
{
	struct proc *me = proc_current();

	if (me && !me->killed)
		proc_kill(me->pid, SIGPIPE);
	return -EPIPE;
}

long pipe_write(struct pipe *p, uint64_t ubuf, uint64_t n, bool nonblock)
{
	uint64_t f = spin_lock_irqsave(&p->lk), done = 0;
	long rc = 0;

	while (done < n) {
		uint64_t room = PIPE_SIZE - (p->head - p->tail);
		uint64_t want = n - done;

		if (!p->readers) {
			rc = broken_pipe();
			break;
		}
		/* up to PIPE_BUF bytes go in one piece */
		if (room == 0 || (n <= PIPE_BUF && room < want)) {
			if (nonblock ||
			    !waitq_wait_intr(&p->writable, &p->lk)) {
				rc = nonblock ? -EAGAIN : -EINTR;
				break;
			}
			continue;
		}
		if (want > room)
			want = room;
		rc = ring_copy(p, p->head, ubuf + done, want, false);
		if (rc)
			break;
		p->head += want;
		done += want;
		waitq_wake_all(&p->readable);
	}
	spin_unlock_irqrestore(&p->lk, f);
	return done ? (long)done : rc;
}

/* pipe2(fds, flags): flags O_NONBLOCK and O_CLOEXEC; pipe is flags 0. */
long sys_pipe2(const struct trap_frame *tf)
{
	struct proc *me = proc_current();
	uint64_t flags = tf->rax == SYS_pipe ? 0 : tf->rsi;
	struct file *rd, *wr;
	int fds[2];
	long rc;

	if (flags & ~(uint64_t)(O_NONBLOCK | O_CLOEXEC))
		return -EINVAL;
	if (!user_range_ok(tf->rdi, sizeof(fds)))
		return -EFAULT;
	rc = pipe_create(&rd, &wr);
	if (rc)
		return rc;
	rd->nonblock = wr->nonblock = flags & O_NONBLOCK;
	fds[0] = fd_install(me, rd, flags & O_CLOEXEC);
	fds[1] = fds[0] < 0 ? -EMFILE : fd_install(me, wr, flags & O_CLOEXEC);
	if (fds[1] < 0) {
		if (fds[0] >= 0)
			me->fd[fds[0]] = NULL;
		file_put(rd);
		file_put(wr);
		return -EMFILE;
	}
	rc = copy_to_user(tf->rdi, fds, sizeof(fds));
	if (rc) { /* nothing was handed over: undo */
		me->fd[fds[0]] = me->fd[fds[1]] = NULL;
		file_put(rd);
		file_put(wr);
	}
	return rc;
}
