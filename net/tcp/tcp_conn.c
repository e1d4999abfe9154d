/* SPDX-License-Identifier: MIT */
/* TCP connection: user calls, output, timers (RFC 9293 3.10.1-3.10.5,
 * 3.10.8; RFC 6298 for retransmission). Input is in tcp_conn_input.c. */
#include <libk/string.h>
#include "tcp_priv.h"
#include "tcp_win.h"
#include "tcp_wire.h"

static const char *const state_names[] = {
    "CLOSED",      "LISTEN",     "SYN-SENT",   "SYN-RECEIVED",
    "ESTABLISHED", "FIN-WAIT-1", "FIN-WAIT-2", "CLOSE-WAIT",
    "CLOSING",     "LAST-ACK",   "TIME-WAIT",
};

const char *tcp_state_name(enum tcp_state s)
{
	if ((unsigned)s >= sizeof(state_names) / sizeof(state_names[0]))
		return "?";
	return state_names[s];
}

void tcp_conn_init(struct tcp_conn *c, uint8_t *sndmem, uint32_t sndcap,
                   uint8_t *rcvmem, uint32_t rcvcap, tcp_emit_fn emit,
                   void *ctx)
{
	LIBK_FN(memset)(c, 0, sizeof(*c));
	c->state = TCP_CLOSED;
	c->snd.buf = sndmem;
	c->snd.cap = sndcap;
	c->rcv.buf = rcvmem;
	c->rcv.cap = rcvcap;
	c->smss = TCP_MSS_DEFAULT;
	c->emit = emit;
	c->ctx = ctx;
	tcp_rtt_init(&c->rtt, TCP_RTO_CONN_MIN_MS, TCP_RTO_VAR_MIN_MS);
}

/* The receive window to offer now: the free buffer (at most the owner's
 * clamp), receiver SWS avoidance, never moving the advertised right edge
 * left (tcp_win.h). */
static uint32_t rcv_window(const struct tcp_conn *c)
{
	uint32_t free = tcp_rcvbuf_window(&c->rcv);
	if (c->wnd_clamp && free > *c->wnd_clamp)
		free = *c->wnd_clamp;
	return tcp_rcv_window(free, c->rcv.cap, c->smss, tcp_rcv_nxt(c),
	                      c->rcv_adv);
}

/* The window field: unscaled (at most 65535) on a SYN (RFC 7323 2.2),
 * else window >> our shift. Records the right edge the peer now sees. */
static uint16_t wnd_field(struct tcp_conn *c, uint8_t flags)
{
	if (flags & TCP_SYN) {
		uint32_t w = tcp_rcvbuf_window(&c->rcv);
		return w > 0xffff ? 0xffff : (uint16_t)w;
	}
	uint16_t f = tcp_wnd_field(rcv_window(c), c->rcv_ws);
	tcp_seq_t edge = tcp_rcv_nxt(c) + ((uint32_t)f << c->rcv_ws);
	/* rounding under a shift may pull the edge back by < 2^shift
	 * (RFC 7323 2.4); the recorded edge keeps the furthest one */
	c->rcv_adv = seq_max(c->rcv_adv, edge);
	return f;
}

/* RFC 2018 3-4: SACK blocks for the out-of-order data held, the
 * latest first. Only on segments without data: a data segment's size
 * leaves room for timestamps only (tcp_conn_input.c, SMSS). */
static void sack_blocks(const struct tcp_conn *c, struct tcp_opts *o)
{
	struct tcp_range r[TCP_SACK_MAX];
	unsigned n = tcp_rcvbuf_sack(&c->rcv, r, TCP_SACK_MAX);

	for (unsigned i = 0; i < n; i++)
		o->sack[i] =
		    (struct tcp_sack_block){r[i].seq, r[i].seq + r[i].len};
	o->nsack = (uint8_t)n;
}

/* Options: MSS, SACK-permitted, WS and TS on a SYN (on a SYN,ACK only
 * those the peer's SYN carried, RFC 7323 2.2/3.2, RFC 2018 2); TS on
 * every other non-RST segment once both sides agreed (3.2), and SACK
 * blocks on a bare ACK while data waits out of order. TSval is the ms
 * clock, TSecr TS.Recent. len: the segment's payload. */
