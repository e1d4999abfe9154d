/* SPDX-License-Identifier: MIT */
#include <libk/string.h>
#include "shell/cmdline.h"

static int is_space(char c)
{
	return c == ' ' || c == '\t';
}

int shell_split(char *line, char **argv, int max)
{
	int argc = 0;
	char *p = line;

	for (;;) {
		while (is_space(*p))
			*p++ = 0;
		if (!*p)
			return argc;
		if (argc == max)
			return -1;
		argv[argc++] = p;
		while (*p && !is_space(*p))
			p++;
	}
}

const struct shell_cmd *shell_find(const struct shell_cmd *tbl, size_t n,
                                   const char *name)
{
	for (size_t i = 0; i < n; i++) {
		if (!LIBK_FN(strcmp)(tbl[i].name, name))
			return &tbl[i];
	}
	return NULL;
}

int shell_argc_ok(const struct shell_cmd *cmd, int argc)
{
	return argc - 1 >= cmd->min_args && argc - 1 <= cmd->max_args;
}

size_t shell_complete(const struct shell_cmd *tbl, size_t n, const char *prefix,
                      size_t len, const char **out, size_t max)
{
	size_t count = 0;

	for (size_t i = 0; i < n; i++) {
		if (LIBK_FN(strncmp)(tbl[i].name, prefix, len))
			continue;
		if (count < max)
			out[count] = tbl[i].name;
		count++;
	}
	return count;
}
