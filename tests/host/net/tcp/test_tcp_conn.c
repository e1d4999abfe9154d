/* SPDX-License-Identifier: MIT */
/* The TCP state machine (net/tcp.h): two connections back to back over an
 * in-test link, every transition and each RFC 5961 check. */
#include "../../test.h"
#include <string.h>
#include "tcp/tcp.h"
#include "tcp/tcp_wire.h"

#define QMAX 256
#define BUF  4096

struct pkt {
	struct tcp_seg h;
	uint8_t data[TCP_CONN_MSS];
};

/* One end: its connection, storage, and the queue of what it sent. */
struct end {
	struct tcp_conn c;
	uint8_t sndmem[BUF], rcvmem[BUF];
	struct pkt q[QMAX];
	unsigned n;
	unsigned drop;  /* drop the next `drop` segments it sends */
	bool lost_last; /* lossy link: the last segment was lost */
};

static struct end A, B;
static uint64_t now;

static void emit(void *ctx, const struct tcp_seg *h,
                 const struct tcp_payload *pl)
{
	struct end *e = ctx;
	size_t len = tcp_payload_len(pl);
	CHECK(len <= TCP_CONN_MSS);
	CHECK_EQ(len, h->len);
	if (e->drop) {
		e->drop--;
		return;
	}
	CHECK(e->n < QMAX);
	if (e->n >= QMAX)
		return;
	struct pkt *k = &e->q[e->n++];
	k->h = *h;
	if (len)
		tcp_payload_copy(pl, k->data);
	k->h.data = k->data;
}

static void setup(void)
{
	memset(&A, 0, sizeof(A));
	memset(&B, 0, sizeof(B));
	tcp_conn_init(&A.c, A.sndmem, BUF, A.rcvmem, BUF, emit, &A);
	tcp_conn_init(&B.c, B.sndmem, BUF, B.rcvmem, BUF, emit, &B);
	now = 1000;
}

/* Take the oldest segment e sent. */
static bool pop(struct end *e, struct pkt *out)
{
	if (!e->n)
		return false;
	*out = e->q[0];
	memmove(e->q, e->q + 1, (e->n - 1) * sizeof(e->q[0]));
	e->n--;
	out->h.data = out->data;
	return true;
}

/* Deliver everything in flight, both ways, until quiet. */
static void run(void)
{
	struct pkt k;
	for (int i = 0; i < 10000 && (A.n || B.n); i++) {
		if (pop(&A, &k))
			tcp_conn_input(&B.c, &k.h, now);
		if (pop(&B, &k))
			tcp_conn_input(&A.c, &k.h, now);
	}
	CHECK(!A.n && !B.n);
}

/* Nothing in flight: jump to the earliest timer of either end. */
static void fire_next_timer(void)
{
	uint64_t ta = tcp_conn_next_timer(&A.c), tb = tcp_conn_next_timer(&B.c);
	uint64_t t = !ta ? tb : (!tb || ta < tb ? ta : tb);
	if (!t)
		return;
	now = t > now ? t : now;
	tcp_conn_timer(&A.c, now);
	tcp_conn_timer(&B.c, now);
}

/* e sent exactly one segment, with these flags and sequence number. */
static void expect_one(const struct end *e, uint8_t flags, tcp_seq_t seq)
{
	CHECK_EQ(e->n, 1);
	CHECK_EQ(e->q[0].h.flags, flags);
	CHECK_EQ(e->q[0].h.seq, seq);
}

static void connect_pair(tcp_seq_t ia, tcp_seq_t ib)
{
	CHECK_EQ(tcp_conn_open_passive(&B.c, ib), 0);
	CHECK_EQ(B.c.state, TCP_LISTEN);
	CHECK_EQ(tcp_conn_open_active(&A.c, ia, now), 0);
	CHECK_EQ(A.c.state, TCP_SYN_SENT);
	CHECK_EQ(A.n, 1);
	CHECK_EQ(A.q[0].h.flags, TCP_SYN);
	CHECK_EQ(A.q[0].h.seq, ia);
	run();
	CHECK_EQ(A.c.state, TCP_ESTABLISHED);
	CHECK_EQ(B.c.state, TCP_ESTABLISHED);
	CHECK_EQ(A.c.snd_una, ia + 1);
	CHECK_EQ(B.c.snd_una, ib + 1);
	CHECK_EQ(A.c.rcv.nxt, ib + 1);
	CHECK_EQ(B.c.rcv.nxt, ia + 1);
	CHECK_EQ(A.c.rexmit_at, 0);
	CHECK_EQ(B.c.rexmit_at, 0);
}

/* B listens with ISN ib, A's SYN (ISN ia) reaches it: SYN-RECEIVED. */
static void half_open(tcp_seq_t ia, tcp_seq_t ib)
{
	struct pkt k;
	tcp_conn_open_passive(&B.c, ib);
	tcp_conn_open_active(&A.c, ia, now);
	CHECK(pop(&A, &k));
	tcp_conn_input(&B.c, &k.h, now);
	CHECK_EQ(B.c.state, TCP_SYN_RECEIVED);
}

static void test_handshake(void)
{
	setup();
	CHECK_EQ(tcp_conn_open_passive(&B.c, 5000), 0);
	CHECK_EQ(tcp_conn_open_active(&A.c, 100, now), 0);
	struct pkt k;
	CHECK(pop(&A, &k));
	tcp_conn_input(&B.c, &k.h, now);
	CHECK_EQ(B.c.state, TCP_SYN_RECEIVED);
	CHECK(pop(&B, &k));
	CHECK_EQ(k.h.flags, TCP_SYN | TCP_ACK);
	CHECK_EQ(k.h.seq, 5000);
	CHECK_EQ(k.h.ack, 101);
	CHECK_EQ(k.h.opts.mss, TCP_CONN_MSS);
	tcp_conn_input(&A.c, &k.h, now);
	CHECK_EQ(A.c.state, TCP_ESTABLISHED);
	CHECK(pop(&A, &k));
	CHECK_EQ(k.h.flags, TCP_ACK);
	CHECK_EQ(k.h.ack, 5001);
	tcp_conn_input(&B.c, &k.h, now);
	CHECK_EQ(B.c.state, TCP_ESTABLISHED);
	/* both SYNs offered timestamps: 12 option bytes per segment */
	CHECK(A.c.ts_ok && B.c.ts_ok);
	CHECK_EQ(A.c.smss, TCP_CONN_MSS - TCP_TS_OPT_LEN);
	/* and across 2^32 */
	setup();
	connect_pair(0xffffffffu, 0xfffffffeu);
}