static struct tcp_opts seg_opts(const struct tcp_conn *c, uint8_t flags,
                                uint32_t len)
{
	struct tcp_opts o = {0};
	bool synack = (flags & TCP_SYN) && (flags & TCP_ACK);
	if (flags & TCP_SYN) {
		o.mss_set = true;
		o.mss = TCP_CONN_MSS;
		o.sack_ok = !synack || c->sack_ok;
		o.ws_set = !synack || c->ws_ok;
		o.ws = tcp_ws_for_buffer(c->rcv.cap);
		o.ts_set = !synack || c->ts_ok;
	} else {
		o.ts_set = c->ts_ok && !(flags & TCP_RST);
		if (c->sack_ok && !len && flags == TCP_ACK && c->rcv.nooo)
			sack_blocks(c, &o);
	}
	if (o.ts_set) {
		o.ts_val = (uint32_t)c->now;
		o.ts_ecr = (flags & TCP_ACK) ? c->ts_recent : 0;
	}
	return o;
}

/* Send one segment with the payload pl (NULL: none); more than smss
 * bytes make it a super-segment for the layer below to cut. */
static void emit(struct tcp_conn *c, tcp_seq_t seq, uint8_t flags,
                 const struct tcp_payload *pl)
{
	uint32_t len = tcp_payload_len(pl);
	struct tcp_seg s = {
	    .seq = seq,
	    .ack = (flags & TCP_ACK) ? tcp_rcv_nxt(c) : 0,
	    .flags = flags,
	    .wnd = (flags & TCP_RST) ? 0 : wnd_field(c, flags),
	    .opts = seg_opts(c, flags, len),
	    .len = len,
	    .gso = len > c->smss ? c->smss : 0,
	};
	if (flags & TCP_ACK) { /* this ACK answers everything owed */
		c->last_ack_sent = s.ack;
		c->ack_now = false;
		c->delack_at = 0;
		c->rcv_unacked = 0;
	}
	c->emit(c->ctx, &s, pl);
}

void tcp_send_ctl(struct tcp_conn *c, tcp_seq_t seq, uint8_t flags)
{
	emit(c, seq, flags, NULL);
}

/* At SND.MAX, not SND.NXT: after a timeout rewinds SND.NXT (go-back-N)
 * the peer may have more than that already, and would find an ACK at the
 * old number unacceptable (3.4) and drop it: both ends stall. */
void tcp_send_ack(struct tcp_conn *c)
{
	tcp_send_ctl(c, c->snd_max, TCP_ACK);
}

void tcp_challenge_ack(struct tcp_conn *c, uint64_t now)
{
	uint64_t sec = now / 1000;
	struct tcp_challenge_budget own = {c->challenge_sec, c->challenge_used};
	struct tcp_challenge_budget *b =
	    c->challenge_budget ? c->challenge_budget : &own;
	if (sec != b->sec) {
		b->sec = sec;
		b->used = 0;
	}
	bool ok = b->used < TCP_CHALLENGE_PER_S;
	b->used += ok;
	c->challenge_sec = own.sec;
	c->challenge_used = own.used;
	if (!ok)
		return;
	c->challenge_acks++;
	tcp_send_ack(c);
}

static void arm_rexmit(struct tcp_conn *c, uint64_t now)
{
	c->rexmit_at = now + tcp_rtt_rto(&c->rtt);
}

void tcp_send_syn(struct tcp_conn *c, uint64_t now)
{
	uint8_t f = TCP_SYN;
	if (c->state != TCP_SYN_SENT) /* SYN-RECEIVED, or closed in it */
		f |= TCP_ACK;
	emit(c, c->iss, f, NULL);
	c->snd_nxt = c->iss + 1;
	c->snd_max = seq_max(c->snd_max, c->iss + 1); /* a FIN may follow */
	if (!c->rexmit_at)
		arm_rexmit(c, now);
}

static bool can_output(enum tcp_state s)
{
	return s == TCP_ESTABLISHED || s == TCP_CLOSE_WAIT ||
	       s == TCP_FIN_WAIT_1 || s == TCP_CLOSING || s == TCP_LAST_ACK;
}

/* Room left in the peer's window at SND.NXT (0 if SND.NXT is past it). */
static uint32_t window_room(const struct tcp_conn *c)
{
	int32_t r = seq_diff(c->snd_una + c->snd_wnd, c->snd_nxt);
	return r > 0 ? (uint32_t)r : 0;
}

