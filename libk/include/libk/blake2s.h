/* SPDX-License-Identifier: MIT */
/*
 * BLAKE2s (RFC 7693), the 32-bit BLAKE2 variant: digests of 1..32 bytes,
 * optionally keyed with a key of 0..32 bytes (keyed mode is a MAC/PRF).
 *
 * Streaming use:
 *	struct blake2s_state st;
 *	if (blake2s_init(&st, 32, key, keylen) < 0) ...;
 *	blake2s_update(&st, a, alen);
 *	blake2s_update(&st, b, blen);
 *	blake2s_final(&st, out);	// writes outlen bytes, wipes st
 *
 * Not thread-safe per state; no allocation; freestanding.
 */
#ifndef LIBK_BLAKE2S_H
#define LIBK_BLAKE2S_H
#include <stddef.h>
#include <stdint.h>

#define BLAKE2S_BLOCK_SIZE 64 /* RFC 7693 section 2.1: bb */
#define BLAKE2S_OUT_MAX    32 /* nn in 1..32 */
#define BLAKE2S_KEY_MAX    32 /* kk in 0..32 */

/* Error returned by blake2s_init for a bad outlen or keylen. */
#define BLAKE2S_EINVAL (-1)

struct blake2s_state {
	uint32_t h[8];                   /* chained state */
	uint32_t t[2];                   /* byte counter, low word first */
	uint8_t buf[BLAKE2S_BLOCK_SIZE]; /* pending input */
	size_t buflen;                   /* bytes pending in buf */
	size_t outlen;                   /* digest length nn */
};

/* Start a hash of outlen (1..32) bytes, keyed when keylen > 0 (key may be
 * NULL when keylen is 0). Returns 0, or BLAKE2S_EINVAL and leaves st
 * unusable. */
int blake2s_init(struct blake2s_state *st, size_t outlen, const void *key,
                 size_t keylen);

/* Absorb inlen bytes (in may be NULL when inlen is 0). */
void blake2s_update(struct blake2s_state *st, const void *in, size_t inlen);

/* Write the st->outlen-byte digest to out and wipe the state. */
void blake2s_final(struct blake2s_state *st, void *out);

/* One-shot: out = BLAKE2s-outlen(key, in). Writes nothing when outlen or
 * keylen is out of range. */
void blake2s(void *out, size_t outlen, const void *key, size_t keylen,
             const void *in, size_t inlen);

#endif
