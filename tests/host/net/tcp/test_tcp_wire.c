/* SPDX-License-Identifier: MIT */
/* TCP header/options parse and build (net/tcp/tcp_wire.c): round trips,
 * crafted bad input, checksum, and a random-input loop. */
#include "../../test.h"
#include "tcp/tcp_wire.h"

#define SRC IP4(10, 0, 2, 15)
#define DST IP4(10, 0, 2, 2)

/* A hand-assembled SYN: 10.0.2.15:49152 -> 10.0.2.2:80, seq 0x01020304,
 * options MSS 1460, NOP WS 7, NOP NOP TS(0x11223344, 0). */
static const uint8_t syn[] = {
    0xc0, 0x00, 0x00, 0x50, 0x01, 0x02, 0x03, 0x04, 0x00, 0x00,
    0x00, 0x00, 0xa0, 0x02, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, /* hdr */
    0x02, 0x04, 0x05, 0xb4, 0x01, 0x03, 0x03, 0x07, 0x01, 0x01,
    0x08, 0x0a, 0x11, 0x22, 0x33, 0x44, 0x00, 0x00, 0x00, 0x00,
};

static void test_parse_syn(void)
{
	struct tcp_hdr h;
	CHECK_EQ(tcp_hdr_parse(syn, sizeof(syn), &h), 0);
	CHECK_EQ(h.sport, 49152);
	CHECK_EQ(h.dport, 80);
	CHECK_EQ(h.seq, 0x01020304);
	CHECK_EQ(h.hlen, 40);
	CHECK_EQ(h.flags, TCP_SYN);
	CHECK_EQ(h.wnd, 0xffff);
	CHECK(h.opts.mss_set && h.opts.ws_set && h.opts.ts_set);
	CHECK(!h.opts.sack_ok);
	CHECK_EQ(h.opts.mss, 1460);
	CHECK_EQ(h.opts.ws, 7);
	CHECK_EQ(h.opts.ts_val, 0x11223344);
	CHECK_EQ(h.opts.ts_ecr, 0);
}

/* Building the same header gives the same bytes, plus a checksum that
 * verifies; a flipped bit breaks it. */
static void test_build_syn(void)
{
	struct tcp_hdr h = {.sport = 49152,
	                    .dport = 80,
	                    .seq = 0x01020304,
	                    .flags = TCP_SYN,
	                    .wnd = 0xffff};
	h.opts = (struct tcp_opts){.mss_set = true,
	                           .mss = 1460,
	                           .ws_set = true,
	                           .ws = 7,
	                           .ts_set = true,
	                           .ts_val = 0x11223344};
	uint8_t buf[64];
	CHECK_EQ(tcp_seg_build(buf, sizeof(buf), &h, NULL, 0, SRC, DST), 40);
	uint8_t expect[sizeof(syn)];
	memcpy(expect, syn, sizeof(syn));
	expect[16] = buf[16];
	expect[17] = buf[17];
	CHECK_MEMEQ(buf, expect, sizeof(syn));
	CHECK_EQ(tcp_checksum(SRC, DST, buf, 40), 0);
	/* the checksum covers the pseudo-header: other addresses fail */
	CHECK(tcp_checksum(SRC, DST + 1, buf, 40) != 0);
	buf[30] ^= 0x10;
	CHECK(tcp_checksum(SRC, DST, buf, 40) != 0);
	/* too small a buffer */
	CHECK_EQ(tcp_seg_build(buf, 39, &h, NULL, 0, SRC, DST), NET_EINVAL);
	CHECK_EQ(tcp_seg_build(buf, 10, &h, NULL, 0, SRC, DST), NET_EINVAL);
}

/* The checksum against an independent, byte-at-a-time computation of
 * RFC 9293 3.1's sum: pseudo-header (src, dst, 0, 6, length) + segment. */
