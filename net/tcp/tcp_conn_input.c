/* SPDX-License-Identifier: MIT */
/* TCP segment arrival, RFC 9293 3.10.7, with the RFC 5961 checks on RST
 * (3.2), SYN (4.2) and ACK (5.2). */
#include "tcp_priv.h"
#include "tcp_win.h"
#include "tcp_wire.h"

#define TCP_PEER_MSS_MIN 64 /* smallest peer MSS we honour */

/* SEG.LEN counts SYN and FIN (RFC 9293 3.4). */
static uint32_t seg_len(const struct tcp_seg *s)
{
	return s->len + !!(s->flags & TCP_SYN) + !!(s->flags & TCP_FIN);
}

/* 3.10.7.1: a segment for no connection gets a RST, never a RST one. */
static void reset_reply(struct tcp_conn *c, const struct tcp_seg *s)
{
	if (s->flags & TCP_RST)
		return;
	if (s->flags & TCP_ACK) {
		tcp_send_ctl(c, s->ack, TCP_RST);
		return;
	}
	/* RST,ACK acking the segment: RCV.NXT is not ours to use here */
	struct tcp_seg r = {
	    .seq = 0, .ack = s->seq + seg_len(s), .flags = TCP_RST | TCP_ACK};
	c->emit(c->ctx, &r, NULL);
}

/* The peer's SYN: IRS, RCV.NXT, its MSS, the options both SYNs carry
 * (RFC 7323 2.2, 3.2; ours always offer WS and TS), and the first send
 * window, unscaled as on every SYN (WL2 = wl2: ISS in LISTEN, SEG.ACK in
 * SYN-SENT). */
static void take_peer_syn(struct tcp_conn *c, const struct tcp_seg *s,
                          tcp_seq_t wl2, uint64_t now)
{
	c->snd_wnd = c->max_snd_wnd = s->wnd;
	c->snd_wl1 = s->seq;
	c->snd_wl2 = wl2;
	c->irs = s->seq;
	tcp_rcvbuf_init(&c->rcv, c->rcv.buf, c->rcv.cap, s->seq + 1);
	c->rcv_fin = false;
	/* the right edge our SYN (or SYN,ACK) offers: its window field is
	 * the room in the buffer, unscaled, at most 65535 (RFC 7323 2.2);
	 * later windows must not pull it back (RFC 9293 3.8.6.2.2) */
	uint32_t syn_wnd = tcp_rcvbuf_window(&c->rcv);
	c->rcv_adv = s->seq + 1 + (syn_wnd > 0xffff ? 0xffff : syn_wnd);
	c->ws_ok = s->opts.ws_set;
	c->snd_ws = c->ws_ok ? s->opts.ws : 0;
	c->rcv_ws = c->ws_ok ? tcp_ws_for_buffer(c->rcv.cap) : 0;
	c->ts_ok = s->opts.ts_set;
	c->sack_ok = s->opts.sack_ok;
	c->ts_recent = s->opts.ts_val;
	c->ts_recent_at = now;
	uint32_t peer = s->opts.mss_set ? s->opts.mss : TCP_MSS_DEFAULT;
	/* floor: an MSS of 0 would leave no segment to send, ever (and no
	 * timer: the data would wait forever); tiny ones only multiply
	 * segments. Any IPv4 host takes 576-byte datagrams (RFC 791). */
	if (peer < TCP_PEER_MSS_MIN)
		peer = TCP_PEER_MSS_MIN;
	c->smss = peer < TCP_CONN_MSS ? peer : TCP_CONN_MSS;
	/* RFC 9293 3.7.1: options come out of the segment's data */
	if (c->ts_ok && c->smss > 2 * TCP_TS_OPT_LEN)
		c->smss -= TCP_TS_OPT_LEN;
	tcp_cc_init(&c->cc, c->smss, c->iss);
}

/* The peer's window in bytes: its field is scaled except on a SYN
 * (RFC 7323 2.3). */
static uint32_t seg_wnd(const struct tcp_conn *c, const struct tcp_seg *s)
{
	if (s->flags & TCP_SYN)
		return s->wnd;
	return (uint32_t)s->wnd << c->snd_ws;
}

/*
 * An RTT sample for an ACK of new data: from TSecr when timestamps are
 * on (RFC 7323 4.1: every such ACK, retransmissions included), else from
 * the one segment timed (RFC 6298 with Karn). A TSecr from before our
 * latest timeout is not used: when the ACK of a segment was lost, the
 * ACK of its retransmission echoes the original's TSval (the duplicate
 * is not acceptable, so TS.Recent stays, 4.3), a sample of RTO + RTT.
 * 4.3 calls that over-estimate conservative, but fed back it drives the
 * RTO up to its cap on a lossy path.
 */
