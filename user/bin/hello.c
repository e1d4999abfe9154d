/* SPDX-License-Identifier: MIT */
/* hello: the first program. */
#include <stdio.h>

int main(void)
{
	printf("hello, world\n");
	return 0;
}
