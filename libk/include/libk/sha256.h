/* SPDX-License-Identifier: MIT */
/*
 * SHA-256 (FIPS 180-4): 32-byte digests of messages of any length below
 * 2^64 bits.
 *
 * Streaming use:
 *	struct sha256_state st;
 *	sha256_init(&st);
 *	sha256_update(&st, a, alen);
 *	sha256_update(&st, b, blen);
 *	sha256_final(&st, out);	// writes 32 bytes, wipes st
 *
 * Not thread-safe per state; no allocation; freestanding.
 */
#ifndef LIBK_SHA256_H
#define LIBK_SHA256_H
#include <stddef.h>
#include <stdint.h>

#define SHA256_BLOCK_SIZE  64 /* FIPS 180-4 section 1: 512-bit blocks */
#define SHA256_DIGEST_SIZE 32
#define SHA256_HEX_SIZE    (2 * SHA256_DIGEST_SIZE + 1) /* with the NUL */

struct sha256_state {
	uint32_t h[8];                  /* H(i), section 6.2.2 */
	uint64_t len;                   /* message bytes absorbed */
	uint8_t buf[SHA256_BLOCK_SIZE]; /* pending input */
	size_t buflen;                  /* bytes pending in buf */
};

void sha256_init(struct sha256_state *st);
/* Absorb n bytes (in may be NULL when n is 0). */
void sha256_update(struct sha256_state *st, const void *in, size_t n);
/* Write the 32-byte digest to out and wipe the state. */
void sha256_final(struct sha256_state *st, uint8_t out[SHA256_DIGEST_SIZE]);
/* One-shot: out = SHA-256(in). */
void sha256(uint8_t out[SHA256_DIGEST_SIZE], const void *in, size_t n);
/* The digest as 64 lowercase hex digits and a NUL. */
void sha256_hex(const uint8_t d[SHA256_DIGEST_SIZE], char out[SHA256_HEX_SIZE]);

#endif
