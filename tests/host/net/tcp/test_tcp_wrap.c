/* SPDX-License-Identifier: MIT */
/*
 * Sequence numbers across 2^32 (RFC 9293 3.4): tcp_seq.h at the boundary,
 * handshakes with both ISNs just below 2^32, 4 MiB each way at once whose
 * sequence numbers wrap (clean, then with loss and reordering),
 * out-of-order segments straddling the wrap, a FIN on 2^32 - 1 and on 0,
 * an RTT sample timed across the wrap, and receive-window edges that
 * span it.
 */
#include "../../test.h"
#include "connpair.h"
#include "tcp/tcp_rtt.h"
#include <string.h>

#define TOP 0xffffffffu

/* ---- tcp_seq.h at 2^32 and at the 2^31 antipode ---- */

static void test_seq_boundary(void)
{
	CHECK_EQ(seq_diff(0, TOP), 1);
	CHECK_EQ(seq_diff(TOP, 0), -1);
	CHECK(seq_lt(TOP, 0) && seq_le(TOP, 0) && !seq_lt(0, TOP));
	CHECK(seq_gt(0, TOP) && seq_ge(0, TOP) && !seq_gt(TOP, 0));
	CHECK(seq_le(TOP, TOP) && seq_ge(0, 0));
	CHECK_EQ(seq_max(TOP, 0), 0);
	CHECK_EQ(seq_min(TOP, 0), TOP);
	CHECK_EQ(seq_max(0xfffffff0u, 5), 5);
	/* distances up to 2^31 - 1 order correctly across the wrap */
	for (tcp_seq_t a = TOP - 3; a != 4; a++) {
		CHECK(seq_lt(a, a + 0x7fffffffu));
		CHECK(seq_gt(a + 0x7fffffffu, a));
		CHECK(seq_gt(a, a - 0x7fffffffu));
		/* exactly 2^31 apart the order is undefined: seq_diff gives
		 * INT32_MIN both ways, so each looks "before" the other */
		CHECK_EQ(seq_diff(a + 0x80000000u, a), INT32_MIN);
		CHECK(seq_lt(a, a + 0x80000000u) && seq_lt(a + 0x80000000u, a));
	}
	/* windows holding 2^32 - 1 and 0 */
	CHECK(seq_in_window(0, TOP, 2));
	CHECK(seq_in_window(TOP, TOP, 2));
	CHECK(!seq_in_window(1, TOP, 2));
	CHECK(!seq_in_window(TOP - 1, TOP, 2));
	CHECK(!seq_in_window(TOP, TOP, 0));
	CHECK(seq_between(0, 0xfffffff0u, 0x10));
	CHECK(seq_between(0x10, 0xfffffff0u, 0x10));
	CHECK(!seq_between(0x11, 0xfffffff0u, 0x10));
	CHECK(!seq_between(0xffffffefu, 0xfffffff0u, 0x10));
	/* 3.4's four cases with the window [2^32 - 2, 2) */
	tcp_seq_t nxt = TOP - 1;
	CHECK(seq_acceptable(TOP, 0, nxt, 4));
	CHECK(seq_acceptable(1, 0, nxt, 4));
	CHECK(!seq_acceptable(2, 0, nxt, 4));
	CHECK(seq_acceptable(nxt, 0, nxt, 0));
	CHECK(!seq_acceptable(TOP, 0, nxt, 0));
	CHECK(!seq_acceptable(nxt, 1, nxt, 0));
	CHECK(seq_acceptable(TOP - 3, 3, nxt, 4));  /* last octet in */
	CHECK(!seq_acceptable(TOP - 3, 2, nxt, 4)); /* ends before */
	CHECK(seq_acceptable(1, 5, nxt, 4));        /* first octet in */
	CHECK(!seq_acceptable(2, 5, nxt, 4));
	/* spanning the whole window: neither end inside, and 3.4 tests
	 * only the two ends */
	CHECK(!seq_acceptable(TOP - 9, 20, nxt, 4));
}

/* ---- handshakes ---- */

