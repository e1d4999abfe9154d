/* SPDX-License-Identifier: MIT */
/*
 * Randomized placement (portable, host-tested). The windows and their
 * entropy arithmetic are in tern/layout.h.
 *
 *   master seed (BLAKE2s of every source, efi_seed.c)
 *     |-- kaslr_derive("tern kernel seed") --> bi->seed, for the kernel
 *     `-- kaslr_derive("tern kaslr")       --> ChaCha20 key of the
 *                                              placement stream below
 *
 * Draws are uniform: kaslr_rng_below rejects the values that would bias
 * the modulo. A placement of a region of `size` bytes at `granule` in a
 * window of `win` bytes has (win - size) / granule + 1 slots.
 */
#ifndef TERN_LOADER_KASLR_H
#define TERN_LOADER_KASLR_H
#include "memmap.h"
#include <stdbool.h>
#include <stdint.h>
#include <tern/bootinfo.h>

struct kaslr_rng {
	uint8_t key[32];
	uint8_t buf[64]; /* keystream block being consumed */
	uint32_t counter;
	unsigned pos; /* bytes of buf used; 64 = empty */
};

/* out = BLAKE2s-256 keyed with master over label: independent 32-byte
 * keys for independent uses of one seed. */
void kaslr_derive(const uint8_t master[32], const char *label, uint8_t out[32]);

/* Start the stream with key (copied); kaslr_rng_wipe erases it. */
void kaslr_rng_init(struct kaslr_rng *r, const uint8_t key[32]);
void kaslr_rng_wipe(struct kaslr_rng *r);
uint64_t kaslr_rng_u64(struct kaslr_rng *r);

/* Uniform in [0, n); n must be > 0. */
uint64_t kaslr_rng_below(struct kaslr_rng *r, uint64_t n);

/* floor(100 * log2(n)) for n >= 1 (0 for n <= 1). */
uint32_t kaslr_centibits(uint64_t n);

/* Slots for size bytes at granule (a power of two) in a window of win
 * bytes: (win - size) / granule + 1, or 0 if it does not fit. */
uint64_t kaslr_slots(uint64_t win, uint64_t size, uint64_t granule);

/* Place size bytes in [start, start + win) at a random granule-aligned
 * base (start must be granule aligned). With r == NULL, the base is
 * fixed_base and p says 1 slot. Returns false if size does not fit. */
bool kaslr_place(struct kaslr_rng *r, uint64_t start, uint64_t win,
                 uint64_t size, uint64_t granule, uint64_t fixed_base,
                 uint64_t *base, struct tern_placement *p);

/* Physical slots: 4 KiB-aligned bases b >= min with [b, b + size) inside
 * one EfiConventionalMemory descriptor of m. */
uint64_t kaslr_phys_slots(const struct efi_map *m, uint64_t size, uint64_t min);

/* The n-th such base (n < kaslr_phys_slots), in map order. */
bool kaslr_phys_nth(const struct efi_map *m, uint64_t size, uint64_t min,
                    uint64_t n, uint64_t *base);
#endif
