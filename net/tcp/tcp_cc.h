/* SPDX-License-Identifier: MIT */
/*
 * Congestion control: RFC 5681 slow start, congestion avoidance, fast
 * retransmit and fast recovery, with RFC 6582 NewReno's response to
 * partial ACKs. A pure state object: the connection tells it about ACKs,
 * duplicate ACKs and timeouts, and it answers with cwnd and with what to
 * retransmit. All sizes are in bytes; SMSS is the sender's MSS.
 *
 *   cwnd < ssthresh:  slow start, cwnd += min(acked, SMSS) per ACK (3.1)
 *   cwnd >= ssthresh: congestion avoidance, +SMSS per cwnd of bytes ACKed
 *   3rd dupACK:       ssthresh = max(FlightSize/2, 2*SMSS),
 *                     retransmit, cwnd = ssthresh + 3*SMSS (3.2)
 *   more dupACKs:     cwnd += SMSS (inflation)
 *   partial ACK:      retransmit the next hole, cwnd -= acked, += SMSS
 *                     if acked >= SMSS (RFC 6582 3.2 step 3)
 *   full ACK:         cwnd = min(ssthresh, max(FlightSize, SMSS) + SMSS)
 *   timeout:          ssthresh as above (first timeout only), cwnd = SMSS
 *
 * cwnd never passes TCP_CWND_MAX. RFC 7661's rule (grow cwnd only while
 * the flight uses half of it) was tried and taken out while a flake in
 * qemu.tcp.user.e1000 was chased; the flake stayed without it, so the rule
 * was not its cause and may come back.
 *
 * "recover" is kept as one past the highest sequence number sent when
 * recovery began (SND.NXT then; RFC 6582 calls the byte before it
 * recover). An ACK >= it is a full ACK; the third duplicate ACK starts
 * fast retransmit only if its ACK number is beyond it (RFC 6582 3.2
 * step 2), so one window's losses cause one ssthresh reduction.
 */
#ifndef NET_TCP_CC_H
#define NET_TCP_CC_H
#include <stdbool.h>
#include <stdint.h>
#include "tcp_seq.h"

#define TCP_DUPACK_THRESH 3
/* cwnd never exceeds the largest window a peer can offer (RFC 7323 2.3:
 * 65535 << 14 < 2^30): more could never be used, and a cwnd past 2^31
 * broke sequence arithmetic (SND.UNA + cwnd as a signed distance). */
#define TCP_CWND_MAX (1u << 30)

struct tcp_cc {
	uint32_t smss;
	uint32_t cwnd, ssthresh;
	uint32_t ca_acked; /* bytes ACKed towards the next CA increase */
	unsigned dupacks;
	bool in_recovery;
	tcp_seq_t recover;
};

/* What the connection should do after an event. */
enum tcp_cc_action {
	TCP_CC_NONE,
	TCP_CC_RETRANSMIT, /* resend the first unacknowledged segment */
};

/* Initial window per RFC 5681 3.1 (4, 3 or 2 segments by SMSS),
 * ssthresh "arbitrarily high" (the peer's window would do: UINT32_MAX
 * here), recover = iss (RFC 6582 3.2 step 1). */
void tcp_cc_init(struct tcp_cc *cc, uint32_t smss, tcp_seq_t iss);

/* An ACK advanced SND.UNA to ack, acknowledging `acked` new bytes;
 * flight is what remains outstanding after it. */
enum tcp_cc_action tcp_cc_on_ack(struct tcp_cc *cc, tcp_seq_t ack,
                                 uint32_t acked, uint32_t flight);

/* A duplicate ACK (RFC 5681 2: no new data acked, no window change, data
 * outstanding) for SND.UNA = ack; flight is the bytes outstanding and
 * snd_nxt the next sequence number to be sent. */
enum tcp_cc_action tcp_cc_on_dupack(struct tcp_cc *cc, tcp_seq_t ack,
                                    uint32_t flight, tcp_seq_t snd_nxt);

/* The retransmission timer fired for the timeouts'th time in a row
 * (tcp_rtt_on_timeout's count). ssthresh drops only on the first
 * (RFC 5681 3.1 eq. 4 applies to a segment not yet resent by the timer);
 * cwnd = 1 SMSS (loss window); recovery ends, recover = snd_nxt (RFC
 * 6582 3.2 step 4). */
void tcp_cc_on_timeout(struct tcp_cc *cc, unsigned timeouts, uint32_t flight,
                       tcp_seq_t snd_nxt);

/* Restart after idle (RFC 5681 4.1): called when nothing was sent for
 * more than an RTO, cwnd = min(IW, cwnd). */
void tcp_cc_after_idle(struct tcp_cc *cc);

/* The initial window for this SMSS (RFC 5681 3.1 eq. 1). */
uint32_t tcp_cc_initial_window(uint32_t smss);

#endif
