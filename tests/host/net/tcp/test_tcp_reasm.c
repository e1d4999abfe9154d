/* SPDX-License-Identifier: MIT */
/* Receive ring with out-of-order reassembly (net/tcp/tcp_reasm.c): holes,
 * overlaps, duplicates, window trimming, the range limit, sequence and
 * ring wraparound, and random segmentation/reordering/duplication
 * checked byte-exact against the original stream. */
#include "../../test.h"
#include <net/net.h>
#include <stdlib.h>
#include "tcp/tcp_reasm.h"

static uint8_t stream[1 << 16];

static void fill_stream(void)
{
	for (size_t i = 0; i < sizeof(stream); i++)
		stream[i] = (uint8_t)test_rand();
}

/* Insert stream[from..from+len) for a buffer whose stream starts at base. */
static int put(struct tcp_rcvbuf *rb, tcp_seq_t base, uint32_t from,
               uint32_t len)
{
	return tcp_rcvbuf_insert(rb, base + from, stream + from, len);
}

static void test_in_order_and_holes(void)
{
	uint8_t store[100], out[100];
	struct tcp_rcvbuf rb;
	tcp_seq_t b = 1000;
	tcp_rcvbuf_init(&rb, store, sizeof(store), b);
	CHECK_EQ(tcp_rcvbuf_window(&rb), 100);
	CHECK_EQ(put(&rb, b, 0, 10), 10);
	CHECK_EQ(put(&rb, b, 20, 10), 0); /* hole at 10..20 */
	CHECK_EQ(rb.nooo, 1);
	CHECK_EQ(put(&rb, b, 40, 5), 0);
	CHECK_EQ(rb.nooo, 2);
	CHECK_EQ(tcp_rcvbuf_window(&rb), 90); /* OOO data is in the window */
	CHECK_EQ(put(&rb, b, 30, 10), 0); /* adjacent on both sides: merge */
	CHECK_EQ(rb.nooo, 1);
	CHECK_EQ(rb.ooo[0].seq, b + 20);
	CHECK_EQ(rb.ooo[0].len, 25);
	CHECK_EQ(put(&rb, b, 10, 10), 35); /* fills the hole */
	CHECK_EQ(rb.nooo, 0);
	CHECK_EQ(rb.nxt, b + 45);
	CHECK_EQ(tcp_rcvbuf_read(&rb, out, 100), 45);
	CHECK_MEMEQ(out, stream, 45);
	CHECK_EQ(tcp_rcvbuf_read(&rb, out, 100), 0);
	CHECK_EQ(tcp_rcvbuf_window(&rb), 100);
}

static void test_overlap_dup_trim(void)
{
	uint8_t store[64], out[64];
	struct tcp_rcvbuf rb;
	tcp_seq_t b = 7;
	tcp_rcvbuf_init(&rb, store, sizeof(store), b);
	CHECK_EQ(put(&rb, b, 10, 10), 0);
	CHECK_EQ(put(&rb, b, 5, 20), 0); /* covers the range and more */
	CHECK_EQ(rb.nooo, 1);
	CHECK_EQ(rb.ooo[0].seq, b + 5);
	CHECK_EQ(rb.ooo[0].len, 20);
	CHECK_EQ(put(&rb, b, 12, 3), 0); /* inside: nothing changes */
	CHECK_EQ(rb.ooo[0].len, 20);
	CHECK_EQ(put(&rb, b, 0, 8), 25);  /* overlaps the front */
	CHECK_EQ(put(&rb, b, 0, 25), 0);  /* an old duplicate */
	CHECK_EQ(put(&rb, b, 20, 10), 5); /* half old, half new */
	CHECK_EQ(rb.nxt, b + 30);
	/* beyond the window (64 - 30 = 34 free): trimmed, then dropped */
	CHECK_EQ(put(&rb, b, 30, 100), 34);
	CHECK_EQ(tcp_rcvbuf_window(&rb), 0);
	CHECK_EQ(put(&rb, b, 64, 1), 0);
	CHECK_EQ(tcp_rcvbuf_read(&rb, out, 64), 64);
	CHECK_MEMEQ(out, stream, 64);
	CHECK_EQ(put(&rb, b, 64, 0), 0);      /* empty segment */
	CHECK_EQ(put(&rb, b, 64 + 64, 1), 0); /* exactly past the window */
	CHECK_EQ(rb.nooo, 0);
}

