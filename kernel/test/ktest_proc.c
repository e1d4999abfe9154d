/* SPDX-License-Identifier: MIT */
/* Processes in ring 3: a program that writes and exits with its pid,
 * faults that kill only the process, system calls given bad pointers,
 * and every frame back afterwards. */
#include <mm/kmalloc.h>
#include <mm/frame_alloc.h>
#include "mm/mm_drain.h"
#include "console/kprintf.h"
#include "mm/mm_boot.h"
#include "proc/proc.h"
#include "sched/thread.h"
#include "time/time.h"
#include "test/ktest.h"

#define DECLARE(n) extern const char ublob_##n[], ublob_##n##_end[]
DECLARE(hello);
DECLARE(readkernel);
DECLARE(writetext);
DECLARE(jumpkernel);
DECLARE(ud2);
DECLARE(efault);
DECLARE(enosys);
DECLARE(spin);
DECLARE(memcalls);
DECLARE(unmapped);
DECLARE(mmapall);
DECLARE(cow);
DECLARE(forkloop);
DECLARE(forkbomb);
DECLARE(exececho);
DECLARE(forkexec);
DECLARE(noncanon);
extern const char ublob_noncanon_flag[];

/* Run a blob to its end: its wait status, or -1 if it did not start. */
static int run_blob(const char *name, const char *start, const char *end,
                    int *pid_out)
{
	int status = -1, pid;

	sched_init();
	proc_init();
	pid = proc_spawn_code(name, start, (size_t)(end - start));
	if (pid_out)
		*pid_out = pid;
	if (pid <= 0 || proc_wait(pid, &status))
		return -1;
	return status;
}

#define RUN(n, pid) run_blob(#n, ublob_##n, ublob_##n##_end, pid)

/* Frames in use with the per-CPU caches and cached page ranges drained,
 * so that a count comes back to its baseline exactly. */
static uint64_t frames_used(void)
{
	kmem_drain();
	return frame_counts(&kernel_frames).used;
}

KTEST(proc_hello_exits_with_its_pid)
{
	int pid = 0, st = RUN(hello, &pid);

	KREQUIRE(pid > 0);
	KEXPECT(st == (pid & 0xff) << 8);
	KEXPECT(proc_count() == 0);
}

KTEST(proc_faults_kill_only_the_process)
{
	KEXPECT(RUN(readkernel, NULL) == PROC_SIG_SEGV);
	KEXPECT(RUN(writetext, NULL) == PROC_SIG_SEGV);
	KEXPECT(RUN(jumpkernel, NULL) == PROC_SIG_SEGV);
	KEXPECT(RUN(ud2, NULL) == PROC_SIG_ILL);
	KEXPECT(proc_count() == 0);
}

KTEST(proc_syscalls_refuse_bad_pointers)
{
	KEXPECT(RUN(efault, NULL) == 14 << 8);
	KEXPECT(RUN(enosys, NULL) == 38 << 8);
}

/* 200 runs, then every user frame and table is back (thread stacks are
 * freed by the reaper: let it run first). */
KTEST(proc_exit_returns_every_frame)
{
	uint64_t before;

	RUN(hello, NULL); /* warm: first-use allocations */
	thread_sleep_ns(20000000);
	before = frames_used();
	for (int i = 0; i < 200; i++)
		if (RUN(hello, NULL) < 0)
			break;
	thread_sleep_ns(20000000);
	kprintf("    frames in use: %llu before, %llu after 200 runs\n",
	        (unsigned long long)before, (unsigned long long)frames_used());
	KEXPECT(frames_used() == before);
}

/* Three processes preempting one another: each keeps its registers (SSE
 * included, FXSAVE on switch) and its own stack page at the same address. */
KTEST(proc_preempted_processes_keep_their_state)
{
	int pids[3], st;
	uint64_t t0 = time_ns();

	sched_init();
	proc_init();
	for (int i = 0; i < 3; i++) {
		pids[i] = proc_spawn_code(
		    "spin", ublob_spin, (size_t)(ublob_spin_end - ublob_spin));
		KREQUIRE(pids[i] > 0);
	}
	for (int i = 0; i < 3; i++) {
		KREQUIRE(proc_wait(pids[i], &st) == 0);
		KEXPECT(st == 0);
	}
	kprintf("    3 spinning processes done in %llu ms\n",
	        (unsigned long long)((time_ns() - t0) / 1000000));
}

