/* SPDX-License-Identifier: MIT */
/* RFC 5681 + RFC 6582 congestion control (net/tcp/tcp_cc.c), worked by hand
 * with SMSS = 1000, sequence numbers straddling 2^32. */
#include "../../test.h"
#include "tcp/tcp_cc.h"

#define MSS 1000
#define ISS 0xfffff000u

static void test_initial_window(void)
{
	CHECK_EQ(tcp_cc_initial_window(536), 2144);  /* 4 segments */
	CHECK_EQ(tcp_cc_initial_window(1095), 4380); /* 4 segments */
	CHECK_EQ(tcp_cc_initial_window(1096), 3288); /* 3 segments */
	CHECK_EQ(tcp_cc_initial_window(1460), 4380); /* 3 segments */
	CHECK_EQ(tcp_cc_initial_window(2190), 6570); /* 3 segments */
	CHECK_EQ(tcp_cc_initial_window(2191), 4382); /* 2 segments */
	struct tcp_cc cc;
	tcp_cc_init(&cc, MSS, ISS);
	CHECK_EQ(cc.cwnd, 4000);
	CHECK_EQ(cc.ssthresh, UINT32_MAX);
	CHECK(!cc.in_recovery);
}

static void test_slow_start_and_avoidance(void)
{
	struct tcp_cc cc;
	tcp_cc_init(&cc, MSS, ISS);
	tcp_seq_t una = ISS + 1;
	CHECK_EQ(tcp_cc_on_ack(&cc, una += 1000, 1000, 3000), TCP_CC_NONE);
	CHECK_EQ(cc.cwnd, 5000);
	/* one (stretch) ACK for three segments grows by all three (RFC
	 * 3465 byte counting); an ACK of a 64 KiB super-segment likewise */
	tcp_cc_on_ack(&cc, una += 3000, 3000, 0);
	CHECK_EQ(cc.cwnd, 8000);
	tcp_cc_on_ack(&cc, una += 65000, 65000, 0);
	CHECK_EQ(cc.cwnd, 73000);
	/* congestion avoidance: +SMSS once a cwnd's worth is ACKed */
	cc.cwnd = 6000;
	cc.ssthresh = 6000;
	for (int i = 0; i < 5; i++)
		tcp_cc_on_ack(&cc, una += 1000, 1000, 5000);
	CHECK_EQ(cc.cwnd, 6000);
	tcp_cc_on_ack(&cc, una += 1000, 1000, 5000);
	CHECK_EQ(cc.cwnd, 7000);
	for (int i = 0; i < 6; i++)
		tcp_cc_on_ack(&cc, una += 1000, 1000, 5000);
	CHECK_EQ(cc.cwnd, 7000);
	tcp_cc_on_ack(&cc, una += 1000, 1000, 5000);
	CHECK_EQ(cc.cwnd, 8000);
	/* a stretch ACK in avoidance counts its bytes too: 8000 at once */
	tcp_cc_on_ack(&cc, una += 8000, 8000, 5000);
	CHECK_EQ(cc.cwnd, 9000);
}

