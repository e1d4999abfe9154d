/* SPDX-License-Identifier: MIT */
/* SHA-256, written from FIPS 180-4 ("Secure Hash Standard"). Section
 * numbers below refer to it. */
#include <libk/sha256.h>
#include <libk/string.h>

/* Section 4.2.2: the first 32 bits of the fractional parts of the cube
 * roots of the first 64 primes. */
static const uint32_t sha256_k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
    0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
    0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
    0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
    0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
    0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

/* Section 5.3.3: the initial hash value H(0), the first 32 bits of the
 * fractional parts of the square roots of the first 8 primes. */
static const uint32_t sha256_h0[8] = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

static inline uint32_t rotr(uint32_t x, unsigned n)
{
	return (x >> n) | (x << (32 - n));
}

/* Section 3.1: words are big-endian. */
static inline uint32_t load_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static inline void store_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* Section 4.1.2: the six logical functions. */
#define CH(x, y, z)  (((x) & (y)) ^ (~(x) & (z)))
#define MAJ(x, y, z) (((x) & (y)) ^ ((x) & (z)) ^ ((y) & (z)))
#define BSIG0(x)     (rotr(x, 2) ^ rotr(x, 13) ^ rotr(x, 22))
#define BSIG1(x)     (rotr(x, 6) ^ rotr(x, 11) ^ rotr(x, 25))
#define SSIG0(x)     (rotr(x, 7) ^ rotr(x, 18) ^ ((x) >> 3))
#define SSIG1(x)     (rotr(x, 17) ^ rotr(x, 19) ^ ((x) >> 10))

/* Section 6.2.2: one 64-byte block into h. */
static void compress(uint32_t h[8], const uint8_t block[SHA256_BLOCK_SIZE])
{
	uint32_t w[64], v[8];

	for (int t = 0; t < 16; t++)
		w[t] = load_be32(block + 4 * t);
	for (int t = 16; t < 64; t++)
		w[t] =
		    SSIG1(w[t - 2]) + w[t - 7] + SSIG0(w[t - 15]) + w[t - 16];
	for (int i = 0; i < 8; i++)
		v[i] = h[i];
	for (int t = 0; t < 64; t++) {
		/* v = a b c d e f g h */
		uint32_t t1 = v[7] + BSIG1(v[4]) + CH(v[4], v[5], v[6]) +
		              sha256_k[t] + w[t];
		uint32_t t2 = BSIG0(v[0]) + MAJ(v[0], v[1], v[2]);

		v[7] = v[6];
		v[6] = v[5];
		v[5] = v[4];
		v[4] = v[3] + t1;
		v[3] = v[2];
		v[2] = v[1];
		v[1] = v[0];
		v[0] = t1 + t2;
	}
	for (int i = 0; i < 8; i++)
		h[i] += v[i];
}

void sha256_init(struct sha256_state *st)
{
	LIBK_FN(memcpy)(st->h, sha256_h0, sizeof(st->h));
	st->len = 0;
	st->buflen = 0;
}

void sha256_update(struct sha256_state *st, const void *in, size_t n)
{
	const uint8_t *p = in;

	if (!n)
		return;
	st->len += n;
	if (st->buflen) {
		size_t take = SHA256_BLOCK_SIZE - st->buflen;

		if (take > n)
			take = n;
		LIBK_FN(memcpy)(st->buf + st->buflen, p, take);
		st->buflen += take;
		p += take;
		n -= take;
		if (st->buflen < SHA256_BLOCK_SIZE)
			return;
		compress(st->h, st->buf);
		st->buflen = 0;
	}
	for (; n >= SHA256_BLOCK_SIZE;
	     p += SHA256_BLOCK_SIZE, n -= SHA256_BLOCK_SIZE)
		compress(st->h, p);
	if (n)
		LIBK_FN(memcpy)(st->buf, p, n);
	st->buflen = n;
}

/* Section 5.1.1: a 1 bit, zeros up to 56 bytes mod 64, then the message
 * length in bits as a 64-bit big-endian number. */
void sha256_final(struct sha256_state *st, uint8_t out[SHA256_DIGEST_SIZE])
{
	uint64_t bits = st->len * 8;
	size_t n = st->buflen;

	st->buf[n++] = 0x80;
	if (n > SHA256_BLOCK_SIZE - 8) {
		LIBK_FN(memset)(st->buf + n, 0, SHA256_BLOCK_SIZE - n);
		compress(st->h, st->buf);
		n = 0;
	}
	LIBK_FN(memset)(st->buf + n, 0, SHA256_BLOCK_SIZE - 8 - n);
	store_be32(st->buf + 56, (uint32_t)(bits >> 32));
	store_be32(st->buf + 60, (uint32_t)bits);
	compress(st->h, st->buf);
	for (int i = 0; i < 8; i++)
		store_be32(out + 4 * i, st->h[i]);
	LIBK_FN(memset)(st, 0, sizeof(*st));
}

void sha256(uint8_t out[SHA256_DIGEST_SIZE], const void *in, size_t n)
{
	struct sha256_state st;

	sha256_init(&st);
	sha256_update(&st, in, n);
	sha256_final(&st, out);
}

void sha256_hex(const uint8_t d[SHA256_DIGEST_SIZE], char out[SHA256_HEX_SIZE])
{
	static const char digits[] = "0123456789abcdef";

	for (int i = 0; i < SHA256_DIGEST_SIZE; i++) {
		out[2 * i] = digits[d[i] >> 4];
		out[2 * i + 1] = digits[d[i] & 15];
	}
	out[2 * SHA256_DIGEST_SIZE] = '\0';
}
