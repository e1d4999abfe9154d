/* SPDX-License-Identifier: MIT */
/* atexit [STATUS]: registers three handlers that print "a", "b", "c" and
 * calls exit(STATUS) (default 3); libc must run them last-registered first,
 * so the output is "cba\n" and the status STATUS. */
#include <stdio.h>
#include <stdlib.h>

static void a(void)
{
	printf("a\n");
}

static void b(void)
{
	printf("b");
}

static void c(void)
{
	printf("c");
}

int main(int argc, char **argv)
{
	if (atexit(a) || atexit(b) || atexit(c))
		return 1;
	exit(argc > 1 ? atoi(argv[1]) : 3);
}