static void test_simultaneous_open(void)
{
	setup();
	CHECK_EQ(tcp_conn_open_active(&A.c, 1000, now), 0);
	CHECK_EQ(tcp_conn_open_active(&B.c, 9000, now), 0);
	struct pkt ka, kb;
	CHECK(pop(&A, &ka) && pop(&B, &kb)); /* the SYNs cross */
	tcp_conn_input(&B.c, &ka.h, now);
	tcp_conn_input(&A.c, &kb.h, now);
	CHECK_EQ(A.c.state, TCP_SYN_RECEIVED);
	CHECK_EQ(B.c.state, TCP_SYN_RECEIVED);
	CHECK_EQ(A.q[0].h.flags, TCP_SYN | TCP_ACK);
	run();
	CHECK_EQ(A.c.state, TCP_ESTABLISHED);
	CHECK_EQ(B.c.state, TCP_ESTABLISHED);
	CHECK_EQ(A.c.snd_una, 1001);
	CHECK_EQ(B.c.snd_una, 9001);
}

/* Send n pattern bytes from s to r and read them back byte-exact. */
static void transfer(struct end *s, struct end *r, uint32_t n)
{
	static uint8_t out[20000], in[20000];
	for (uint32_t i = 0; i < n; i++)
		out[i] = (uint8_t)test_rand();
	uint32_t sent = 0, got = 0;
	for (int guard = 0; guard < 100000 && got < n; guard++) {
		if (sent < n) {
			int w = tcp_conn_send(&s->c, out + sent, n - sent, now);
			CHECK(w >= 0);
			sent += (uint32_t)(w > 0 ? w : 0);
		}
		run();
		int m = tcp_conn_recv(&r->c, in + got, n - got);
		if (m > 0)
			got += (uint32_t)m;
		else
			CHECK_EQ(m, NET_EAGAIN);
		if (s->c.rexmit_at && !A.n && !B.n) {
			now = s->c.rexmit_at;
			tcp_conn_timer(&s->c, now);
		}
	}
	CHECK_EQ(got, n);
	CHECK_MEMEQ(in, out, n);
	run();
	CHECK_EQ(s->c.snd_una, s->c.snd_max);
	CHECK_EQ(s->c.rexmit_at, 0);
}

static void test_data(void)
{
	setup();
	connect_pair(0xfffff000u, 77);
	transfer(&A, &B, 10000); /* more than the 4 KiB buffers, across 2^32 */
	transfer(&B, &A, 3000);
	transfer(&A, &B, 1);
	CHECK_EQ(tcp_conn_recv(&B.c, (uint8_t[4]){0}, 4), NET_EAGAIN);
}

static void test_active_close(void)
{
	setup();
	connect_pair(1, 2);
	CHECK_EQ(tcp_conn_send(&A.c, "bye", 3, now), 3);
	CHECK_EQ(tcp_conn_close(&A.c, now), 0);
	CHECK_EQ(A.c.state, TCP_FIN_WAIT_1);
	CHECK_EQ(tcp_conn_send(&A.c, "x", 1, now), NET_EINVAL);
	struct pkt k;
	CHECK(pop(&A, &k)); /* data */
	tcp_conn_input(&B.c, &k.h, now);
	CHECK(pop(&A, &k)); /* FIN */
	CHECK_EQ(k.h.flags, TCP_FIN | TCP_ACK);
	tcp_conn_input(&B.c, &k.h, now);
	CHECK_EQ(B.c.state, TCP_CLOSE_WAIT);
	run();
	CHECK_EQ(A.c.state, TCP_FIN_WAIT_2);
	uint8_t buf[8];
	CHECK_EQ(tcp_conn_recv(&B.c, buf, 8), 3);
	CHECK_MEMEQ(buf, "bye", 3);
	CHECK_EQ(tcp_conn_recv(&B.c, buf, 8), 0); /* EOF */
	/* the half-closed side may still send */
	CHECK_EQ(tcp_conn_send(&B.c, "ok", 2, now), 2);
	run();
	CHECK_EQ(tcp_conn_recv(&A.c, buf, 8), 2);
	CHECK_EQ(tcp_conn_close(&B.c, now), 0);
	CHECK_EQ(B.c.state, TCP_LAST_ACK);
	run();
	CHECK_EQ(A.c.state, TCP_TIME_WAIT);
	CHECK_EQ(B.c.state, TCP_CLOSED);
	CHECK_EQ(B.c.err, 0);
	/* a resent FIN in TIME-WAIT is ACKed and restarts 2*MSL */
	now += 1000;
	struct tcp_seg fin = {.seq = B.c.snd_max - 1,
	                      .ack = A.c.snd_max,
	                      .flags = TCP_FIN | TCP_ACK,
	                      .wnd = 100};
	tcp_conn_input(&A.c, &fin, now);
	CHECK_EQ(A.n, 1);
	CHECK_EQ(A.q[0].h.flags, TCP_ACK);
	A.n = 0;
	tcp_conn_timer(&A.c, now + 2 * TCP_MSL_MS - 1);
	CHECK_EQ(A.c.state, TCP_TIME_WAIT);
	tcp_conn_timer(&A.c, now + 2 * TCP_MSL_MS);
	CHECK_EQ(A.c.state, TCP_CLOSED);
	/* a CLOSED end answers with RST */
	tcp_conn_input(&A.c, &fin, now);
	expect_one(&A, TCP_RST, fin.ack);
}

static void test_simultaneous_close(void)
{
	setup();
	connect_pair(300, 400);
	CHECK_EQ(tcp_conn_close(&A.c, now), 0);
	CHECK_EQ(tcp_conn_close(&B.c, now), 0);
	struct pkt ka, kb;
	CHECK(pop(&A, &ka) && pop(&B, &kb)); /* the FINs cross */
	tcp_conn_input(&B.c, &ka.h, now);
	tcp_conn_input(&A.c, &kb.h, now);
	CHECK_EQ(A.c.state, TCP_CLOSING);
	CHECK_EQ(B.c.state, TCP_CLOSING);
	run();
	CHECK_EQ(A.c.state, TCP_TIME_WAIT);
	CHECK_EQ(B.c.state, TCP_TIME_WAIT);
}

