/* SPDX-License-Identifier: MIT */
/* RFC 6528 ISNs (net/tcp/tcp_isn.c): the clock part, the keyed tuple part. */
#include "../../test.h"
#include "tcp/tcp_isn.h"

static uint32_t counter;

static uint32_t counting_random(void)
{
	return ++counter * 0x9e3779b9u;
}

static void test_key(void)
{
	struct tcp_isn_key a, b;
	counter = 0;
	tcp_isn_key_init(&a, counting_random);
	CHECK_EQ(counter, TCP_ISN_KEY_LEN / 4); /* every word drawn */
	tcp_isn_key_init(&b, counting_random);
	CHECK(memcmp(a.k, b.k, sizeof(a.k)) != 0);
	/* different keys, different ISNs for the same tuple and time */
	CHECK(tcp_isn(&a, 1, 2, 3, 4, 0) != tcp_isn(&b, 1, 2, 3, 4, 0));
}

/* Same tuple: deterministic, and advancing by one per 4 us, wrapping. */
static void test_clock(void)
{
	struct tcp_isn_key k;
	tcp_isn_key_init(&k, counting_random);
	ip4_addr_t l = IP4(10, 0, 2, 15), r = IP4(93, 184, 216, 34);
	tcp_seq_t a = tcp_isn(&k, l, 49152, r, 80, 1000000);
	CHECK_EQ(tcp_isn(&k, l, 49152, r, 80, 1000000), a);
	CHECK_EQ(tcp_isn(&k, l, 49152, r, 80, 1000003), a); /* same tick */
	CHECK_EQ(tcp_isn(&k, l, 49152, r, 80, 1000004), a + 1);
	CHECK_EQ(tcp_isn(&k, l, 49152, r, 80, 1000000 + 4000000), a + 1000000);
	/* 2^32 ticks (about 4.77 hours) later it has wrapped to a again */
	CHECK_EQ(tcp_isn(&k, l, 49152, r, 80, 1000000 + (4ull << 32)), a);
}

/* Changing any field of the tuple changes the keyed part. */
static void test_tuple(void)
{
	struct tcp_isn_key k;
	tcp_isn_key_init(&k, counting_random);
	unsigned same = 0;
	for (int i = 0; i < 10000; i++) {
		ip4_addr_t l = (ip4_addr_t)test_rand(),
		           r = (ip4_addr_t)test_rand();
		uint16_t lp = (uint16_t)test_rand(), rp = (uint16_t)test_rand();
		uint64_t t = test_rand() >> 8;
		tcp_seq_t base = tcp_isn(&k, l, lp, r, rp, t);
		same += tcp_isn(&k, l ^ 1, lp, r, rp, t) == base;
		same += tcp_isn(&k, l, lp ^ 1, r, rp, t) == base;
		same += tcp_isn(&k, l, lp, r ^ 0x80000000u, rp, t) == base;
		same += tcp_isn(&k, l, lp, r, rp ^ 0x8000, t) == base;
		/* swapping the ends is another connection */
		same += tcp_isn(&k, r, rp, l, lp, t) == base && l != r;
	}
	CHECK(same <= 1); /* a 32-bit collision in 50k tries is ~1e-5 */
}

int main(void)
{
	test_rng_seed();
	test_key();
	test_clock();
	test_tuple();
	return test_finish();
}
