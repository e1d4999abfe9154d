/* SPDX-License-Identifier: MIT */
/* RFC 6298 retransmission timeout estimator (see net/tcp/tcp_rtt.h). */
#include "tcp_rtt.h"

static uint32_t clamp_rto(const struct tcp_rtt *r, uint64_t ms)
{
	if (ms < r->min_ms)
		ms = r->min_ms;
	return ms > TCP_RTO_MAX_MS ? TCP_RTO_MAX_MS : (uint32_t)ms;
}

void tcp_rtt_init(struct tcp_rtt *r, uint32_t min_ms, uint32_t g_ms)
{
	*r = (struct tcp_rtt){.min_ms = min_ms, .g_ms = g_ms};
	r->rto_ms = clamp_rto(r, TCP_RTO_INIT_MS);
}

/* RTO = SRTT + max(G, K*RTTVAR) (RFC 6298 2.2/2.3), in ms rounded up. */
static void recompute(struct tcp_rtt *r)
{
	uint64_t var = TCP_RTT_K * r->rttvar_us;
	uint64_t g = (uint64_t)r->g_ms * 1000;
	uint64_t us = r->srtt_us + (var > g ? var : g);
	r->rto_ms = clamp_rto(r, (us + 999) / 1000);
}

void tcp_rtt_sample(struct tcp_rtt *r, uint32_t rtt_ms)
{
	uint64_t m = (uint64_t)rtt_ms * 1000;
	if (!r->has_sample) {
		r->srtt_us = m;
		r->rttvar_us = m / 2;
		r->has_sample = true;
	} else {
		uint64_t err = r->srtt_us > m ? r->srtt_us - m : m - r->srtt_us;
		r->rttvar_us = (3 * r->rttvar_us + err) / 4;
		r->srtt_us = (7 * r->srtt_us + m) / 8;
	}
	r->backoffs = 0;
	recompute(r);
}

uint32_t tcp_rtt_rto(const struct tcp_rtt *r)
{
	uint64_t rto = r->rto_ms;
	for (unsigned i = 0; i < r->backoffs && rto < TCP_RTO_MAX_MS; i++)
		rto *= 2;
	return rto > TCP_RTO_MAX_MS ? TCP_RTO_MAX_MS : (uint32_t)rto;
}

unsigned tcp_rtt_on_timeout(struct tcp_rtt *r)
{
	r->backoffs++;
	r->timing = false;
	return r->backoffs;
}

void tcp_rtt_start(struct tcp_rtt *r, tcp_seq_t end_seq, uint64_t now_ms)
{
	if (r->timing)
		return;
	r->timing = true;
	r->timed_seq = end_seq;
	r->timed_at_ms = now_ms;
}

bool tcp_rtt_ack(struct tcp_rtt *r, tcp_seq_t ack, uint64_t now_ms)
{
	if (!r->timing || seq_lt(ack, r->timed_seq))
		return false;
	r->timing = false;
	uint64_t d = now_ms - r->timed_at_ms;
	tcp_rtt_sample(r, d > UINT32_MAX ? UINT32_MAX : (uint32_t)d);
	return true;
}

void tcp_rtt_cancel(struct tcp_rtt *r)
{
	r->timing = false;
}