/* FIN-WAIT-1 getting FIN + the ACK of its FIN at once -> TIME-WAIT. */
static void test_fin_wait_1_to_time_wait(void)
{
	setup();
	connect_pair(10, 20);
	CHECK_EQ(tcp_conn_close(&A.c, now), 0);
	struct pkt k;
	CHECK(pop(&A, &k));
	B.drop = 1; /* B's bare ACK of the FIN is lost */
	tcp_conn_input(&B.c, &k.h, now);
	CHECK_EQ(B.c.state, TCP_CLOSE_WAIT);
	CHECK_EQ(tcp_conn_close(&B.c, now), 0);
	CHECK(pop(&B, &k));
	CHECK_EQ(k.h.flags, TCP_FIN | TCP_ACK);
	CHECK_EQ(k.h.ack, A.c.snd_max);
	tcp_conn_input(&A.c, &k.h, now);
	CHECK_EQ(A.c.state, TCP_TIME_WAIT);
	run();
	CHECK_EQ(B.c.state, TCP_CLOSED);
}

static void test_close_early(void)
{
	setup();
	CHECK_EQ(tcp_conn_open_passive(&B.c, 1), 0);
	CHECK_EQ(tcp_conn_close(&B.c, now), 0);
	CHECK_EQ(B.c.state, TCP_CLOSED);
	CHECK_EQ(tcp_conn_open_active(&A.c, 1, now), 0);
	CHECK_EQ(tcp_conn_close(&A.c, now), 0);
	CHECK_EQ(A.c.state, TCP_CLOSED);
	CHECK_EQ(A.c.rexmit_at, 0);
	CHECK_EQ(tcp_conn_close(&A.c, now), NET_EINVAL);
	/* close in SYN-RECEIVED sends FIN (FIN-WAIT-1) */
	setup();
	half_open(60, 50);
	CHECK_EQ(tcp_conn_close(&B.c, now), 0);
	CHECK_EQ(B.c.state, TCP_FIN_WAIT_1);
	run();
	CHECK_EQ(A.c.state, TCP_CLOSE_WAIT);
	CHECK_EQ(B.c.state, TCP_FIN_WAIT_2);
}

static void test_refused_and_abort(void)
{
	setup(); /* B stays CLOSED: A's SYN gets RST,ACK */
	tcp_conn_open_active(&A.c, 70, now);
	run();
	CHECK_EQ(A.c.state, TCP_CLOSED);
	CHECK_EQ(A.c.err, NET_ECONNREFUSED);
	CHECK_EQ(tcp_conn_send(&A.c, "x", 1, now), NET_ECONNREFUSED);
	/* abort sends RST at SND.NXT: the peer resets */
	setup();
	connect_pair(5, 6);
	tcp_conn_abort(&A.c);
	CHECK_EQ(A.c.state, TCP_CLOSED);
	run();
	CHECK_EQ(B.c.state, TCP_CLOSED);
	CHECK_EQ(B.c.err, NET_ECONNRESET);
	CHECK_EQ(tcp_conn_recv(&B.c, (uint8_t[1]){0}, 1), NET_ECONNRESET);
	/* SYN-SENT: a RST without an acceptable ACK is ignored */
	setup();
	tcp_conn_open_active(&A.c, 70, now);
	A.n = 0;
	struct tcp_seg rst = {.seq = 0, .ack = 70, .flags = TCP_RST | TCP_ACK};
	tcp_conn_input(&A.c, &rst, now);
	CHECK_EQ(A.c.state, TCP_SYN_SENT);
	rst.flags = TCP_RST;
	tcp_conn_input(&A.c, &rst, now);
	CHECK_EQ(A.c.state, TCP_SYN_SENT);
	CHECK_EQ(A.n, 0);
	/* ... and a SYN,ACK acking something else gets a RST */
	struct tcp_seg sa = {.seq = 9, .ack = 99, .flags = TCP_SYN | TCP_ACK};
	tcp_conn_input(&A.c, &sa, now);
	CHECK_EQ(A.c.state, TCP_SYN_SENT);
	expect_one(&A, TCP_RST, 99);
}

/* A passive SYN-RECEIVED connection reset goes back to LISTEN. */
static void test_syn_received_reset(void)
{
	setup();
	half_open(900, 800);
	B.n = 0;
	struct tcp_seg rst = {.seq = 901, .flags = TCP_RST};
	tcp_conn_input(&B.c, &rst, now);
	CHECK_EQ(B.c.state, TCP_LISTEN);
	CHECK_EQ(B.c.err, 0);
	CHECK_EQ(B.c.rexmit_at, 0);
	/* an ACK for a SYN,ACK it never sent gets RST */
	struct tcp_seg ack = {.seq = 901, .ack = 12345, .flags = TCP_ACK};
	tcp_conn_input(&B.c, &ack, now);
	expect_one(&B, TCP_RST, 12345);
}

/* RFC 5961 3.2: only RST with SEG.SEQ == RCV.NXT resets; in window
 * gets a challenge ACK; out of window is dropped silently. */
static void test_5961_rst(void)
{
	setup();
	connect_pair(1000, 2000);
	tcp_seq_t nxt = A.c.rcv.nxt;
	struct tcp_seg rst = {.seq = nxt + 1, .flags = TCP_RST};
	tcp_conn_input(&A.c, &rst, now);
	CHECK_EQ(A.c.state, TCP_ESTABLISHED);
	CHECK_EQ(A.c.challenge_acks, 1);
	CHECK_EQ(A.n, 1);
	CHECK_EQ(A.q[0].h.flags, TCP_ACK);
	CHECK_EQ(A.q[0].h.ack, nxt);
	A.n = 0;
	rst.seq = nxt + BUF; /* just past the window */
	tcp_conn_input(&A.c, &rst, now);
	rst.seq = nxt - 1;
	tcp_conn_input(&A.c, &rst, now);
	CHECK_EQ(A.n, 0);
	CHECK_EQ(A.c.state, TCP_ESTABLISHED);
	rst.seq = nxt;
	tcp_conn_input(&A.c, &rst, now);
	CHECK_EQ(A.c.state, TCP_CLOSED);
	CHECK_EQ(A.c.err, NET_ECONNRESET);
	CHECK_EQ(A.n, 0);
}

/* RFC 5961 4.2: SYN in a synchronized state gets a challenge ACK. */
static void test_5961_syn(void)
{
	setup();
	connect_pair(1000, 2000);
	struct tcp_seg syn = {.seq = A.c.rcv.nxt + 10, .flags = TCP_SYN};
	tcp_conn_input(&A.c, &syn, now);
	CHECK_EQ(A.c.state, TCP_ESTABLISHED);
	CHECK_EQ(A.c.challenge_acks, 1);
	expect_one(&A, TCP_ACK, A.c.snd_nxt);
}

