/* SPDX-License-Identifier: MIT */
/* Boot-time facts the rest of the kernel may read: the validated boot-info
 * blob and the kernel image's section bounds (from kernel.ld). */
#ifndef KERNEL_CORE_BOOT_H
#define KERNEL_CORE_BOOT_H
#include <stdint.h>
#include <tern/bootinfo.h>

/* Set by kmain once bootinfo_validate has accepted the blob. */
extern const struct tern_bootinfo *boot_info;
extern uint64_t boot_tsc_kmain; /* TSC at kmain entry */

static inline const char *boot_cmdline(void)
{
	return (const char *)boot_info + boot_info->cmdline_offset;
}

static inline const struct tern_mem_range *boot_memmap(void)
{
	return (const void *)((const char *)boot_info +
	                      boot_info->memmap_offset);
}

#define KERNEL_IMAGE_SYMBOL(s)                                                 \
	extern char s[] __attribute__((visibility("hidden")))
KERNEL_IMAGE_SYMBOL(__kernel_start);
KERNEL_IMAGE_SYMBOL(__text_end);
KERNEL_IMAGE_SYMBOL(__rodata_start);
KERNEL_IMAGE_SYMBOL(__rodata_end);
KERNEL_IMAGE_SYMBOL(__data_start);
KERNEL_IMAGE_SYMBOL(__kernel_end);

/* Print the boot banner: version, command line, memory, framebuffer,
 * kernel placement, loader-to-kernel time. */
void banner_print(void);
#endif
