/* SPDX-License-Identifier: MIT */
/* SYN cookies (net/tcp/tcp_cookie.c): round trip, age window, forgeries (bit
 * flips), another 4-tuple or peer ISN, the MSS encoding. */
#include "../../test.h"
#include "tcp/tcp_cookie.h"

#define MIN_MS 60000ull

static uint32_t rnd32(void)
{
	return (uint32_t)test_rand();
}

static struct tcp_isn_key key;
static const struct tcp_cookie_tuple tu = {.laddr = IP4(10, 0, 0, 3),
                                           .raddr = IP4(192, 168, 7, 9),
                                           .lport = 80,
                                           .rport = 51000};

static enum tcp_cookie_result check(const struct tcp_cookie_tuple *t,
                                    tcp_seq_t isn, tcp_seq_t ck, uint64_t now,
                                    uint16_t *mss)
{
	return tcp_cookie_check(&key, t, isn, ck, now, mss);
}

/* A cookie made at any time checks out at once and until its counter is
 * TCP_COOKIE_MAX_AGE periods old, with the MSS it was made with. */
static void test_round_trip(void)
{
	for (int i = 0; i < 20000; i++) {
		uint64_t made = test_rand_below(1ull << 45);
		tcp_seq_t isn = rnd32();
		uint16_t mss = 0;
		tcp_seq_t ck = tcp_cookie_make(&key, &tu, isn, 1460, made);
		uint64_t start = made - made % MIN_MS;
		CHECK_EQ(check(&tu, isn, ck, made, &mss), TCP_COOKIE_OK);
		CHECK_EQ(mss, 1460);
		/* the last millisecond of its validity, the first after */
		uint64_t end = start + (TCP_COOKIE_MAX_AGE + 1) * MIN_MS;
		mss = 0;
		CHECK_EQ(check(&tu, isn, ck, end - 1, &mss), TCP_COOKIE_OK);
		CHECK_EQ(mss, 1460);
		CHECK_EQ(check(&tu, isn, ck, end, &mss), TCP_COOKIE_STALE);
		CHECK_EQ(check(&tu, isn, ck, end + 20 * MIN_MS, &mss),
		         TCP_COOKIE_STALE);
		/* 32 periods on, the 5-bit counter points at a newer period:
		 * the MAC no longer matches */
		CHECK_EQ(check(&tu, isn, ck, made + 32 * MIN_MS, &mss),
		         TCP_COOKIE_BAD);
		/* not valid before it was made (a clock going back) */
		if (start >= MIN_MS)
			CHECK(check(&tu, isn, ck, start - 1, &mss) !=
			      TCP_COOKIE_OK);
	}
}

/* Flipping any one bit, or any random change, is refused. */
static void test_forged(void)
{
	uint64_t now = 5 * MIN_MS + 1234;
	uint16_t mss;
	for (int i = 0; i < 2000; i++) {
		tcp_seq_t isn = rnd32();
		tcp_seq_t ck = tcp_cookie_make(&key, &tu, isn, 1400, now);
		for (int b = 0; b < 32; b++)
			CHECK(check(&tu, isn, ck ^ (1u << b), now, &mss) !=
			      TCP_COOKIE_OK);
		tcp_seq_t r = rnd32();
		if (r != ck)
			CHECK(check(&tu, isn, r, now, &mss) != TCP_COOKIE_OK);
	}
	/* guessing: about 2^-24 per try; 200,000 random tries (about 1.2
	 * expected hits per 2^24, so well under 1 here) */
	tcp_seq_t isn = 77;
	unsigned hits = 0;
	for (int i = 0; i < 200000; i++)
		hits += check(&tu, isn, rnd32(), now, &mss) == TCP_COOKIE_OK;
	CHECK(hits <= 2);
}

/* A cookie for one 4-tuple and peer ISN is no good for another. */
static void test_other_tuple(void)
{
	uint64_t now = 3 * MIN_MS;
	uint16_t mss;
	tcp_seq_t isn = 0xfffffff0u;
	tcp_seq_t ck = tcp_cookie_make(&key, &tu, isn, 536, now);
	struct tcp_cookie_tuple o;
	o = tu, o.laddr ^= 1;
	CHECK_EQ(check(&o, isn, ck, now, &mss), TCP_COOKIE_BAD);
	o = tu, o.raddr ^= 0x100;
	CHECK_EQ(check(&o, isn, ck, now, &mss), TCP_COOKIE_BAD);
	o = tu, o.lport = 81;
	CHECK_EQ(check(&o, isn, ck, now, &mss), TCP_COOKIE_BAD);
	o = tu, o.rport ^= 0x8000;
	CHECK_EQ(check(&o, isn, ck, now, &mss), TCP_COOKIE_BAD);
	o = tu, o.laddr = tu.raddr, o.raddr = tu.laddr; /* swapped ends */
	CHECK_EQ(check(&o, isn, ck, now, &mss), TCP_COOKIE_BAD);
	CHECK_EQ(check(&tu, isn + 1, ck, now, &mss), TCP_COOKIE_BAD);
	CHECK_EQ(check(&tu, isn, ck, now, &mss), TCP_COOKIE_OK);
	/* another key */
	struct tcp_isn_key k2;
	tcp_isn_key_init(&k2, rnd32);
	CHECK_EQ(tcp_cookie_check(&k2, &tu, isn, ck, now, &mss),
	         TCP_COOKIE_BAD);
}

/* The MSS carried is the largest table entry not above the peer's. */
static void test_mss(void)
{
	uint64_t now = 7 * MIN_MS;
	for (unsigned m = 0; m <= 65535; m += 1 + m / 64) {
		uint16_t got = 0, want = tcp_cookie_mss[0];
		for (unsigned i = 0; i < TCP_COOKIE_MSS_N; i++)
			if (tcp_cookie_mss[i] <= m)
				want = tcp_cookie_mss[i];
		tcp_seq_t ck = tcp_cookie_make(&key, &tu, m, (uint16_t)m, now);
		CHECK_EQ(check(&tu, m, ck, now, &got), TCP_COOKIE_OK);
		CHECK_EQ(got, want);
		CHECK(got <= m || m < tcp_cookie_mss[0]);
	}
	for (unsigned i = 1; i < TCP_COOKIE_MSS_N; i++)
		CHECK(tcp_cookie_mss[i - 1] < tcp_cookie_mss[i]);
	/* the index is in bits 26..24 (the picture in tcp_cookie.h) */
	tcp_seq_t ck = tcp_cookie_make(&key, &tu, 1, 1460, now);
	CHECK_EQ((ck >> 24) & 7, TCP_COOKIE_MSS_N - 1);
	CHECK_EQ(ck >> 27, 7);
}

int main(void)
{
	test_rng_seed();
	tcp_isn_key_init(&key, rnd32);
	test_round_trip();
	test_forged();
	test_other_tuple();
	test_mss();
	return test_finish();
}