static void test_range_limit(void)
{
	uint8_t store[1000];
	struct tcp_rcvbuf rb;
	tcp_rcvbuf_init(&rb, store, sizeof(store), 0);
	for (unsigned i = 0; i < TCP_REASM_MAX_RANGES; i++)
		CHECK_EQ(put(&rb, 0, 10 + 20 * i, 5), 0);
	CHECK_EQ(rb.nooo, TCP_REASM_MAX_RANGES);
	/* one more range beyond them all: refused, nothing changed */
	CHECK_EQ(put(&rb, 0, 900, 5), NET_ENOBUFS);
	CHECK_EQ(rb.nooo, TCP_REASM_MAX_RANGES);
	CHECK_EQ(rb.ooo[TCP_REASM_MAX_RANGES - 1].seq,
	         10 + 20 * (TCP_REASM_MAX_RANGES - 1));
	/* one nearer RCV.NXT: the farthest range makes room */
	CHECK_EQ(put(&rb, 0, 2, 3), 0);
	CHECK_EQ(rb.nooo, TCP_REASM_MAX_RANGES);
	CHECK_EQ(rb.ooo[0].seq, 2);
	CHECK_EQ(rb.ooo[TCP_REASM_MAX_RANGES - 1].seq,
	         10 + 20 * (TCP_REASM_MAX_RANGES - 2));
	/* merging into existing ranges is still fine */
	CHECK_EQ(put(&rb, 0, 15, 15), 0);
	CHECK_EQ(rb.nooo, TCP_REASM_MAX_RANGES - 1);
	CHECK_EQ(put(&rb, 0, 900, 5), 0);
	/* and the in-order edge always merges */
	CHECK_EQ(put(&rb, 0, 0, 10), 35);
}

/* Regression (CI, qemu.tcp.netns.loss5-in.virtio): with every range in
 * use, the segment at RCV.NXT that does not reach the first range was
 * refused. The peer (no SACK) resent only that segment, with its RTO
 * backing off, and the transfer stalled until httpd reset it. It is
 * taken now, and RCV.NXT moves. */
static void test_full_list_takes_rcv_nxt(void)
{
	uint8_t store[1 << 15], out[1 << 15];
	struct tcp_rcvbuf rb;
	const uint32_t mss = 500;
	tcp_rcvbuf_init(&rb, store, sizeof(store), 77);
	/* segments 2, 4, 6, ... arrive; 0, 1, 3, 5, ... are lost */
	for (unsigned i = 0; i < TCP_REASM_MAX_RANGES; i++)
		CHECK_EQ(put(&rb, 77, mss * (2 + 2 * i), mss), 0);
	CHECK_EQ(rb.nooo, TCP_REASM_MAX_RANGES);
	CHECK_EQ(put(&rb, 77, 0, mss), (int)mss); /* segment 0 */
	CHECK_EQ(rb.nxt, 77 + mss);
	CHECK_EQ(put(&rb, 77, mss, mss), (int)(2 * mss)); /* 1 joins 2 */
	/* the farthest range (segment 32) made room for segment 0: the
	 * peer's go-back-N resends bring the rest, 32 among them */
	for (unsigned k = 3; k < 2 + 2 * TCP_REASM_MAX_RANGES; k++)
		CHECK(put(&rb, 77, mss * k, mss) >= 0);
	CHECK_EQ(rb.nooo, 0);
	CHECK_EQ(tcp_rcvbuf_read(&rb, out, sizeof(out)),
	         mss * (2 + 2 * TCP_REASM_MAX_RANGES));
	CHECK_MEMEQ(out, stream, mss * (2 + 2 * TCP_REASM_MAX_RANGES));
}

/* SACK blocks (RFC 2018 4): the range holding the latest out-of-order
 * data first, then the others in order; none once all is in order. */
