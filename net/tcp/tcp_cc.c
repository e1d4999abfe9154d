/* SPDX-License-Identifier: MIT */
/* RFC 5681 congestion control with RFC 6582 NewReno (see tcp_cc.h). */
#include "tcp_cc.h"

static uint32_t max32(uint32_t a, uint32_t b)
{
	return a > b ? a : b;
}

static uint32_t min32(uint32_t a, uint32_t b)
{
	return a < b ? a : b;
}

/* cwnd += n, at most TCP_CWND_MAX. */
static void cwnd_add(struct tcp_cc *cc, uint32_t n)
{
	cc->cwnd = cc->cwnd >= TCP_CWND_MAX - min32(n, TCP_CWND_MAX)
	               ? TCP_CWND_MAX
	               : cc->cwnd + n;
}

uint32_t tcp_cc_initial_window(uint32_t smss)
{
	if (smss > 2190)
		return 2 * smss;
	if (smss > 1095)
		return 3 * smss;
	return 4 * smss;
}

void tcp_cc_init(struct tcp_cc *cc, uint32_t smss, tcp_seq_t iss)
{
	*cc = (struct tcp_cc){
	    .smss = smss, .ssthresh = UINT32_MAX, .recover = iss};
	cc->cwnd = tcp_cc_initial_window(smss);
}

/* RFC 5681 eq. 4. */
static uint32_t half_flight(const struct tcp_cc *cc, uint32_t flight)
{
	return max32(flight / 2, 2 * cc->smss);
}

/*
 * Outside recovery: slow start or congestion avoidance (RFC 5681 3.1),
 * both counting bytes (RFC 3465, Appropriate Byte Counting). Slow start
 * adds what the ACK covers: a stretch ACK (a receiver that coalesces
 * segments, or acks a TSO super-segment once) opens cwnd as far as one
 * ACK per segment would. RFC 3465 2.2 caps one ACK's increase at L*SMSS
 * to bound bursts; as Linux does, no cap: with byte counting a receiver
 * that splits its ACKs gains nothing. Avoidance: +SMSS each time a
 * cwnd's worth is ACKed.
 */
static void grow(struct tcp_cc *cc, uint32_t acked)
{
	if (cc->cwnd < cc->ssthresh) {
		cwnd_add(cc, acked);
		return;
	}
	cc->ca_acked += acked;
	if (cc->ca_acked >= cc->cwnd) {
		cc->ca_acked -= cc->cwnd;
		cwnd_add(cc, cc->smss);
	}
}

/* RFC 6582 3.2 step 3, partial ACK: deflate by what was ACKed, add SMSS
 * back if at least SMSS was, and resend the next hole. */
static enum tcp_cc_action partial_ack(struct tcp_cc *cc, uint32_t acked)
{
	cc->cwnd = cc->cwnd > acked ? cc->cwnd - acked : 0;
	if (acked >= cc->smss)
		cwnd_add(cc, cc->smss);
	cc->cwnd = max32(cc->cwnd, cc->smss);
	return TCP_CC_RETRANSMIT;
}

enum tcp_cc_action tcp_cc_on_ack(struct tcp_cc *cc, tcp_seq_t ack,
                                 uint32_t acked, uint32_t flight)
{
	cc->dupacks = 0;
	if (!cc->in_recovery) {
		grow(cc, acked);
		return TCP_CC_NONE;
	}
	if (seq_lt(ack, cc->recover))
		return partial_ack(cc, acked);
	/* full ACK: leave recovery, option (1) of RFC 6582 3.2 step 3 */
	cc->in_recovery = false;
	cc->ca_acked = 0;
	cc->cwnd = min32(cc->ssthresh, max32(flight, cc->smss) + cc->smss);
	return TCP_CC_NONE;
}

enum tcp_cc_action tcp_cc_on_dupack(struct tcp_cc *cc, tcp_seq_t ack,
                                    uint32_t flight, tcp_seq_t snd_nxt)
{
	cc->dupacks++;
	if (cc->in_recovery) { /* RFC 5681 3.2 step 4: inflate */
		cwnd_add(cc, cc->smss);
		return TCP_CC_NONE;
	}
	if (cc->dupacks != TCP_DUPACK_THRESH || !seq_gt(ack, cc->recover))
		return TCP_CC_NONE;
	cc->in_recovery = true;
	cc->recover = snd_nxt;
	cc->ssthresh = half_flight(cc, flight);
	cc->cwnd = cc->ssthresh;
	cwnd_add(cc, 3 * cc->smss);
	return TCP_CC_RETRANSMIT;
}

void tcp_cc_on_timeout(struct tcp_cc *cc, unsigned timeouts, uint32_t flight,
                       tcp_seq_t snd_nxt)
{
	if (timeouts <= 1)
		cc->ssthresh = half_flight(cc, flight);
	cc->cwnd = cc->smss;
	cc->ca_acked = 0;
	cc->dupacks = 0;
	cc->in_recovery = false;
	cc->recover = snd_nxt;
}

void tcp_cc_after_idle(struct tcp_cc *cc)
{
	cc->cwnd = min32(cc->cwnd, tcp_cc_initial_window(cc->smss));
}
