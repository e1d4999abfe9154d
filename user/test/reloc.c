/* SPDX-License-Identifier: MIT */
/* reloc [write]: checks the start code's self-relocation. Pointers in a
 * const table (RELRO) and in writable data hold link-time offsets until
 * relocated; the program prints the strings they reach ("reloc: one two
 * three"). With "write" it then stores into the RELRO table, which the
 * start code made read-only: the process must die of SIGSEGV. */
#include <stdio.h>
#include <string.h>

static const char *const table[] = {"one", "two"};
static const char *writable = "three";

int main(int argc, char **argv)
{
	printf("reloc: %s %s %s\n", table[0], table[1], writable);
	if (argc > 1 && !strcmp(argv[1], "write")) {
		*(const char *volatile *)&table[0] = "overwritten";
		printf("reloc: RELRO is writable (%s)\n", table[0]);
	}
	return 0;
}
