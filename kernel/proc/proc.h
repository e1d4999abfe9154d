/* SPDX-License-Identifier: MIT */
/*
 * Processes: a user address space (uspace.h) run by one kernel thread
 * that enters ring 3 and comes back for system calls and interrupts.
 *
 *   proc_spawn_code(name, code, len)   a process running a position-
 *                                      independent code blob (until the
 *                                      ELF loader arrives: tests)
 *   proc_wait(pid, &status)            block until it ends; reap it
 *   proc_exit(status)                  from a system call: end the
 *                                      calling process
 *
 * Wait status, as POSIX encodes it: exit code << 8, or the number of the
 * signal-like cause of a kill (PROC_SIG_*) in the low 7 bits.
 *
 *   RUNNING --exit / fault--> ZOMBIE --proc_wait--> FREE
 */
#ifndef KERNEL_PROC_PROC_H
#define KERNEL_PROC_PROC_H
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <tern/signal.h>
#include <arch/trap.h>
#include "proc/file.h"
#include "proc/uaccess.h"
#include "proc/uspace.h"
#include "sched/waitq.h"

#define PROC_MAX         64
#define PROC_NAME_MAX    16
#define PROC_CODE_BASE   0x400000ull
#define PROC_STACK_TOP   USER_TOP
#define PROC_STACK_PAGES 8
#define PROC_MEM_LIMIT   16384 /* pages: 64 MiB a process */

#define PROC_SIG_ILL  SIGILL
#define PROC_SIG_TRAP SIGTRAP
#define PROC_SIG_BUS  SIGBUS
#define PROC_SIG_FPE  SIGFPE
#define PROC_SIG_KILL SIGKILL
#define PROC_SIG_SEGV SIGSEGV

enum proc_state { PROC_FREE = 0, PROC_RUNNING, PROC_ZOMBIE };

struct thread;

struct proc {
	int pid, ppid;
	int pgid;   /* its process group: inherited by fork; a spawn's own */
	int killed; /* a kill's signal, pending until it leaves the kernel */
	uint64_t sigign; /* bit n-1: signal n ignored (SIG_IGN) */
	char name[PROC_NAME_MAX];
	enum proc_state state;
	int status; /* wait status once ZOMBIE */
	struct uspace as;
	struct thread *thread;
	uint64_t entry, sp; /* where ring 3 starts */
	uint64_t mmap_next; /* mmap's next range ends here (grows down) */
	uint64_t mem_limit; /* user pages it may have (PROC_MEM_LIMIT) */
	struct file *fd[PROC_FD_MAX]; /* open files (file.h) */
	uint32_t cloexec;             /* bit n: fd n closes on execve */
	bool autoreap;                /* orphaned: freed at exit, no zombie */
	struct trap_frame fork_tf;    /* a forked child's first return */
	/* its thread's x87/SSE state while switched out (FXSAVE) */
	uint8_t fpu[512] __attribute__((aligned(16)));
};

/* SYSCALL, the user-copy fix-up and the ring 3 fault hook; idempotent. */
void proc_init(void);
/* A process executing len bytes of position-independent code mapped
 * read+execute at PROC_CODE_BASE, with a PROC_STACK_PAGES stack below
 * PROC_STACK_TOP. Its pid (> 0), or -errno. */
int proc_spawn_code(const char *name, const void *code, size_t len);
/* A process running the static-PIE program file[0..len) with ea's
 * arguments (exec.h), named after the last part of ea->path. Its pid, or
 * -errno (-ENOEXEC: not a program tern runs). */
struct exec_args;
int proc_spawn_elf(const void *file, size_t len, const struct exec_args *ea);
/* Wait for pid to end and free it: 0 with *status set, or -ECHILD. */
int proc_wait(int pid, int *status);
/* The calling thread's process, or NULL for a kernel thread. */
struct proc *proc_current(void);
/* End the calling process with wait status status. */
_Noreturn void proc_exit(int status);
/* fn for every process, live or zombie, with the table locked
 * (interrupts off: fn must not block). */
void proc_for_each(void (*fn)(const struct proc *p, void *ctx), void *ctx);
const char *proc_state_name(enum proc_state s);
/* A wait status in words: "exited with N" or "killed by signal N". */
void proc_status_describe(int status, char *buf, size_t size);
/* init=PATH on the command line: run it as the first process, the
 * console's foreground, and log how it ends; returns then (and the
 * kernel shell takes the console). */
void proc_start_init(void);
/* The live or zombie process pid, or NULL; it may go away unless the
 * caller knows it cannot (tests). */
struct proc *proc_find(int pid);
/* Processes alive or zombie. */
unsigned proc_count(void);

/* Kill (proc_kill.c). proc_kill ends process pid (> 0) or, for pid < 0,
 * every process of group -pid, with signal sig, the way kill(2) does:
 * 0 on success, -ESRCH if none was found, -EINVAL for a signal tern does
 * not deliver. sig 0 only checks; ignored signals do nothing. A target
 * blocked in a system call is woken (-EINTR) and ends on its way out. */
int proc_kill(int pid, int sig);
/* Leaving the kernel for ring 3 (after a system call or an interrupt):
 * end the current process if it has been killed. */
void proc_exit_if_killed(void);
/* The console's foreground process group (0: the kernel shell): Ctrl-C
 * kills it. */
void proc_set_foreground(int pgid);
/* Ctrl-C and the kill check on the way to ring 3 (from proc_init). */
void proc_kill_init(void);
#endif
