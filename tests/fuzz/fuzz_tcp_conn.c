/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: segments and events against an established TCP
 * connection (net/tcp.h). Each input gets a fresh pair A <-> B
 * (tests/host/net/tcp/connpair.h), ESTABLISHED with ISNs from the input
 * and data in flight both ways; then the rest of the input is a program
 * of ops on A. Sequence and ACK numbers of forged segments are taken
 * relative to A's RCV.NXT and SND.UNA so that most land in or near the
 * windows and reach the deep paths; options go through tcp_opts_parse.
 *
 *   input = mode[1] isa[4] isb[4] op*   (mode: setup())
 *   op    = code[1] args   (code % OP_COUNT, args as read by each op;
 *                           a short input reads as zeros)
 *
 * After every op the invariants below are checked, and every segment
 * either end emits is checked as it leaves; a violation abort()s with a
 * message. A only ever sends the byte pattern pat(), so B must receive
 * exactly that, whatever the fuzzer did to A.
 */
#include "../host/net/tcp/connpair.h"
#include "tcp/tcp_wire.h"
#include "fuzz_input.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUFCAP 8192

enum {
	OP_SEG,     /* flags[1] seqoff[2] ackoff[2] wnd[2] optlen[1] opts
	               paylen[2] payload */
	OP_SEG_ABS, /* the same with seq[4] ack[4] taken as they are */
	OP_TICK,    /* ms/10[1]: advance the clock, run both timers */
	OP_TIMER,   /* jump to A's next timer and run it */
	OP_SEND,    /* len[2]: A writes that much of its pattern */
	OP_RECV,    /* len[2]: A reads */
	OP_CLOSE,   /* A closes */
	OP_ABORT,   /* A aborts */
	OP_DELIVER, /* n[1]: pass up to n queued segments each way */
	OP_DROP,    /* which[1]: lose the oldest segment A or B sent */
	OP_PEER,    /* what[1] len[2]: B sends, reads or closes */
	OP_COUNT
};

static struct cp_pair P;
static uint64_t a_sent; /* bytes of pattern A has written */
static uint64_t b_got;  /* bytes B has read (all from A) */
static uint64_t b_sent; /* bytes B has written */
static tcp_seq_t a_adv; /* A's advertised right edge so far */
static bool a_adv_set;

#define INV(cond)                                                              \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "fuzz_tcp_conn: %s:%d: %s (A %s)\n",   \
			        __FILE__, __LINE__, #cond,                     \
			        tcp_state_name(P.a.c.state));                  \
			abort();                                               \
		}                                                              \
	} while (0)

/* Byte i of the stream A sends (and B must receive). */
static uint8_t pat(uint64_t i)
{
	return (uint8_t)(i * 7 + (i >> 8) + 1);
}

/* The right edge A offers (SEG.ACK + window) never moves left (RFC 9293
 * 3.8.6.2.2), from the one its SYN,ACK offered on. BUFCAP < 64 KiB: the
 * shift is 0, so the edge is exact (no RFC 7323 2.4 rounding). */
static tcp_seq_t a_edge;
static bool a_edge_set;

static void check_edge(const struct tcp_conn *c, const struct tcp_seg *h)
{
	if (!(h->flags & TCP_ACK) || (h->flags & TCP_RST))
		return;
	tcp_seq_t edge = h->ack + ((uint32_t)h->wnd << c->rcv_ws);
	if (h->flags & TCP_SYN)
		a_edge_set = false; /* a new (or resent) SYN,ACK */
	if (a_edge_set)
		INV(seq_ge(edge, a_edge));
	if (!a_edge_set || seq_gt(edge, a_edge))
		a_edge = edge;
	a_edge_set = true;
}

/* Every segment either end emits, as it leaves (connpair's drop hook):
 * at most one SMSS of data, only from [SND.UNA, end of the send data),
 * and A's data is its pattern. Never drops. */
static bool check_emit(struct cp_end *e, const struct tcp_seg *h)
{
	const struct tcp_conn *c = &e->c;
	if (e == &P.a)
		check_edge(c, h);
	INV(h->len <= c->smss);
	if (!h->len)
		return false;
	INV(!(h->flags & (TCP_SYN | TCP_RST)));
	INV(seq_ge(h->seq, c->snd_una));
	INV(seq_le(h->seq + h->len, tcp_sndbuf_end(&c->snd)));
	if (e == &P.a) {
		const uint8_t *d = h->data;
		uint32_t off = h->seq - (c->iss + 1);
		for (uint32_t i = 0; i < h->len; i++)
			INV(d[i] == pat(off + i));
	}
	return false;
}

/* The states in which a connection sends data or a FIN. */
static bool sending(enum tcp_state s)
{
	return s == TCP_ESTABLISHED || s == TCP_CLOSE_WAIT ||
	       s == TCP_FIN_WAIT_1 || s == TCP_CLOSING || s == TCP_LAST_ACK;
}

