/* SPDX-License-Identifier: MIT */
/* The boot's randomization, reported once, and the kernel CSPRNG seeded. */
#ifndef KERNEL_CORE_KASLR_REPORT_H
#define KERNEL_CORE_KASLR_REPORT_H
#include <tern/bootinfo.h>

/* Seed kernel_csprng from bi->seed and wipe the seed in the blob; name
 * the seed sources (a loud warning when only the TSC contributed); print
 * the one "kaslr:" line, the documented place where addresses appear:
 *
 *   kaslr: virt=0x.. phys=0x.. dmap=0x.. palloc=0x.. stacks=0x..
 *          virt_bits=31.99 phys_bits=15.61 dmap_bits=16.00
 *          palloc_bits=22.00 stacks_bits=31.98 phys_slots=N image=0x..
 *          dmap_size=0x.. link=0x.. seed=efi-rng+rdseed+rdrand+tsc
 *
 * (on one line; "kaslr: off (nokaslr) ..." with the fixed layout). */
void kaslr_boot(struct tern_bootinfo *bi);
#endif
