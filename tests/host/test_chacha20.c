/* SPDX-License-Identifier: MIT */
/* ChaCha20 against RFC 8439: the section 2.3.2 block test vector, the
 * section 2.4.2 encryption example and test vector #1 of appendix A.1.
 * Then xor is its own inverse and block-splitting does not matter. */
#include <libk/chacha20.h>
#include "test.h"

/* Decode a hex string into out (which must be large enough). */
static size_t unhex(const char *s, uint8_t *out)
{
	size_t n = 0;
	unsigned v;

	for (; s[0] && s[1]; s += 2) {
		sscanf(s, "%2x", &v);
		out[n++] = (uint8_t)v;
	}
	return n;
}

static const uint8_t key_seq[32] = {0,  1,  2,  3,  4,  5,  6,  7,  8,  9,  10,
                                    11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21,
                                    22, 23, 24, 25, 26, 27, 28, 29, 30, 31};

/* Section 2.3.2: key 00..1f, nonce 00:00:00:09:00:00:00:4a:00:00:00:00,
 * block count 1. */
static void test_block_232(void)
{
	static const uint8_t nonce[12] = {0, 0,    0, 9, 0, 0,
	                                  0, 0x4a, 0, 0, 0, 0};
	uint8_t want[64], got[64];

	unhex("10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c"
	      "4ed2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a250"
	      "3c4e",
	      want);
	chacha20_block(key_seq, nonce, 1, got);
	CHECK(!memcmp(got, want, 64));
}

/* Section 2.4.2: the "sunscreen" plaintext, nonce ...4a..., counter 1. */
static void test_encrypt_242(void)
{
	static const char pt[] =
	    "Ladies and Gentlemen of the class of '99: If I could offer you "
	    "only one tip for the future, sunscreen would be it.";
	static const uint8_t nonce[12] = {0, 0,    0, 0, 0, 0,
	                                  0, 0x4a, 0, 0, 0, 0};
	uint8_t want[114], got[114];

	CHECK_EQ(sizeof(pt) - 1, 114);
	unhex("6e2e359a2568f98041ba0728dd0d6981e97e7aec1d4360c20a27afccfd9fae"
	      "0bf91b65c5524733ab8f593dabcd62b3571639d624e65152ab8f530c359f08"
	      "61d807ca0dbf500d6a6156a38e088a22b65e52bc514d16ccf806818ce91ab7"
	      "7937365af90bbf74a35be6b40b8eedf2785e42874d",
	      want);
	chacha20_xor(key_seq, nonce, 1, pt, got, 114);
	CHECK(!memcmp(got, want, 114));
	chacha20_xor(key_seq, nonce, 1, got, got, 114); /* in place, back */
	CHECK(!memcmp(got, pt, 114));
}

/* Appendix A.1, test vector #1: all-zero key and nonce, counter 0. */
static void test_a1_zero(void)
{
	static const uint8_t zero[32];
	uint8_t want[64], got[64];

	unhex("76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770d"
	      "c7da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee"
	      "6586",
	      want);
	chacha20_block(zero, zero, 0, got);
	CHECK(!memcmp(got, want, 64));
	memset(got, 0xaa, sizeof(got));
	chacha20_xor(zero, zero, 0, NULL, got, 64); /* bare keystream */
	CHECK(!memcmp(got, want, 64));
}

/* The stream for any length equals the concatenated blocks. */
static void test_stream_is_blocks(void)
{
	uint8_t nonce[12] = {1, 2, 3}, stream[300], blk[64];

	for (size_t len = 0; len <= sizeof(stream); len += 37) {
		memset(stream, 0, sizeof(stream));
		chacha20_xor(key_seq, nonce, 7, NULL, stream, len);
		for (size_t off = 0; off < len; off += 64) {
			size_t n = len - off < 64 ? len - off : 64;

			chacha20_block(key_seq, nonce, 7 + (uint32_t)(off / 64),
			               blk);
			CHECK(!memcmp(stream + off, blk, n));
		}
		CHECK(len == sizeof(stream) || stream[len] == 0);
	}
}

int main(void)
{
	test_block_232();
	test_encrypt_242();
	test_a1_zero();
	test_stream_is_blocks();
	return test_finish();
}