static void test_sack_order(void)
{
	uint8_t store[1000];
	struct tcp_range r[3];
	struct tcp_rcvbuf rb;
	tcp_rcvbuf_init(&rb, store, sizeof(store), 50);
	CHECK_EQ(tcp_rcvbuf_sack(&rb, r, 3), 0);
	put(&rb, 50, 100, 10);
	put(&rb, 50, 300, 10);
	put(&rb, 50, 200, 10);
	put(&rb, 50, 400, 10);
	put(&rb, 50, 205, 20); /* the latest, merged into [200, 225) */
	CHECK_EQ(tcp_rcvbuf_sack(&rb, r, 3), 3);
	CHECK_EQ(r[0].seq, 50 + 200);
	CHECK_EQ(r[0].len, 25);
	CHECK_EQ(r[1].seq, 50 + 100);
	CHECK_EQ(r[2].seq, 50 + 300);
	CHECK_EQ(tcp_rcvbuf_sack(&rb, r, 1), 1);
	CHECK_EQ(r[0].seq, 50 + 200);
	CHECK_EQ(put(&rb, 50, 0, 100), 110); /* in order: [100, 110) joins */
	CHECK_EQ(tcp_rcvbuf_sack(&rb, r, 3), 3);
	CHECK_EQ(r[0].seq, 50 + 200); /* still the latest out of order */
	CHECK_EQ(put(&rb, 50, 110, 400), 400); /* to 510: all in order */
	CHECK_EQ(tcp_rcvbuf_sack(&rb, r, 3), 0);
}

/* Sequence numbers and the ring both wrap while a stream passes. */
static void test_wrap(void)
{
	uint8_t store[37], out[64];
	struct tcp_rcvbuf rb;
	tcp_seq_t b = 0xffffffe0u;
	tcp_rcvbuf_init(&rb, store, sizeof(store), b);
	uint32_t done = 0;
	for (int round = 0; round < 50; round++) {
		/* two segments, the second first, straddling things */
		CHECK_EQ(put(&rb, b, done + 11, 9), 0);
		CHECK_EQ(put(&rb, b, done, 11), 20);
		CHECK_EQ(tcp_rcvbuf_read(&rb, out, 7), 7);
		CHECK_MEMEQ(out, stream + done, 7);
		CHECK_EQ(tcp_rcvbuf_read(&rb, out, 64), 13);
		CHECK_MEMEQ(out, stream + done + 7, 13);
		done += 20;
	}
	CHECK_EQ(rb.nxt, b + 1000);
	CHECK(seq_lt(b, rb.nxt));
}

/* A random stream cut into random segments, sent in random order with
 * duplicates and overlaps through a small buffer that the reader drains
 * at random: what comes out is the stream, byte for byte. */
static void test_random_stream(void)
{
	for (int run = 0; run < 40; run++) {
		uint32_t cap = 64 + (uint32_t)test_rand_below(2000);
		uint8_t *store = malloc(cap), out[4096];
		uint8_t *got = malloc(sizeof(stream));
		struct tcp_rcvbuf rb;
		tcp_seq_t b = (tcp_seq_t)test_rand();
		if (run % 4 == 0)
			b = 0u -
			    (uint32_t)test_rand_below(5000); /* near 2^32 */
		tcp_rcvbuf_init(&rb, store, cap, b);
		uint32_t total = sizeof(stream), nread = 0;
		long guard = 0;
		while (nread < total && guard++ < 10000000) {
			/* a segment somewhere in or near the window */
			uint32_t una = rb.nxt - b;
			uint32_t span = tcp_rcvbuf_window(&rb) + 64;
			uint32_t from = una - (uint32_t)test_rand_below(64);
			from += (uint32_t)test_rand_below(span);
			if ((int32_t)from < 0 || from >= total)
				continue;
			uint32_t len = 1 + (uint32_t)test_rand_below(300);
			if (len > total - from)
				len = total - from;
			int r = put(&rb, b, from, len);
			CHECK(r >= 0 || r == NET_ENOBUFS);
			if (test_rand_below(3) == 0) {
				uint32_t n = tcp_rcvbuf_read(
				    &rb, out,
				    (uint32_t)test_rand_below(sizeof(out)));
				memcpy(got + nread, out, n);
				nread += n;
			}
			CHECK(rb.used <= cap);
		}
		CHECK_EQ(nread, total);
		CHECK_MEMEQ(got, stream, total);
		CHECK_EQ(rb.nxt, b + total);
		free(store);
		free(got);
	}
}

int main(void)
{
	test_rng_seed();
	fill_stream();
	test_in_order_and_holes();
	test_overlap_dup_trim();
	test_range_limit();
	test_full_list_takes_rcv_nxt();
	test_sack_order();
	test_wrap();
	test_random_stream();
	return test_finish();
}