/* Room congestion control leaves at SND.NXT (RFC 5681 3.1): cwnd less
 * what is in flight, both unsigned byte counts (no sequence arithmetic
 * on SND.UNA + cwnd, which wraps once cwnd passes 2^31). */
static uint32_t cwnd_room(const struct tcp_conn *c)
{
	uint32_t flight = c->snd_nxt - c->snd_una;
	return c->cc.cwnd > flight ? c->cc.cwnd - flight : 0;
}

void tcp_resend_first(struct tcp_conn *c)
{
	struct tcp_payload pl;
	uint32_t n = tcp_sndbuf_spans(&c->snd, c->snd_una, c->smss, &pl);
	tcp_rtt_cancel(&c->rtt); /* Karn */
	c->stats.retransmits++;
	c->stats.fast_retransmits++;
	if (n > 0)
		emit(c, c->snd_una, TCP_ACK | TCP_PSH, &pl);
	else if (c->fin_queued && c->snd_una == tcp_sndbuf_end(&c->snd))
		tcp_send_ctl(c, c->snd_una, TCP_FIN | TCP_ACK);
}

static void sent(struct tcp_conn *c, uint32_t seqlen, uint64_t now)
{
	c->snd_nxt += seqlen;
	c->snd_max = seq_max(c->snd_max, c->snd_nxt);
	if (!c->rexmit_at)
		arm_rexmit(c, now);
}

/* Send n bytes from SND.NXT as one segment (a super-segment when n is
 * more than smss). Only data sent for the first time is timed (Karn);
 * the rest counts as retransmitted. */
static void send_data(struct tcp_conn *c, uint32_t n, uint64_t now)
{
	struct tcp_payload pl;
	n = tcp_sndbuf_spans(&c->snd, c->snd_nxt, n, &pl);
	if (seq_lt(c->snd_nxt, c->snd_max))
		c->stats.retransmits++;
	else
		tcp_rtt_start(&c->rtt, c->snd_nxt + n, now);
	emit(c, c->snd_nxt, TCP_ACK | TCP_PSH, &pl);
	sent(c, n, now);
	c->last_send_at = now;
}

/* RFC 5681 4.1: after more than an RTO without sending, with nothing
 * in flight, cwnd restarts from at most the initial window (the ACK
 * clock is gone). */
static void idle_restart(struct tcp_conn *c, uint64_t now)
{
	if (c->snd_una == c->snd_max && c->last_send_at &&
	    now - c->last_send_at > tcp_rtt_rto(&c->rtt))
		tcp_cc_after_idle(&c->cc);
}

/* Bytes queued from SND.NXT on, not sent yet (or to be resent). */
static uint32_t unsent(const struct tcp_conn *c)
{
	tcp_seq_t end = tcp_sndbuf_end(&c->snd);
	return seq_lt(c->snd_nxt, end) ? end - c->snd_nxt : 0;
}

/* What the peer's window and cwnd let us send from SND.NXT. */
static uint32_t usable(const struct tcp_conn *c)
{
	uint32_t w = window_room(c), r = cwnd_room(c);
	return w < r ? w : r;
}

/* The persist interval: the RTO doubled per probe, capped at 60 s. */
static uint64_t persist_interval(const struct tcp_conn *c)
{
	uint64_t t = tcp_rtt_rto(&c->rtt);
	for (unsigned i = 0; i < c->persist_backoff && t < TCP_RTO_MAX_MS; i++)
		t *= 2;
	return t > TCP_RTO_MAX_MS ? TCP_RTO_MAX_MS : t;
}

/* Data bytes wait behind a zero window (FIN alone needs no window). */
static bool zero_window(const struct tcp_conn *c)
{
	return c->snd_wnd == 0 && seq_lt(c->snd_una, tcp_sndbuf_end(&c->snd));
}

/*
 * Timer choice after output (RFC 9293 3.8.6.1, RFC 6298 5.1): behind a
 * zero window the persist timer runs instead of the retransmission
 * timer (probes never use up the retry budget); it also runs when data
 * waits, nothing is in flight and silly-window avoidance holds it back
 * (3.8.6.2.1's override timeout). Otherwise data in flight keeps the
 * retransmission timer running.
 */