/* RFC 5961 5.2: ACK beyond SND.NXT is ACKed and dropped; ACK older than
 * SND.UNA - MAX.SND.WND is dropped. Neither moves SND.UNA. */
static void test_5961_ack(void)
{
	setup();
	connect_pair(1000, 2000);
	tcp_conn_send(&A.c, "abcd", 4, now);
	A.n = 0; /* lost */
	tcp_seq_t una = A.c.snd_una;
	struct tcp_seg s = {.seq = A.c.rcv.nxt,
	                    .ack = A.c.snd_max + 1,
	                    .flags = TCP_ACK,
	                    .wnd = 1000,
	                    .data = "zz",
	                    .len = 2};
	tcp_conn_input(&A.c, &s, now);
	CHECK_EQ(A.c.snd_una, una);
	CHECK_EQ(A.n, 1); /* the ACK, not taking the data */
	CHECK_EQ(A.c.rcv.nxt, s.seq);
	A.n = 0;
	s.ack = una - A.c.max_snd_wnd - 1;
	tcp_conn_input(&A.c, &s, now);
	CHECK_EQ(A.c.rcv.nxt, s.seq);
	CHECK_EQ(A.n, 0);
	s.ack = una - A.c.max_snd_wnd; /* old but acceptable: data taken */
	tcp_conn_input(&A.c, &s, now);
	CHECK_EQ(A.c.rcv.nxt, s.seq + 2);
	CHECK_EQ(A.c.snd_una, una);
	CHECK_EQ(A.c.snd_wnd, B.c.rcv.cap); /* WL1/WL2: old ACK, no update */
	A.n = 0;
	s.seq += 2;
	s.ack = una + 4;
	s.len = 0;
	tcp_conn_input(&A.c, &s, now);
	CHECK_EQ(A.c.snd_una, una + 4);
	CHECK_EQ(A.c.snd_wnd, 1000);
	CHECK_EQ(A.c.rexmit_at, 0);
}

/* RFC 5961 7: at most TCP_CHALLENGE_PER_S challenge ACKs a second. */
static void test_5961_rate(void)
{
	setup();
	connect_pair(1000, 2000);
	struct tcp_seg rst = {.seq = A.c.rcv.nxt + 5, .flags = TCP_RST};
	now = 50000;
	for (int i = 0; i < 3 * TCP_CHALLENGE_PER_S; i++)
		tcp_conn_input(&A.c, &rst, now + (unsigned)i);
	CHECK_EQ(A.c.challenge_acks, TCP_CHALLENGE_PER_S);
	CHECK_EQ(A.n, TCP_CHALLENGE_PER_S);
	tcp_conn_input(&A.c, &rst, now + 1000);
	CHECK_EQ(A.c.challenge_acks, TCP_CHALLENGE_PER_S + 1);
	CHECK_EQ(A.c.state, TCP_ESTABLISHED);
}

/* A budget shared by several connections (RFC 5961 7: per host): A and
 * B together get TCP_CHALLENGE_PER_S a second. */
static void test_5961_shared_budget(void)
{
	struct tcp_challenge_budget host = {0};
	setup();
	connect_pair(1000, 2000);
	A.c.challenge_budget = B.c.challenge_budget = &host;
	struct tcp_seg ra = {.seq = A.c.rcv.nxt + 5, .flags = TCP_RST};
	struct tcp_seg rb = {.seq = B.c.rcv.nxt + 5, .flags = TCP_RST};
	now = 70000;
	for (int i = 0; i < TCP_CHALLENGE_PER_S; i++) {
		tcp_conn_input(&A.c, &ra, now);
		tcp_conn_input(&B.c, &rb, now);
	}
	CHECK_EQ(A.c.challenge_acks + B.c.challenge_acks, TCP_CHALLENGE_PER_S);
	CHECK_EQ(A.n + B.n, TCP_CHALLENGE_PER_S);
	tcp_conn_input(&B.c, &rb, now + 1000);
	CHECK_EQ(host.used, 1);
	CHECK_EQ(A.c.state, TCP_ESTABLISHED);
	CHECK_EQ(B.c.state, TCP_ESTABLISHED);
}

static void test_retransmit(void)
{
	setup(); /* a lost SYN is resent after the initial RTO */
	tcp_conn_open_passive(&B.c, 7);
	A.drop = 1;
	tcp_conn_open_active(&A.c, 3, now);
	CHECK_EQ(A.c.rexmit_at, now + TCP_RTO_INIT_MS);
	tcp_conn_timer(&A.c, now + TCP_RTO_INIT_MS - 1);
	CHECK_EQ(A.n, 0);
	now += TCP_RTO_INIT_MS;
	tcp_conn_timer(&A.c, now);
	CHECK_EQ(A.n, 1);
	CHECK_EQ(A.c.rexmit_at, now + 2 * TCP_RTO_INIT_MS); /* backed off */
	run();
	CHECK_EQ(A.c.state, TCP_ESTABLISHED);
	CHECK_EQ(B.c.state, TCP_ESTABLISHED);
	/* lost data and a lost FIN */
	A.drop = 2;
	tcp_conn_send(&A.c, "hello", 5, now);
	tcp_conn_close(&A.c, now);
	CHECK_EQ(A.n, 0);
	now = A.c.rexmit_at;
	tcp_conn_timer(&A.c, now);
	run();
	CHECK_EQ(B.c.state, TCP_CLOSE_WAIT);
	CHECK_EQ(A.c.state, TCP_FIN_WAIT_2);
	uint8_t buf[8];
	CHECK_EQ(tcp_conn_recv(&B.c, buf, 8), 5);
	CHECK_MEMEQ(buf, "hello", 5);
	/* a peer that never answers: give up after TCP_MAX_RETRIES */
	setup();
	connect_pair(1, 1);
	tcp_conn_send(&A.c, "x", 1, now);
	unsigned fired = 0;
	while (A.c.rexmit_at && fired < 100) {
		now = A.c.rexmit_at;
		tcp_conn_timer(&A.c, now);
		fired++;
	}
	CHECK_EQ(fired, TCP_MAX_RETRIES + 1);
	CHECK_EQ(A.n, TCP_MAX_RETRIES + 1);
	CHECK_EQ(A.c.state, TCP_CLOSED);
	CHECK_EQ(A.c.err, NET_ETIMEDOUT);
}

/* RFC 5681 3.2: the third duplicate ACK resends the first segment; a
 * timeout cuts cwnd to one segment, so go-back-N resends one at first. */
