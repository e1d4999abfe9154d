/* SPDX-License-Identifier: MIT */
/* ChaCha20, written from RFC 8439 ("ChaCha20 and Poly1305 for IETF
 * Protocols"), section 2. Section numbers below refer to it. */
#include <libk/chacha20.h>
#include <libk/string.h>

static inline uint32_t rotl32(uint32_t x, unsigned n)
{
	return (x << n) | (x >> (32 - n));
}

static inline uint32_t load_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static inline void store_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* Section 2.1: the quarter round on four state words. */
static void quarter_round(uint32_t *x, int a, int b, int c, int d)
{
	x[a] += x[b];
	x[d] = rotl32(x[d] ^ x[a], 16);
	x[c] += x[d];
	x[b] = rotl32(x[b] ^ x[c], 12);
	x[a] += x[b];
	x[d] = rotl32(x[d] ^ x[a], 8);
	x[c] += x[d];
	x[b] = rotl32(x[b] ^ x[c], 7);
}

void chacha20_block(const uint8_t key[CHACHA20_KEY_SIZE],
                    const uint8_t nonce[CHACHA20_NONCE_SIZE], uint32_t counter,
                    uint8_t out[CHACHA20_BLOCK_SIZE])
{
	uint32_t s[16], x[16];
	int i;

	s[0] = 0x61707865; /* section 2.3: "expand 32-byte k" */
	s[1] = 0x3320646e;
	s[2] = 0x79622d32;
	s[3] = 0x6b206574;
	for (i = 0; i < 8; i++)
		s[4 + i] = load_le32(key + 4 * i);
	s[12] = counter;
	for (i = 0; i < 3; i++)
		s[13 + i] = load_le32(nonce + 4 * i);
	LIBK_FN(memcpy)(x, s, sizeof(x));
	for (i = 0; i < 10; i++) { /* 20 rounds: column + diagonal */
		quarter_round(x, 0, 4, 8, 12);
		quarter_round(x, 1, 5, 9, 13);
		quarter_round(x, 2, 6, 10, 14);
		quarter_round(x, 3, 7, 11, 15);
		quarter_round(x, 0, 5, 10, 15);
		quarter_round(x, 1, 6, 11, 12);
		quarter_round(x, 2, 7, 8, 13);
		quarter_round(x, 3, 4, 9, 14);
	}
	for (i = 0; i < 16; i++)
		store_le32(out + 4 * i, x[i] + s[i]);
	LIBK_FN(memset)(x, 0, sizeof(x));
	LIBK_FN(memset)(s, 0, sizeof(s));
}

void chacha20_xor(const uint8_t key[CHACHA20_KEY_SIZE],
                  const uint8_t nonce[CHACHA20_NONCE_SIZE], uint32_t counter,
                  const void *in, void *out, size_t len)
{
	const uint8_t *src = in;
	uint8_t *dst = out, ks[CHACHA20_BLOCK_SIZE];
	size_t i, n;

	while (len) {
		chacha20_block(key, nonce, counter++, ks);
		n = len < sizeof(ks) ? len : sizeof(ks);
		for (i = 0; i < n; i++)
			dst[i] = (uint8_t)((src ? src[i] : 0) ^ ks[i]);
		if (src)
			src += n;
		dst += n;
		len -= n;
	}
	LIBK_FN(memset)(ks, 0, sizeof(ks));
}