static void test_handshake_isn_top(void)
{
	static const tcp_seq_t isns[][2] = {
	    {TOP, TOP}, {TOP - 1, TOP}, {TOP, 0}, {0, TOP - 1}};
	for (unsigned i = 0; i < 4; i++) {
		struct cp_pair p;
		cp_init(&p, 4096);
		CHECK(cp_connect(&p, isns[i][0], isns[i][1]));
		CHECK_EQ(p.a.c.snd_una, isns[i][0] + 1);
		CHECK_EQ(p.b.c.rcv.nxt, isns[i][0] + 1);
		CHECK_EQ(p.a.c.rcv.nxt, isns[i][1] + 1);
		/* a byte each way, then both read it */
		CHECK_EQ(tcp_conn_send(&p.a.c, "a", 1, p.now), 1);
		CHECK_EQ(tcp_conn_send(&p.b.c, "b", 1, p.now), 1);
		cp_settle(&p);
		char c = 0;
		CHECK_EQ(tcp_conn_recv(&p.b.c, &c, 1), 1);
		CHECK_EQ(c, 'a');
		CHECK_EQ(tcp_conn_recv(&p.a.c, &c, 1), 1);
		CHECK_EQ(c, 'b');
		CHECK_EQ(p.a.c.snd_una, isns[i][0] + 2);
		CHECK_EQ(p.b.c.snd_una, isns[i][1] + 2);
		cp_free(&p);
	}
}

/* ---- bulk transfers both ways across the wrap ---- */

/* Byte i of a stream; salt tells the two directions apart. */
static uint8_t pat(uint64_t i, uint8_t salt)
{
	return (uint8_t)(i * 131 + (i >> 11) + salt);
}

struct stream {
	uint64_t sent, got, total;
	uint8_t salt;
	unsigned long bad; /* bytes that differed */
};

static void stream_send(struct cp_pair *p, struct cp_end *e, struct stream *s)
{
	static uint8_t buf[16384];
	uint32_t room = tcp_sndbuf_free(&e->c.snd);
	uint64_t n = s->total - s->sent;
	if (n > room)
		n = room;
	if (n > sizeof(buf))
		n = sizeof(buf);
	if (!n)
		return;
	for (uint64_t i = 0; i < n; i++)
		buf[i] = pat(s->sent + i, s->salt);
	int w = tcp_conn_send(&e->c, buf, n, p->now);
	CHECK(w >= 0);
	if (w > 0)
		s->sent += (uint64_t)w;
}

static void stream_recv(struct cp_end *e, struct stream *s)
{
	static uint8_t buf[16384];
	int m = tcp_conn_recv(&e->c, buf, sizeof(buf));
	if (m <= 0) {
		CHECK_EQ(m, NET_EAGAIN);
		return;
	}
	for (int i = 0; i < m; i++)
		s->bad += buf[i] != pat(s->got + (uint64_t)i, s->salt);
	s->got += (uint64_t)m;
}

struct link {
	unsigned loss_pct, reorder_pct;
};

/* Move what `from` has queued now to `to`: a loss_pct share lost, a
 * reorder_pct share held back behind the next segment. */
static unsigned long shuttle(struct cp_pair *p, struct cp_end *from,
                             struct cp_end *to, const struct link *l)
{
	struct cp_pkt k, held;
	bool holding = false;
	unsigned long moved = 0;
	for (unsigned n = from->n; n && cp_pop(from, &k); n--) {
		moved++;
		if (test_rand_below(100) < l->loss_pct)
			continue;
		if (!holding && test_rand_below(100) < l->reorder_pct) {
			held = k;
			held.h.data = held.data;
			holding = true;
			continue;
		}
		tcp_conn_input(&to->c, &k.h, p->now);
		if (holding) {
			tcp_conn_input(&to->c, &held.h, p->now);
			holding = false;
		}
	}
	if (holding)
		tcp_conn_input(&to->c, &held.h, p->now);
	return moved;
}

/* The right edge each end advertised last (buffers < 64 KiB: no scale). */
static struct cp_end *edge_end[2];
static tcp_seq_t edge[2];
static bool edge_set[2];
static unsigned long edge_back;

/* Emit hook: the advertised right edge never moves left (RFC 9293
 * 3.8.6.2.2), also across 2^32; never drops. */