static void rtt_on_ack(struct tcp_conn *c, const struct tcp_seg *s,
                       uint64_t now)
{
	if (c->ts_ok && s->opts.ts_set && s->opts.ts_ecr) {
		int32_t d = (int32_t)((uint32_t)now - s->opts.ts_ecr);
		bool rto_seen = c->stats.timeouts &&
		                (int32_t)((uint32_t)now - c->rto_tsval) >= 0;
		if (rto_seen && (int32_t)(s->opts.ts_ecr - c->rto_tsval) < 0)
			d = -1; /* maybe an echo of a lost ACK's segment */
		if (d >= 0) {
			tcp_rtt_cancel(&c->rtt);
			tcp_rtt_sample(&c->rtt, (uint32_t)d);
			return;
		}
	}
	tcp_rtt_ack(&c->rtt, s->ack, now);
}

/* Window update with the WL1/WL2 rule (3.10.7.4, ESTABLISHED). */
static void update_window(struct tcp_conn *c, const struct tcp_seg *s)
{
	if (seq_lt(c->snd_wl1, s->seq) ||
	    (c->snd_wl1 == s->seq && seq_le(c->snd_wl2, s->ack))) {
		c->snd_wnd = seg_wnd(c, s);
		c->snd_wl1 = s->seq;
		c->snd_wl2 = s->ack;
		if (c->snd_wnd > c->max_snd_wnd)
			c->max_snd_wnd = c->snd_wnd;
	}
}

static void listen_input(struct tcp_conn *c, const struct tcp_seg *s,
                         uint64_t now)
{
	if (s->flags & TCP_RST)
		return;
	if (s->flags & TCP_ACK) {
		tcp_send_ctl(c, s->ack, TCP_RST);
		return;
	}
	if (!(s->flags & TCP_SYN))
		return;
	take_peer_syn(c, s, c->iss, now);
	c->state = TCP_SYN_RECEIVED;
	tcp_send_syn(c, now);
}

static void syn_sent_input(struct tcp_conn *c, const struct tcp_seg *s,
                           uint64_t now)
{
	bool ack = s->flags & TCP_ACK;
	if (ack && !seq_between(s->ack, c->iss + 1, c->snd_nxt)) {
		if (!(s->flags & TCP_RST))
			tcp_send_ctl(c, s->ack, TCP_RST);
		return;
	}
	if (s->flags & TCP_RST) {
		/* RFC 5961 3.2 / 9293: only a RST acking our SYN counts */
		if (ack)
			tcp_fail(c, NET_ECONNREFUSED);
		return;
	}
	if (!(s->flags & TCP_SYN))
		return;
	take_peer_syn(c, s, s->ack, now);
	if (ack) {
		c->snd_una = s->ack;
		c->rexmit_at = 0;
		c->retries = 0;
		rtt_on_ack(c, s, now);
		c->state = TCP_ESTABLISHED;
		tcp_send_ack(c);
		tcp_output(c, now);
		return;
	}
	c->state = TCP_SYN_RECEIVED; /* simultaneous open */
	c->rexmit_at = 0;
	tcp_send_syn(c, now);
}

/* Step 2 (RST) for synchronized states; RFC 5961 3.2: exact match only,
 * in-window otherwise gets a challenge ACK. */
static void rst_input(struct tcp_conn *c, const struct tcp_seg *s, uint64_t now)
{
	if (s->seq != tcp_rcv_nxt(c)) {
		tcp_challenge_ack(c, now);
		return;
	}
	switch (c->state) {
	case TCP_SYN_RECEIVED:
		if (c->passive) {
			tcp_set_state(c, TCP_CLOSED, now);
			tcp_conn_open_passive(c, c->iss);
		} else {
			tcp_fail(c, NET_ECONNREFUSED);
		}
		break;
	case TCP_CLOSING:
	case TCP_LAST_ACK:
	case TCP_TIME_WAIT:
		tcp_set_state(c, TCP_CLOSED, now);
		break;
	default:
		tcp_fail(c, NET_ECONNRESET);
	}
}

