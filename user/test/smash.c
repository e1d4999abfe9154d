/* SPDX-License-Identifier: MIT */
/* smash [N]: writes N bytes (default 64) into a 16-byte stack array, so
 * that the stack protector must end the process through __stack_chk_fail
 * (message on stderr, status 127) before the function returns. With N <=
 * 16 it returns normally and exits 0. */
#include <stdio.h>
#include <stdlib.h>

__attribute__((noinline)) static int overflow(int n)
{
	char buf[16];
	volatile char *p = buf;

	for (int i = 0; i < n; i++)
		p[i] = 'A';
	return p[0];
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 64;

	overflow(n);
	printf("smash: %d bytes, no overflow detected\n", n);
	return 0;
}