static bool watch_edge(struct cp_end *e, const struct tcp_seg *h)
{
	int i = e == edge_end[1];
	if (!(h->flags & TCP_ACK) || (h->flags & TCP_RST))
		return false;
	tcp_seq_t right = h->ack + h->wnd;
	if (edge_set[i] && seq_lt(right, edge[i]))
		edge_back++;
	if (!edge_set[i] || seq_gt(right, edge[i]))
		edge[i] = right;
	edge_set[i] = true;
	return false;
}

/* Nothing sent beyond the peer's window (one byte past a shut window:
 * the probe of 3.8.6.1). */
static bool within_window(const struct tcp_conn *c)
{
	uint32_t w = c->snd_wnd ? c->snd_wnd : 1;
	return seq_le(c->snd_max, c->snd_una + w);
}

static void bulk(tcp_seq_t isa, tcp_seq_t isb, uint64_t total,
                 const struct link *l)
{
	struct cp_pair p;
	cp_init(&p, 60000);
	edge_end[0] = &p.a, edge_end[1] = &p.b;
	edge_set[0] = edge_set[1] = false;
	edge_back = 0;
	p.a.drop = p.b.drop = watch_edge;
	CHECK(cp_connect(&p, isa, isb));
	struct stream ab = {.total = total, .salt = 1};
	struct stream ba = {.total = total, .salt = 77};
	unsigned long outside = 0, iter = 0;
	while ((ab.got < total || ba.got < total) && iter++ < 5000000) {
		stream_send(&p, &p.a, &ab);
		stream_send(&p, &p.b, &ba);
		unsigned long moved =
		    shuttle(&p, &p.a, &p.b, l) + shuttle(&p, &p.b, &p.a, l);
		stream_recv(&p.b, &ab);
		stream_recv(&p.a, &ba);
		outside += !within_window(&p.a.c) + !within_window(&p.b.c);
		if (!moved)
			cp_tick(&p, 10);
		if (p.a.c.err || p.b.c.err)
			break;
	}
	cp_settle(&p);
	CHECK_EQ(ab.got, total);
	CHECK_EQ(ba.got, total);
	CHECK_EQ(ab.bad, 0);
	CHECK_EQ(ba.bad, 0);
	CHECK_EQ(outside, 0);
	CHECK_EQ(edge_back, 0);
	CHECK_EQ(p.a.c.err, 0);
	CHECK_EQ(p.b.c.err, 0);
	/* every byte acknowledged, the sequence numbers went round */
	CHECK_EQ(p.a.c.snd_una, (tcp_seq_t)(isa + 1 + total));
	CHECK_EQ(p.b.c.snd_una, (tcp_seq_t)(isb + 1 + total));
	CHECK_EQ(p.b.c.rcv.nxt, p.a.c.snd_una);
	CHECK_EQ(p.a.c.rcv.nxt, p.b.c.snd_una);
	CHECK(p.a.c.snd_una < isa && p.b.c.snd_una < isb);
	CHECK(p.a.max_len <= p.a.c.smss && p.b.max_len <= p.b.c.smss);
	printf("bulk %llu B each way, loss %u%% reorder %u%%: %llu ms "
	       "simulated, %lu + %lu segments\n",
	       (unsigned long long)total, l->loss_pct, l->reorder_pct,
	       (unsigned long long)(p.now - 1000), p.a.emitted, p.b.emitted);
	cp_free(&p);
}

static void test_bulk(void)
{
	const uint64_t mib = 1u << 20;
	bulk(TOP - mib, TOP - 3 * mib, 4 * mib, &(struct link){0, 0});
	bulk(TOP - 2 * mib, TOP - 100, 3 * mib, &(struct link){2, 5});
}

/* ---- receiving side, segments forged into B ---- */

/* Byte at sequence number s of the forged stream. */
static uint8_t at(tcp_seq_t s)
{
	return (uint8_t)(s * 7 + (s >> 8) + 3);
}

static void forge(struct cp_pair *p, tcp_seq_t seq, uint32_t len, uint8_t fl)
{
	static uint8_t buf[TCP_CONN_MSS];
	for (uint32_t i = 0; i < len; i++)
		buf[i] = at(seq + i);
	struct tcp_seg s = {.seq = seq,
	                    .ack = p->b.c.snd_nxt,
	                    .flags = (uint8_t)(TCP_ACK | fl),
	                    .wnd = 4096,
	                    .data = buf,
	                    .len = len};
	tcp_conn_input(&p->b.c, &s, p->now);
}

