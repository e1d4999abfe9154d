/* SPDX-License-Identifier: MIT */
/* TCP sequence arithmetic (net/tcp/tcp_seq.h), with explicit wraparound. */
#include "../../test.h"
#include "tcp/tcp_seq.h"

static void test_order(void)
{
	CHECK(seq_lt(1, 2));
	CHECK(!seq_lt(2, 2));
	CHECK(seq_le(2, 2));
	CHECK(seq_gt(3, 2));
	CHECK(seq_ge(3, 3));
	/* across the wrap: 0xfffffff0 is before 0x10 */
	CHECK(seq_lt(0xfffffff0u, 0x10));
	CHECK(seq_gt(0x10, 0xfffffff0u));
	CHECK(seq_le(0xffffffffu, 0));
	CHECK(!seq_ge(0xffffffffu, 0));
	CHECK_EQ(seq_diff(0x10, 0xfffffff0u), 0x20);
	CHECK_EQ(seq_diff(0xfffffff0u, 0x10), -0x20);
	CHECK_EQ(seq_max(0xfffffff0u, 5), 5);
	CHECK_EQ(seq_min(0xfffffff0u, 5), 0xfffffff0u);
	/* 2^31 - 1 ahead is still "after"; the order flips past 2^31 */
	CHECK(seq_lt(100, 100 + 0x7fffffffu));
	CHECK(seq_gt(100, 100 + 0x80000001u));
}

/* Random pairs less than 2^31 apart: the order agrees with 64-bit
 * arithmetic on the unwrapped values, whatever the base. */
static void test_order_random(void)
{
	for (int i = 0; i < 100000; i++) {
		uint64_t base = test_rand() & 0xffffffffu;
		uint64_t d = test_rand_below(0x7fffffffu);
		tcp_seq_t a = (tcp_seq_t)base, b = (tcp_seq_t)(base + d);
		CHECK_EQ(seq_le(a, b), 1);
		CHECK_EQ(seq_lt(a, b), d != 0);
		CHECK_EQ(seq_gt(b, a), d != 0);
		CHECK_EQ(seq_diff(b, a), (int64_t)d);
	}
}

static void test_windows(void)
{
	CHECK(seq_in_window(5, 5, 1));
	CHECK(!seq_in_window(6, 5, 1));
	CHECK(!seq_in_window(4, 5, 10));
	CHECK(!seq_in_window(5, 5, 0));
	/* a window straddling 2^32 */
	tcp_seq_t lo = 0xfffffff8u;
	CHECK(seq_in_window(0xfffffffcu, lo, 16));
	CHECK(seq_in_window(0, lo, 16));
	CHECK(seq_in_window(7, lo, 16));
	CHECK(!seq_in_window(8, lo, 16));
	CHECK(!seq_in_window(0xfffffff7u, lo, 16));
	/* between, inclusive both ends, across the wrap */
	CHECK(seq_between(0, 0xffffffffu, 3));
	CHECK(seq_between(3, 0xffffffffu, 3));
	CHECK(seq_between(0xffffffffu, 0xffffffffu, 3));
	CHECK(!seq_between(4, 0xffffffffu, 3));
	CHECK(!seq_between(0xfffffffeu, 0xffffffffu, 3));
}

/* RFC 9293 3.4's four cases, at an ordinary point and across the wrap. */
static void test_acceptable_at(tcp_seq_t nxt)
{
	/* zero length, zero window: only exactly rcv_nxt */
	CHECK(seq_acceptable(nxt, 0, nxt, 0));
	CHECK(!seq_acceptable(nxt + 1, 0, nxt, 0));
	/* zero length, open window */
	CHECK(seq_acceptable(nxt + 99, 0, nxt, 100));
	CHECK(!seq_acceptable(nxt + 100, 0, nxt, 100));
	CHECK(!seq_acceptable(nxt - 1, 0, nxt, 100));
	/* data, zero window: never */
	CHECK(!seq_acceptable(nxt, 1, nxt, 0));
	/* data, open window: first or last octet inside */
	CHECK(seq_acceptable(nxt - 10, 11, nxt, 100)); /* last octet = nxt */
	CHECK(!seq_acceptable(nxt - 10, 10, nxt, 100));
	CHECK(seq_acceptable(nxt + 99, 50, nxt, 100)); /* first octet in */
	CHECK(!seq_acceptable(nxt + 100, 50, nxt, 100));
}

static void test_acceptable(void)
{
	test_acceptable_at(1000);
	test_acceptable_at(0xffffffc0u);
	test_acceptable_at(0);
	test_acceptable_at(0xfffffffbu);
}

int main(void)
{
	test_rng_seed();
	test_order();
	test_order_random();
	test_windows();
	test_acceptable();
	return test_finish();
}
