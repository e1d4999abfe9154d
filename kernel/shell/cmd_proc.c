/* SPDX-License-Identifier: MIT */
/* run: start a program from the initramfs and wait for it; kill: end
 * one. */
#include <stdbool.h>
#include <libk/parse.h>
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
	proc_set_foreground(pid); /* its group: Ctrl-C ends it */
	rc = proc_wait(pid, &status);
	proc_set_foreground(0);
	if (rc)
		return 1;
	report(path, pid, status);
	return status ? 1 : 0;
}
SHELL_CMD(run, "[-R] PROGRAM [ARGS]",
          "run a program from the initramfs (/bin/PROGRAM) and wait for it; "
          "-R: no address randomization",
          1, 9, cmd_run);

/* kill [-SIG] PID: as kill(2) from the kernel: SIGTERM unless -SIG. */
static int cmd_kill(int argc, char **argv)
{
	uint64_t pid, sig = 15;
	int rc;

	if (argc == 3 &&
	    (argv[1][0] != '-' ||
	     kparse_u64(argv[1] + 1, LIBK_FN(strlen)(argv[1] + 1), 10, &sig) ||
	     sig > 64))
		return 2;
	if (kparse_u64(argv[argc - 1], LIBK_FN(strlen)(argv[argc - 1]), 10,
	               &pid) ||
	    !pid || pid > 0x7fffffff)
		return 2;
	rc = proc_kill((int)pid, (int)sig);
	if (rc == -ESRCH)
		sh_printf("kill: %llu: no such process\n",
		          (unsigned long long)pid);
	else if (rc)
		sh_printf("kill: signal %llu is not supported\n",
		          (unsigned long long)sig);
	return rc ? 1 : 0;
}
SHELL_CMD(kill, "[-SIG] PID",
          "end process PID (SIGTERM, or signal SIG: 9 for SIGKILL)", 1, 2,
          cmd_kill);