/* The ACK field of the last segment B sent (after delayed ACKs). */
static tcp_seq_t last_ack(struct cp_pair *p)
{
	tcp_seq_t ack = 0;
	struct cp_pkt k;
	p->now += CP_DELACK_MS;
	tcp_conn_timer(&p->b.c, p->now);
	CHECK(p->b.n > 0);
	while (cp_pop(&p->b, &k))
		ack = k.h.ack;
	return ack;
}

/* Read all B has in order from sequence number from; check the bytes. */
static uint32_t drain(struct cp_pair *p, tcp_seq_t from)
{
	static uint8_t buf[8192];
	int m = tcp_conn_recv(&p->b.c, buf, sizeof(buf));
	if (m <= 0)
		return 0;
	unsigned bad = 0;
	for (int i = 0; i < m; i++)
		bad += buf[i] != at(from + (uint32_t)i);
	CHECK_EQ(bad, 0);
	return (uint32_t)m;
}

/* Pieces of [nxt, nxt + total) straddling 2^32, sent shuffled and some
 * twice, in rounds (a peer resending what is not yet acked) until B has
 * it all; only the piece at RCV.NXT moves the ACK. */
static void test_ooo_wrap(void)
{
	for (int round = 0; round < 20; round++) {
		struct cp_pair p;
		cp_init(&p, 4096);
		tcp_seq_t isa = TOP - 1 - (tcp_seq_t)test_rand_below(2000);
		CHECK(cp_connect(&p, isa, 500));
		tcp_seq_t nxt = isa + 1, end = nxt + 3000;
		struct {
			tcp_seq_t seq;
			uint32_t len;
		} pc[64];
		unsigned n = 0;
		for (tcp_seq_t s = nxt; s != end; n++) {
			uint32_t len = 1 + (uint32_t)test_rand_below(300);
			if (len > (uint32_t)(end - s))
				len = end - s;
			pc[n].seq = s, pc[n].len = len;
			s += len;
		}
		/* everything but the first piece: nothing acked */
		for (unsigned i = n - 1; i > 0; i--)
			forge(&p, pc[i].seq, pc[i].len, 0);
		CHECK_EQ(p.b.c.rcv.nxt, nxt);
		CHECK_EQ(last_ack(&p), nxt);
		uint32_t got = 0;
		for (int pass = 0; pass < 50 && p.b.c.rcv.nxt != end; pass++) {
			for (unsigned i = 0; i < n; i++) {
				unsigned j = (unsigned)test_rand_below(n);
				if (seq_gt(pc[j].seq + pc[j].len,
				           p.b.c.rcv.nxt))
					forge(&p, pc[j].seq, pc[j].len, 0);
			}
			forge(&p, pc[0].seq, pc[0].len, 0);
			got += drain(&p, nxt + got);
		}
		CHECK_EQ(p.b.c.rcv.nxt, end);
		got += drain(&p, nxt + got);
		CHECK_EQ(got, 3000);
		CHECK_EQ(last_ack(&p), end);
		cp_free(&p);
	}
}

/* B's receive window [RCV.NXT, RCV.NXT + 4096) spans 2^32: the last
 * octet inside is taken, the first outside is not (3.4), a segment
 * starting before RCV.NXT is trimmed to the new part. */