/* New data acknowledged: SND.UNA moves, the send ring frees, timers. */
static void ack_advance(struct tcp_conn *c, const struct tcp_seg *s,
                        uint64_t now)
{
	tcp_seq_t ack = s->ack;
	uint32_t acked = ack - c->snd_una;
	c->snd_una = ack;
	if (tcp_cc_on_ack(&c->cc, ack, acked, c->snd_max - ack) ==
	    TCP_CC_RETRANSMIT)
		tcp_resend_first(c); /* NewReno partial ACK */
	tcp_seq_t end = tcp_sndbuf_end(&c->snd);
	tcp_sndbuf_ack(&c->snd, seq_min(ack, end));
	rtt_on_ack(c, s, now);
	c->retries = 0;
	if (seq_lt(c->snd_nxt, ack))
		c->snd_nxt = ack;
	c->rexmit_at = 0;
	if (c->snd_una != c->snd_max)
		c->rexmit_at = now + tcp_rtt_rto(&c->rtt);
}

/* RFC 5681 2: same ACK, no data, no window change, data outstanding
 * (answers to zero-window probes are not duplicates). */
static bool is_dupack(const struct tcp_conn *c, const struct tcp_seg *s)
{
	return s->ack == c->snd_una && s->len == 0 &&
	       !(s->flags & (TCP_SYN | TCP_FIN)) &&
	       seg_wnd(c, s) == c->snd_wnd && c->snd_wnd > 0 &&
	       c->snd_una != c->snd_max;
}

/* Our FIN's ACK moves the closing states on (3.10.7.4). */
static void fin_ack_transitions(struct tcp_conn *c, uint64_t now)
{
	if (!tcp_fin_acked(c))
		return;
	if (c->state == TCP_FIN_WAIT_1)
		tcp_set_state(c, TCP_FIN_WAIT_2, now);
	else if (c->state == TCP_CLOSING)
		tcp_set_state(c, TCP_TIME_WAIT, now);
	else if (c->state == TCP_LAST_ACK)
		tcp_set_state(c, TCP_CLOSED, now);
}

/* Step 5 (ACK). Returns false if the segment is to be dropped. */
static bool ack_input(struct tcp_conn *c, const struct tcp_seg *s, uint64_t now)
{
	if (!(s->flags & TCP_ACK))
		return false;
	if (c->state == TCP_SYN_RECEIVED) {
		if (!seq_between(s->ack, c->snd_una + 1, c->snd_max)) {
			tcp_send_ctl(c, s->ack, TCP_RST);
			return false;
		}
		c->state = TCP_ESTABLISHED;
		c->snd_wl1 = s->seq - 1; /* force the window update */
	}
	/* RFC 5961 5.2: SND.UNA - MAX.SND.WND <= SEG.ACK <= SND.NXT */
	if (seq_gt(s->ack, c->snd_max)) {
		tcp_send_ack(c);
		return false;
	}
	if (seq_lt(s->ack, c->snd_una - c->max_snd_wnd))
		return false;
	if (seq_gt(s->ack, c->snd_una))
		ack_advance(c, s, now);
	else if (is_dupack(c, s) && ++c->stats.dup_acks &&
	         tcp_cc_on_dupack(&c->cc, s->ack, c->snd_max - c->snd_una,
	                          c->snd_max) == TCP_CC_RETRANSMIT)
		tcp_resend_first(c);
	if (seq_ge(s->ack, c->snd_una))
		update_window(c, s);
	fin_ack_transitions(c, now);
	return c->state != TCP_CLOSED;
}

/* Step 7 (data): taken in ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2. The ACK
 * waits (tcp_flush_ack) unless RFC 5681 4.2 / RFC 9293 3.8.6.3 want it
 * now: out-of-order or duplicate data, data filling (part of) a hole,
 * and every second full-sized segment. */
static void data_input(struct tcp_conn *c, const struct tcp_seg *s)
{
	bool open = c->state == TCP_ESTABLISHED || c->state == TCP_FIN_WAIT_1 ||
	            c->state == TCP_FIN_WAIT_2;
	if (s->len == 0 || !open || c->rcv_fin)
		return;
	bool in_order = s->seq == c->rcv.nxt, had_holes = c->rcv.nooo > 0;
	if (seq_gt(s->seq, c->rcv.nxt))
		c->stats.ooo_segs++;
	if (s->len > c->rcv_mss)
		c->rcv_mss = s->len;
	int adv = tcp_rcvbuf_insert(&c->rcv, s->seq, s->data, s->len);
	if (adv > 0)
		c->rcv_unacked += (uint32_t)adv;
	if (!in_order || had_holes || adv <= 0 ||
	    c->rcv_unacked >= 2 * c->rcv_mss)
		c->ack_now = true;
}