static void choose_timers(struct tcp_conn *c, uint64_t now)
{
	bool zero = zero_window(c);
	bool stuck = c->snd_una == c->snd_max && unsent(c) > 0;
	if (zero)
		c->rexmit_at = 0;
	if (zero || stuck) {
		if (!c->persist_at)
			c->persist_at = now + persist_interval(c);
	} else {
		c->persist_at = 0;
		c->persist_backoff = 0;
	}
	if (!zero && c->snd_una != c->snd_max && !c->rexmit_at)
		arm_rexmit(c, now);
}

/*
 * How much of n sendable bytes goes into the next segment: at most smss,
 * or with super-segments (gso_max) as many whole SMSS-sized pieces as fit
 * in gso_max. The pieces below TCP are then exactly the segments this
 * loop would have sent one by one; a tail shorter than smss is left to
 * the next round, where Nagle and silly-window avoidance judge it alone.
 */
static uint32_t seg_size(const struct tcp_conn *c, uint32_t n)
{
	if (n <= c->smss)
		return n;
	uint32_t max = c->gso_max > n ? n : c->gso_max;
	uint32_t whole = max / c->smss * c->smss;
	return whole > c->smss ? whole : c->smss;
}

void tcp_output(struct tcp_conn *c, uint64_t now)
{
	if (!can_output(c->state))
		return;
	idle_restart(c, now);
	for (;;) {
		uint32_t q = unsent(c), u = usable(c);
		bool in_flight = seq_lt(c->snd_una, c->snd_nxt);
		/* after close nothing more will come: Nagle would only
		 * hold the tail back for a round trip */
		bool push = c->nodelay || c->fin_queued;
		if (q > 0 && tcp_snd_ok(q, u, c->smss, c->max_snd_wnd,
		                        in_flight, push)) {
			send_data(c, seg_size(c, q < u ? q : u), now);
			continue;
		}
		if (c->fin_queued && c->snd_nxt == tcp_sndbuf_end(&c->snd)) {
			tcp_send_ctl(c, c->snd_nxt, TCP_FIN | TCP_ACK);
			sent(c, 1, now);
		}
		break;
	}
	choose_timers(c, now);
}

void tcp_flush_ack(struct tcp_conn *c, uint64_t now)
{
	if (c->ack_now)
		tcp_send_ack(c);
	else if (c->rcv_unacked && !c->delack_at && c->state != TCP_TIME_WAIT &&
	         c->state != TCP_CLOSED)
		c->delack_at = now + TCP_DELACK_MS;
}

void tcp_set_state(struct tcp_conn *c, enum tcp_state s, uint64_t now)
{
	c->state = s;
	if (s == TCP_TIME_WAIT || s == TCP_CLOSED)
		c->rexmit_at = c->persist_at = c->delack_at = 0;
	if (s == TCP_TIME_WAIT)
		c->timewait_at = now + 2 * (uint64_t)TCP_MSL_MS;
	if (s == TCP_CLOSED)
		c->timewait_at = 0;
}

void tcp_fail(struct tcp_conn *c, int err)
{
	c->err = err;
	tcp_set_state(c, TCP_CLOSED, 0);
}

/* The send side starts at iss: the SYN takes iss, data starts after. */
static void start_send(struct tcp_conn *c, tcp_seq_t iss)
{
	c->iss = c->snd_una = c->snd_nxt = c->snd_max = iss;
	tcp_sndbuf_init(&c->snd, c->snd.buf, c->snd.cap, iss + 1);
}

int tcp_conn_open_active(struct tcp_conn *c, tcp_seq_t iss, uint64_t now)
{
	if (c->state != TCP_CLOSED)
		return NET_EINVAL;
	c->now = now;
	c->err = 0;
	c->passive = false;
	start_send(c, iss);
	c->state = TCP_SYN_SENT;
	tcp_send_syn(c, now);
	return 0;
}

int tcp_conn_open_passive(struct tcp_conn *c, tcp_seq_t iss)
{
	if (c->state != TCP_CLOSED)
		return NET_EINVAL;
	c->err = 0;
	c->passive = true;
	start_send(c, iss);
	c->state = TCP_LISTEN;
	return 0;
}

int tcp_conn_send(struct tcp_conn *c, const void *buf, size_t len, uint64_t now)
{
	if (c->err)
		return c->err;
	if (c->fin_queued || c->state == TCP_CLOSED || c->state == TCP_LISTEN)
		return NET_EINVAL;
	if (len > UINT32_MAX)
		len = UINT32_MAX;
	c->now = now;
	uint32_t n = tcp_sndbuf_write(&c->snd, buf, (uint32_t)len);
	tcp_output(c, now);
	return (int)n;
}