/* Anonymous memory: mmap, W^X refused, mprotect, munmap, getrandom; a
 * write after munmap kills; mmap without end gets ENOMEM at the
 * process's limit, and the frames all come back. */
KTEST(proc_memory_calls)
{
	uint64_t before;

	KEXPECT(RUN(memcalls, NULL) == 0);
	KEXPECT(RUN(unmapped, NULL) == PROC_SIG_SEGV);
	thread_sleep_ns(20000000);
	before = frames_used();
	KEXPECT(RUN(mmapall, NULL) == 12 << 8);
	thread_sleep_ns(20000000);
	KEXPECT(frames_used() == before);
}

/* fork: copy on write keeps parent and child apart; 100 fork + wait
 * rounds; a fork bomb meets the process limit (EAGAIN) and the kernel
 * goes on; every frame back afterwards. */
KTEST(proc_fork_copy_on_write)
{
	uint64_t before;

	int st = RUN(cow, NULL);

	kprintf("    cow: status %#x\n", st);
	KEXPECT(st == 0);
	thread_sleep_ns(20000000);
	before = frames_used();
	st = RUN(forkloop, NULL);
	kprintf("    forkloop: status %#x\n", st);
	KEXPECT(st == 100 << 8);
	st = RUN(forkbomb, NULL);
	kprintf("    forkbomb: status %#x\n", st);
	KEXPECT(st == 11 << 8);
	thread_sleep_ns(50000000);
	kprintf("    frames in use: %llu before, %llu after fork rounds\n",
	        (unsigned long long)before, (unsigned long long)frames_used());
	KEXPECT(frames_used() == before);
	KEXPECT(proc_count() == 0);
}

/* execve: a missing program gives ENOENT to the caller; echo replaces
 * it with its arguments. Then 10,000 fork + execve(/bin/true) + exit +
 * wait cycles, with the free frames back at their baseline. */
KTEST(proc_execve_and_10000_cycles)
{
	uint64_t before, t0;
	int st;

	KEXPECT(RUN(exececho, NULL) == 0);
	thread_sleep_ns(20000000);
	before = frames_used();
	t0 = time_ns();
	st = RUN(forkexec, NULL);
	thread_sleep_ns(50000000);
	kprintf("    10000 fork+exec+exit+wait: status %#x in %llu ms; frames "
	        "in use: %llu before, %llu after\n",
	        st, (unsigned long long)((time_ns() - t0) / 1000000),
	        (unsigned long long)before, (unsigned long long)frames_used());
	KEXPECT(st == 0);
	KEXPECT(frames_used() == before);
}

/* CVE-2012-0217: a SYSCALL as the last instruction of the user half
 * returns to 0x800000000000. SYSRET to a non-canonical RIP would fault in
 * ring 0 on the user's stack on Intel CPUs, so syscall_dispatch sends
 * such a return through IRETQ, whose #GP is the process's: it is killed
 * with a report and the kernel goes on. (The page is mapped here by a
 * test hook: no system call maps it. QEMU models neither CPU fault: its
 * IRETQ returns, and the fetch at 0x800000000000 faults in ring 3; on
 * hardware the IRETQ's #GP is charged to the process by trap_dispatch.
 * Either way the process alone pays, which is what this checks.) */
KTEST(proc_sysret_noncanonical)
{
	static const uint8_t syscall_insn[2] = {0x0f, 0x05};
	uint64_t flag_off = (uint64_t)(ublob_noncanon_flag - ublob_noncanon);
	uint8_t one = 1;
	struct proc *p;
	int pid, st = -1;

	sched_init();
	proc_init();
	pid = proc_spawn_code("noncanon", ublob_noncanon,
	                      (size_t)(ublob_noncanon_end - ublob_noncanon));
	KREQUIRE(pid > 0);
	p = proc_find(pid);
	KREQUIRE(p != NULL); /* it spins until the flag is set */
	KREQUIRE(uspace_map_last_page_for_test(&p->as, syscall_insn, 2) == 0);
	KREQUIRE(uspace_write(&p->as, PROC_CODE_BASE + flag_off, &one, 1) == 0);
	KREQUIRE(proc_wait(pid, &st) == 0);
	KEXPECT(st == PROC_SIG_SEGV);
	KEXPECT(proc_count() == 0);
}