/* Fast retransmit, inflation, partial ACKs and the full ACK. */
static void test_newreno(void)
{
	struct tcp_cc cc;
	tcp_cc_init(&cc, MSS, ISS);
	cc.cwnd = 10000;
	tcp_seq_t una = ISS + 1 + 5000, nxt = una + 10000; /* wraps */
	CHECK_EQ(tcp_cc_on_dupack(&cc, una, 10000, nxt), TCP_CC_NONE);
	CHECK_EQ(tcp_cc_on_dupack(&cc, una, 10000, nxt), TCP_CC_NONE);
	CHECK_EQ(cc.cwnd, 10000);
	CHECK_EQ(tcp_cc_on_dupack(&cc, una, 10000, nxt), TCP_CC_RETRANSMIT);
	CHECK(cc.in_recovery);
	CHECK_EQ(cc.ssthresh, 5000);
	CHECK_EQ(cc.cwnd, 8000); /* ssthresh + 3 SMSS */
	CHECK_EQ(cc.recover, nxt);
	CHECK_EQ(tcp_cc_on_dupack(&cc, una, 10000, nxt), TCP_CC_NONE);
	CHECK_EQ(cc.cwnd, 9000); /* inflated */
	/* partial ACK of 3000: deflate by 3000, add back SMSS, resend */
	CHECK_EQ(tcp_cc_on_ack(&cc, una += 3000, 3000, 7000),
	         TCP_CC_RETRANSMIT);
	CHECK_EQ(cc.cwnd, 7000);
	CHECK(cc.in_recovery);
	/* partial ACK of 500 (< SMSS): no add-back */
	CHECK_EQ(tcp_cc_on_ack(&cc, una += 500, 500, 6500), TCP_CC_RETRANSMIT);
	CHECK_EQ(cc.cwnd, 6500);
	/* the ACK just short of recover is still partial */
	CHECK_EQ(tcp_cc_on_ack(&cc, nxt - 1, nxt - 1 - una, 1),
	         TCP_CC_RETRANSMIT);
	una = nxt - 1;
	CHECK(cc.in_recovery);
	/* full ACK with 6000 still in flight (new data sent meanwhile):
	 * cwnd = min(ssthresh, max(flight, SMSS) + SMSS) = min(5000, 7000) */
	CHECK_EQ(tcp_cc_on_ack(&cc, nxt, 1, 6000), TCP_CC_NONE);
	CHECK(!cc.in_recovery);
	CHECK_EQ(cc.cwnd, 5000);
	CHECK_EQ(cc.dupacks, 0);
	/* now in congestion avoidance (cwnd == ssthresh) */
	for (int i = 0; i < 5; i++)
		tcp_cc_on_ack(&cc, nxt += 1000, 1000, 4000);
	CHECK_EQ(cc.cwnd, 6000);
}

/* A fresh state with cwnd = flight bytes outstanding from una, after
 * three duplicate ACKs of una. */
static void three_dupacks(struct tcp_cc *cc, tcp_seq_t una, uint32_t flight)
{
	tcp_cc_init(cc, MSS, ISS);
	cc->cwnd = flight;
	for (int i = 0; i < 3; i++)
		tcp_cc_on_dupack(cc, una, flight, una + flight);
}

/* Full ACK with little in flight: cwnd = max(flight, SMSS) + SMSS. */
static void test_full_ack_small_flight(void)
{
	struct tcp_cc cc;
	tcp_seq_t una = ISS + 100, nxt = una + 20000;
	three_dupacks(&cc, una, 20000);
	CHECK(cc.in_recovery);
	CHECK_EQ(cc.ssthresh, 10000);
	CHECK_EQ(tcp_cc_on_ack(&cc, nxt, 20000, 0), TCP_CC_NONE);
	CHECK_EQ(cc.cwnd, 2000);
}

/* RFC 6582 step 2: duplicate ACKs not beyond recover (losses from the
 * window already recovered from) do not start a second recovery. */
static void test_no_second_reduction(void)
{
	struct tcp_cc cc;
	tcp_seq_t una = ISS + 1, nxt = una + 10000;
	three_dupacks(&cc, una, 10000);
	tcp_cc_on_timeout(&cc, 1, 10000, nxt + 2000); /* recover = nxt+2000 */
	CHECK(!cc.in_recovery);
	CHECK_EQ(cc.cwnd, MSS);
	CHECK_EQ(cc.ssthresh, 5000);
	una = nxt; /* cumulative ACKs up to nxt, then duplicates of it */
	tcp_cc_on_ack(&cc, una, 1000, 2000);
	for (int i = 0; i < 5; i++)
		CHECK_EQ(tcp_cc_on_dupack(&cc, una, 2000, nxt + 2000),
		         TCP_CC_NONE);
	CHECK(!cc.in_recovery);
	CHECK_EQ(cc.ssthresh, 5000);
	/* beyond recover, three duplicates start fast retransmit again */
	una = nxt + 3000;
	tcp_cc_on_ack(&cc, una, 3000, 8000);
	for (int i = 0; i < 2; i++)
		tcp_cc_on_dupack(&cc, una, 8000, una + 8000);
	CHECK_EQ(tcp_cc_on_dupack(&cc, una, 8000, una + 8000),
	         TCP_CC_RETRANSMIT);
	CHECK_EQ(cc.ssthresh, 4000);
}

