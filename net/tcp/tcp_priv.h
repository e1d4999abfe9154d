/* SPDX-License-Identifier: MIT */
/* Helpers shared by tcp_conn.c and tcp_conn_input.c. */
#ifndef NET_TCP_PRIV_H
#define NET_TCP_PRIV_H

#include "tcp.h"

/* RCV.NXT: the in-order data received, plus one for the peer's FIN. */
static inline tcp_seq_t tcp_rcv_nxt(const struct tcp_conn *c)
{
	return c->rcv.nxt + (c->rcv_fin ? 1 : 0);
}

/* Our FIN was sent and SND.UNA is past it. */
static inline bool tcp_fin_acked(const struct tcp_conn *c)
{
	return c->fin_queued && c->snd_una == tcp_sndbuf_end(&c->snd) + 1;
}

/* tcp_conn_abort that tells the peer in CLOSING and LAST-ACK as well
 * (an ABORT call sends no RST there, RFC 9293 3.10.5): for orphans the
 * stack gives up on. Our FIN said nothing of the data still unsent, and
 * a peer in FIN-WAIT-2 behind a shut window would wait for it for ever. */
void tcp_conn_reset(struct tcp_conn *c);
/* Emit a header-only segment with flags, at seq, acking RCV.NXT when
 * TCP_ACK is among flags. */
void tcp_send_ctl(struct tcp_conn *c, tcp_seq_t seq, uint8_t flags);
/* A plain ACK at SND.NXT. */
void tcp_send_ack(struct tcp_conn *c);
/* RFC 5961 7: an ACK in answer to a suspicious RST/SYN, at most
 * TCP_CHALLENGE_PER_S per second. */
void tcp_challenge_ack(struct tcp_conn *c, uint64_t now);
/* Send the SYN (SYN-SENT) or SYN,ACK (SYN-RECEIVED) at ISS. */
void tcp_send_syn(struct tcp_conn *c, uint64_t now);
/* Resend the first unacknowledged segment (fast retransmit). */
void tcp_resend_first(struct tcp_conn *c);
/* Send new data and the FIN as far as the window allows. */
void tcp_output(struct tcp_conn *c, uint64_t now);
/* End of input: send the ACK owed at once (ack_now), else hold in-order
 * data's ACK for at most TCP_DELACK_MS (RFC 5681 4.2). */
void tcp_flush_ack(struct tcp_conn *c, uint64_t now);
/* Enter a state; TIME-WAIT arms its 2*MSL timer; both it and CLOSED
 * stop the other timers. */
void tcp_set_state(struct tcp_conn *c, enum tcp_state s, uint64_t now);
/* The connection failed with err: CLOSED, the error kept for the user. */
void tcp_fail(struct tcp_conn *c, int err);
/* Path MTU discovery (RFC 1191 6.5, tcp_icmp.c): segments now carry at
 * most smss bytes of data; only ever lowers it. What was in flight is
 * resent from SND.UNA at the new size (it was dropped on the way), not
 * counted as congestion. False if smss was not smaller. */
bool tcp_conn_lower_smss(struct tcp_conn *c, uint32_t smss, uint64_t now);

#endif