static void test_window_edges(void)
{
	struct cp_pair p;
	cp_init(&p, 4096);
	tcp_seq_t isa = TOP - 2048;
	CHECK(cp_connect(&p, isa, 9));
	tcp_seq_t nxt = isa + 1;
	CHECK_EQ(tcp_conn_send(&p.b.c, "w", 1, p.now), 1);
	CHECK_EQ(last_ack(&p), nxt);
	tcp_seq_t right = nxt + 4096; /* what B has room for */
	CHECK(right < nxt);           /* the window spans 2^32 */
	forge(&p, right, 1, 0);       /* first octet outside */
	CHECK_EQ(last_ack(&p), nxt);  /* answered with an ACK (3.10.7.4) */
	forge(&p, right - 1, 1, 0);   /* last octet inside */
	forge(&p, right - 2, 2, 0);   /* overlaps both */
	/* the old and new parts of one segment: trimmed to the new */
	forge(&p, nxt - 100, 200, 0);
	CHECK_EQ(p.b.c.rcv.nxt, nxt + 100);
	uint32_t got = drain(&p, nxt);
	CHECK_EQ(got, 100);
	/* fill the hole up to the taken octets at the old edge */
	for (tcp_seq_t s = nxt + 100; s != right - 2;) {
		uint32_t len = right - 2 - s;
		if (len > 1000)
			len = 1000;
		forge(&p, s, len, 0);
		s += len;
		got += drain(&p, nxt + got);
	}
	got += drain(&p, nxt + got);
	CHECK_EQ(p.b.c.rcv.nxt, right);
	CHECK_EQ(got, 4096);
	/* the octet that was outside: B's window has moved on, now it is in */
	forge(&p, right, 1, 0);
	CHECK_EQ(p.b.c.rcv.nxt, right + 1);
	CHECK_EQ(drain(&p, right), 1);
	cp_free(&p);
}

/* A FIN taking sequence number 2^32 - 1 (then one taking 0): ACKed with
 * 0 (then 1), both ends close through TIME-WAIT. */
static void test_fin_at_wrap(void)
{
	for (uint32_t fin_at = TOP; fin_at != 1; fin_at++) {
		struct cp_pair p;
		cp_init(&p, 4096);
		uint32_t n = 1000;
		tcp_seq_t isa = fin_at - 1 - n; /* data isa+1 .. fin_at-1 */
		CHECK(cp_connect(&p, isa, 42));
		static uint8_t d[1000];
		for (uint32_t i = 0; i < n; i++)
			d[i] = at(isa + 1 + i);
		CHECK_EQ(tcp_conn_send(&p.a.c, d, n, p.now), (int)n);
		CHECK_EQ(tcp_conn_close(&p.a.c, p.now), 0);
		cp_deliver(&p);
		struct cp_pkt k;
		/* A's FIN sits on fin_at */
		CHECK_EQ(p.a.c.snd_max, fin_at + 1);
		CHECK_EQ(p.b.c.state, TCP_CLOSE_WAIT);
		CHECK_EQ(p.b.c.rcv.nxt + 1, fin_at + 1);
		cp_settle(&p);
		CHECK_EQ(p.a.c.state, TCP_FIN_WAIT_2);
		CHECK_EQ(p.a.c.snd_una, fin_at + 1);
		CHECK_EQ(drain(&p, isa + 1), n);
		CHECK_EQ(tcp_conn_recv(&p.b.c, d, 1), 0); /* EOF */
		CHECK_EQ(tcp_conn_close(&p.b.c, p.now), 0);
		CHECK(cp_pop(&p.b, &k));
		CHECK_EQ(k.h.flags & TCP_FIN, TCP_FIN);
		CHECK_EQ(k.h.ack, fin_at + 1);
		tcp_conn_input(&p.a.c, &k.h, p.now);
		cp_settle(&p);
		CHECK_EQ(p.a.c.state, TCP_TIME_WAIT);
		CHECK_EQ(p.b.c.state, TCP_CLOSED);
		CHECK_EQ(p.b.c.err, 0);
		cp_free(&p);
	}
}

/* A segment sent at t and acked at t + 300 ms, its sequence numbers
 * crossing 2^32: the estimator gets exactly that sample (RFC 6298 2). */
