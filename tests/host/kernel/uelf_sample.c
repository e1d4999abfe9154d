/* SPDX-License-Identifier: MIT */
/* A tiny freestanding static-PIE user program for test_kuelf: built with
 * clang-19 -fPIE -static-pie -nostdlib and ld.lld-19, never run. Its table
 * of string pointers needs load-time R_X86_64_RELATIVE relocations. */
static const char *const words[] = {"tern", "uelf", "sample"};
/* volatile: the compiler may not fold the table away. */
static const char *const *volatile table = words;
int counter;

__attribute__((noreturn)) void _start(void)
{
	unsigned long n = 0;
	unsigned i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		n += (unsigned long)table[i][0];
	counter = (int)n;
	for (;;)
		__asm__ volatile("pause");
}
