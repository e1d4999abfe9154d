/* SPDX-License-Identifier: MIT */
/* SHA-256 against the FIPS 180-4 example messages (one block, two
 * blocks, the 896-bit message, a million 'a'), messages at the padding
 * boundaries (55/56/63/64/119/120 bytes, digests from an independent
 * implementation), and incremental updates split at every offset. */
#include <libk/sha256.h>
#include "test.h"

static void check_hex(const void *msg, size_t n, const char *want)
{
	uint8_t d[SHA256_DIGEST_SIZE];
	char hex[SHA256_HEX_SIZE];

	sha256(d, msg, n);
	sha256_hex(d, hex);
	CHECK_STREQ(hex, want);
}

static void test_examples(void)
{
	check_hex("", 0,
	          "e3b0c44298fc1c149afbf4c8996fb924"
	          "27ae41e4649b934ca495991b7852b855");
	check_hex("abc", 3,
	          "ba7816bf8f01cfea414140de5dae2223"
	          "b00361a396177a9cb410ff61f20015ad");
	check_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	          56,
	          "248d6a61d20638b8e5c026930c3e6039"
	          "a33ce45964ff2167f6ecedd419db06c1");
	check_hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
	          "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
	          112,
	          "cf5b16a778af8380036ce59e7b049237"
	          "0b249b11e8f07a51afac45037afee9d1");
}

/* One million 'a', fed in 1000-byte pieces. */
static void test_million_a(void)
{
	struct sha256_state st;
	uint8_t a[1000], d[SHA256_DIGEST_SIZE];
	char hex[SHA256_HEX_SIZE];

	memset(a, 'a', sizeof(a));
	sha256_init(&st);
	for (int i = 0; i < 1000; i++)
		sha256_update(&st, a, sizeof(a));
	sha256_final(&st, d);
	sha256_hex(d, hex);
	CHECK_STREQ(hex, "cdc76e5c9914fb9281a1c7e284d73e67"
	                 "f1809a48a497200e046d39ccc7112cd0");
}

/* Lengths around the padding boundary (one or two final blocks). */
static void test_boundaries(void)
{
	static const struct {
		size_t n;
		const char *hex;
	} v[] = {
	    {55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734"
	         "318"},
	    {56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec67"
	         "38a"},
	    {63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2"
	         "f34"},
	    {64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df15466"
	         "8eb"},
	    {119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584"
	          "dcfb"},
	    {120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904"
	          "c21c"},
	};
	uint8_t a[128];

	memset(a, 'a', sizeof(a));
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		check_hex(a, v[i].n, v[i].hex);
}

/* The /bytes pattern (byte i = i % 251), 1000 bytes: every split point
 * of two updates, a three-way split, and byte by byte must all give the
 * one-shot digest, which must match the independent one. */
static void test_splits(void)
{
	uint8_t msg[1000], one[SHA256_DIGEST_SIZE], d[SHA256_DIGEST_SIZE];
	struct sha256_state st;
	char hex[SHA256_HEX_SIZE];

	for (size_t i = 0; i < sizeof(msg); i++)
		msg[i] = (uint8_t)(i % 251);
	sha256(one, msg, sizeof(msg));
	sha256_hex(one, hex);
	CHECK_STREQ(hex, "4e4c294b331f7a2099a379bec34b9f9f"
	                 "c03dc46ab465d998f4d683da53487e6d");
	for (size_t cut = 0; cut <= sizeof(msg); cut++) {
		size_t cut2 = cut + (sizeof(msg) - cut) / 3;

		sha256_init(&st);
		sha256_update(&st, msg, cut);
		sha256_update(&st, msg + cut, sizeof(msg) - cut);
		sha256_final(&st, d);
		CHECK_MEMEQ(d, one, sizeof(d));
		sha256_init(&st);
		sha256_update(&st, msg, cut);
		sha256_update(&st, NULL, 0);
		sha256_update(&st, msg + cut, cut2 - cut);
		sha256_update(&st, msg + cut2, sizeof(msg) - cut2);
		sha256_final(&st, d);
		CHECK_MEMEQ(d, one, sizeof(d));
	}
	sha256_init(&st);
	for (size_t i = 0; i < sizeof(msg); i++)
		sha256_update(&st, msg + i, 1);
	sha256_final(&st, d);
	CHECK_MEMEQ(d, one, sizeof(d));
}

int main(void)
{
	test_examples();
	test_million_a();
	test_boundaries();
	test_splits();
	return test_finish();
}