/* After the user read: send a window update when the window we may
 * offer grew by min(cap/2, 2*SMSS) (the receiver's SWS avoidance, RFC
 * 9293 3.8.6.2.2, RFC 1122 4.2.3.3) and is at least twice what the peer
 * still has, or at all when the peer has less than one SMSS left. The
 * doubling keeps the peer from stalling (it always has half of what we
 * could offer) without an update per read: a reader taking 4 KiB at a
 * time sent sixteen per 64 KiB super-segment, and those ACKs were most
 * of tern's receive cost. */
static bool window_update_due(const struct tcp_conn *c)
{
	bool open = c->state == TCP_ESTABLISHED || c->state == TCP_FIN_WAIT_1 ||
	            c->state == TCP_FIN_WAIT_2;
	if (!open || c->rcv_fin)
		return false;
	tcp_seq_t nxt = tcp_rcv_nxt(c);
	uint32_t cur = seq_gt(c->rcv_adv, nxt) ? c->rcv_adv - nxt : 0;
	uint32_t w = rcv_window(c);
	uint32_t big =
	    c->rcv.cap / 2 < 2 * c->smss ? c->rcv.cap / 2 : 2 * c->smss;
	return w > cur && (cur < c->smss || (w - cur >= big && w / 2 >= cur));
}

int tcp_conn_recv(struct tcp_conn *c, void *buf, size_t len)
{
	if (len > UINT32_MAX)
		len = UINT32_MAX;
	uint32_t n = tcp_rcvbuf_read(&c->rcv, buf, (uint32_t)len);
	if (n > 0) {
		if (window_update_due(c))
			tcp_send_ack(c);
		return (int)n;
	}
	if (c->rcv_fin)
		return 0;
	return c->err ? c->err : NET_EAGAIN;
}

int tcp_conn_close(struct tcp_conn *c, uint64_t now)
{
	c->now = now;
	switch (c->state) {
	case TCP_LISTEN:
	case TCP_SYN_SENT:
		tcp_set_state(c, TCP_CLOSED, now);
		return 0;
	case TCP_SYN_RECEIVED:
	case TCP_ESTABLISHED:
		c->fin_queued = true;
		tcp_set_state(c, TCP_FIN_WAIT_1, now);
		break;
	case TCP_CLOSE_WAIT:
		c->fin_queued = true;
		tcp_set_state(c, TCP_LAST_ACK, now);
		break;
	default:
		return NET_EINVAL; /* closing already */
	}
	tcp_output(c, now);
	return 0;
}

/* RFC 9293 3.10.5: RST from SYN-RECEIVED through CLOSE-WAIT only; in
 * CLOSING, LAST-ACK and TIME-WAIT the TCB just goes. */
/* The sequence number of an abort's RST: SND.MAX (the RFC's SND.NXT),
 * but no further right than the window the peer offered. A receiver
 * accepts a RST only inside its window, only at RCV.NXT when the window
 * is zero (RFC 9293 3.10.7.4); past a zero-window probe's byte, which
 * the peer dropped, the RST would be dropped too and the peer's side of
 * the connection left open for ever. */
static tcp_seq_t rst_seq(const struct tcp_conn *c)
{
	tcp_seq_t edge = c->snd_una + c->snd_wnd;
	if (c->state >= TCP_ESTABLISHED && seq_gt(c->snd_max, edge))
		return edge;
	return c->snd_max;
}

void tcp_conn_abort(struct tcp_conn *c)
{
	if (c->state >= TCP_SYN_RECEIVED && c->state <= TCP_CLOSE_WAIT)
		tcp_send_ctl(c, rst_seq(c), TCP_RST);
	tcp_set_state(c, TCP_CLOSED, 0);
}

void tcp_conn_reset(struct tcp_conn *c)
{
	if (c->state >= TCP_SYN_RECEIVED && c->state <= TCP_LAST_ACK)
		tcp_send_ctl(c, rst_seq(c), TCP_RST);
	tcp_set_state(c, TCP_CLOSED, 0);
}

/* RFC 9293 3.8.6.1: data waits behind a zero window: send the byte at
 * SND.UNA past it (the peer's ACK carries the window). Never gives up. */
