/* SPDX-License-Identifier: MIT */
/* BLAKE2s, written from RFC 7693 ("The BLAKE2 Cryptographic Hash and
 * Message Authentication Code"). Section numbers below refer to it. */
#include <libk/blake2s.h>
#include <libk/string.h>

/* Section 2.6: the initialization vector (same as SHA-256's). */
static const uint32_t blake2s_iv[8] = {
    0x6A09E667, 0xBB67AE85, 0x3C6EF372, 0xA54FF53A,
    0x510E527F, 0x9B05688C, 0x1F83D9AB, 0x5BE0CD19,
};

/* Section 2.7: message word schedule SIGMA, one row per round (BLAKE2s
 * has 10 rounds, section 2.1). */
static const uint8_t blake2s_sigma[10][16] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
    {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4},
    {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
    {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13},
    {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
    {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11},
    {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
    {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5},
    {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0},
};

static inline uint32_t rotr32(uint32_t x, unsigned n)
{
	return (x >> n) | (x << (32 - n));
}

/* Section 2.4: words are little-endian. */
static inline uint32_t load_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* Section 3.1: the mixing function G, with BLAKE2s rotation constants
 * (R1, R2, R3, R4) = (16, 12, 8, 7) from section 2.1. */
static inline void mix_g(uint32_t v[16], int a, int b, int c, int d, uint32_t x,
                         uint32_t y)
{
	v[a] = v[a] + v[b] + x;
	v[d] = rotr32(v[d] ^ v[a], 16);
	v[c] = v[c] + v[d];
	v[b] = rotr32(v[b] ^ v[c], 12);
	v[a] = v[a] + v[b] + y;
	v[d] = rotr32(v[d] ^ v[a], 8);
	v[c] = v[c] + v[d];
	v[b] = rotr32(v[b] ^ v[c], 7);
}

/* Section 3.2: compression function F over one 64-byte block, with the
 * state's byte counter t and the final-block flag. */
static void compress(struct blake2s_state *st, const uint8_t block[64],
                     int last)
{
	uint32_t m[16], v[16];

	for (int i = 0; i < 16; i++)
		m[i] = load_le32(block + 4 * i);
	for (int i = 0; i < 8; i++) {
		v[i] = st->h[i];
		v[i + 8] = blake2s_iv[i];
	}
	v[12] ^= st->t[0];
	v[13] ^= st->t[1];
	if (last)
		v[14] = ~v[14];

	for (int r = 0; r < 10; r++) {
		const uint8_t *s = blake2s_sigma[r];
		mix_g(v, 0, 4, 8, 12, m[s[0]], m[s[1]]);
		mix_g(v, 1, 5, 9, 13, m[s[2]], m[s[3]]);
		mix_g(v, 2, 6, 10, 14, m[s[4]], m[s[5]]);
		mix_g(v, 3, 7, 11, 15, m[s[6]], m[s[7]]);
		mix_g(v, 0, 5, 10, 15, m[s[8]], m[s[9]]);
		mix_g(v, 1, 6, 11, 12, m[s[10]], m[s[11]]);
		mix_g(v, 2, 7, 8, 13, m[s[12]], m[s[13]]);
		mix_g(v, 3, 4, 9, 14, m[s[14]], m[s[15]]);
	}
	for (int i = 0; i < 8; i++)
		st->h[i] ^= v[i] ^ v[i + 8];
}

/* Add n bytes to the 64-bit message byte counter (t[0] low word). */
static void count_bytes(struct blake2s_state *st, uint32_t n)
{
	st->t[0] += n;
	if (st->t[0] < n)
		st->t[1]++;
}

/* Overwrite n bytes in a way the compiler may not drop as a dead store. */
static void wipe(void *p, size_t n)
{
	LIBK_FN(memset)(p, 0, n);
	__asm__ volatile("" : : "r"(p) : "memory");
}

/* Section 3.3: parameter block folded into h[0] (digest length nn, key
 * length kk, fanout and depth 1), and a key padded to a full first block. */
int blake2s_init(struct blake2s_state *st, size_t outlen, const void *key,
                 size_t keylen)
{
	if (!outlen || outlen > BLAKE2S_OUT_MAX || keylen > BLAKE2S_KEY_MAX ||
	    (keylen && !key))
		return BLAKE2S_EINVAL;

	LIBK_FN(memset)(st, 0, sizeof(*st));
	for (int i = 0; i < 8; i++)
		st->h[i] = blake2s_iv[i];
	st->h[0] ^= 0x01010000u ^ (uint32_t)(keylen << 8) ^ (uint32_t)outlen;
	st->outlen = outlen;
	if (keylen) {
		LIBK_FN(memcpy)(st->buf, key, keylen);
		st->buflen = BLAKE2S_BLOCK_SIZE;
	}
	return 0;
}

/* Blocks are compressed lazily: a full buffer is only compressed once more
 * input arrives, so the last block always reaches blake2s_final, which
 * must flag it as final (section 3.3). */
void blake2s_update(struct blake2s_state *st, const void *in, size_t inlen)
{
	const uint8_t *p = in;

	while (inlen) {
		if (st->buflen == BLAKE2S_BLOCK_SIZE) {
			count_bytes(st, BLAKE2S_BLOCK_SIZE);
			compress(st, st->buf, 0);
			st->buflen = 0;
		}
		size_t k = BLAKE2S_BLOCK_SIZE - st->buflen;
		if (k > inlen)
			k = inlen;
		LIBK_FN(memcpy)(st->buf + st->buflen, p, k);
		st->buflen += k;
		p += k;
		inlen -= k;
	}
}

void blake2s_final(struct blake2s_state *st, void *out)
{
	uint8_t digest[32];

	count_bytes(st, (uint32_t)st->buflen);
	LIBK_FN(memset)
	(st->buf + st->buflen, 0, BLAKE2S_BLOCK_SIZE - st->buflen);
	compress(st, st->buf, 1);
	for (int i = 0; i < 8; i++) {
		for (int j = 0; j < 4; j++)
			digest[4 * i + j] = (uint8_t)(st->h[i] >> (8 * j));
	}
	LIBK_FN(memcpy)(out, digest, st->outlen);
	wipe(digest, sizeof(digest));
	wipe(st, sizeof(*st));
}

void blake2s(void *out, size_t outlen, const void *key, size_t keylen,
             const void *in, size_t inlen)
{
	struct blake2s_state st;

	if (blake2s_init(&st, outlen, key, keylen) < 0)
		return;
	blake2s_update(&st, in, inlen);
	blake2s_final(&st, out);
}
