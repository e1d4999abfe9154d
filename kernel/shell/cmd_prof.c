/* SPDX-License-Identifier: MIT */
/* prof: the sampling profiler (core/prof.h) from the shell. */
#include <libk/parse.h>
#include <libk/string.h>
#include "core/prof_kernel.h"
#include "shell/shell.h"

#define PROF_TOP_DEFAULT 20

static int cmd_prof(int argc, char **argv)
{
	const char *op = argv[1];
	uint64_t top = PROF_TOP_DEFAULT;

	if (!LIBK_FN(strcmp)(op, "start")) {
		if (prof_start()) {
			sh_printf("prof: no symbol table or no memory\n");
			return 1;
		}
		sh_printf("prof: sampling\n");
		return 0;
	}
	if (!LIBK_FN(strcmp)(op, "stop")) {
		sh_printf("prof: stopped, %llu samples\n",
		          (unsigned long long)prof_stop());
		return 0;
	}
	if (!LIBK_FN(strcmp)(op, "show")) {
		if (argc == 3 &&
		    (kparse_u64(argv[2], LIBK_FN(strlen)(argv[2]), 10, &top) ||
		     !top)) {
			sh_printf("prof: show N wants a count > 0\n");
			return 1;
		}
		prof_show((size_t)top, sh_sink, NULL);
		return 0;
	}
	sh_printf("prof: start, stop or show [N]\n");
	return 1;
}
SHELL_CMD(prof, "start|stop|show [N]",
          "sample where the kernel spends its time (timer-tick profiler)", 1, 2,
          cmd_prof);