static void test_rtt_across_wrap(void)
{
	struct cp_pair p;
	cp_init(&p, 4096);
	tcp_seq_t isa = TOP - 500;
	CHECK(cp_connect(&p, isa, 1));
	static uint8_t d[1000];
	CHECK_EQ(tcp_conn_send(&p.a.c, d, sizeof(d), p.now), 1000);
	struct cp_pkt k;
	CHECK(cp_pop(&p.a, &k));
	CHECK(seq_lt(k.h.seq, 0) && seq_gt(k.h.seq + k.h.len, 0)); /* spans 0 */
	cp_clear(&p.a);
	struct tcp_rtt model = p.a.c.rtt;
	tcp_rtt_sample(&model, 300);
	p.now += 300;
	struct tcp_seg ack = {.seq = p.a.c.rcv.nxt,
	                      .ack = k.h.seq + k.h.len,
	                      .flags = TCP_ACK,
	                      .wnd = 4096};
	tcp_conn_input(&p.a.c, &ack, p.now);
	CHECK_EQ(p.a.c.snd_una, k.h.seq + k.h.len);
	CHECK(p.a.c.rtt.has_sample);
	CHECK_EQ(p.a.c.rtt.srtt_us, model.srtt_us);
	CHECK_EQ(p.a.c.rtt.rttvar_us, model.rttvar_us);
	CHECK_EQ(tcp_rtt_rto(&p.a.c.rtt), tcp_rtt_rto(&model));
	cp_free(&p);
}

/* B's window shuts with RCV.NXT on 2^32 - 1: A's persist probes
 * (3.8.6.1) sit on the wrap and are not taken; once B reads, the rest
 * crosses the wrap intact. */
static void test_zero_window_at_wrap(void)
{
	struct cp_pair p;
	cp_init(&p, 4096);
	tcp_seq_t isa = TOP - 4097; /* byte 4096 of A's stream is on TOP */
	CHECK(cp_connect(&p, isa, 3));
	static uint8_t d[6000], in[6000];
	for (unsigned i = 0; i < sizeof(d); i++)
		d[i] = at(isa + 1 + i);
	uint32_t sent = 0;
	for (int i = 0; i < 20 && sent < sizeof(d); i++) {
		int w =
		    tcp_conn_send(&p.a.c, d + sent, sizeof(d) - sent, p.now);
		CHECK(w >= 0);
		sent += (uint32_t)(w > 0 ? w : 0);
		cp_settle(&p);
	}
	tcp_seq_t stop = p.b.c.rcv.nxt;
	CHECK_EQ(stop, TOP); /* full: 4096 bytes unread */
	CHECK_EQ(p.a.c.snd_una, stop);
	CHECK_EQ(p.a.c.snd_wnd, 0);
	/* persist probes, one byte each at SND.UNA = 2^32 - 1 */
	unsigned probes = 0;
	for (int i = 0; i < 4; i++) {
		uint64_t t = tcp_conn_next_timer(&p.a.c);
		CHECK(t > p.now);
		p.now = t;
		tcp_conn_timer(&p.a.c, p.now);
		struct cp_pkt k;
		while (cp_pop(&p.a, &k)) {
			if (k.h.len) {
				CHECK_EQ(k.h.seq, p.a.c.snd_una);
				CHECK(k.h.len == 1);
				probes++;
			}
			tcp_conn_input(&p.b.c, &k.h, p.now);
		}
		cp_deliver(&p);
		CHECK_EQ(p.b.c.rcv.nxt, TOP);
		CHECK_EQ(p.a.c.state, TCP_ESTABLISHED);
	}
	CHECK(probes >= 3);
	/* B reads: the window opens and the rest arrives */
	uint32_t got = 0;
	for (int i = 0; i < 50 && got < sent; i++) {
		int m = tcp_conn_recv(&p.b.c, in + got, sizeof(in) - got);
		got += (uint32_t)(m > 0 ? m : 0);
		if (sent < sizeof(d)) {
			int w = tcp_conn_send(&p.a.c, d + sent,
			                      sizeof(d) - sent, p.now);
			sent += (uint32_t)(w > 0 ? w : 0);
		}
		cp_settle(&p);
		if (m <= 0)
			cp_tick(&p, 1000);
	}
	CHECK_EQ(got, sizeof(d));
	CHECK_MEMEQ(in, d, sizeof(d));
	CHECK_EQ(p.a.c.snd_una, isa + 1 + (tcp_seq_t)sizeof(d));
	CHECK_EQ(p.a.c.err, 0);
	cp_free(&p);
}

int main(void)
{
	test_rng_seed();
	test_seq_boundary();
	test_handshake_isn_top();
	test_ooo_wrap();
	test_window_edges();
	test_fin_at_wrap();
	test_rtt_across_wrap();
	test_zero_window_at_wrap();
	test_bulk();
	return test_finish();
}
