/* SPDX-License-Identifier: MIT */
/* The shell: its thread, the line editor, running a line through the
 * command table, and help. */
#include <libk/printf.h>
#include <libk/string.h>
#include "console/kprintf.h"
#include "input/input.h"
#include "sched/thread.h"
#include "shell/cmdline.h"
#include "shell/lineedit.h"
#include "shell/shell.h"

static struct ledit editor;

/* Every SHELL_CMD in the kernel: one array, sorted by name by the linker
 * (kernel.ld, section tern_shell_cmds). */
extern const struct shell_cmd __start_tern_shell_cmds[]
    __attribute__((visibility("hidden")));
extern const struct shell_cmd __stop_tern_shell_cmds[]
    __attribute__((visibility("hidden")));
#define shell_cmds __start_tern_shell_cmds

static size_t shell_ncmds(void)
{
	return (size_t)(__stop_tern_shell_cmds - __start_tern_shell_cmds);
}

void sh_sink(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	console_write_tty(s, n);
}

int sh_printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = console_vprintf(false, fmt, ap);
	va_end(ap);
	return n;
}

static size_t complete(void *ctx, const char *prefix, size_t len,
                       const char **out, size_t max)
{
	(void)ctx;
	return shell_complete(shell_cmds, shell_ncmds(), prefix, len, out, max);
}

static int cmd_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	for (size_t i = 0; i < shell_ncmds(); i++) {
		char usage[32];

		snprintf(usage, sizeof(usage), "%s %s", shell_cmds[i].name,
		         shell_cmds[i].args);
		sh_printf("  %-16s %s\n", usage, shell_cmds[i].help);
	}
	sh_printf("keys: Left/Right Home/End Backspace Delete, Ctrl-A/E/U/K/W, "
	          "Up/Down history, Tab completes\n");
	return 0;
}
SHELL_CMD(help, "", "list the commands", 0, 0, cmd_help);

static void usage(const struct shell_cmd *c)
{
	sh_printf("usage: %s%s%s\n", c->name, *c->args ? " " : "", c->args);
}

void shell_exec(char *line)
{
	char *argv[SHELL_MAX_ARGS];
	int argc = shell_split(line, argv, SHELL_MAX_ARGS);
	const struct shell_cmd *c;

	if (argc < 0) {
		sh_printf("shell: too many words (at most %d)\n",
		          SHELL_MAX_ARGS);
		return;
	}
	if (argc == 0)
		return;
	c = shell_find(shell_cmds, shell_ncmds(), argv[0]);
	if (!c) {
		sh_printf("shell: unknown command '%s'; try 'help'\n", argv[0]);
		return;
	}
	if (!shell_argc_ok(c, argc) || c->run(argc, argv) == 2)
		usage(c);
}

/* A finished line: run it unless it was cut short. */
static void line_done(void)
{
	char line[LEDIT_MAX];

	if (editor.dropped) {
		sh_printf("shell: line too long: %zu bytes over the limit of "
		          "%d were dropped; not run\n",
		          editor.dropped, LEDIT_MAX - 1);
		return;
	}
	strlcpy(line, ledit_line(&editor), sizeof(line));
	shell_exec(line);
}

_Noreturn void shell_run(void)
{
	strlcpy(thread_current()->name, "shell", THREAD_NAME_MAX);
	ledit_init(&editor, SHELL_PROMPT, sh_sink, complete, NULL);
	sh_printf("\ntern shell: type 'help' for the commands\n");
	ledit_start(&editor);
	for (;;) {
		enum ledit_result r =
		    ledit_feed(&editor, (unsigned char)input_getc());

		if (r == LEDIT_LINE)
			line_done();
		if (r != LEDIT_MORE)
			ledit_start(&editor);
	}
}
