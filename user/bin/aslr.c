/* SPDX-License-Identifier: MIT */
/* aslr: prints where this process's regions are, one "NAME 0xADDRESS" line
 * each, for the ASLR tests: pie (main's code), data (a writable global),
 * stack (a local), heap (a malloc block) and mmap (an anonymous mapping). */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

static int data_word = 1;

int main(void)
{
	int local = 0;
	void *heap = malloc(16);
	void *map = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
	                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (!heap || map == MAP_FAILED) {
		fprintf(stderr, "aslr: out of memory\n");
		return 1;
	}
	printf("pie %p\ndata %p\nstack %p\nheap %p\nmmap %p\n", (void *)main,
	       (void *)&data_word, (void *)&local, heap, map);
	return 0;
}
