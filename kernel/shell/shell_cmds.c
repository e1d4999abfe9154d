/* SPDX-License-Identifier: MIT */
/* ps and log: the commands about the threads and the log. */
#include <libk/parse.h>
#include <libk/string.h>
#include <arch/cpu.h>
#include "console/kprintf.h"
#include "proc/pipe.h"
#include "proc/proc.h"
#include "sched/thread.h"
#include "shell/shell.h"

static void ps_line(const struct thread *t, void *ctx)
{
	uint64_t tsc_hz = *(const uint64_t *)ctx;
	uint64_t cycles = t->tsc_total;

	if (t->state == THREAD_RUNNING) /* on some CPU: its time so far */
		cycles += rdtsc() - t->tsc_in;
	sh_printf("%4u  %-16s %-8s %4u %3u %10llu %10llu\n", t->id, t->name,
	          thread_state_name(t->state), t->prio, thread_cpu(t),
	          (unsigned long long)t->ticks,
	          (unsigned long long)(tsc_hz ? cycles / (tsc_hz / 1000)
	                                      : cycles >> 20));
}

/* One process: pid, parent, state, user memory and its thread's CPU. */
static void ps_proc(const struct proc *p, void *ctx)
{
	uint64_t tsc_hz = *(const uint64_t *)ctx;
	uint64_t cycles = p->thread ? p->thread->tsc_total : 0;

	sh_printf("%5d %5d  %-16s %-8s %8llu %10llu\n", p->pid, p->ppid,
	          p->name, proc_state_name(p->state),
	          (unsigned long long)(p->as.pages * 4),
	          (unsigned long long)(tsc_hz ? cycles / (tsc_hz / 1000)
	                                      : cycles >> 20));
}

/* ps copies nothing: sched_for_each holds interrupts off while it prints,
 * so the list is one consistent snapshot. */
static int cmd_ps(int argc, char **argv)
{
	uint64_t hz = sched_tsc_hz(), created, reaped;

	(void)argc;
	(void)argv;
	sh_printf("  id  name             state    prio cpu      ticks %10s\n",
	          hz ? "cpu-ms" : "cpu-Mcyc");
	sched_for_each(ps_line, &hz);
	sched_counts(&created, &reaped);
	sh_printf("threads: %llu created, %llu reaped\n",
	          (unsigned long long)created, (unsigned long long)reaped);
	if (proc_count()) {
		sh_printf("  pid  ppid  name             state     mem-KiB "
		          "%10s\n",
		          hz ? "cpu-ms" : "cpu-Mcyc");
		proc_for_each(ps_proc, &hz);
	}
	sh_printf("processes: %u, pipes: %u\n", proc_count(), pipe_count());
	return 0;
}
SHELL_CMD(ps, "", "threads and processes, their states and CPU time", 0, 0,
          cmd_ps);

static int cmd_log(int argc, char **argv)
{
	size_t count = console_log_count(), want = count, off;
	char chunk[256];
	uint64_t v;

	if (argc == 2) {
		if (kparse_u64(argv[1], strlen(argv[1]), 10, &v) || v == 0)
			return 2;
		want = v < count ? (size_t)v : count;
	}
	for (off = count - want; off < count;) {
		size_t n = console_log_read(off, chunk, sizeof(chunk));

		if (!n)
			break;
		sh_sink(NULL, chunk, n);
		off += n;
	}
	sh_printf("\nlog: %zu of %zu bytes kept shown (%zu written since "
	          "boot)\n",
	          want, count, console_log_total());
	return 0;
}
SHELL_CMD(log, "[bytes]", "the kernel log ring (the last bytes of it)", 0, 1,
          cmd_log);
