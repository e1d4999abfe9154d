/* SPDX-License-Identifier: MIT */
/* TCP connection: user calls, output, timers (RFC 9293 3.10.1-3.10.5,
 * 3.10.8; RFC 6298 for retransmission). Input is in tcp_conn_input.c. */
#include <libk/string.h>

#include <net/tcp_wire.h>

#include "tcp_priv.h"

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
	tcp_rtt_init(&c->rtt, TCP_RTO_MIN_MS, 100);
}

static uint16_t rcv_wnd16(const struct tcp_conn *c)
{
	uint32_t w = tcp_rcvbuf_window(&c->rcv);
	return w > 0xffff ? 0xffff : (uint16_t)w;
}

static void emit(struct tcp_conn *c, tcp_seq_t seq, uint8_t flags, uint16_t mss,
                 const void *data, uint32_t len)
{
	struct tcp_seg s = {
	    .seq = seq,
	    .ack = (flags & TCP_ACK) ? tcp_rcv_nxt(c) : 0,
	    .flags = flags,
	    .wnd = (flags & TCP_RST) ? 0 : rcv_wnd16(c),
	    .opts = {.mss_set = mss != 0, .mss = mss},
	    .data = data,
	    .len = len,
	};
	c->emit(c->ctx, &s, data, len);
}

void tcp_send_ctl(struct tcp_conn *c, tcp_seq_t seq, uint8_t flags)
{
	emit(c, seq, flags, 0, NULL, 0);
}

void tcp_send_ack(struct tcp_conn *c)
{
	tcp_send_ctl(c, c->snd_nxt, TCP_ACK);
}

