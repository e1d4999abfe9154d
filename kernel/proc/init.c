/* SPDX-License-Identifier: MIT */
/* init=/bin/PROGRAM: the first process, started at boot before the
 * kernel shell. It is the console's foreground (its reads get the lines
 * typed, Ctrl-C ends it); the boot thread waits for it and logs how it
 * ended, and then the kernel shell takes the console. Without init= the
 * kernel shell is the console's from the start. */
#include <libk/parse.h>
#include <libk/string.h>
#include "console/kprintf.h"
#include "core/boot.h"
#include "proc/exec.h"
#include "proc/initrd.h"
#include "proc/proc.h"
#include "sched/thread.h"

#define INIT_PATH_MAX 128

static char init_path[INIT_PATH_MAX];

static void init_run(void)
{
	const char *argv[1] = {init_path};
	struct exec_args ea = {.path = init_path, .argv = argv, .argc = 1};
	const void *data;
	size_t size;
	char how[48];
	int pid, status;

	if (initrd_find(init_path, &data, &size)) {
		kprintf("init: %s: no such program in the initramfs\n",
		        init_path);
		return;
	}
	pid = proc_spawn_elf(data, size, &ea);
	if (pid < 0) {
		kprintf("init: %s: cannot start (error %d)\n", init_path, -pid);
		return;
	}
	kprintf("init: %s is pid %d\n", init_path, pid);
	proc_set_foreground(pid);
	if (proc_wait(pid, &status))
		return;
	proc_set_foreground(0);
	proc_status_describe(status, how, sizeof(how));
	kprintf("init: %s (pid %d) %s\n", init_path, pid, how);
}

void proc_start_init(void)
{
	if (!kcmdline_get(boot_cmdline(), "init", init_path, sizeof(init_path)))
		return;
	init_run();
}
