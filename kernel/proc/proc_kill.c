/* SPDX-License-Identifier: MIT */
/*
 * kill: tern has no signal handlers, so a signal either ends a process or
 * is ignored, as each signal's default action is (POSIX, <signal.h>). A
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
#include "irq/irq.h"
#include <tern/errno.h>
#include "console/kprintf.h"
#include "input/input.h"
#include "proc/proc.h"
#include "proc/proc_impl.h"
#include "proc/sys.h"
#include "sched/thread.h"

#define SIGINT   2
#define SIGCHLD  17
#define SIGCONT  18
#define SIGSTOP  19
#define SIGTSTP  20
#define SIGTTIN  21
#define SIGTTOU  22
#define SIGURG   23
#define SIGWINCH 28
#define SIG_MAX  64

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

/* Mark p killed by sig (the first kill wins) and wake it. Lock held. */
static void kill_one(struct proc *p, int sig)
{
	if (p->state != PROC_RUNNING || p->killed)
		return;
	p->killed = sig;
	if (p->thread)
		thread_interrupt(p->thread);
}

int proc_kill(int pid, int sig)
{
	int act = sig_action(sig), found = 0;
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
			kill_one(p, sig);
	}
	spin_unlock_irqrestore(&ptab.lock, f);
	return found ? 0 : -ESRCH;
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

/* setpgid(pid, pgid): only a process's own, into a group of its own. */
long sys_setpgid(const struct trap_frame *tf)
{
	struct proc *me = proc_current();
	int64_t pid = (int64_t)tf->rdi, pgid = (int64_t)tf->rsi;

	if (pid != 0 && pid != me->pid)
		return -ESRCH;
	if (pgid != 0 && pgid != me->pid)
		return -EPERM;
	me->pgid = me->pid;
	return 0;
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

	if (pg <= 0 || proc_kill(-pg, SIGINT))
		return false;
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
