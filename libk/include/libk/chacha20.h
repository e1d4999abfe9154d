/* SPDX-License-Identifier: MIT */
/*
 * ChaCha20 (RFC 8439, section 2): a 256-bit key, a 96-bit nonce and a
 * 32-bit block counter select one 64-byte keystream block.
 *
 *   state (16 little-endian words, section 2.3)
 *   +------------+------------+------------+------------+
 *   | "expa"     | "nd 3"     | "2-by"     | "te k"     |  constants
 *   +------------+------------+------------+------------+
 *   | key[0..3]                                         |
 *   | key[4..7]                                         |
 *   +------------+------------+------------+------------+
 *   | counter    | nonce[0]   | nonce[1]   | nonce[2]   |
 *   +------------+------------+------------+------------+
 *
 * Freestanding, no allocation; used by the loader's KASLR stream and the
 * kernel CSPRNG.
 */
#ifndef LIBK_CHACHA20_H
#define LIBK_CHACHA20_H
#include <stddef.h>
#include <stdint.h>

#define CHACHA20_KEY_SIZE   32
#define CHACHA20_NONCE_SIZE 12
#define CHACHA20_BLOCK_SIZE 64

/* One keystream block (section 2.3) into out. */
void chacha20_block(const uint8_t key[CHACHA20_KEY_SIZE],
                    const uint8_t nonce[CHACHA20_NONCE_SIZE], uint32_t counter,
                    uint8_t out[CHACHA20_BLOCK_SIZE]);

/* out = in XOR keystream starting at block `counter` (section 2.4); in
 * and out may be the same buffer; in == NULL writes the bare keystream.
 * The counter must not wrap: len <= 64 * (2^32 - counter). */
void chacha20_xor(const uint8_t key[CHACHA20_KEY_SIZE],
                  const uint8_t nonce[CHACHA20_NONCE_SIZE], uint32_t counter,
                  const void *in, void *out, size_t len);
#endif