static void test_timeout(void)
{
	struct tcp_cc cc;
	tcp_cc_init(&cc, MSS, ISS);
	cc.cwnd = 16000;
	tcp_cc_on_timeout(&cc, 1, 16000, ISS + 17000);
	CHECK_EQ(cc.ssthresh, 8000);
	CHECK_EQ(cc.cwnd, MSS);
	/* a second timeout for the same data keeps ssthresh */
	tcp_cc_on_timeout(&cc, 2, MSS, ISS + 17000);
	CHECK_EQ(cc.ssthresh, 8000);
	/* small flight: ssthresh at least 2 SMSS */
	tcp_cc_on_timeout(&cc, 1, 500, ISS + 17000);
	CHECK_EQ(cc.ssthresh, 2000);
	/* after a timeout, slow start until ssthresh */
	tcp_cc_on_ack(&cc, ISS + 2000, 1000, 0);
	CHECK_EQ(cc.cwnd, 2000);
	tcp_cc_on_ack(&cc, ISS + 3000, 1000, 0);
	CHECK_EQ(cc.cwnd, 2000); /* at ssthresh: avoidance */
}

static void test_idle(void)
{
	struct tcp_cc cc;
	tcp_cc_init(&cc, MSS, ISS);
	cc.cwnd = 50000;
	tcp_cc_after_idle(&cc);
	CHECK_EQ(cc.cwnd, 4000);
	cc.cwnd = 2000;
	tcp_cc_after_idle(&cc);
	CHECK_EQ(cc.cwnd, 2000);
}

/* Random event sequences: cwnd never drops below SMSS nor wraps, and a
 * loss always leaves ssthresh >= 2 SMSS. */
static void test_random_events(void)
{
	for (int run = 0; run < 200; run++) {
		struct tcp_cc cc;
		tcp_seq_t una = (tcp_seq_t)test_rand(), nxt = una;
		tcp_cc_init(&cc, 536 + (uint32_t)test_rand_below(9000), una);
		for (int i = 0; i < 2000; i++) {
			uint32_t flight = nxt - una;
			uint32_t send = (uint32_t)test_rand_below(3 * cc.smss);
			nxt += send;
			flight += send;
			uint64_t e = test_rand_below(10);
			if (e < 5 && flight) {
				uint32_t a =
				    1 + (uint32_t)test_rand_below(flight);
				una += a;
				tcp_cc_on_ack(&cc, una, a, flight - a);
			} else if (e < 9 && flight) {
				tcp_cc_on_dupack(&cc, una, flight, nxt);
			} else if (e == 9) {
				tcp_cc_on_timeout(&cc, 1, flight, nxt);
				CHECK(cc.ssthresh >= 2 * cc.smss);
			}
			CHECK(cc.cwnd >= cc.smss);
			CHECK(cc.cwnd <= TCP_CWND_MAX);
		}
	}
}

/* Regression (issue 12, defect 1): a loss-free transfer that always
 * fills cwnd grew it without bound (ssthresh starts at UINT32_MAX); past
 * 2^31 the connection's room arithmetic went negative and it stopped
 * sending after about 4 GiB. cwnd now stops at TCP_CWND_MAX, and the
 * sequence numbers wrap underneath many times. */
static void test_cwnd_bounded(void)
{
	struct tcp_cc cc;
	tcp_seq_t una = ISS + 1;
	uint64_t acked = 0;
	tcp_cc_init(&cc, MSS, ISS);
	while (acked < (5ull << 30)) {     /* 5 GiB, one MSS per ACK */
		uint32_t flight = cc.cwnd; /* the sender fills it */
		tcp_cc_on_ack(&cc, una += MSS, MSS, flight - MSS);
		acked += MSS;
		if (cc.cwnd > TCP_CWND_MAX)
			break;
	}
	CHECK_EQ(cc.cwnd, TCP_CWND_MAX);
	CHECK(acked >= 5ull << 30);
}

int main(void)
{
	test_rng_seed();
	test_cwnd_bounded();
	test_initial_window();
	test_slow_start_and_avoidance();
	test_newreno();
	test_full_ack_small_flight();
	test_no_second_reduction();
	test_timeout();
	test_idle();
	test_random_events();
	return test_finish();
}