void tcp_challenge_ack(struct tcp_conn *c, uint64_t now)
{
	uint64_t sec = now / 1000;
	if (sec != c->challenge_sec) {
		c->challenge_sec = sec;
		c->challenge_used = 0;
	}
	if (c->challenge_used >= TCP_CHALLENGE_PER_S)
		return;
	c->challenge_used++;
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
	if (c->state == TCP_SYN_RECEIVED)
		f |= TCP_ACK;
	emit(c, c->iss, f, TCP_CONN_MSS, NULL, 0);
	c->snd_nxt = c->snd_max = c->iss + 1;
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

/* Room congestion control leaves at SND.NXT (RFC 5681 3.1). */
static uint32_t cwnd_room(const struct tcp_conn *c)
{
	int32_t r = seq_diff(c->snd_una + c->cc.cwnd, c->snd_nxt);
	return r > 0 ? (uint32_t)r : 0;
}

void tcp_resend_first(struct tcp_conn *c)
{
	uint8_t seg[TCP_CONN_MSS];
	uint32_t n = tcp_sndbuf_peek(&c->snd, c->snd_una, seg, c->smss);
	tcp_rtt_cancel(&c->rtt); /* Karn */
	c->stats.retransmits++;
	c->stats.fast_retransmits++;
	if (n > 0)
		emit(c, c->snd_una, TCP_ACK | TCP_PSH, 0, seg, n);
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

void tcp_output(struct tcp_conn *c, uint64_t now)
{
	uint8_t seg[TCP_CONN_MSS];
	if (!can_output(c->state))
		return;
	for (;;) {
		tcp_seq_t end = tcp_sndbuf_end(&c->snd);
		uint32_t n = seq_lt(c->snd_nxt, end) ? end - c->snd_nxt : 0;
		uint32_t room = window_room(c);
		if (room > cwnd_room(c))
			room = cwnd_room(c);
		if (n > room)
			n = room;
		if (n > c->smss)
			n = c->smss;
		if (n > 0) {
			n = tcp_sndbuf_peek(&c->snd, c->snd_nxt, seg, n);
			emit(c, c->snd_nxt, TCP_ACK | TCP_PSH, 0, seg, n);
			tcp_rtt_start(&c->rtt, c->snd_nxt + n, now);
			sent(c, n, now);
			continue;
		}
		if (c->fin_queued && c->snd_nxt == end) {
			tcp_send_ctl(c, end, TCP_FIN | TCP_ACK);
			sent(c, 1, now);
		} else if (seq_lt(c->snd_nxt, end) && !c->rexmit_at) {
			/* zero window, nothing in flight: persist timer */
			c->rexmit_at = now + tcp_rtt_rto(&c->rtt);
		}
		return;
	}
}

void tcp_set_state(struct tcp_conn *c, enum tcp_state s, uint64_t now)
{
	c->state = s;
	if (s == TCP_TIME_WAIT) {
		c->rexmit_at = 0;
		c->timewait_at = now + 2 * (uint64_t)TCP_MSL_MS;
	}
	if (s == TCP_CLOSED)
		c->rexmit_at = c->timewait_at = 0;
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
	uint32_t n = tcp_sndbuf_write(&c->snd, buf, (uint32_t)len);
	tcp_output(c, now);
	return (int)n;
}

int tcp_conn_recv(struct tcp_conn *c, void *buf, size_t len)
{
	bool was_shut = tcp_rcvbuf_window(&c->rcv) == 0;
	if (len > UINT32_MAX)
		len = UINT32_MAX;
	uint32_t n = tcp_rcvbuf_read(&c->rcv, buf, (uint32_t)len);
	if (n > 0) {
		/* reopening a zero window: tell the peer (3.8.6.2.2) */
		if (was_shut && c->state != TCP_CLOSED)
			tcp_send_ack(c);
		return (int)n;
	}
	if (c->rcv_fin)
		return 0;
	return c->err ? c->err : NET_EAGAIN;
}

int tcp_conn_close(struct tcp_conn *c, uint64_t now)
{
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
void tcp_conn_abort(struct tcp_conn *c)
{
	if (c->state >= TCP_SYN_RECEIVED && c->state <= TCP_CLOSE_WAIT)
		tcp_send_ctl(c, c->snd_nxt, TCP_RST);
	tcp_set_state(c, TCP_CLOSED, 0);
}

/* RFC 9293 3.8.6.1: the window is shut with data waiting: send one byte
 * past it (the peer's ACK carries the window). Never gives up. */
static bool window_probe(struct tcp_conn *c, uint64_t now)
{
	uint8_t b;
	if (c->snd_wnd > 0 || tcp_sndbuf_peek(&c->snd, c->snd_una, &b, 1) != 1)
		return false;
	tcp_rtt_on_timeout(&c->rtt);
	c->stats.window_probes++;
	c->snd_nxt = c->snd_una;
	emit(c, c->snd_nxt, TCP_ACK | TCP_PSH, 0, &b, 1);
	c->rexmit_at = 0;
	sent(c, 1, now);
	return true;
}

/* RFC 6298 5.4-5.7: back off, resend from SND.UNA (go-back-N), or give
 * up after the retry limit. */
static void retransmit(struct tcp_conn *c, uint64_t now)
{
	bool syn = c->state == TCP_SYN_SENT || c->state == TCP_SYN_RECEIVED;
	if (!syn && can_output(c->state) && window_probe(c, now))
		return;
	if (++c->retries > (syn ? TCP_SYN_RETRIES : TCP_MAX_RETRIES)) {
		tcp_fail(c, NET_ETIMEDOUT);
		return;
	}
	unsigned timeouts = tcp_rtt_on_timeout(&c->rtt);
	c->stats.timeouts++;
	c->stats.retransmits++;
	tcp_rtt_cancel(&c->rtt);
	c->rexmit_at = 0;
	if (!syn)
		tcp_cc_on_timeout(&c->cc, timeouts, c->snd_max - c->snd_una,
		                  c->snd_max);
	if (syn) {
		tcp_send_syn(c, now);
		return;
	}
	c->snd_nxt = c->snd_una;
	tcp_output(c, now);
}

void tcp_conn_timer(struct tcp_conn *c, uint64_t now)
{
	if (c->timewait_at && now >= c->timewait_at) {
		tcp_set_state(c, TCP_CLOSED, now);
		return;
	}
	if (c->rexmit_at && now >= c->rexmit_at)
		retransmit(c, now);
}
