/* SPDX-License-Identifier: MIT */
/* The kernel CSPRNG: see csprng.h. */
#include <libk/blake2s.h>
#include <libk/chacha20.h>
#include <libk/panic.h>
#include <libk/string.h>
#include "core/csprng.h"

void csprng_init(struct csprng *c, const uint8_t seed[32])
{
	LIBK_FN(memset)(c, 0, sizeof(*c));
	LIBK_FN(memcpy)(c->key, seed, sizeof(c->key));
	c->seeded = true;
}

void csprng_reseed(struct csprng *c, const void *data, size_t n)
{
	uint8_t k[32];

	blake2s(k, sizeof(k), c->key, sizeof(c->key), data, n);
	LIBK_FN(memcpy)(c->key, k, sizeof(k));
	LIBK_FN(memset)(k, 0, sizeof(k));
	LIBK_FN(memset)(c->buf, 0, sizeof(c->buf));
	c->avail = 0;
}

/* Fast key erasure: new key and a full buffer from the old key. */
static void refill(struct csprng *c)
{
	static const uint8_t nonce[CHACHA20_NONCE_SIZE];
	uint8_t out[CSPRNG_BLOCKS * 64];

	chacha20_xor(c->key, nonce, 0, NULL, out, sizeof(out));
	LIBK_FN(memcpy)(c->key, out, sizeof(c->key));
	LIBK_FN(memcpy)(c->buf, out + sizeof(c->key), sizeof(c->buf));
	LIBK_FN(memset)(out, 0, sizeof(out));
	c->avail = sizeof(c->buf);
}

void csprng_fill(struct csprng *c, void *out, size_t n)
{
	uint8_t *dst = out;
	size_t take;

	if (!c->seeded)
		LIBK_FN(panic)("csprng: used before it was seeded");
	while (n) {
		if (!c->avail)
			refill(c);
		take = n < c->avail ? n : c->avail;
		uint8_t *src = c->buf + sizeof(c->buf) - c->avail;

		LIBK_FN(memcpy)(dst, src, take);
		LIBK_FN(memset)(src, 0, take);
		c->avail -= take;
		dst += take;
		n -= take;
	}
}