static uint16_t slow_csum(ip4_addr_t s, ip4_addr_t d, const uint8_t *p,
                          size_t n)
{
	uint64_t sum =
	    (s >> 16) + (s & 0xffff) + (d >> 16) + (d & 0xffff) + 6 + n;
	for (size_t i = 0; i < n; i++)
		sum += i % 2 ? p[i] : (uint32_t)p[i] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static void test_round_trip_random(void)
{
	uint8_t pay[300], buf[400];
	for (int i = 0; i < 2000; i++) {
		struct tcp_hdr h = {
		    .sport = (uint16_t)test_rand(),
		    .dport = (uint16_t)test_rand(),
		    .seq = (uint32_t)test_rand(),
		    .ack = (uint32_t)test_rand(),
		    .flags = (uint8_t)test_rand(),
		    .wnd = (uint16_t)test_rand(),
		    .urp = (uint16_t)test_rand(),
		};
		uint64_t r = test_rand();
		h.opts.mss_set = r & 1;
		h.opts.ws_set = r & 2;
		h.opts.ts_set = r & 4;
		h.opts.mss = (uint16_t)(r >> 8);
		h.opts.ws = (uint8_t)(r >> 24) % (TCP_WS_MAX + 1);
		h.opts.ts_val = (uint32_t)test_rand();
		h.opts.ts_ecr = (uint32_t)test_rand();
		size_t plen = test_rand_below(sizeof(pay) + 1);
		for (size_t k = 0; k < plen; k++)
			pay[k] = (uint8_t)test_rand();
		int n =
		    tcp_seg_build(buf, sizeof(buf), &h, pay, plen, SRC, DST);
		CHECK(n >= TCP_HDR_MIN);
		if (n < TCP_HDR_MIN)
			continue;
		struct tcp_hdr g;
		CHECK_EQ(tcp_hdr_parse(buf, (size_t)n, &g), 0);
		CHECK_EQ(g.sport, h.sport);
		CHECK_EQ(g.dport, h.dport);
		CHECK_EQ(g.seq, h.seq);
		CHECK_EQ(g.ack, h.ack);
		CHECK_EQ(g.flags, h.flags);
		CHECK_EQ(g.wnd, h.wnd);
		CHECK_EQ(g.urp, h.urp);
		CHECK_EQ(g.hlen % 4, 0);
		CHECK_EQ((size_t)n - g.hlen, plen);
		CHECK_MEMEQ(buf + g.hlen, pay, plen);
		CHECK_EQ(g.opts.mss_set, h.opts.mss_set);
		CHECK_EQ(g.opts.ws_set, h.opts.ws_set);
		CHECK_EQ(g.opts.ts_set, h.opts.ts_set);
		if (h.opts.mss_set)
			CHECK_EQ(g.opts.mss, h.opts.mss);
		if (h.opts.ws_set)
			CHECK_EQ(g.opts.ws, h.opts.ws);
		if (h.opts.ts_set) {
			CHECK_EQ(g.opts.ts_val, h.opts.ts_val);
			CHECK_EQ(g.opts.ts_ecr, h.opts.ts_ecr);
		}
		CHECK_EQ(tcp_checksum(SRC, DST, buf, (size_t)n), 0);
		buf[16] = buf[17] = 0; /* the sum is over a zero field */
		CHECK_EQ(g.csum, slow_csum(SRC, DST, buf, (size_t)n));
	}
}

/* Options: parse a buffer, expect a result. */
static int opts(const uint8_t *b, size_t n, struct tcp_opts *o)
{
	return tcp_opts_parse(b, n, o);
}

static void test_opts_good(void)
{
	struct tcp_opts o;
	CHECK_EQ(opts(NULL, 0, &o), 0);
	CHECK(!o.mss_set && !o.ws_set && !o.ts_set && !o.sack_ok);
	/* NOPs, SACK-permitted, an unknown kind 254 len 4, then MSS */
	uint8_t a[] = {1, 1, 4, 2, 254, 4, 0xaa, 0xbb, 2, 4, 0x02, 0x18};
	CHECK_EQ(opts(a, sizeof(a), &o), 0);
	CHECK(o.sack_ok);
	CHECK(o.mss_set);
	CHECK_EQ(o.mss, 536);
	/* EOL stops parsing: garbage after it is not looked at */
	uint8_t b[] = {3, 3, 2, 0, 2, 99, 0xff, 0xff};
	CHECK_EQ(opts(b, sizeof(b), &o), 0);
	CHECK(o.ws_set);
	CHECK_EQ(o.ws, 2);
	CHECK(!o.mss_set);
	/* window scale above 14 is treated as 14 (RFC 7323 2.3) */
	uint8_t c[] = {3, 3, 15, 1};
	CHECK_EQ(opts(c, sizeof(c), &o), 0);
	CHECK_EQ(o.ws, TCP_WS_MAX);
	/* a SACK block (kind 5) is skipped by its length */
	uint8_t d[] = {5, 10, 0, 0, 0, 1, 0, 0, 0, 2,
	               8, 10, 0, 0, 0, 7, 0, 0, 0, 9};
	CHECK_EQ(opts(d, sizeof(d), &o), 0);
	CHECK(o.ts_set);
	CHECK_EQ(o.ts_val, 7);
	CHECK_EQ(o.ts_ecr, 9);
}

/* SACK-permitted and SACK blocks (RFC 2018 2-3): the bytes, as many
 * blocks as fit beside timestamps (3) or alone (4), and what is built
 * parses back. */
static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void test_opts_sack(void)
{
	struct tcp_opts o = {.sack_ok = true}, p;
	uint8_t buf[TCP_OPTS_MAX];
	CHECK_EQ(tcp_opts_build(buf, sizeof(buf), &o), 4);
	CHECK_EQ(buf[2], TCP_OPT_SACK_OK);
	CHECK_EQ(buf[3], 2);
	CHECK_EQ(tcp_opts_parse(buf, 4, &p), 0);
	CHECK(p.sack_ok);

	o = (struct tcp_opts){.nsack = 4};
	for (unsigned i = 0; i < 4; i++)
		o.sack[i] =
		    (struct tcp_sack_block){1000u * i + 10, 1000u * i + 20};
	CHECK_EQ(tcp_opts_build(buf, sizeof(buf), &o), 4 + 32);
	CHECK_EQ(buf[2], TCP_OPT_SACK);
	CHECK_EQ(buf[3], 2 + 32);
	CHECK_EQ(be32(buf + 4 + 24), 3010u); /* the fourth block's left */
	CHECK_EQ(tcp_opts_parse(buf, 36, &p), 0);
	o.ts_set = true; /* 12 bytes of timestamps leave room for 3 */
	o.ts_val = 5;
	CHECK_EQ(tcp_opts_build(buf, sizeof(buf), &o), 12 + 4 + 24);
	CHECK_EQ(buf[15], 2 + 24);
	CHECK_EQ(be32(buf + 16), 10u);
	CHECK_EQ(tcp_opts_parse(buf, 40, &p), 0);
	CHECK(p.ts_set);
	CHECK_EQ(p.ts_val, 5);
	CHECK_EQ(p.nsack, 0); /* received blocks are skipped */
	CHECK_EQ(tcp_opts_build(buf, 39, &o), NET_EINVAL);
	o.nsack = 0;
	CHECK_EQ(tcp_opts_build(buf, sizeof(buf), &o), 12);
}

static void test_opts_bad(void)
{
	struct tcp_opts o;
	uint8_t len0[] = {254, 0, 1, 1};          /* length 0: would loop */
	uint8_t len1[] = {254, 1, 1, 1};          /* length 1: too short */
	uint8_t over[] = {254, 5, 1, 1};          /* runs past the area */
	uint8_t nolen[] = {1, 1, 1, 2};           /* kind with no length byte */
	uint8_t mss3[] = {2, 3, 5, 1};            /* MSS must be 4 long */
	uint8_t ws4[] = {3, 4, 5, 1};             /* WS must be 3 long */
	uint8_t sok3[] = {4, 3, 0, 1};            /* SACK-permitted must be 2 */
	uint8_t ts8[] = {8, 8, 0, 0, 0, 0, 0, 0}; /* TS must be 10 */
	CHECK_EQ(opts(len0, 4, &o), NET_EPROTO);
	CHECK_EQ(opts(len1, 4, &o), NET_EPROTO);
	CHECK_EQ(opts(over, 4, &o), NET_EPROTO);
	CHECK_EQ(opts(nolen, 4, &o), NET_EPROTO);
	CHECK_EQ(opts(mss3, 4, &o), NET_EPROTO);
	CHECK_EQ(opts(ws4, 4, &o), NET_EPROTO);
	CHECK_EQ(opts(sok3, 4, &o), NET_EPROTO);
	CHECK_EQ(opts(ts8, 8, &o), NET_EPROTO);
}

static void test_hdr_bad(void)
{
	struct tcp_hdr h;
	uint8_t b[sizeof(syn)];
	memcpy(b, syn, sizeof(b));
	CHECK_EQ(tcp_hdr_parse(b, 19, &h), NET_EPROTO); /* short */
	CHECK_EQ(tcp_hdr_parse(b, 39, &h), NET_EPROTO); /* offset > len */
	CHECK_EQ(tcp_hdr_parse(b, 40, &h), 0);
	b[12] = 0x40; /* data offset 4 words < 5 */
	CHECK_EQ(tcp_hdr_parse(b, sizeof(b), &h), NET_EPROTO);
	b[12] = 0x50; /* no options: fine, options bytes become payload */
	CHECK_EQ(tcp_hdr_parse(b, sizeof(b), &h), 0);
	CHECK_EQ(h.hlen, 20);
	CHECK(!h.opts.mss_set);
	b[12] = 0xf0; /* 60 bytes of header but only 40 here */
	CHECK_EQ(tcp_hdr_parse(b, sizeof(b), &h), NET_EPROTO);
	memcpy(b, syn, sizeof(b));
	b[21] = 9; /* MSS option claims 9 bytes */
	CHECK_EQ(tcp_hdr_parse(b, sizeof(b), &h), NET_EPROTO);
}

/* Random and mutated input: never crashes (ASan/UBSan watch), and what
 * parses obeys the invariants. */
static void test_random_input(void)
{
	uint8_t b[80];
	for (int i = 0; i < 200000; i++) {
		size_t n = test_rand_below(sizeof(b) + 1);
		if (i % 2) {
			memcpy(b, syn, sizeof(syn));
			n = sizeof(syn);
			for (int k = 0; k < 3; k++)
				b[test_rand_below(n)] = (uint8_t)test_rand();
		} else {
			for (size_t k = 0; k < n; k++)
				b[k] = (uint8_t)test_rand();
		}
		struct tcp_hdr h;
		if (tcp_hdr_parse(b, n, &h) == 0) {
			CHECK(h.hlen >= TCP_HDR_MIN && h.hlen <= n);
			CHECK(h.opts.ws <= TCP_WS_MAX);
		}
	}
}

int main(void)
{
	test_rng_seed();
	test_parse_syn();
	test_build_syn();
	test_round_trip_random();
	test_opts_good();
	test_opts_sack();
	test_opts_bad();
	test_hdr_bad();
	test_random_input();
	return test_finish();
}
