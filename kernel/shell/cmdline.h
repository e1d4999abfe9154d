/* SPDX-License-Identifier: MIT */
/*
 * Shell command lines, portable and host-tested: splitting a line into
 * words, finding a command in a table, checking its argument count, and
 * the completion of command names.
 */
#ifndef KERNEL_SHELL_CMDLINE_H
#define KERNEL_SHELL_CMDLINE_H
#include <stddef.h>
#include "shell/shell.h" /* struct shell_cmd */

#define SHELL_MAX_ARGS 8

/* Split line in place at spaces and tabs into at most max words. Returns
 * the word count, or -1 if there are more than max words. */
int shell_split(char *line, char **argv, int max);

/* The command called name, or NULL. */
const struct shell_cmd *shell_find(const struct shell_cmd *tbl, size_t n,
                                   const char *name);

/* True if argc words (the name included) suit cmd. */
int shell_argc_ok(const struct shell_cmd *cmd, int argc);

/* Command names starting with prefix[0..len): the count, and up to max of
 * them in out (for ledit_complete_fn). */
size_t shell_complete(const struct shell_cmd *tbl, size_t n, const char *prefix,
                      size_t len, const char **out, size_t max);
#endif
