/* SPDX-License-Identifier: MIT */
/* The shell's command table, and the commands about the shell itself, the
 * threads and the log. */
#include <libk/parse.h>
#include <libk/string.h>
#include <arch/cpu.h>
#include "console/kprintf.h"
#include "net/net_shell.h"
#include "sched/thread.h"
#include "shell/shell.h"

const struct shell_cmd shell_cmds[] = {
    {"help", "", "list the commands", 0, 0, cmd_help},
    {"mem", "", "frames, pages, kmalloc classes and statistics", 0, 0, cmd_mem},
    {"memmap", "", "the physical memory map, as a table and a picture", 0, 0,
     cmd_memmap},
    {"lspci", "", "the PCI devices", 0, 0, cmd_lspci},
    {"lsusb", "", "the USB devices", 0, 0, cmd_lsusb},
    {"irq", "", "per-vector interrupt counters", 0, 0, cmd_irq},
    {"uptime", "", "time since boot", 0, 0, cmd_uptime},
    {"ps", "", "threads, their states and CPU time", 0, 0, cmd_ps},
    {"kaslr", "", "the randomized layout: slides and entropy", 0, 0, cmd_kaslr},
    {"log", "[bytes]", "the kernel log ring (the last bytes of it)", 0, 1,
     cmd_log},
    {"bench", "", "the in-kernel allocator benchmarks", 0, 0, cmd_bench},
    NET_SHELL_CMDS{"reboot", "", "reset the machine", 0, 0, cmd_reboot},
    {"poweroff", "", "switch the machine off (ACPI S5)", 0, 0, cmd_poweroff},
};
const size_t shell_ncmds = sizeof(shell_cmds) / sizeof(shell_cmds[0]);

int cmd_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	for (size_t i = 0; i < shell_ncmds; i++) {
		char usage[32];

		snprintf(usage, sizeof(usage), "%s %s", shell_cmds[i].name,
		         shell_cmds[i].args);
		sh_printf("  %-16s %s\n", usage, shell_cmds[i].help);
	}
	sh_printf("keys: Left/Right Home/End Backspace Delete, Ctrl-A/E/U/K/W, "
	          "Up/Down history, Tab completes\n");
	return 0;
}

static void ps_line(const struct thread *t, void *ctx)
{
	uint64_t tsc_hz = *(const uint64_t *)ctx;
	uint64_t cycles = t->tsc_total;

	if (t == thread_current())
		cycles += rdtsc() - t->tsc_in;
	sh_printf("%4u  %-16s %-8s %4u %10llu %10llu\n", t->id, t->name,
	          thread_state_name(t->state), t->prio,
	          (unsigned long long)t->ticks,
	          (unsigned long long)(tsc_hz ? cycles / (tsc_hz / 1000)
	                                      : cycles >> 20));
}

/* ps copies nothing: sched_for_each holds interrupts off while it prints,
 * so the list is one consistent snapshot. */
int cmd_ps(int argc, char **argv)
{
	uint64_t hz = sched_tsc_hz(), created, reaped;

	(void)argc;
	(void)argv;
	sh_printf("  id  name             state    prio      ticks %10s\n",
	          hz ? "cpu-ms" : "cpu-Mcyc");
	sched_for_each(ps_line, &hz);
	sched_counts(&created, &reaped);
	sh_printf("threads: %llu created, %llu reaped\n",
	          (unsigned long long)created, (unsigned long long)reaped);
	return 0;
}

int cmd_log(int argc, char **argv)
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