static void check_conn(const struct tcp_conn *c)
{
	INV((unsigned)c->state <= TCP_TIME_WAIT);
	INV(seq_le(c->snd_una, c->snd_nxt));
	INV(seq_le(c->snd_nxt, c->snd_max));
	/* in flight: at most the send ring plus SYN and FIN */
	INV(c->snd_max - c->snd_una <= c->snd.cap + 2);
	INV(c->snd.len <= c->snd.cap);
	INV(c->rcv.used <= c->rcv.cap);
	INV(c->rcv.nooo <= TCP_REASM_MAX_RANGES);
	INV(c->smss > 0 && c->smss <= TCP_CONN_MSS);
	INV(c->err == 0 || c->err == NET_ECONNREFUSED ||
	    c->err == NET_ECONNRESET || c->err == NET_ETIMEDOUT);
	if (c->state == TCP_CLOSED || c->state == TCP_TIME_WAIT)
		INV(!c->rexmit_at && !c->persist_at && !c->delack_at);
	INV((c->state == TCP_TIME_WAIT) == (c->timewait_at != 0));
	/* a timer due now has fired */
	uint64_t t = tcp_conn_next_timer(c);
	INV(t == 0 || t > P.now);
	/* liveness: whatever is owed to the peer keeps a timer running (a
	 * handshake, data in flight or waiting, a FIN not yet acked) */
	tcp_seq_t end = tcp_sndbuf_end(&c->snd);
	bool owed = c->snd_una != c->snd_max || seq_lt(c->snd_max, end) ||
	            (c->fin_queued && c->snd_una != end + 1);
	if (c->state == TCP_SYN_SENT || c->state == TCP_SYN_RECEIVED ||
	    (sending(c->state) && owed))
		INV(t != 0);
}

static void check_all(void)
{
	check_conn(&P.a.c);
	check_conn(&P.b.c);
	/* A's advertised window never moves left (RFC 9293 3.8.6.2.2) */
	if (P.a.c.state >= TCP_ESTABLISHED && P.a.c.state != TCP_TIME_WAIT) {
		if (a_adv_set)
			INV(seq_ge(P.a.c.rcv_adv, a_adv));
		a_adv = P.a.c.rcv_adv;
		a_adv_set = true;
	}
}

static void a_send(uint32_t len)
{
	static uint8_t buf[BUFCAP];
	if (len > sizeof(buf))
		len = sizeof(buf);
	/* by sequence number: back in LISTEN (3.10.7.4, RST or SYN in a
	 * passive SYN-RECEIVED) the ring restarts and so does the stream */
	uint32_t base = tcp_sndbuf_end(&P.a.c.snd) - (P.a.c.iss + 1);
	for (uint32_t i = 0; i < len; i++)
		buf[i] = pat(base + i);
	int w = tcp_conn_send(&P.a.c, buf, len, P.now);
	INV(w <= (int)len);
	if (w > 0)
		a_sent += (uint64_t)w;
}

static void b_recv(uint32_t len)
{
	static uint8_t buf[BUFCAP];
	if (len > sizeof(buf))
		len = sizeof(buf);
	int m = tcp_conn_recv(&P.b.c, buf, len);
	INV(m <= (int)len);
	for (int i = 0; i < m; i++)
		INV(buf[i] == pat(b_got + (uint64_t)i));
	if (m > 0)
		b_got += (uint64_t)m;
	INV(b_got <= a_sent);
}

static void forge(struct input *in, bool absolute)
{
	static uint8_t pay[2048];
	struct tcp_seg s = {0};
	tcp_seq_t rnxt = P.a.c.rcv.nxt + (P.a.c.rcv_fin ? 1 : 0);
	s.flags = (uint8_t)take(in, 1);
	if (absolute) {
		s.seq = (tcp_seq_t)take(in, 4);
		s.ack = (tcp_seq_t)take(in, 4);
	} else {
		s.seq = rnxt + (tcp_seq_t)(int16_t)take(in, 2);
		s.ack = P.a.c.snd_una + (tcp_seq_t)(int16_t)take(in, 2);
	}
	s.wnd = (uint16_t)take(in, 2);
	uint8_t opts[TCP_OPTS_MAX];
	size_t olen = take(in, 1) % (TCP_OPTS_MAX + 1);
	for (size_t i = 0; i < olen; i++)
		opts[i] = (uint8_t)take(in, 1);
	if (tcp_opts_parse(opts, olen, &s.opts))
		return; /* the glue drops a malformed segment */
	uint32_t len = (uint32_t)take(in, 2) % sizeof(pay);
	for (uint32_t i = 0; i < len; i++)
		pay[i] = in->n ? (uint8_t)take(in, 1) : (uint8_t)i;
	s.data = pay;
	s.len = len;
	tcp_conn_input(&P.a.c, &s, P.now);
}

