/* SPDX-License-Identifier: MIT */
/*
 * The interactive shell on the framebuffer console and serial at once:
 * input from input_getc (keyboard and serial merged), output through the
 * console (both screens). `help` lists the commands.
 *
 * A command is registered by the file that implements it, with one line
 * after its function (the shell knows no module's commands):
 *
 *	static int cmd_arp(int argc, char **argv) { ... }
 *	SHELL_CMD(arp, "[-f]", "the ARP cache (-f flushes it)", 0, 1, cmd_arp);
 *
 * The macro puts the command into a linker section; kernel.ld collects
 * every one into a single table sorted by name, which `help`, completion
 * and lookup walk.
 */
#ifndef KERNEL_SHELL_SHELL_H
#define KERNEL_SHELL_SHELL_H
#include <stddef.h>
#include <libk/printf.h>

#define SHELL_PROMPT "tern> "

struct shell_cmd {
	const char *name;
	const char *args;       /* usage text after the name, "" if none */
	const char *help;       /* one line */
	int min_args, max_args; /* words after the name */
	int (*run)(int argc, char **argv); /* 0 ok; 2 bad arguments */
};

/* The section holds the structs back to back: no padding between them. */
_Static_assert(sizeof(struct shell_cmd) % 8 == 0, "shell_cmd size");

/* Register command nm (an identifier: its name as typed), shown as
 * "nm args" with the help line, taking min..max words after the name. */
#define SHELL_CMD(nm, args, help, min, max, fn)                                \
	static const struct shell_cmd shell_cmd_##nm                           \
	    __attribute__((used, section("tern_shell_cmds." #nm),              \
	                   aligned(8))) = {#nm, args, help, min, max, fn}

/* Run the shell in the calling thread; never returns. */
_Noreturn void shell_run(void);

/* Run one command line (modified in place) as if typed. */
void shell_exec(char *line);

/* printf to the shell's terminal. */
int sh_printf(const char *fmt, ...) LIBK_PRINTF_LIKE(1, 2);
/* A libk sink writing to the shell's terminal (ctx unused). */
void sh_sink(void *ctx, const char *s, size_t n);
#endif