static void test_congestion(void)
{
	static uint8_t data[4000];
	for (unsigned i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)test_rand();
	setup();
	connect_pair(0xfffffc00u, 5);
	CHECK_EQ(A.c.cc.cwnd, tcp_cc_initial_window(A.c.smss));
	A.c.nodelay = true; /* the 1104-byte tail goes at once too */
	A.drop = 3;
	CHECK_EQ(tcp_conn_send(&A.c, data, sizeof(data), now), 4000);
	CHECK_EQ(A.c.snd_max, A.c.snd_una + 4000);
	struct tcp_seg dup = {.seq = A.c.rcv.nxt,
	                      .ack = A.c.snd_una,
	                      .flags = TCP_ACK,
	                      .wnd = (uint16_t)A.c.snd_wnd};
	tcp_conn_input(&A.c, &dup, now);
	tcp_conn_input(&A.c, &dup, now);
	CHECK_EQ(A.n, 0);
	tcp_conn_input(&A.c, &dup, now);
	expect_one(&A, TCP_ACK | TCP_PSH, A.c.snd_una);
	CHECK_EQ(A.q[0].h.len, A.c.smss);
	CHECK(A.c.cc.in_recovery);
	CHECK_EQ(A.c.stats.fast_retransmits, 1);
	CHECK_EQ(A.c.stats.dup_acks, 3);
	dup.wnd++; /* a window update is not a duplicate */
	A.n = 0;
	tcp_conn_input(&A.c, &dup, now);
	CHECK(A.c.cc.dupacks <= TCP_DUPACK_THRESH);
	/* the timer: cwnd = 1 SMSS, one segment goes out */
	A.n = 0;
	now = A.c.rexmit_at;
	tcp_conn_timer(&A.c, now);
	CHECK_EQ(A.c.cc.cwnd, A.c.smss);
	expect_one(&A, TCP_ACK | TCP_PSH, A.c.snd_una);
	CHECK(!A.c.cc.in_recovery);
	CHECK_EQ(A.c.stats.timeouts, 1);
	/* the link works again: all arrives, cwnd grows back */
	uint8_t in[4000];
	uint32_t got = 0;
	for (int i = 0; i < 50 && got < sizeof(in); i++) {
		run();
		int m = tcp_conn_recv(&B.c, in + got, sizeof(in) - got);
		got += (uint32_t)(m > 0 ? m : 0);
		run();
		fire_next_timer(); /* B's ACK may be delayed */
	}
	CHECK_EQ(got, sizeof(in));
	CHECK_MEMEQ(in, data, sizeof(in));
	CHECK(A.c.cc.cwnd > TCP_CONN_MSS);
}

/* Regression (issue 12, defect 1): with cwnd past 2^31, SND.UNA + cwnd
 * as a signed distance from SND.NXT went negative and nothing more was
 * sent (a download stopped after about 4 GiB). tcp_cc now caps cwnd, but
 * the room arithmetic must not wrap either: a huge cwnd (set by hand)
 * still lets the data go, across the 2^32 sequence wrap. */
static void test_huge_cwnd(void)
{
	setup();
	connect_pair(0xfffff000u, 9);
	A.c.cc.cwnd = 0x90000000u;
	A.c.cc.ssthresh = 0x90000000u;
	transfer(&A, &B, 10000);
	A.c.cc.cwnd = UINT32_MAX;
	transfer(&A, &B, 10000);
}

/* Lose a quarter of what e sends, but never two in a row: a longer run
 * of losses could legitimately exhaust TCP_MAX_RETRIES. */
static bool lose(struct end *e)
{
	bool l = !e->lost_last && test_rand_below(4) == 0;
	e->lost_last = l;
	return l;
}

/* A lossy link: random drops, the timer recovers, data arrives exact. */
static void test_lossy(void)
{
	for (int round = 0; round < 20; round++) {
		setup();
		connect_pair((tcp_seq_t)test_rand(), (tcp_seq_t)test_rand());
		static uint8_t out[6000], in[6000];
		for (unsigned i = 0; i < sizeof(out); i++)
			out[i] = (uint8_t)test_rand();
		uint32_t sent = 0, got = 0;
		for (int g = 0; g < 20000 && got < sizeof(out); g++) {
			if (sent < sizeof(out)) {
				int w = tcp_conn_send(&A.c, out + sent,
				                      sizeof(out) - sent, now);
				sent += (uint32_t)(w > 0 ? w : 0);
			}
			struct pkt k;
			if (pop(&A, &k) && !lose(&A))
				tcp_conn_input(&B.c, &k.h, now);
			if (pop(&B, &k) && !lose(&B))
				tcp_conn_input(&A.c, &k.h, now);
			int m =
			    tcp_conn_recv(&B.c, in + got, sizeof(out) - got);
			got += (uint32_t)(m > 0 ? m : 0);
			if (!A.n && !B.n)
				fire_next_timer();
		}
		CHECK_EQ(A.c.err, 0);
		CHECK_EQ(got, sizeof(out));
		CHECK_MEMEQ(in, out, sizeof(out));
		CHECK_EQ(A.c.state, TCP_ESTABLISHED);
	}
}

/* Deliver one segment e sent to the other end. */
static void pass(struct end *from, struct end *to)
{
	struct pkt k;
	CHECK(pop(from, &k));
	tcp_conn_input(&to->c, &k.h, now);
}

/* Window scaling (RFC 7323 2): A's 1 MiB receive buffer gets shift 5 on
 * its SYN; B's 4 KiB buffer shift 0; the fields are scaled both ways
 * after the SYNs only. Without the option in B's SYN, no scaling. */
static void test_window_scale(void)
{
	static uint8_t big[1 << 20];
	for (int strip = 0; strip < 2; strip++) {
		setup();
		tcp_conn_init(&A.c, A.sndmem, BUF, big, sizeof(big), emit, &A);
		tcp_conn_open_passive(&B.c, 7000);
		tcp_conn_open_active(&A.c, 100, now);
		CHECK(A.q[0].h.opts.ws_set);
		CHECK_EQ(A.q[0].h.opts.ws, 5);
		CHECK_EQ(A.q[0].h.wnd, 0xffff); /* a SYN's window: unscaled */
		if (strip) /* a peer that never heard of the option */
			A.q[0].h.opts.ws_set = false;
		pass(&A, &B);
		CHECK_EQ(B.q[0].h.opts.ws_set, !strip); /* only if offered */
		CHECK_EQ(B.q[0].h.opts.ws, 0);
		pass(&B, &A);
		pass(&A, &B);
		CHECK_EQ(A.c.ws_ok, !strip);
		CHECK_EQ(B.c.ws_ok, !strip);
		CHECK_EQ(B.c.snd_ws, strip ? 0 : 5);
		CHECK_EQ(A.c.rcv_ws, strip ? 0 : 5);
		/* A's next segment: its window >> 5, which B scales back */
		tcp_conn_send(&A.c, "x", 1, now);
		CHECK_EQ(A.n, 1);
		uint16_t f = A.q[0].h.wnd;
		pass(&A, &B);
		if (strip) {
			CHECK_EQ(f, 0xffff);
			CHECK_EQ(B.c.snd_wnd, 0xffff);
		} else {
			CHECK_EQ(f, (sizeof(big) - 0) >> 5);
			CHECK_EQ(B.c.snd_wnd, (uint32_t)f << 5);
			CHECK(B.c.snd_wnd > 65535);
		}
	}
}