static void deliver(unsigned n)
{
	struct cp_pkt k;
	for (unsigned i = 0; i < n; i++) {
		if (cp_pop(&P.a, &k))
			tcp_conn_input(&P.b.c, &k.h, P.now);
		if (cp_pop(&P.b, &k))
			tcp_conn_input(&P.a.c, &k.h, P.now);
	}
}

static void peer(struct input *in)
{
	static uint8_t buf[BUFCAP];
	unsigned what = (unsigned)take(in, 1) % 3;
	uint32_t len = (uint32_t)take(in, 2) % BUFCAP;
	if (what == 0) {
		memset(buf, 'b', len);
		int w = tcp_conn_send(&P.b.c, buf, len, P.now);
		if (w > 0)
			b_sent += (uint64_t)w;
	} else if (what == 1) {
		b_recv(len);
	} else {
		tcp_conn_close(&P.b.c, P.now);
	}
}

static void run_op(struct input *in)
{
	static uint8_t buf[BUFCAP];
	switch (take(in, 1) % OP_COUNT) {
	case OP_SEG:
		forge(in, false);
		break;
	case OP_SEG_ABS:
		forge(in, true);
		break;
	case OP_TICK:
		cp_tick(&P, 10 * take(in, 1));
		break;
	case OP_TIMER: {
		uint64_t t = tcp_conn_next_timer(&P.a.c);
		if (t > P.now)
			cp_tick(&P, t - P.now);
		break;
	}
	case OP_SEND:
		a_send((uint32_t)take(in, 2));
		break;
	case OP_RECV: {
		uint32_t len = (uint32_t)take(in, 2) % BUFCAP;
		INV(tcp_conn_recv(&P.a.c, buf, len) <= (int)len);
		break;
	}
	case OP_CLOSE:
		tcp_conn_close(&P.a.c, P.now);
		break;
	case OP_ABORT:
		tcp_conn_abort(&P.a.c);
		break;
	case OP_DELIVER:
		deliver((unsigned)take(in, 1) % 64);
		break;
	case OP_DROP: {
		struct cp_pkt k;
		cp_pop(take(in, 1) & 1 ? &P.b : &P.a, &k);
		break;
	}
	case OP_PEER:
		peer(in);
		break;
	}
}

/* By the input's first byte: A and B ESTABLISHED, 3000 bytes queued each
 * way, a few segments of it delivered, the rest in flight; or A still in
 * SYN-SENT (B listening, A's SYN queued), or A listening (B's SYN
 * queued), so that forged segments also meet the handshake. */
static void setup(struct input *in)
{
	unsigned mode = (unsigned)take(in, 1) % 4;
	tcp_seq_t isa = (tcp_seq_t)take(in, 4), isb = (tcp_seq_t)take(in, 4);
	static bool ready;
	if (!ready) /* kept for the whole run: reset per input */
		cp_init(&P, BUFCAP);
	ready = true;
	cp_reset(&P);
	P.a.drop = P.b.drop = check_emit;
	a_sent = b_got = b_sent = 0;
	a_adv_set = a_edge_set = false;
	if (mode == 2 || mode == 3) {
		bool a_active = mode == 2;
		tcp_conn_open_passive(a_active ? &P.b.c : &P.a.c,
		                      a_active ? isb : isa);
		tcp_conn_open_active(a_active ? &P.a.c : &P.b.c,
		                     a_active ? isa : isb, P.now);
		check_all();
		return;
	}
	if (!cp_connect(&P, isa, isb)) {
		fprintf(stderr, "fuzz_tcp_conn: no handshake\n");
		abort();
	}
	a_send(3000);
	static uint8_t bb[3000];
	memset(bb, 'b', sizeof(bb));
	b_sent = (uint64_t)tcp_conn_send(&P.b.c, bb, sizeof(bb), P.now);
	deliver(2);
	check_all();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = {data, size};
	setup(&in);
	for (unsigned ops = 0; in.n && ops < 4096; ops++) {
		run_op(&in);
		check_all();
		/* a long program that never delivers loses the backlog; one
		 * op that fills the queue alone (a loop) still dies in it */
		if (P.a.n > CP_QMAX / 2)
			cp_clear(&P.a);
		if (P.b.n > CP_QMAX / 2)
			cp_clear(&P.b);
		b_recv(BUFCAP); /* B keeps reading, checking A's bytes */
	}
	/* the end: let the pair run on (clean link) for a while */
	for (int i = 0; i < 50; i++) {
		deliver(64);
		b_recv(BUFCAP);
		cp_tick(&P, 100);
		check_all();
	}
	return 0;
}