/* Step 8 (FIN): only once every byte before it is in. */
static void fin_input(struct tcp_conn *c, const struct tcp_seg *s, uint64_t now)
{
	if (!(s->flags & TCP_FIN))
		return;
	if (c->rcv_fin || s->seq + s->len != c->rcv.nxt)
		return;
	c->rcv_fin = true;
	c->ack_now = true;
	switch (c->state) {
	case TCP_SYN_RECEIVED:
	case TCP_ESTABLISHED:
		tcp_set_state(c, TCP_CLOSE_WAIT, now);
		break;
	case TCP_FIN_WAIT_1:
		tcp_set_state(c, tcp_fin_acked(c) ? TCP_TIME_WAIT : TCP_CLOSING,
		              now);
		break;
	case TCP_FIN_WAIT_2:
		tcp_set_state(c, TCP_TIME_WAIT, now);
		break;
	default:
		break;
	}
}

/* RFC 7323 5.3 (R1): with timestamps on, a segment whose TSval is
 * older than TS.Recent (PAWS) is dropped with an ACK -- unless TS.Recent
 * is over 24 days old (5.5). RSTs are exempt. A segment without TSopt
 * is processed without the check: 3.2 says SHOULD drop, we accept as
 * Linux does (no peer is known to rely on the drop). Returns false to
 * drop. */
static bool paws_ok(struct tcp_conn *c, const struct tcp_seg *s, uint64_t now)
{
	if (!c->ts_ok || (s->flags & TCP_RST) || !s->opts.ts_set)
		return true;
	if ((int32_t)(s->opts.ts_val - c->ts_recent) >= 0 ||
	    now - c->ts_recent_at > TCP_PAWS_IDLE_MS)
		return true;
	c->stats.paws_drops++;
	tcp_send_ack(c);
	return false;
}

/* RFC 7323 4.3 (R3): an acceptable segment at or before Last.ACK.sent
 * brings TS.Recent forward (or renews it after 24 idle days). */
static void ts_recent_update(struct tcp_conn *c, const struct tcp_seg *s,
                             uint64_t now)
{
	if (!c->ts_ok || !s->opts.ts_set || seq_gt(s->seq, c->last_ack_sent))
		return;
	if ((int32_t)(s->opts.ts_val - c->ts_recent) >= 0 ||
	    now - c->ts_recent_at > TCP_PAWS_IDLE_MS) {
		c->ts_recent = s->opts.ts_val;
		c->ts_recent_at = now;
	}
}

/* Step 1 (3.10.7.4, 3.4). A bare FIN at RCV.NXT is taken even when the
 * window is zero: it needs no buffer space. */
static bool seq_ok(const struct tcp_conn *c, const struct tcp_seg *s)
{
	uint32_t wnd = tcp_rcvbuf_window(&c->rcv);
	if (wnd == 0 && s->len == 0 && (s->flags & TCP_FIN) &&
	    s->seq == tcp_rcv_nxt(c))
		return true;
	return seq_acceptable(s->seq, seg_len(s), tcp_rcv_nxt(c), wnd);
}

static void sync_input(struct tcp_conn *c, const struct tcp_seg *s,
                       uint64_t now)
{
	if (!paws_ok(c, s, now))
		return;
	if (!seq_ok(c, s)) {
		if (!(s->flags & TCP_RST))
			tcp_send_ack(c);
		/* a resent FIN restarts 2*MSL (3.10.7.4, eighth step) */
		if (c->state == TCP_TIME_WAIT && (s->flags & TCP_FIN))
			tcp_set_state(c, TCP_TIME_WAIT, now);
		return;
	}
	ts_recent_update(c, s, now);
	if (s->flags & TCP_RST) {
		rst_input(c, s, now);
		return;
	}
	/* step 4: SYN; RFC 5961 4.2 challenge ACK (a passive half-open
	 * connection goes back to LISTEN instead, 3.10.7.4) */
	if (s->flags & TCP_SYN) {
		if (c->state == TCP_SYN_RECEIVED && c->passive) {
			tcp_set_state(c, TCP_CLOSED, now);
			tcp_conn_open_passive(c, c->iss);
		} else {
			tcp_challenge_ack(c, now);
		}
		return;
	}
	if (!ack_input(c, s, now))
		return;
	data_input(c, s);
	fin_input(c, s, now);
	tcp_output(c, now); /* data carries the ACK if any goes out */
	tcp_flush_ack(c, now);
}

void tcp_conn_input(struct tcp_conn *c, const struct tcp_seg *s, uint64_t now)
{
	c->now = now;
	switch (c->state) {
	case TCP_CLOSED:
		reset_reply(c, s);
		break;
	case TCP_LISTEN:
		listen_input(c, s, now);
		break;
	case TCP_SYN_SENT:
		syn_sent_input(c, s, now);
		break;
	default:
		sync_input(c, s, now);
	}
}
