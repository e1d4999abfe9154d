/* SPDX-License-Identifier: MIT */
/*
 * The interactive shell on the framebuffer console and serial at once:
 * input from input_getc (keyboard and serial merged), output through the
 * console (both screens). Commands are in shell_cmds.c; `help` lists them.
 */
#ifndef KERNEL_SHELL_SHELL_H
#define KERNEL_SHELL_SHELL_H
#include <stddef.h>
#include <libk/printf.h>
#include "shell/cmdline.h"

#define SHELL_PROMPT "tern> "

/* Run the shell in the calling thread; never returns. */
_Noreturn void shell_run(void);

/* Run one command line (modified in place) as if typed. */
void shell_exec(char *line);

/* printf to the shell's terminal. */
int sh_printf(const char *fmt, ...) LIBK_PRINTF_LIKE(1, 2);
/* A libk sink writing to the shell's terminal (ctx unused). */
void sh_sink(void *ctx, const char *s, size_t n);

/* The command table (shell_cmds.c). */
extern const struct shell_cmd shell_cmds[];
extern const size_t shell_ncmds;

/* Commands, one file per area. argv[0] is the command name. */
int cmd_help(int argc, char **argv);
int cmd_mem(int argc, char **argv);
int cmd_memmap(int argc, char **argv);
int cmd_lspci(int argc, char **argv);
int cmd_lsusb(int argc, char **argv);
int cmd_irq(int argc, char **argv);
int cmd_uptime(int argc, char **argv);
int cmd_ps(int argc, char **argv);
int cmd_kaslr(int argc, char **argv);
int cmd_log(int argc, char **argv);
int cmd_bench(int argc, char **argv);
int cmd_reboot(int argc, char **argv);
int cmd_poweroff(int argc, char **argv);
#endif
