/* SPDX-License-Identifier: MIT */
/* BLAKE2s against RFC 7693: the Appendix B "abc" example and the Appendix E
 * self-test procedure, whose 32-byte result is stated in the RFC. Then
 * streaming in random pieces must equal one-shot hashing. */
#include <libk/blake2s.h>
#include "test.h"

/* RFC 7693 Appendix B: BLAKE2s-256("abc"). */
static const uint8_t abc_digest[32] = {
    0x50, 0x8C, 0x5E, 0x8C, 0x32, 0x7C, 0x14, 0xE2, 0xE1, 0xA7, 0x2B,
    0xA3, 0x4E, 0xEB, 0x45, 0x2F, 0x37, 0x45, 0x8B, 0x20, 0x9E, 0xD6,
    0x3A, 0x29, 0x4D, 0x99, 0x9B, 0x4C, 0x86, 0x67, 0x59, 0x82,
};

/* RFC 7693 Appendix E: the expected hash of all self-test hashes. */
static const uint8_t selftest_expected[32] = {
    0x6A, 0x41, 0x1F, 0x08, 0xCE, 0x25, 0xAD, 0xCD, 0xFB, 0x02, 0xAB,
    0xA6, 0x41, 0x45, 0x1C, 0xEC, 0x53, 0xC5, 0x98, 0xB2, 0x4F, 0x4F,
    0xC7, 0x87, 0xFB, 0xDC, 0x88, 0x79, 0x7F, 0x4C, 0x1D, 0xFE,
};

/* Appendix E's deterministic byte sequence: a Fibonacci-style recurrence
 * on 32-bit words started from seed * 0xDEAD4BAD and 1, emitting the top
 * byte of each new term. */
static void fib_bytes(uint8_t *out, size_t len, uint32_t seed)
{
	uint32_t a = 0xDEAD4BADu * seed, b = 1;

	for (size_t i = 0; i < len; i++) {
		uint32_t t = a + b;
		a = b;
		b = t;
		out[i] = (uint8_t)(t >> 24);
	}
}

static void test_abc(void)
{
	uint8_t out[32];
	struct blake2s_state st;

	blake2s(out, 32, NULL, 0, "abc", 3);
	CHECK_MEMEQ(out, abc_digest, 32);

	CHECK_EQ(blake2s_init(&st, 32, NULL, 0), 0);
	blake2s_update(&st, "a", 1);
	blake2s_update(&st, NULL, 0);
	blake2s_update(&st, "bc", 2);
	blake2s_final(&st, out);
	CHECK_MEMEQ(out, abc_digest, 32);
}

/* Appendix E: for every digest length in {16, 20, 28, 32} and input length
 * in {0, 3, 64, 65, 255, 1024}, hash the sequence input unkeyed and keyed
 * (key = sequence of digest-length bytes) and feed both digests into one
 * running BLAKE2s-256. */
static void test_selftest(void)
{
	static const size_t md_len[] = {16, 20, 28, 32};
	static const size_t in_len[] = {0, 3, 64, 65, 255, 1024};
	uint8_t in[1024], key[32], md[32], grand[32];
	struct blake2s_state all;

	CHECK_EQ(blake2s_init(&all, 32, NULL, 0), 0);
	for (size_t i = 0; i < 4; i++) {
		size_t outlen = md_len[i];
		for (size_t j = 0; j < 6; j++) {
			size_t inlen = in_len[j];
			fib_bytes(in, inlen, (uint32_t)inlen);
			blake2s(md, outlen, NULL, 0, in, inlen);
			blake2s_update(&all, md, outlen);
			fib_bytes(key, outlen, (uint32_t)outlen);
			blake2s(md, outlen, key, outlen, in, inlen);
			blake2s_update(&all, md, outlen);
		}
	}
	blake2s_final(&all, grand);
	CHECK_MEMEQ(grand, selftest_expected, 32);
}

static void test_bad_params(void)
{
	struct blake2s_state st;
	uint8_t key[33] = {0}, out[40];

	CHECK_EQ(blake2s_init(&st, 0, NULL, 0), BLAKE2S_EINVAL);
	CHECK_EQ(blake2s_init(&st, 33, NULL, 0), BLAKE2S_EINVAL);
	CHECK_EQ(blake2s_init(&st, 32, key, 33), BLAKE2S_EINVAL);
	CHECK_EQ(blake2s_init(&st, 32, NULL, 5), BLAKE2S_EINVAL);
	CHECK_EQ(blake2s_init(&st, 1, key, 32), 0);
	memset(out, 0xAA, sizeof(out));
	blake2s(out, 33, NULL, 0, "x", 1); /* rejected: writes nothing */
	CHECK_EQ(out[0], 0xAA);
	blake2s(out, 1, NULL, 0, "x", 1); /* writes exactly one byte */
	CHECK_EQ(out[1], 0xAA);
}

/* Splitting the input at random points must not change the digest, for
 * keyed and unkeyed hashes and lengths around block boundaries. */
static void test_streaming(void)
{
	uint8_t in[300], key[32], one[32], many[32];

	for (int iter = 0; iter < 2000; iter++) {
		size_t inlen = test_rand_below(sizeof(in) + 1);
		size_t keylen = test_rand_below(33);
		size_t outlen = 1 + test_rand_below(32);
		for (size_t i = 0; i < inlen; i++)
			in[i] = (uint8_t)test_rand();
		for (size_t i = 0; i < keylen; i++)
			key[i] = (uint8_t)test_rand();

		blake2s(one, outlen, key, keylen, in, inlen);
		struct blake2s_state st;
		CHECK_EQ(blake2s_init(&st, outlen, key, keylen), 0);
		for (size_t off = 0; off < inlen;) {
			size_t k = test_rand_below(inlen - off + 1);
			blake2s_update(&st, in + off, k);
			off += k;
		}
		blake2s_final(&st, many);
		CHECK_MEMEQ(one, many, outlen);
	}
}

/* Any single-bit change of input or key changes the digest. */
static void test_sensitivity(void)
{
	uint8_t in[70] = {0}, key[16] = {0}, base[32], out[32];

	blake2s(base, 32, key, sizeof(key), in, sizeof(in));
	in[69] ^= 1;
	blake2s(out, 32, key, sizeof(key), in, sizeof(in));
	CHECK(memcmp(base, out, 32) != 0);
	in[69] ^= 1;
	key[0] ^= 0x80;
	blake2s(out, 32, key, sizeof(key), in, sizeof(in));
	CHECK(memcmp(base, out, 32) != 0);
	blake2s(out, 32, NULL, 0, in, sizeof(in)); /* unkeyed differs too */
	CHECK(memcmp(base, out, 32) != 0);
}

int main(void)
{
	test_rng_seed();
	test_abc();
	test_selftest();
	test_bad_params();
	test_streaming();
	test_sensitivity();
	return test_finish();
}
