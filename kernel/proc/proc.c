/* SPDX-License-Identifier: MIT */
#include <libk/panic.h>
#include <libk/printf.h>
#include <libk/string.h>
#include <arch/cpu.h>
#include <arch/irq_flags.h>
#include <arch/syscall_arch.h>
#include <arch/thread_arch.h>
#include <tern/errno.h>
#include "mm/vm.h"
#include "core/csprng.h"
#include "proc/exec.h"
#include "proc/proc.h"
#include "proc/proc_impl.h"
#include "proc/sys.h"
#include "proc/ulayout.h"
#include "sched/thread.h"
#include "sync/spinlock.h"

struct proc_table ptab = {.lock = SPINLOCK_INIT("ptab"), .next_pid = 1};

static bool ptab_ready;

void ptab_init(void)
{
	if (!ptab_ready) {
		waitq_init(&ptab.exited);
		ptab_ready = true;
	}
}

struct proc *proc_current(void)
{
	struct thread *t = thread_current();

	return t ? t->proc : NULL;
}

void proc_for_each(void (*fn)(const struct proc *p, void *ctx), void *ctx)
{
	uint64_t f = spin_lock_irqsave(&ptab.lock);

	for (unsigned i = 0; i < PROC_MAX && ptab_ready; i++)
		if (ptab.p[i].state != PROC_FREE)
			fn(&ptab.p[i], ctx);
	spin_unlock_irqrestore(&ptab.lock, f);
}

const char *proc_state_name(enum proc_state s)
{
	return s == PROC_RUNNING  ? "running"
	       : s == PROC_ZOMBIE ? "zombie"
	                          : "free";
}

void proc_status_describe(int status, char *buf, size_t size)
{
	if (status & 0x7f)
		LIBK_FN(snprintf)
	(buf, size, "killed by signal %d", status & 0x7f);
	else LIBK_FN(snprintf)(buf, size, "exited with %d", status >> 8);
}

struct proc *proc_find(int pid)
{
	for (unsigned i = 0; i < PROC_MAX && ptab_ready; i++)
		if (ptab.p[i].state != PROC_FREE && ptab.p[i].pid == pid)
			return &ptab.p[i];
	return NULL;
}

unsigned proc_count(void)
{
	return ptab.live;
}

/* First code of a process's thread: into ring 3 for good. */
static void proc_main(void *arg)
{
	struct proc *p = arg;
	struct trap_frame tf;

	(void)irq_save(); /* interrupts off */
	uspace_activate(&p->as);
	arch_set_kernel_stack(thread_current()->stack_top);
	user_frame_init(&tf, p->entry, p->sp);
	user_enter(&tf);
}

/* A free slot with a fresh pid, or NULL. Lock held. */
static struct proc *slot_new(void)
{
	for (unsigned i = 0; i < PROC_MAX; i++) {
		struct proc *p = &ptab.p[i];

		if (p->state == PROC_FREE) {
			LIBK_FN(memset)(p, 0, sizeof(*p));
			p->pid = ptab.next_pid++;
			p->state = PROC_RUNNING;
			ptab.live++;
			return p;
		}
	}
	return NULL;
}

static void slot_free(struct proc *p)
{
	uint64_t f = spin_lock_irqsave(&ptab.lock);

	p->state = PROC_FREE;
	ptab.live--;
	spin_unlock_irqrestore(&ptab.lock, f);
}

/* Map the code read+execute and an empty stack. 0 or -errno. */
static int load_code(struct proc *p, const void *code, size_t len)
{
	uint64_t pages = (len + FRAME_SIZE - 1) / FRAME_SIZE;
	int rc = 0;

	for (uint64_t i = 0; i < pages && !rc; i++)
		rc = uspace_map_zero(&p->as, PROC_CODE_BASE + i * FRAME_SIZE,
		                     PT_WRITE);
	if (!rc)
		rc = uspace_write(&p->as, PROC_CODE_BASE, code, len);
	for (uint64_t i = 0; i < pages && !rc; i++)
		rc = pt_protect(&p->as.pt, PROC_CODE_BASE + i * FRAME_SIZE,
		                PT_EXEC | PT_USER)
		         ? -EINVAL
		         : 0;
	uspace_flush(&p->as);
	for (unsigned i = 1; i <= PROC_STACK_PAGES && !rc; i++)
		rc = uspace_map_zero(&p->as, PROC_STACK_TOP - i * FRAME_SIZE,
		                     PT_WRITE);
	p->entry = PROC_CODE_BASE;
	p->sp = PROC_STACK_TOP;
	return rc;
}