/* Timestamps (RFC 7323 3-5): on the SYNs, echoed, TS.Recent kept, RTT
 * taken from TSecr, PAWS drops an old duplicate and ACKs it. */
static void test_timestamps(void)
{
	setup();
	tcp_conn_open_passive(&B.c, 7000);
	tcp_conn_open_active(&A.c, 100, now);
	CHECK(A.q[0].h.opts.ts_set);
	CHECK_EQ(A.q[0].h.opts.ts_val, (uint32_t)now);
	pass(&A, &B);
	CHECK_EQ(B.q[0].h.opts.ts_ecr, (uint32_t)now);
	now += 37;
	pass(&B, &A);
	CHECK(A.c.ts_ok);
	CHECK(A.c.rtt.has_sample);
	CHECK_EQ(A.c.rtt.srtt_us, 37000); /* now - TSecr */
	pass(&A, &B);
	CHECK_EQ(B.c.ts_recent, (uint32_t)now);
	/* data from B at a later time: TS.Recent follows */
	now += 5;
	tcp_conn_send(&B.c, "abc", 3, now);
	CHECK(B.q[0].h.opts.ts_set);
	CHECK_EQ(B.q[0].h.opts.ts_ecr, B.c.ts_recent);
	struct pkt old = B.q[0];
	pass(&B, &A);
	CHECK_EQ(A.c.ts_recent, (uint32_t)now);
	/* the same bytes again with an older TSval and fresh sequence
	 * space: PAWS drops them and ACKs */
	fire_next_timer();
	A.n = B.n = 0;
	old.h.seq = A.c.rcv.nxt;
	old.h.opts.ts_val = A.c.ts_recent - 1;
	old.h.data = old.data;
	tcp_seq_t nxt = A.c.rcv.nxt;
	tcp_conn_input(&A.c, &old.h, now);
	CHECK_EQ(A.c.rcv.nxt, nxt);
	CHECK_EQ(A.c.stats.paws_drops, 1);
	expect_one(&A, TCP_ACK, A.c.snd_nxt);
	/* an RST is exempt from PAWS */
	struct tcp_seg rst = {.seq = A.c.rcv.nxt, .flags = TCP_RST};
	rst.opts.ts_set = true;
	rst.opts.ts_val = 1;
	tcp_conn_input(&A.c, &rst, now);
	CHECK_EQ(A.c.state, TCP_CLOSED);
}

/* SACK (RFC 2018): SACK-permitted on both SYNs, then an ACK for data
 * out of order carries its blocks, the latest first; data segments and
 * ACKs with nothing out of order carry none; without the peer's
 * SACK-permitted no block is ever sent. */
static void test_sack(void)
{
	static uint8_t d[4 * 1000];
	struct pkt seg[4], k;

	setup();
	tcp_conn_open_passive(&B.c, 7000);
	tcp_conn_open_active(&A.c, 100, now);
	CHECK(A.q[0].h.opts.sack_ok);
	pass(&A, &B);
	CHECK(B.q[0].h.opts.sack_ok); /* the SYN,ACK answers it */
	run();
	CHECK(A.c.sack_ok && B.c.sack_ok);
	/* four 1000-byte segments from A; B gets #1, #3, then #2, #0 */
	A.c.nodelay = true;
	for (unsigned i = 0; i < 4; i++) {
		CHECK_EQ(tcp_conn_send(&A.c, d + 1000 * i, 1000, now), 1000);
		CHECK(pop(&A, &seg[i]));
		CHECK_EQ(seg[i].h.opts.nsack, 0);
	}
	tcp_seq_t base = seg[0].h.seq;
	tcp_conn_input(&B.c, &seg[1].h, now);
	CHECK(pop(&B, &k));
	CHECK_EQ(k.h.ack, base);
	CHECK_EQ(k.h.opts.nsack, 1);
	CHECK_EQ(k.h.opts.sack[0].left, base + 1000);
	CHECK_EQ(k.h.opts.sack[0].right, base + 2000);
	tcp_conn_input(&B.c, &seg[3].h, now);
	CHECK(pop(&B, &k));
	CHECK_EQ(k.h.opts.nsack, 2);
	CHECK_EQ(k.h.opts.sack[0].left, base + 3000); /* the latest first */
	CHECK_EQ(k.h.opts.sack[1].left, base + 1000);
	tcp_conn_input(&B.c, &seg[2].h, now); /* joins #1 and #3 */
	CHECK(pop(&B, &k));
	CHECK_EQ(k.h.opts.nsack, 1);
	CHECK_EQ(k.h.opts.sack[0].left, base + 1000);
	CHECK_EQ(k.h.opts.sack[0].right, base + 4000);
	tcp_conn_input(&B.c, &seg[0].h, now); /* fills the hole */
	CHECK(pop(&B, &k));
	CHECK_EQ(k.h.ack, base + 4000);
	CHECK_EQ(k.h.opts.nsack, 0);

	/* a peer without SACK-permitted gets none */
	setup();
	tcp_conn_open_passive(&B.c, 7000);
	tcp_conn_open_active(&A.c, 100, now);
	A.q[0].h.opts.sack_ok = false;
	pass(&A, &B);
	CHECK(!B.q[0].h.opts.sack_ok);
	run();
	CHECK(!A.c.sack_ok && !B.c.sack_ok);
	A.c.nodelay = true;
	CHECK_EQ(tcp_conn_send(&A.c, d, 1000, now), 1000);
	CHECK_EQ(tcp_conn_send(&A.c, d, 1000, now), 1000);
	CHECK(pop(&A, &seg[0]) && pop(&A, &seg[1]));
	tcp_conn_input(&B.c, &seg[1].h, now);
	CHECK(pop(&B, &k));
	CHECK_EQ(k.h.ack, seg[0].h.seq);
	CHECK_EQ(k.h.opts.nsack, 0);
}

