/* SPDX-License-Identifier: MIT */
/* /proc/ps (procfs.h). */
#include <libk/printf.h>
#include <libk/string.h>
#include <mm/kmalloc.h>
#include <tern/errno.h>
#include "proc/file.h"
#include "proc/procfs.h"
#include "proc/proc.h"
#include "sched/thread.h"

#define LINE_MAX  96
#define SNAP_SIZE (PROC_MAX * LINE_MAX)

struct snap {
	char *buf;
	size_t cap, len;
	uint64_t hz;
};

static void ps_line(const struct proc *p, void *ctx)
{
	struct snap *s = ctx;
	const struct thread *t = p->thread;
	const char *state = p->state == PROC_ZOMBIE           ? "zombie"
	                    : t && t->state == THREAD_BLOCKED ? "sleeping"
	                                                      : "running";
	uint64_t ms = t && s->hz ? t->tsc_total / (s->hz / 1000) : 0;
	char line[LINE_MAX];
	int n = LIBK_FN(snprintf)(
	    line, sizeof(line), "%d %d %d %s %llu %llu %s\n", p->pid, p->ppid,
	    p->pgid, state, (unsigned long long)p->as.pages,
	    (unsigned long long)ms, p->name);

	if (n > 0 && s->len + (size_t)n < s->cap) {
		LIBK_FN(memcpy)(s->buf + s->len, line, (size_t)n);
		s->len += (size_t)n;
	}
}

size_t procfs_ps_text(char *buf, size_t cap)
{
	struct snap s = {buf, cap, 0, sched_tsc_hz()};

	if (s.hz < 1000)
		s.hz = 0;
	proc_for_each(ps_line, &s);
	if (cap)
		buf[s.len] = 0;
	return s.len;
}

int procfs_open_ps(struct file **out)
{
	char *buf = kmalloc(SNAP_SIZE);
	struct file *f = buf ? file_new(FILE_SNAPSHOT) : NULL;

	if (!f) {
		kfree(buf);
		return -ENOMEM;
	}
	f->size = procfs_ps_text(buf, SNAP_SIZE);
	f->data = (const uint8_t *)buf;
	f->mode = 0100444; /* a regular read-only file */
	*out = f;
	return 0;
}
