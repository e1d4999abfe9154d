/* SPDX-License-Identifier: MIT */
/* The send ring (net/tcp/tcp_sndbuf.c): write, peek by sequence number, ack,
 * with the ring and the sequence space wrapping; a random model check. */
#include "../../test.h"
#include "tcp/tcp_sndbuf.h"

static uint8_t pattern(uint32_t i)
{
	return (uint8_t)(i * 131 + (i >> 8));
}

static void test_basic(void)
{
	uint8_t store[10], out[16], in[16];
	struct tcp_sndbuf sb;
	tcp_seq_t una = 0xfffffffbu; /* wraps after 5 bytes */
	tcp_sndbuf_init(&sb, store, sizeof(store), una);
	for (int i = 0; i < 16; i++)
		in[i] = pattern((uint32_t)i);
	CHECK_EQ(tcp_sndbuf_write(&sb, in, 16), 10); /* only 10 fit */
	CHECK_EQ(tcp_sndbuf_free(&sb), 0);
	CHECK_EQ(tcp_sndbuf_write(&sb, in, 1), 0);
	CHECK_EQ(tcp_sndbuf_end(&sb), una + 10);
	CHECK_EQ(tcp_sndbuf_peek(&sb, una + 3, out, 4), 4);
	CHECK_MEMEQ(out, in + 3, 4);
	CHECK_EQ(tcp_sndbuf_peek(&sb, una + 7, out, 16), 3);  /* to the end */
	CHECK_EQ(tcp_sndbuf_peek(&sb, una + 10, out, 16), 0); /* past it */
	CHECK_EQ(tcp_sndbuf_peek(&sb, una - 1, out, 16), 0);  /* before */
	CHECK_EQ(tcp_sndbuf_ack(&sb, una), 0);                /* old ack */
	CHECK_EQ(tcp_sndbuf_ack(&sb, una - 100), 0);
	CHECK_EQ(tcp_sndbuf_ack(&sb, una + 6), 6); /* across 2^32 */
	CHECK_EQ(sb.una, 1);
	CHECK_EQ(tcp_sndbuf_write(&sb, in + 10, 6), 6); /* ring wraps */
	CHECK_EQ(tcp_sndbuf_peek(&sb, 1, out, 16), 10);
	CHECK_MEMEQ(out, in + 6, 10);
	/* an ack past the data (e.g. covering a FIN) frees only the data */
	CHECK_EQ(tcp_sndbuf_ack(&sb, 1 + 11), 10);
	CHECK_EQ(sb.len, 0);
	CHECK_EQ(sb.una, 11);
}

/* Random writes, peeks and acks against a model: the byte with sequence
 * number una + k is always pattern(written-before-una + k). */
static void test_random(void)
{
	for (int run = 0; run < 50; run++) {
		uint8_t store[333], in[400], out[400];
		struct tcp_sndbuf sb;
		tcp_seq_t base = (tcp_seq_t)test_rand();
		uint32_t cap = 1 + (uint32_t)test_rand_below(sizeof(store));
		tcp_sndbuf_init(&sb, store, cap, base);
		uint32_t written = 0, acked = 0;
		for (int i = 0; i < 3000; i++) {
			uint32_t n = (uint32_t)test_rand_below(sizeof(in));
			for (uint32_t k = 0; k < n; k++)
				in[k] = pattern(written + k);
			written += tcp_sndbuf_write(&sb, in, n);
			CHECK_EQ(sb.len, written - acked);
			uint32_t held = written - acked;
			uint32_t off = (uint32_t)test_rand_below(held + 1);
			uint32_t got = tcp_sndbuf_peek(&sb, base + acked + off,
			                               out, sizeof(out));
			CHECK_EQ(got, off < held ? held - off : 0);
			for (uint32_t k = 0; k < got; k++)
				CHECK_EQ(out[k], pattern(acked + off + k));
			uint32_t a = (uint32_t)test_rand_below(held + 1);
			CHECK_EQ(tcp_sndbuf_ack(&sb, base + acked + a), a);
			acked += a;
			CHECK_EQ(sb.una, base + acked);
		}
	}
}

int main(void)
{
	test_rng_seed();
	test_basic();
	test_random();
	return test_finish();
}
