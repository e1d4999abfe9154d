/* SPDX-License-Identifier: MIT */
/*
 * kill: tern has no signal handlers, so a signal either ends a process or
 * is ignored: as each signal's default action is (POSIX, <signal.h>), or
 * because the process asked for SIGACT_IGN (rt_sigaction; fork and execve
 * keep it, as POSIX says). A
 * kill marks the target and interrupts its thread; the target ends
 * itself the next time it would return to ring 3 (after its system call,
 * or at the end of the interrupt that preempted it), so no process is
 * ever torn down from outside.
 *
 *   kill(pid, sig) --> p->killed = sig, thread_interrupt(p->thread)
 *   p: blocked in a wait --> -EINTR --> syscall exit --> proc_exit(sig)
 *   p: in ring 3 --> next interrupt's exit --> proc_exit(sig)
 *
 * Process groups: a process spawned by the kernel (run, init) leads a
 * group of its own, fork inherits it, setpgid(0, 0) starts a new one.
 * The console's foreground group gets Ctrl-C (SIGINT).
 */
#include <tern/errno.h>
#include <tern/signal.h>
#include <tern/syscall.h>
#include "console/kprintf.h"
#include "input/input.h"
#include "irq/irq.h"
#include "proc/file.h"
#include "proc/proc.h"
#include "proc/proc_impl.h"
#include "proc/uaccess.h"
#include "proc/sys.h"
#include "sched/thread.h"

#define SIG_MAX TERN_SIG_MAX

static int fg_pgid; /* the console's foreground group, 0: none */

/* What sig does to a process: 1 ends it, 0 nothing, -EINVAL refused. */
static int sig_action(int sig)
{
	switch (sig) {
	case 0:
	case SIGCHLD:
	case SIGCONT:
	case SIGURG:
	case SIGWINCH:
		return 0;
	case SIGSTOP: /* no job control: stopping is not supported */
	case SIGTSTP:
	case SIGTTIN:
	case SIGTTOU:
		return -EINVAL;
	default:
		return sig > 0 && sig <= SIG_MAX ? 1 : -EINVAL;
	}
}

/* Mark p killed by sig (the first kill wins) and wake it; false if it
 * ignores sig. Lock held. */
static bool kill_one(struct proc *p, int sig)
{
	if (p->sigign & (1ull << (sig - 1)))
		return false;
	if (p->state != PROC_RUNNING || p->killed)
		return true;
	p->killed = sig;
	if (p->thread)
		thread_interrupt(p->thread);
	return true;
}

/* proc_kill, also counting in *hit_out (if not NULL) the processes the
 * signal ends (not ignoring it). */
static int kill_count(int pid, int sig, int *hit_out)
{
	int act = sig_action(sig), found = 0, hit = 0;
	uint64_t f;

	if (act < 0)
		return act;
	if (pid == 0 || pid == -1)
		return -EINVAL; /* callers resolve 0; -1 ("all") is refused */
	f = spin_lock_irqsave(&ptab.lock);
	for (unsigned i = 0; i < PROC_MAX; i++) {
		struct proc *p = &ptab.p[i];

		if (p->state == PROC_FREE ||
		    (pid > 0 ? p->pid != pid : p->pgid != -pid))
			continue;
		found++;
		if (act > 0)
			hit += kill_one(p, sig);
	}
	spin_unlock_irqrestore(&ptab.lock, f);
	if (hit_out)
		*hit_out = hit;
	return found ? 0 : -ESRCH;
}

int proc_kill(int pid, int sig)
{
	return kill_count(pid, sig, NULL);
}

void proc_exit_if_killed(void)
{
	struct proc *p = proc_current();

	if (p && p->killed)
		proc_exit(p->killed);
}

/* kill(pid, sig): pid 0 is the caller's own group. */
long sys_kill(const struct trap_frame *tf)
{
	int64_t pid = (int64_t)tf->rdi;
	int64_t sig = (int64_t)tf->rsi;

	if (sig < 0 || sig > SIG_MAX)
		return -EINVAL;
	if (pid > INT32_MAX || pid < -(int64_t)INT32_MAX)
		return -ESRCH; /* no such pid or group can exist */
	if (pid == 0)
		pid = -proc_current()->pgid;
	return proc_kill((int)pid, (int)sig);
}

/* A group with a member, other than p itself, or p's own pid. Lock held. */
static bool group_ok(const struct proc *p, int64_t pgid)
{
	if (pgid == p->pid)
		return true;
	for (unsigned i = 0; i < PROC_MAX; i++)
		if (ptab.p[i].state == PROC_RUNNING && ptab.p[i].pgid == pgid &&
		    &ptab.p[i] != p)
			return true;
	return false;
}

/* setpgid(pid, pgid): the caller (pid 0 or its own) or one of its
 * children into group pgid (0: the target's pid, a new group), which
 * must be the target's pid or a group that exists. A shell puts each
 * job in a group of its own this way, from both sides of the fork. */