/* Delayed ACKs (RFC 5681 4.2, RFC 9293 3.8.6.3). */
static void test_delayed_ack(void)
{
	static uint8_t d[3 * TCP_CONN_MSS], rcv[60000];
	setup();
	tcp_conn_init(&B.c, B.sndmem, BUF, rcv, sizeof(rcv), emit, &B);
	connect_pair(100, 7000);
	A.c.nodelay = true;
	uint32_t mss = A.c.smss;
	/* one full segment: B holds its ACK for TCP_DELACK_MS */
	tcp_conn_send(&A.c, d, mss, now);
	pass(&A, &B);
	CHECK_EQ(B.n, 0);
	CHECK_EQ(B.c.delack_at, now + TCP_DELACK_MS);
	tcp_conn_timer(&B.c, now + TCP_DELACK_MS - 1);
	CHECK_EQ(B.n, 0);
	now += TCP_DELACK_MS; /* (time never runs backwards: PAWS) */
	tcp_conn_timer(&B.c, now);
	expect_one(&B, TCP_ACK, B.c.snd_nxt);
	CHECK_EQ(B.q[0].h.ack, A.c.snd_max);
	CHECK_EQ(B.c.stats.delayed_acks, 1);
	pass(&B, &A);
	/* two full segments: the second is ACKed at once */
	tcp_conn_send(&A.c, d, 2 * mss, now);
	pass(&A, &B);
	CHECK_EQ(B.n, 0);
	pass(&A, &B);
	expect_one(&B, TCP_ACK, B.c.snd_nxt);
	CHECK_EQ(B.c.delack_at, 0);
	pass(&B, &A);
	/* out of order: at once (a duplicate ACK); the hole filled: at once */
	tcp_conn_send(&A.c, d, 2 * mss, now);
	struct pkt first;
	CHECK(pop(&A, &first));
	pass(&A, &B);
	expect_one(&B, TCP_ACK, B.c.snd_nxt);
	CHECK_EQ(B.q[0].h.ack, first.h.seq);
	CHECK_EQ(B.c.stats.ooo_segs, 1);
	B.n = 0;
	tcp_conn_input(&B.c, &first.h, now);
	expect_one(&B, TCP_ACK, B.c.snd_nxt);
	CHECK_EQ(B.q[0].h.ack, A.c.snd_max);
	pass(&B, &A);
	/* a reply piggybacks the ACK: one segment, no delayed ACK left */
	tcp_conn_send(&A.c, d, 10, now);
	pass(&A, &B);
	CHECK_EQ(B.n, 0);
	tcp_conn_send(&B.c, "re", 2, now);
	expect_one(&B, TCP_ACK | TCP_PSH, B.c.snd_una);
	CHECK_EQ(B.q[0].h.ack, A.c.snd_max);
	CHECK_EQ(B.c.delack_at, 0);
	pass(&B, &A);
	/* FIN: at once */
	fire_next_timer();
	A.n = B.n = 0;
	tcp_conn_close(&A.c, now);
	pass(&A, &B);
	expect_one(&B, TCP_ACK, B.c.snd_nxt);
}

/* Nagle (RFC 9293 3.7.4): a small segment waits while data is in
 * flight, unless nodelay. */
static void test_nagle(void)
{
	setup();
	connect_pair(100, 7000);
	tcp_conn_send(&A.c, "a", 1, now);
	CHECK_EQ(A.n, 1);
	tcp_conn_send(&A.c, "b", 1, now);
	CHECK_EQ(A.n, 1); /* held: "a" is unacknowledged */
	A.c.nodelay = true;
	tcp_conn_send(&A.c, "c", 1, now);
	CHECK_EQ(A.n, 2);
	CHECK_EQ(A.q[1].h.len, 2); /* "bc" */
	A.c.nodelay = false;
	run();
	fire_next_timer();
	run();
	CHECK_EQ(A.c.snd_una, A.c.snd_max);
	tcp_conn_send(&A.c, "d", 1, now);
	CHECK_EQ(A.n, 1); /* nothing in flight: goes at once */
	tcp_conn_send(&A.c, "e", 1, now);
	CHECK_EQ(A.n, 1); /* held */
	tcp_conn_close(&A.c, now);
	CHECK_EQ(A.n, 3); /* closing: the tail and the FIN go now */
	CHECK_EQ(A.q[1].h.len, 1);
	CHECK_EQ(A.q[2].h.flags, TCP_FIN | TCP_ACK);
}

/* Persist (RFC 9293 3.8.6.1): B never reads, its window closes; A
 * probes at intervals that double up to 60 s, never using the retry
 * budget, for longer than the retries would last; B's reading reopens
 * the window and the data flows. */
static void test_persist(void)
{
	static uint8_t d[3 * BUF], in[3 * BUF], rcv[1000];
	for (unsigned i = 0; i < sizeof(d); i++)
		d[i] = (uint8_t)i;
	setup();
	tcp_conn_init(&B.c, B.sndmem, BUF, rcv, sizeof(rcv), emit, &B);
	connect_pair(100, 7000);
	uint32_t queued = (uint32_t)tcp_conn_send(&A.c, d, sizeof(d), now);
	for (int i = 0; i < 50; i++) {
		run();
		fire_next_timer();
	}
	CHECK_EQ(tcp_rcvbuf_window(&B.c.rcv), 0);
	CHECK_EQ(A.c.snd_wnd, 0);
	CHECK(A.c.persist_at != 0);
	CHECK_EQ(A.c.rexmit_at, 0);
	uint64_t last = 0, gap = 0;
	for (int i = 0; i < 3 * TCP_MAX_RETRIES; i++) {
		A.n = 0;
		uint64_t at = A.c.persist_at;
		CHECK(at > now);
		now = at;
		tcp_conn_timer(&A.c, now);
		expect_one(&A, TCP_ACK | TCP_PSH, A.c.snd_una);
		CHECK_EQ(A.q[0].h.len, 1);
		if (last) {
			uint64_t g = at - last;
			CHECK(g >= gap);            /* backs off... */
			CHECK(g <= TCP_RTO_MAX_MS); /* ...up to the cap */
			gap = g;
		}
		last = at;
		run(); /* B answers: window still 0 */
		CHECK_EQ(A.c.state, TCP_ESTABLISHED);
	}
	CHECK_EQ(gap, TCP_RTO_MAX_MS);
	CHECK_EQ(A.c.retries, 0);
	CHECK(A.c.stats.window_probes >= 3 * TCP_MAX_RETRIES);
	/* B reads everything: the window reopens and the rest arrives */
	uint32_t got = 0;
	for (int i = 0; i < 200 && got < queued; i++) {
		int m = tcp_conn_recv(&B.c, in + got, sizeof(in) - got);
		got += (uint32_t)(m > 0 ? m : 0);
		run();
		if (!A.n && !B.n)
			fire_next_timer();
	}
	CHECK_EQ(got, queued);
	CHECK_MEMEQ(in, d, queued);
}

