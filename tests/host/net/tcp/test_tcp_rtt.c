/* SPDX-License-Identifier: MIT */
/* RFC 6298 estimator (net/tcp/tcp_rtt.c): hand-worked sequences, a floating-
 * point model of the RFC's formulas, backoff, Karn's rule. */
#include "../../test.h"
#include <math.h>
#include "tcp/tcp_rtt.h"

static void test_initial(void)
{
	struct tcp_rtt r;
	tcp_rtt_init(&r, TCP_RTO_MIN_MS, 100);
	CHECK_EQ(tcp_rtt_rto(&r), 1000); /* RFC 6298 2.1 */
	tcp_rtt_init(&r, 3000, 100);
	CHECK_EQ(tcp_rtt_rto(&r), 3000); /* a higher floor wins */
}

/*
 * Worked by hand with G = 100 ms and no floor:
 *   R=100: SRTT=100, RTTVAR=50, RTO=100+max(100,200)=300
 *   R=200: RTTVAR=.75*50+.25*|100-200|=62.5, SRTT=.875*100+.125*200=112.5
 *          RTO=112.5+250=362.5 -> 363
 *   R=100: RTTVAR=.75*62.5+.25*12.5=50, SRTT=.875*112.5+12.5=110.9375
 *          RTO=110.9375+200=310.9375 -> 311
 *   R=110: RTTVAR=.75*50+.25*.9375=37.734375,
 *          SRTT=.875*110.9375+13.75=110.8203125
 *          RTO=110.8203125+150.9375=261.7578125 -> 262
 *   R=111: RTTVAR=.75*37.734375+.25*.1796875=28.34570..,
 *          SRTT=110.8427734375, K*RTTVAR=113.3828125
 *          RTO=224.2255859375 -> 225
 *   R=111 (x8 more): K*RTTVAR shrinks below G, so RTO -> SRTT + 100
 */
static void test_hand_worked(void)
{
	struct tcp_rtt r;
	tcp_rtt_init(&r, 0, 100);
	tcp_rtt_sample(&r, 100);
	CHECK_EQ(r.srtt_us, 100000);
	CHECK_EQ(r.rttvar_us, 50000);
	CHECK_EQ(tcp_rtt_rto(&r), 300);
	tcp_rtt_sample(&r, 200);
	CHECK_EQ(r.srtt_us, 112500);
	CHECK_EQ(r.rttvar_us, 62500);
	CHECK_EQ(tcp_rtt_rto(&r), 363);
	tcp_rtt_sample(&r, 100);
	CHECK_EQ(r.rttvar_us, 50000);
	CHECK_EQ(tcp_rtt_rto(&r), 311);
	tcp_rtt_sample(&r, 110);
	CHECK_EQ(tcp_rtt_rto(&r), 262);
	tcp_rtt_sample(&r, 111);
	CHECK_EQ(tcp_rtt_rto(&r), 225);
	for (int i = 0; i < 30; i++)
		tcp_rtt_sample(&r, 111);
	CHECK_EQ(tcp_rtt_rto(&r), 211); /* SRTT ~111 + G */
	/* the 1 s floor applies to the same estimate */
	r.min_ms = TCP_RTO_MIN_MS;
	tcp_rtt_sample(&r, 111);
	CHECK_EQ(tcp_rtt_rto(&r), 1000);
}

/* Random samples against the RFC's formulas in double precision. */
static void test_model(void)
{
	for (int run = 0; run < 50; run++) {
		struct tcp_rtt r;
		tcp_rtt_init(&r, 0, 10);
		double srtt = 0, var = 0;
		for (int i = 0; i < 200; i++) {
			uint32_t m = 1 + (uint32_t)test_rand_below(2000);
			if (i == 0) {
				srtt = m;
				var = m / 2.0;
			} else {
				var = 0.75 * var + 0.25 * fabs(srtt - m);
				srtt = 0.875 * srtt + 0.125 * m;
			}
			tcp_rtt_sample(&r, m);
			double rto = srtt + fmax(10, 4 * var);
			double want = fmin(ceil(rto), TCP_RTO_MAX_MS);
			/* integer truncation drifts by well under 1 ms */
			CHECK(fabs(tcp_rtt_rto(&r) - want) <= 1.0);
		}
	}
}

static void test_backoff(void)
{
	struct tcp_rtt r;
	tcp_rtt_init(&r, TCP_RTO_MIN_MS, 100);
	tcp_rtt_sample(&r, 1000); /* RTO = 1000 + 2000 = 3000 */
	CHECK_EQ(tcp_rtt_rto(&r), 3000);
	CHECK_EQ(tcp_rtt_on_timeout(&r), 1);
	CHECK_EQ(tcp_rtt_rto(&r), 6000);
	CHECK_EQ(tcp_rtt_on_timeout(&r), 2);
	CHECK_EQ(tcp_rtt_rto(&r), 12000);
	tcp_rtt_on_timeout(&r);
	tcp_rtt_on_timeout(&r);
	CHECK_EQ(tcp_rtt_rto(&r), 48000);
	tcp_rtt_on_timeout(&r);
	CHECK_EQ(tcp_rtt_rto(&r), TCP_RTO_MAX_MS); /* capped */
	for (int i = 0; i < 100; i++) /* no overflow however long */
		tcp_rtt_on_timeout(&r);
	CHECK_EQ(tcp_rtt_rto(&r), TCP_RTO_MAX_MS);
	CHECK_EQ(r.backoffs, 105);
	/* a fresh sample ends the backoff */
	tcp_rtt_sample(&r, 1000);
	CHECK_EQ(r.backoffs, 0);
	CHECK(tcp_rtt_rto(&r) < 6000);
	/* a huge sample is capped at the maximum */
	tcp_rtt_sample(&r, 500000);
	CHECK_EQ(tcp_rtt_rto(&r), TCP_RTO_MAX_MS);
}

/* Karn: timing one segment at a time, cancelled by a retransmission;
 * sequence numbers wrap. */
static void test_karn(void)
{
	struct tcp_rtt r;
	tcp_rtt_init(&r, 0, 1);
	tcp_seq_t iss = 0xfffffff0u;
	tcp_rtt_start(&r, iss + 100, 1000);      /* ends past the wrap */
	tcp_rtt_start(&r, iss + 200, 1010);      /* ignored: already timing */
	CHECK(!tcp_rtt_ack(&r, iss + 50, 1100)); /* partial ACK */
	CHECK(!r.has_sample);
	CHECK(tcp_rtt_ack(&r, iss + 100, 1250));
	CHECK(r.has_sample);
	CHECK_EQ(r.srtt_us, 250000);
	CHECK(!tcp_rtt_ack(&r, iss + 200, 1300)); /* nothing timed now */
	/* a retransmission cancels: the later ACK gives no sample */
	tcp_rtt_start(&r, iss + 300, 2000);
	tcp_rtt_cancel(&r);
	CHECK(!tcp_rtt_ack(&r, iss + 300, 9000));
	CHECK_EQ(r.srtt_us, 250000);
	/* and so does a timeout */
	tcp_rtt_start(&r, iss + 400, 10000);
	tcp_rtt_on_timeout(&r);
	CHECK(!tcp_rtt_ack(&r, iss + 400, 19000));
	CHECK_EQ(r.srtt_us, 250000);
	CHECK_EQ(r.backoffs, 1);
}

int main(void)
{
	test_rng_seed();
	test_initial();
	test_hand_worked();
	test_model();
	test_backoff();
	test_karn();
	return test_finish();
}