static void window_probe(struct tcp_conn *c)
{
	struct tcp_payload pl;
	if (tcp_sndbuf_spans(&c->snd, c->snd_una, 1, &pl) != 1)
		return;
	c->stats.window_probes++;
	tcp_rtt_cancel(&c->rtt);
	emit(c, c->snd_una, TCP_ACK | TCP_PSH, &pl);
	c->snd_nxt = c->snd_una + 1;
	c->snd_max = seq_max(c->snd_max, c->snd_nxt);
}

/* The persist timer: a zero-window probe, or (window open but too small
 * for silly-window avoidance, nothing in flight) what fits (3.8.6.2.1).
 * Backs off on its own count, never against the retry budget. */
static void persist_fire(struct tcp_conn *c, uint64_t now)
{
	c->persist_at = 0;
	if (!can_output(c->state))
		return;
	if (zero_window(c)) {
		window_probe(c);
	} else {
		uint32_t q = unsent(c), u = usable(c);
		uint32_t n = q < u ? q : u;
		if (n > 0)
			send_data(c, n < c->smss ? n : c->smss, now);
	}
	c->persist_backoff++;
	choose_timers(c, now);
	if (c->persist_at) /* still needed: back off from now */
		c->persist_at = now + persist_interval(c);
}

/* RFC 6298 5.4-5.7: back off, resend from SND.UNA (go-back-N), or give
 * up after the retry limit. */
static void retransmit(struct tcp_conn *c, uint64_t now)
{
	/* the SYN is unacked while SND.UNA is before the first data byte:
	 * also in FIN-WAIT-1 after a close in SYN-RECEIVED (3.10.4), where
	 * going back to SND.UNA would land on the SYN, not on data */
	bool syn = c->state == TCP_SYN_SENT || c->state == TCP_SYN_RECEIVED ||
	           seq_lt(c->snd_una, c->snd.una);
	c->rexmit_at = 0;
	if (++c->retries > (syn ? TCP_SYN_RETRIES : TCP_MAX_RETRIES)) {
		tcp_fail(c, NET_ETIMEDOUT);
		return;
	}
	if (c->retries > c->stats.max_retries)
		c->stats.max_retries = c->retries;
	unsigned timeouts = tcp_rtt_on_timeout(&c->rtt);
	c->stats.timeouts++;
	c->rto_tsval = (uint32_t)now;
	if (syn) {
		c->stats.retransmits++;
		tcp_send_syn(c, now);
		return;
	}
	tcp_cc_on_timeout(&c->cc, timeouts, c->snd_max - c->snd_una,
	                  c->snd_max);
	/* the first segment goes again whatever silly-window avoidance
	 * would say of a window last seen small (its ACK brings news) */
	c->snd_nxt = c->snd_una;
	uint32_t n = unsent(c), was = c->snd_max - c->snd_una;
	n = n < was ? n : was;
	if (n > 0)
		send_data(c, n < c->smss ? n : c->smss, now);
	tcp_output(c, now);
}

static bool due(uint64_t at, uint64_t now)
{
	return at && now >= at;
}

void tcp_conn_timer(struct tcp_conn *c, uint64_t now)
{
	c->now = now;
	if (due(c->timewait_at, now)) {
		tcp_set_state(c, TCP_CLOSED, now);
		return;
	}
	if (due(c->rexmit_at, now))
		retransmit(c, now);
	if (due(c->persist_at, now))
		persist_fire(c, now);
	if (due(c->delack_at, now)) {
		c->stats.delayed_acks++;
		tcp_send_ack(c);
	}
}

static uint64_t earlier(uint64_t a, uint64_t b)
{
	if (!a)
		return b;
	return b && b < a ? b : a;
}

uint64_t tcp_conn_next_timer(const struct tcp_conn *c)
{
	uint64_t t = earlier(c->rexmit_at, c->timewait_at);
	return earlier(earlier(t, c->persist_at), c->delack_at);
}

bool tcp_conn_lower_smss(struct tcp_conn *c, uint32_t smss, uint64_t now)
{
	if (!smss || smss >= c->smss)
		return false;
	c->smss = smss;
	c->cc.smss = smss;
	c->now = now;
	if (seq_lt(c->snd_una, c->snd.una))
		return true; /* our SYN is unacked: nothing sized to resend */
	tcp_rtt_cancel(&c->rtt); /* Karn: what was in flight goes again */
	c->snd_nxt = c->snd_una;
	tcp_output(c, now);
	return true;
}
