/* SPDX-License-Identifier: MIT */
/* run: start a program from the initramfs and wait for it. */
#include <stdbool.h>
#include <libk/printf.h>
#include <libk/string.h>
#include <tern/errno.h>
#include "proc/exec.h"
#include "proc/initrd.h"
#include "proc/proc.h"
#include "shell/shell.h"

#define PATH_MAX_RUN 128

/* argv[0] as a path: "hello" is /bin/hello, anything with a '/' as is. */
static void resolve(const char *name, char *path, size_t size)
{
	if (LIBK_FN(strchr)(name, '/'))
		LIBK_FN(strlcpy)(path, name, size);
	else
		LIBK_FN(snprintf)(path, size, "/bin/%s", name);
}

/* How pid ended, unless it exited with 0 (silence, as a shell). */
static void report(const char *name, int pid, int status)
{
	char how[48];

	if (!status)
		return;
	proc_status_describe(status, how, sizeof(how));
	sh_printf("run: %s (pid %d) %s\n", name, pid, how);
}

static int cmd_run(int argc, char **argv)
{
	char path[PATH_MAX_RUN];
	const void *data;
	size_t size;
	int pid, status, rc;

	bool norand = argc > 2 && !LIBK_FN(strcmp)(argv[1], "-R");

	if (norand) { /* setarch -R: every window's first slot */
		argc--;
		argv++;
	}
	resolve(argv[1], path, sizeof(path));
	rc = initrd_find(path, &data, &size);
	if (rc) {
		sh_printf("run: %s: %s\n", path,
		          rc == -EISDIR ? "a directory" : "no such program");
		return 1;
	}
	struct exec_args ea = {.path = path,
	                       .argv = (const char *const *)argv + 1,
	                       .argc = (size_t)argc - 1,
	                       .norandmaps = norand};
	pid = proc_spawn_elf(data, size, &ea);
	if (pid < 0) {
		sh_printf("run: %s: cannot start (error %d)\n", path, -pid);
		return 1;
	}
	if (proc_wait(pid, &status))
		return 1;
	report(path, pid, status);
	return status ? 1 : 0;
}
SHELL_CMD(run, "[-R] PROGRAM [ARGS]",
          "run a program from the initramfs (/bin/PROGRAM) and wait for it; "
          "-R: no address randomization",
          1, 9, cmd_run);
