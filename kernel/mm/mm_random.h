/* SPDX-License-Identifier: MIT */
/* 64-bit values for mm/'s hardening keys and treap priorities: RDRAND when
 * the CPU has it, mixed with a splitmix64 stream seeded from boot-info's
 * seed and the TSC. Not a CSPRNG: the kernel CSPRNG (issue 4) replaces it
 * once it lands. */
#ifndef KERNEL_MM_MM_RANDOM_H
#define KERNEL_MM_MM_RANDOM_H
#include <stddef.h>
#include <stdint.h>

void mm_random_init(const uint8_t *seed, size_t n);
uint64_t mm_random_u64(void);
#endif