/* What a spawn loads: a code blob, or a program with its arguments. */
struct spawn_src {
	const void *data;
	size_t len;
	const struct exec_args *ea; /* NULL: a code blob */
};

/* Load src into p's empty space. 0 or -errno. */
static int load_src(struct proc *p, const struct spawn_src *src)
{
	struct exec_result r;
	int rc;

	if (!src->ea)
		return load_code(p, src->data, src->len);
	rc = exec_load(&p->as, src->data, src->len, src->ea, &r);
	p->entry = r.entry;
	p->sp = r.sp;
	return rc;
}

/* A process named name running src: its pid, or -errno. */
static int spawn(const char *name, const struct spawn_src *src)
{
	struct proc *cur = proc_current(), *p;
	uint64_t f;
	int rc;

	f = spin_lock_irqsave(&ptab.lock);
	ptab_init();
	p = slot_new();
	spin_unlock_irqrestore(&ptab.lock, f);
	if (!p)
		return -EAGAIN;
	p->ppid = cur ? cur->pid : 0;
	p->pgid = p->pid; /* a group of its own, as a shell's job */
	p->mem_limit = PROC_MEM_LIMIT;
	p->mmap_next =
	    ulayout_slot(ULAYOUT_MMAP_BASE, ULAYOUT_MMAP_BITS,
	                 src->ea && src->ea->norandmaps ? 0 : csprng_u64());
	LIBK_FN(strlcpy)(p->name, name, PROC_NAME_MAX);
	rc = fd_init_console(p);
	if (!rc)
		rc = uspace_create(&p->as);
	if (!rc) {
		rc = load_src(p, src);
		if (rc)
			uspace_destroy(&p->as);
	}
	if (rc) {
		fd_close_all(p);
		slot_free(p);
		return rc;
	}
	thread_arch_fpu_init(p->fpu);
	p->thread =
	    thread_create_proc(p->name, proc_main, p, p, p->as.pt.root, p->fpu);
	if (!p->thread) {
		uspace_destroy(&p->as);
		fd_close_all(p);
		slot_free(p);
		return -EAGAIN;
	}
	return p->pid;
}

int proc_spawn_code(const char *name, const void *code, size_t len)
{
	struct spawn_src src = {code, len, NULL};

	if (!len || len > 64 * FRAME_SIZE)
		return -EINVAL;
	return spawn(name, &src);
}

int proc_spawn_elf(const void *file, size_t len, const struct exec_args *ea)
{
	struct spawn_src src = {file, len, ea};
	const char *slash = LIBK_FN(strrchr)(ea->path, '/');

	return spawn(slash ? slash + 1 : ea->path, &src);
}

/* p is ending: its zombie children go, the live ones will free
 * themselves (no one is left to wait for them). Lock held. */
static void orphan_children(struct proc *p)
{
	for (unsigned i = 0; i < PROC_MAX; i++) {
		struct proc *c = &ptab.p[i];

		if (c->state == PROC_FREE || c->ppid != p->pid || c == p)
			continue;
		c->ppid = 0;
		if (c->state == PROC_ZOMBIE) {
			c->state = PROC_FREE;
			ptab.live--;
		} else {
			c->autoreap = true;
		}
	}
}

/* First code of a forked child's thread: back to ring 3 where the
 * parent's fork was, with 0 in rax. */
static void fork_main(void *arg)
{
	struct proc *p = arg;
	struct trap_frame tf = p->fork_tf;

	(void)irq_save();
	uspace_activate(&p->as);
	arch_set_kernel_stack(thread_current()->stack_top);
	user_enter(&tf);
}

/* Undo a fork that failed after the slot was taken. */
static long fork_fail(struct proc *c, bool made_space, long rc)
{
	if (made_space)
		uspace_destroy(&c->as);
	fd_close_all(c);
	slot_free(c);
	return rc;
}

