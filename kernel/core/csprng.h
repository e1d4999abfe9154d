/* SPDX-License-Identifier: MIT */
/*
 * The kernel CSPRNG: ChaCha20 (RFC 8439) with fast key erasure. Every
 * refill runs CSPRNG_BLOCKS keystream blocks under the current key; the
 * first 32 bytes become the next key at once (the old one is gone), the
 * rest is served to callers and wiped as it is handed out. A captured
 * state therefore reveals nothing about bytes already returned.
 *
 *   refill:  ChaCha20(key, nonce 0, counter 0..CSPRNG_BLOCKS-1)
 *            +----------+------------------------------------------+
 *            | next key | buffer: served front to back, then wiped |
 *            +----------+------------------------------------------+
 *   reseed:  key = BLAKE2s(key = key, data), buffer discarded
 *
 * The generator (csprng.c) is portable and host-tested, and takes no lock:
 * one struct csprng, one caller at a time. The kernel's instance
 * (csprng_kernel.c) is shared by threads and interrupt handlers, so its
 * calls below hold a spinlock with interrupts off: a thread preempted
 * inside csprng_fill could otherwise hand the same bytes to a second
 * caller, and a reseed in between left avail wrapped below zero.
 */
#ifndef KERNEL_CORE_CSPRNG_H
#define KERNEL_CORE_CSPRNG_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CSPRNG_BLOCKS 4
#define CSPRNG_BUF    (CSPRNG_BLOCKS * 64 - 32)

struct csprng {
	uint8_t key[32];
	uint8_t buf[CSPRNG_BUF];
	size_t avail; /* unserved bytes at the end of buf */
	bool seeded;
};

/* Key the generator with a 32-byte seed (copied; the caller wipes its
 * copy). */
void csprng_init(struct csprng *c, const uint8_t seed[32]);

/* Mix n bytes of new entropy into the key; buffered output is dropped. */
void csprng_reseed(struct csprng *c, const void *data, size_t n);

/* n random bytes into out. The generator must be seeded. */
void csprng_fill(struct csprng *c, void *out, size_t n);

/* The kernel's instance (csprng_kernel.c), seeded at boot from
 * boot-info's seed by kaslr_boot. Any thread or interrupt handler may
 * call these. */
extern struct csprng kernel_csprng;
void csprng_get(void *buf, size_t n);
uint64_t csprng_u64(void);
/* Reseed with n bytes (core/entropy.c: interrupt timing). */
void csprng_add_entropy(const void *data, size_t n);
#endif
