/* SPDX-License-Identifier: MIT */
/*
 * The retransmission timer's estimator (RFC 6298), one per connection.
 *
 *   first sample R:   SRTT = R, RTTVAR = R/2                    (2.2)
 *   later samples R': RTTVAR = 3/4 RTTVAR + 1/4 |SRTT - R'|     (2.3,
 *                     SRTT   = 7/8 SRTT   + 1/8 R'               in order)
 *   RTO = SRTT + max(G, K*RTTVAR), K = 4, then clamped to [min, max]
 *   no sample yet: RTO = 1 s (2.1); timeout: RTO doubles (2.5), capped
 *
 * SRTT and RTTVAR are kept in microseconds so the 1/8 and 1/4 gains do
 * not lose precision on millisecond samples; RTOs come out in whole
 * milliseconds, rounded up.
 *
 * Minimum RTO: TCP_RTO_MIN_MS = 1000 is RFC 6298 2.4's SHOULD; a caller
 * may pass a lower floor to tcp_rtt_init. That is only safe when the
 * peer's delayed ACK cannot make a healthy ACK look lost, so a lower
 * floor must come with a variance floor (the G term) at least as large
 * as the peer's delayed-ACK timer: RTO >= SRTT + G. Connections use
 * TCP_RTO_CONN_MIN_MS = 200 with G = TCP_RTO_VAR_MIN_MS = 200, so the
 * RTO is never below SRTT + 200 ms. Justification: RFC 9293 3.8.6.3
 * (and RFC 1122 4.2.3.2) caps the ACK delay at 500 ms, but deployed
 * stacks use at most 200 ms (Linux 40-200 ms, Windows 200 ms, ours 40
 * ms); a 1 s floor made each loss that fast retransmit cannot repair
 * cost a whole second (measured: 64 MiB under 5 % loss took 764 s, 632
 * of them timeouts). Linux's floor is the same 200 ms. Maximum: 60 s
 * (2.5 permits a maximum of at least 60 s).
 *
 * Karn's rule (RFC 6298 3): no sample from a segment that was
 * retransmitted. tcp_rtt_start/tcp_rtt_ack time one segment at a time
 * and tcp_rtt_on_timeout cancels the measurement in flight. With
 * timestamps (RFC 7323 4) samples are unambiguous: feed tcp_rtt_sample
 * directly with now - TSecr.
 */
#ifndef NET_TCP_RTT_H
#define NET_TCP_RTT_H
#include <stdbool.h>
#include <stdint.h>
#include "tcp_seq.h"

#define TCP_RTO_INIT_MS     1000
#define TCP_RTO_MIN_MS      1000
#define TCP_RTO_CONN_MIN_MS 200 /* what tcp_conn uses: see above */
#define TCP_RTO_VAR_MIN_MS  200
#define TCP_RTO_MAX_MS      60000
#define TCP_RTT_K           4

struct tcp_rtt {
	uint64_t srtt_us, rttvar_us;
	uint32_t rto_ms;   /* from the estimate, before backoff */
	uint32_t min_ms;   /* floor of the RTO */
	uint32_t g_ms;     /* clock granularity G */
	unsigned backoffs; /* timeouts since the last sample */
	bool has_sample;
	bool timing;         /* a segment is being timed (Karn) */
	tcp_seq_t timed_seq; /* ... and an ACK beyond this ends it */
	uint64_t timed_at_ms;
};

/* Start with no sample: RTO = TCP_RTO_INIT_MS (or min_ms, if larger).
 * min_ms is the RTO floor (TCP_RTO_MIN_MS unless justified, see above),
 * g_ms the clock granularity (NET_TICK_MS in the kernel). */
void tcp_rtt_init(struct tcp_rtt *r, uint32_t min_ms, uint32_t g_ms);

/* Feed one RTT measurement (ms); recomputes the RTO and clears the
 * backoff (RFC 6298 5.7's note: a new sample replaces a backed-off RTO). */
void tcp_rtt_sample(struct tcp_rtt *r, uint32_t rtt_ms);

/* The RTO to arm the timer with now: the estimate doubled once per
 * timeout since the last sample, capped at TCP_RTO_MAX_MS. */
uint32_t tcp_rtt_rto(const struct tcp_rtt *r);

/* The retransmission timer expired (RFC 6298 5.5): back off once and
 * cancel any timing (Karn). Returns the number of consecutive timeouts,
 * so the caller can give up after a bounded number. */
unsigned tcp_rtt_on_timeout(struct tcp_rtt *r);

/* Time the segment ending at end_seq, sent at now_ms, unless one is
 * already being timed. Call only for segments sent for the first time. */
void tcp_rtt_start(struct tcp_rtt *r, tcp_seq_t end_seq, uint64_t now_ms);

/* A cumulative ACK arrived at now_ms: if it covers the timed segment,
 * take the sample. Returns true if a sample was taken. */
bool tcp_rtt_ack(struct tcp_rtt *r, tcp_seq_t ack, uint64_t now_ms);

/* Karn: the timed segment (or any covering it) was retransmitted. */
void tcp_rtt_cancel(struct tcp_rtt *r);

#endif
