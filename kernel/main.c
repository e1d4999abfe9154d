/* SPDX-License-Identifier: MIT */
#include <tern/bootinfo.h>

void kmain(struct tern_bootinfo *bi);

void kmain(struct tern_bootinfo *bi)
{
	(void)bi;
	for (;;)
		__asm__ volatile("hlt");
}