/* Regression (found by qemu.tcp.netns.orphans): an abort sent its RST
 * at SND.MAX, one past the zero-window probe's byte, which the receiver
 * had dropped; behind a zero window only RCV.NXT is acceptable (RFC 9293
 * 3.10.7.4), so Linux dropped the RST and kept the connection open for
 * ever while tern had freed its side. The RST now goes no further right
 * than the window the peer offered. */
static void test_abort_zero_window(void)
{
	static uint8_t d[3 * BUF], rcv[1000];
	setup();
	tcp_conn_init(&B.c, B.sndmem, BUF, rcv, sizeof(rcv), emit, &B);
	connect_pair(100, 7000);
	tcp_conn_send(&A.c, d, sizeof(d), now);
	for (int i = 0; i < 50 && !A.c.persist_at; i++) {
		run();
		fire_next_timer();
	}
	CHECK_EQ(A.c.snd_wnd, 0);
	now = A.c.persist_at;
	A.n = 0;
	tcp_conn_timer(&A.c, now); /* the probe, a byte B drops */
	run();
	CHECK(seq_gt(A.c.snd_max, A.c.snd_una));
	tcp_conn_abort(&A.c);
	expect_one(&A, TCP_RST, A.c.snd_una);
	run();
	CHECK_EQ(B.c.state, TCP_CLOSED);
	CHECK_EQ(B.c.err, NET_ECONNRESET);
}

/* Buffers may be freed in TIME-WAIT (tcp.h): with both pointers NULL,
 * a resent FIN, data, timers and abort still work (ASan would catch a
 * touch). */
static void test_time_wait_no_buffers(void)
{
	setup();
	connect_pair(100, 7000);
	tcp_conn_send(&B.c, "zz", 2, now);
	tcp_conn_close(&A.c, now);
	run();
	tcp_conn_close(&B.c, now);
	run();
	CHECK_EQ(A.c.state, TCP_TIME_WAIT);
	A.c.snd.buf = A.c.rcv.buf = NULL;
	struct tcp_seg fin = {.seq = B.c.snd_max - 1,
	                      .ack = A.c.snd_max,
	                      .flags = TCP_FIN | TCP_ACK,
	                      .wnd = 100};
	tcp_conn_input(&A.c, &fin, now);
	struct tcp_seg data = fin;
	data.flags = TCP_ACK;
	data.data = "qq";
	data.len = 2;
	tcp_conn_input(&A.c, &data, now);
	tcp_conn_timer(&A.c, now + 1000);
	CHECK_EQ(tcp_conn_send(&A.c, "x", 1, now), NET_EINVAL);
	CHECK_EQ(A.c.state, TCP_TIME_WAIT);
	tcp_conn_abort(&A.c);
	CHECK_EQ(A.c.state, TCP_CLOSED);
}

/* The retransmission timer resends the first segment even when the
 * window last heard of is too small for silly-window avoidance to send
 * (regression: a 2 KiB-buffer transfer at 30 % loss timed out). */
static void test_rto_small_window(void)
{
	static uint8_t d[BUF];
	setup();
	connect_pair(100, 7000);
	A.c.snd_wnd = A.c.max_snd_wnd = 600; /* as if B had said so */
	tcp_conn_send(&A.c, d, 2000, now);
	CHECK_EQ(A.n, 1);
	CHECK_EQ(A.q[0].h.len, 600);
	A.n = 0; /* lost */
	now = A.c.rexmit_at;
	tcp_conn_timer(&A.c, now);
	expect_one(&A, TCP_ACK | TCP_PSH, A.c.snd_una);
	CHECK_EQ(A.q[0].h.len, 600);
	CHECK_EQ(A.c.stats.timeouts, 1);
}

/* RFC 5681 4.1: after an idle RTO cwnd is back to the initial window;
 * sooner, it keeps what it grew to. */
static void test_idle_restart(void)
{
	static uint8_t d[BUF], in[BUF];
	setup();
	connect_pair(100, 7000);
	uint32_t iw = tcp_cc_initial_window(A.c.smss);
	for (int round = 0; round < 4; round++) {
		tcp_conn_send(&A.c, d, BUF, now);
		for (int i = 0; i < 20; i++) {
			run();
			tcp_conn_recv(&B.c, in, sizeof(in));
			run(); /* the window update, before any timer */
			fire_next_timer();
		}
	}
	CHECK(A.c.cc.cwnd > iw);
	for (int i = 0; i < 2; i++) {
		/* one byte at t0, ACKed (delayed) and quiet again */
		uint64_t t0 = now;
		tcp_conn_send(&A.c, d, 1, now);
		run();
		now += TCP_DELACK_MS;
		tcp_conn_timer(&B.c, now);
		run();
		CHECK_EQ(A.c.snd_una, A.c.snd_max);
		uint32_t grown = A.c.cc.cwnd;
		/* idle for exactly an RTO: kept; for longer: back to IW */
		now = t0 + tcp_rtt_rto(&A.c.rtt) + (uint64_t)i;
		tcp_conn_send(&A.c, d, 1, now);
		CHECK_EQ(A.c.cc.cwnd, i ? iw : grown);
		run();
		now += TCP_DELACK_MS;
		tcp_conn_timer(&B.c, now);
		run();
	}
}

int main(void)
{
	test_rng_seed();
	test_handshake();
	test_simultaneous_open();
	test_data();
	test_active_close();
	test_simultaneous_close();
	test_fin_wait_1_to_time_wait();
	test_close_early();
	test_refused_and_abort();
	test_syn_received_reset();
	test_5961_rst();
	test_5961_syn();
	test_5961_ack();
	test_5961_rate();
	test_5961_shared_budget();
	test_retransmit();
	test_congestion();
	test_huge_cwnd();
	test_lossy();
	test_window_scale();
	test_timestamps();
	test_sack();
	test_delayed_ack();
	test_nagle();
	test_persist();
	test_abort_zero_window();
	test_time_wait_no_buffers();
	test_rto_small_window();
	test_idle_restart();
	return test_finish();
}