long sys_fork(const struct trap_frame *tf)
{
	struct proc *parent = proc_current(), *c;
	uint64_t f = spin_lock_irqsave(&ptab.lock);
	long rc;

	c = slot_new();
	spin_unlock_irqrestore(&ptab.lock, f);
	if (!c)
		return -EAGAIN; /* the process limit, PROC_MAX */
	c->ppid = parent->pid;
	c->pgid = parent->pgid;
	c->sigign = parent->sigign;
	c->cloexec = parent->cloexec;
	c->mem_limit = parent->mem_limit;
	c->mmap_next = parent->mmap_next;
	LIBK_FN(memcpy)(c->name, parent->name, sizeof(c->name));
	for (int i = 0; i < PROC_FD_MAX; i++) {
		c->fd[i] = parent->fd[i];
		if (c->fd[i])
			file_get(c->fd[i]);
	}
	rc = uspace_create(&c->as);
	if (rc)
		return fork_fail(c, false, rc);
	rc = uspace_fork(&parent->as, &c->as);
	if (rc)
		return fork_fail(c, true, rc);
	thread_arch_fpu_save(c->fpu); /* the parent's, live in the CPU */
	c->fork_tf = *tf;
	c->fork_tf.rax = 0;
	c->thread =
	    thread_create_proc(c->name, fork_main, c, c, c->as.pt.root, c->fpu);
	if (!c->thread)
		return fork_fail(c, true, -EAGAIN);
	return c->pid;
}

/* A child of me matching pid (-1: any) that has ended, into *z; false
 * with *any telling whether such a child exists at all. Lock held. */
static bool ended_child(const struct proc *me, int64_t pid, struct proc **z,
                        bool *any)
{
	*any = false;
	for (unsigned i = 0; i < PROC_MAX; i++) {
		struct proc *c = &ptab.p[i];

		if (c->state == PROC_FREE || c->ppid != me->pid ||
		    (pid != -1 && c->pid != pid))
			continue;
		*any = true;
		if (c->state == PROC_ZOMBIE) {
			*z = c;
			return true;
		}
	}
	return false;
}

/* wait4(pid, status, options, rusage): pid -1 or a child's; WNOHANG
 * (1) the only option; rusage is not filled. */
long sys_wait4(const struct trap_frame *tf)
{
	struct proc *me = proc_current(), *z = NULL;
	int64_t pid = (int64_t)tf->rdi;
	uint64_t f;
	bool any;
	int st, zpid;

	if ((tf->rdx & ~1ull) || (pid < -1 || pid == 0))
		return -EINVAL;
	f = spin_lock_irqsave(&ptab.lock);
	while (!ended_child(me, pid, &z, &any)) {
		if (!any || (tf->rdx & 1)) {
			spin_unlock_irqrestore(&ptab.lock, f);
			return any ? 0 : -ECHILD;
		}
		if (!waitq_wait_intr(&ptab.exited, &ptab.lock)) {
			spin_unlock_irqrestore(&ptab.lock, f);
			return -EINTR;
		}
	}
	st = z->status;
	zpid = z->pid;
	z->state = PROC_FREE;
	ptab.live--;
	spin_unlock_irqrestore(&ptab.lock, f);
	if (tf->rsi)
		return copy_to_user(tf->rsi, &st, sizeof(st)) ?: zpid;
	return zpid;
}

_Noreturn void proc_exit(int status)
{
	struct proc *p = proc_current();
	struct thread *t = thread_current();
	uint64_t f;

	if (!p)
		panic("proc_exit from kernel thread %s", t->name);
	(void)irq_save(); /* interrupts off */
	t->cr3 = 0;       /* a kernel thread from now on, until it exits */
	t->fpu = NULL;
	thread_arch_leave_user();
	uspace_destroy(&p->as);
	fd_close_all(p);
	f = spin_lock_irqsave(&ptab.lock);
	orphan_children(p);
	p->status = status;
	p->state = p->autoreap ? PROC_FREE : PROC_ZOMBIE;
	if (p->autoreap)
		ptab.live--;
	p->thread = NULL;
	t->proc = NULL;
	waitq_wake_all(&ptab.exited);
	spin_unlock_irqrestore(&ptab.lock, f);
	thread_exit();
}

int proc_wait(int pid, int *status)
{
	uint64_t f = spin_lock_irqsave(&ptab.lock);
	struct proc *p = NULL;

	for (unsigned i = 0; i < PROC_MAX && ptab_ready; i++)
		if (ptab.p[i].state != PROC_FREE && ptab.p[i].pid == pid)
			p = &ptab.p[i];
	if (!p) {
		spin_unlock_irqrestore(&ptab.lock, f);
		return -ECHILD;
	}
	while (p->state != PROC_ZOMBIE)
		waitq_wait(&ptab.exited, &ptab.lock);
	*status = p->status;
	p->state = PROC_FREE;
	ptab.live--;
	spin_unlock_irqrestore(&ptab.lock, f);
	return 0;
}
