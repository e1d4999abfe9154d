/* SPDX-License-Identifier: MIT */
/* echo [-n] ARGS...: the arguments separated by spaces, then a newline
 * (none with -n). */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	int i = 1, newline = 1;

	if (argc > 1 && !strcmp(argv[1], "-n")) {
		newline = 0;
		i++;
	}
	for (int first = i; i < argc; i++)
		if (printf("%s%s", i > first ? " " : "", argv[i]) < 0)
			return 1;
	if (newline && printf("\n") < 0)
		return 1;
	return 0;
}