long sys_setpgid(const struct trap_frame *tf)
{
	struct proc *me = proc_current(), *t = NULL;
	int64_t pid = (int64_t)tf->rdi, pgid = (int64_t)tf->rsi;
	long rc = 0;
	uint64_t f;

	if (pgid < 0)
		return -EINVAL;
	f = spin_lock_irqsave(&ptab.lock);
	if (pid == 0 || pid == me->pid)
		t = me;
	for (unsigned i = 0; i < PROC_MAX && !t; i++)
		if (ptab.p[i].state == PROC_RUNNING && ptab.p[i].pid == pid &&
		    ptab.p[i].ppid == me->pid)
			t = &ptab.p[i];
	if (!t)
		rc = -ESRCH;
	else if (!group_ok(t, pgid ? pgid : t->pid))
		rc = -EPERM;
	else
		t->pgid = (int)(pgid ? pgid : t->pid);
	spin_unlock_irqrestore(&ptab.lock, f);
	return rc;
}

/* rt_sigaction(sig, act, oact, setsize): only SIGACT_DFL and SIGACT_IGN (the
 * first word of struct sigaction); handlers are refused (EINVAL), as are
 * SIGKILL and SIGSTOP. The old disposition goes to oact's first word, the
 * rest of oact is zeroed (Linux's x86_64 struct: 32 bytes with an 8-byte
 * mask). */
long sys_rt_sigaction(const struct trap_frame *tf)
{
	struct proc *me = proc_current();
	int64_t sig = (int64_t)tf->rdi;
	uint64_t bit, old[4] = {0}, handler;

	if (sig < 1 || sig > SIG_MAX || tf->r10 != 8)
		return -EINVAL;
	bit = 1ull << (sig - 1);
	old[0] = me->sigign & bit ? SIGACT_IGN : SIGACT_DFL;
	if (tf->rsi) {
		long rc = copy_from_user(&handler, tf->rsi, sizeof(handler));

		if (rc)
			return rc;
		if (handler > SIGACT_IGN || sig == SIGKILL || sig == SIGSTOP)
			return -EINVAL;
	}
	if (tf->rdx) {
		long rc = copy_to_user(tf->rdx, old, sizeof(old));

		if (rc)
			return rc;
	}
	if (tf->rsi)
		me->sigign = handler == SIGACT_IGN ? me->sigign | bit
		                                   : me->sigign & ~bit;
	return 0;
}

/* ioctl(fd, req, arg) on the console: TIOCGPGRP and TIOCSPGRP, the
 * foreground group (a group that exists); anything else is ENOTTY. */
long sys_ioctl(const struct trap_frame *tf)
{
	struct file *f = fd_file((int64_t)tf->rdi);
	int pg = __atomic_load_n(&fg_pgid, __ATOMIC_RELAXED);
	long rc;
	uint64_t fl;

	if (!f)
		return -EBADF;
	if (f->kind != FILE_CONSOLE)
		return -ENOTTY;
	if (tf->rsi == TIOCGPGRP)
		return copy_to_user(tf->rdx, &pg, sizeof(pg));
	if (tf->rsi != TIOCSPGRP)
		return -ENOTTY;
	rc = copy_from_user(&pg, tf->rdx, sizeof(pg));
	if (rc)
		return rc;
	if (pg <= 0)
		return -EINVAL;
	fl = spin_lock_irqsave(&ptab.lock);
	rc = group_ok(proc_current(), pg) ? 0 : -EPERM;
	spin_unlock_irqrestore(&ptab.lock, fl);
	if (!rc)
		proc_set_foreground(pg);
	return rc;
}

/* getpgid(pid): the caller's (pid 0 or its own) or any process's. */
long sys_getpgid(const struct trap_frame *tf)
{
	int64_t pid = (int64_t)tf->rdi;
	long rc = -ESRCH;
	uint64_t f;

	if (pid == 0)
		return proc_current()->pgid;
	f = spin_lock_irqsave(&ptab.lock);
	for (unsigned i = 0; i < PROC_MAX; i++)
		if (ptab.p[i].state != PROC_FREE && ptab.p[i].pid == pid)
			rc = ptab.p[i].pgid;
	spin_unlock_irqrestore(&ptab.lock, f);
	return rc;
}

/* Ctrl-C on the console (input.c, any context): SIGINT to the foreground
 * group. False (the byte goes on to the reader) when there is none. */
static bool console_intr(void)
{
	int pg = __atomic_load_n(&fg_pgid, __ATOMIC_RELAXED);

	int hit = 0;

	if (pg <= 0 || kill_count(-pg, SIGINT, &hit) || !hit)
		return false; /* the line discipline drops the line instead */
	console_write_tty("^C\n", 3);
	return true;
}

void proc_set_foreground(int pgid)
{
	__atomic_store_n(&fg_pgid, pgid, __ATOMIC_RELAXED);
}

void proc_kill_init(void)
{
	input_set_intr_hook(console_intr);
	irq_set_user_exit_hook(proc_exit_if_killed);
}
