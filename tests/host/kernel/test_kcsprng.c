/* SPDX-License-Identifier: MIT */
/* The kernel CSPRNG: its output is exactly the fast-key-erasure ChaCha20
 * construction of csprng.h, the old key is gone after a refill, request
 * sizes do not change the stream, reseeding and seeds change it, and an
 * unseeded generator panics. */
#include <libk/blake2s.h>
#include <libk/chacha20.h>
#include "core/csprng.h"
#include "test.h"

static const uint8_t seed_a[32] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
static const uint8_t zero_nonce[12];

/* The construction, recomputed from ChaCha20 directly: nbuf buffers. */
static void reference(const uint8_t seed[32], uint8_t *out, size_t nbuf)
{
	uint8_t key[32], blk[CSPRNG_BLOCKS * 64];

	memcpy(key, seed, 32);
	for (size_t i = 0; i < nbuf; i++) {
		chacha20_xor(key, zero_nonce, 0, NULL, blk, sizeof(blk));
		memcpy(key, blk, 32);
		memcpy(out + i * CSPRNG_BUF, blk + 32, CSPRNG_BUF);
	}
}

static void test_matches_construction(void)
{
	static uint8_t want[3 * CSPRNG_BUF], got[3 * CSPRNG_BUF];
	struct csprng c;

	reference(seed_a, want, 3);
	csprng_init(&c, seed_a);
	csprng_fill(&c, got, sizeof(got));
	CHECK(!memcmp(got, want, sizeof(got)));
}

static void test_key_erasure(void)
{
	uint8_t first[32], b;
	struct csprng c;

	csprng_init(&c, seed_a);
	csprng_fill(&c, &b, 1);
	CHECK(memcmp(c.key, seed_a, 32) != 0); /* seed key replaced */
	memcpy(first, c.key, 32);
	/* served bytes are wiped from the buffer */
	CHECK_EQ(c.buf[0], 0);
	CHECK_EQ(c.avail, CSPRNG_BUF - 1);
	for (size_t i = 1; i < CSPRNG_BUF; i++)
		csprng_fill(&c, &b, 1);
	for (size_t i = 0; i < CSPRNG_BUF; i++)
		CHECK_EQ(c.buf[i], 0);
	csprng_fill(&c, &b, 1);
	CHECK(memcmp(c.key, first, 32) != 0); /* next refill, next key */
}

static void test_request_sizes(void)
{
	static uint8_t big[1000], small[1000];
	struct csprng c;
	size_t off = 0, step = 1;

	csprng_init(&c, seed_a);
	csprng_fill(&c, big, sizeof(big));
	csprng_init(&c, seed_a);
	while (off < sizeof(small)) {
		size_t n =
		    step < sizeof(small) - off ? step : sizeof(small) - off;

		csprng_fill(&c, small + off, n);
		off += n;
		step = step * 3 % 97 + 1;
	}
	CHECK(!memcmp(big, small, sizeof(big)));
}

static void test_seed_and_reseed_change_output(void)
{
	uint8_t seed_b[32], x[64], y[64], z[64];
	struct csprng c;

	memcpy(seed_b, seed_a, 32);
	seed_b[31] ^= 0x80;
	csprng_init(&c, seed_a);
	csprng_fill(&c, x, 64);
	csprng_init(&c, seed_b);
	csprng_fill(&c, y, 64);
	CHECK(memcmp(x, y, 64) != 0);
	csprng_init(&c, seed_a);
	csprng_reseed(&c, "more", 4);
	csprng_fill(&c, z, 64);
	CHECK(memcmp(x, z, 64) != 0);
	CHECK_EQ(c.avail, CSPRNG_BUF - 64);
}

/* Roughly half the bits set over 64 KiB (a broken generator that returns
 * zeros or a constant fails). */
static void test_bit_balance(void)
{
	static uint8_t buf[65536];
	unsigned long ones = 0;

	struct csprng c;
	uint64_t x, y;

	csprng_init(&c, seed_a);
	csprng_fill(&c, buf, sizeof(buf));
	for (size_t i = 0; i < sizeof(buf); i++)
		ones += (unsigned)__builtin_popcount(buf[i]);
	CHECK(ones > 8 * sizeof(buf) / 2 - 2000 &&
	      ones < 8 * sizeof(buf) / 2 + 2000);
	csprng_fill(&c, &x, sizeof(x));
	csprng_fill(&c, &y, sizeof(y));
	CHECK(x != y);
}

static void test_unseeded_panics(void)
{
	struct csprng c = {0};
	uint8_t b;

	CHECK_PANICS(csprng_fill(&c, &b, 1));
}

int main(void)
{
	test_matches_construction();
	test_key_erasure();
	test_request_sizes();
	test_seed_and_reseed_change_output();
	test_bit_balance();
	test_unseeded_panics();
	return test_finish();
}
