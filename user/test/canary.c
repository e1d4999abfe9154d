/* SPDX-License-Identifier: MIT */
/* canary: prints the stack-protector guard word (a test of the start code:
 * it must be nonzero apart from its zeroed low byte, and differ between
 * runs, coming from AT_RANDOM). */
#include <stdint.h>
#include <stdio.h>

extern uintptr_t __stack_chk_guard;

int main(void)
{
	printf("canary %#lx\n", (unsigned long)__stack_chk_guard);
	return 0;
}
