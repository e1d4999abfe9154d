/* SPDX-License-Identifier: MIT */
/* The simulated link and the transfer driver (tcplink.h). */
#include "tcplink.h"
#include "../../test.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pkt {
	uint64_t at_us, order; /* arrival time; ties keep emission order */
	int to;                /* 0 = A, 1 = B */
	struct tcp_seg h;
	uint8_t data[TCP_CONN_MSS];
};

struct sim;

struct end {
	struct sim *sim;
	int idx;
	struct tcp_conn c;
	uint8_t *sndmem, *rcvmem;
	uint64_t busy_until_us; /* the outgoing line is serialising until */
	uint64_t sent, got;     /* stream bytes queued / received */
	tcp_seq_t edge;         /* right edge advertised so far */
	bool edge_set;
	bool closed, eof;
};

struct sim {
	const struct tl_cfg *cfg;
	struct tl_result *res;
	uint64_t rng;
	uint64_t now_us, order;
	struct end e[2];
	struct pkt **heap; /* min-heap by (at_us, order) */
	size_t n, cap;
};

/* xorshift64*: deterministic from cfg->seed. */
static uint64_t rnd(struct sim *s)
{
	s->rng ^= s->rng >> 12;
	s->rng ^= s->rng << 25;
	s->rng ^= s->rng >> 27;
	return s->rng * 0x2545f4914f6cdd1dull;
}

static bool chance(struct sim *s, uint32_t ppm)
{
	return ppm && rnd(s) % 1000000 < ppm;
}

static bool before(const struct pkt *a, const struct pkt *b)
{
	return a->at_us < b->at_us ||
	       (a->at_us == b->at_us && a->order < b->order);
}

static void heap_push(struct sim *s, struct pkt *p)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 256;
		s->heap = realloc(s->heap, s->cap * sizeof(*s->heap));
		if (!s->heap)
			abort();
	}
	size_t i = s->n++;
	while (i && before(p, s->heap[(i - 1) / 2])) {
		s->heap[i] = s->heap[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	s->heap[i] = p;
}

static struct pkt *heap_pop(struct sim *s)
{
	struct pkt *top = s->heap[0], *last = s->heap[--s->n];
	size_t i = 0;
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= s->n)
			break;
		if (c + 1 < s->n && before(s->heap[c + 1], s->heap[c]))
			c++;
		if (!before(s->heap[c], last))
			break;
		s->heap[i] = s->heap[c];
		i = c;
	}
	if (s->n)
		s->heap[i] = last;
	return top;
}

/* Bytes on the wire: IPv4 + TCP headers, options, payload. */
static uint32_t wire_len(const struct tcp_seg *h)
{
	uint32_t n = 40 + h->len;
	if (h->opts.mss_set)
		n += 4;
	if (h->opts.ws_set)
		n += 4;
	if (h->opts.ts_set)
		n += TCP_TS_OPT_LEN;
	return n;
}

/* Queue one copy of the segment on the line from e. */
static void send_copy(struct end *e, const struct pkt *proto, bool late)
{
	struct sim *s = e->sim;
	const struct tl_cfg *cfg = s->cfg;
	struct pkt *p = malloc(sizeof(*p));
	if (!p)
		abort();
	*p = *proto;
	uint64_t start =
	    s->now_us > e->busy_until_us ? s->now_us : e->busy_until_us;
	uint64_t ser = cfg->rate_bps ? (uint64_t)wire_len(&p->h) * 8 * 1000000 /
	                                   cfg->rate_bps
	                             : 0;
	e->busy_until_us = start + ser;
	p->at_us = e->busy_until_us + cfg->delay_us;
	if (late)
		p->at_us += 1 + rnd(s) % (cfg->delay_us + 1000);
	p->order = s->order++;
	p->h.data = p->data;
	heap_push(s, p);
}

/* RFC 9293 3.8.6.2.2: the right edge (ACK + window) never moves left,
 * give or take the rounding of a scaled field (RFC 7323 2.4). */
static void watch_edge(struct end *e, const struct tcp_seg *h, uint32_t w)
{
	if (!(h->flags & TCP_ACK) || (h->flags & (TCP_RST | TCP_SYN)))
		return;
	tcp_seq_t right = h->ack + w;
	e->sim->res->zero_wnd[e->idx] += w == 0;
	uint32_t slack = (1u << e->c.rcv_ws) - 1;
	if (e->edge_set && seq_lt(right + slack, e->edge))
		e->sim->res->shrinks[e->idx]++;
	if (!e->edge_set || seq_gt(right, e->edge))
		e->edge = right;
	e->edge_set = true;
}

/* One segment onto the wire (len <= TCP_CONN_MSS payload bytes). */
static void wire_send(struct end *e, const struct tcp_seg *h, const void *data,
                      size_t len)
{
	struct sim *s = e->sim;
	struct tl_result *r = s->res;
	struct pkt p = {.to = !e->idx, .h = *h};
	if (len > TCP_CONN_MSS || len != h->len)
		abort(); /* the connection broke its own MSS */
	if (len)
		memcpy(p.data, data, len);
	if (h->flags & TCP_SYN) {
		p.h.opts.ws_set &= !s->cfg->strip_ws;
		p.h.opts.ts_set &= !s->cfg->strip_ts;
	}
	uint32_t w =
	    (h->flags & TCP_SYN) ? h->wnd : (uint32_t)h->wnd << e->c.rcv_ws;
	watch_edge(e, h, w);
	if (!(h->flags & TCP_RST) && w > r->max_adv_wnd[e->idx])
		r->max_adv_wnd[e->idx] = w;
	r->segs++;
	if (chance(s, s->cfg->loss_ppm)) {
		r->lost++;
		return;
	}
	bool late = chance(s, s->cfg->reorder_ppm);
	r->reordered += late;
	send_copy(e, &p, late);
	if (chance(s, s->cfg->dup_ppm)) {
		r->duped++;
		send_copy(e, &p, false);
	}
}

/* The emit callback. A super-segment (cfg->gso_max) is cut as a TSO
 * device cuts it (net/include/net/netdev.h): pieces of h->gso bytes,
 * FIN and PSH on the last only, each lost or reordered on its own. */
static void emit(void *ctx, const struct tcp_seg *h,
                 const struct tcp_payload *pl)
{
	static uint8_t buf[65536];
	struct end *e = ctx;
	size_t len = tcp_payload_len(pl);
	if (len != h->len || (len > e->c.smss && h->gso != e->c.smss) ||
	    len > e->sim->cfg->gso_max + e->c.smss)
		abort(); /* a super-segment the connection may not build */
	if (len)
		tcp_payload_copy(pl, buf);
	if (len <= e->c.smss) {
		wire_send(e, h, buf, len);
		return;
	}
	e->sim->res->super_segs++;
	for (size_t off = 0; off < len; off += h->gso) {
		struct tcp_seg piece = *h;
		size_t n = len - off < h->gso ? len - off : h->gso;
		piece.seq = h->seq + (uint32_t)off;
		piece.len = (uint32_t)n;
		piece.gso = 0;
		if (off + n < len)
			piece.flags &= (uint8_t) ~(TCP_FIN | TCP_PSH);
		wire_send(e, &piece, buf + off, n);
	}
}

/* Byte i of the stream from end `dir`: position-dependent, not periodic
 * at any segment or ring size. */
static uint8_t pat(uint64_t i, int dir)
{
	uint64_t x = (i + 1) * 0x9e3779b97f4a7c15ull ^ (uint64_t)dir << 40;
	return (uint8_t)(x >> 29);
}

/* The periodic stream from end `dir` (tcplink.h): TL_PERIOD bytes of
 * pat() and then its first 64 KiB again, so that any read or send of up
 * to 64 KiB from offset i % TL_PERIOD is one contiguous slice. */
static const uint8_t *period_block(int dir)
{
	static uint8_t blk[2][TL_PERIOD + 65536];
	static bool built[2];
	if (!built[dir]) {
		for (uint32_t j = 0; j < sizeof(blk[dir]); j++)
			blk[dir][j] = pat(j % TL_PERIOD, dir);
		built[dir] = true;
	}
	return blk[dir];
}

/* How much a slow reader may read now: its rate times the time so far,
 * less what it read, on read_every_ms ticks only. */
static uint64_t read_allowance(const struct sim *s, const struct end *e)
{
	const struct tl_cfg *cfg = s->cfg;
	if (!cfg->read_Bps)
		return UINT64_MAX;
	uint64_t ms = s->now_us / 1000;
	if (ms % cfg->read_every_ms)
		return 0;
	uint64_t may = ms * cfg->read_Bps / 1000;
	return may > e->got ? may - e->got : 0;
}

/* Queue up to 64 KiB more of e's stream (total bytes in all); true if
 * the connection took some. */
static bool app_send(struct sim *s, struct end *e, uint64_t total, uint8_t *buf,
                     uint32_t cap, uint64_t now_ms)
{
	uint32_t room = tcp_sndbuf_free(&e->c.snd);
	uint64_t n = total - e->sent;
	if (n > room)
		n = room;
	if (n > cap)
		n = cap;
	if (!n || e->c.state < TCP_ESTABLISHED || e->closed)
		return false;
	const uint8_t *src = buf;
	if (s->cfg->periodic)
		src = period_block(e->idx) + e->sent % TL_PERIOD;
	else
		for (uint64_t i = 0; i < n; i++)
			buf[i] = pat(e->sent + i, e->idx);
	int w = tcp_conn_send(&e->c, src, n, now_ms);
	if (w > 0)
		e->sent += (uint64_t)w;
	return w > 0;
}

/* Count the bytes of buf[0..m) (stream offset e->got) that differ from
 * the peer's pattern. */
static uint64_t bad_bytes(const struct sim *s, const struct end *e,
                          const uint8_t *buf, int m)
{
	uint64_t bad = 0;
	if (s->cfg->periodic) {
		const uint8_t *want =
		    period_block(!e->idx) + e->got % TL_PERIOD;
		if (!memcmp(buf, want, (size_t)m))
			return 0;
		for (int i = 0; i < m; i++)
			bad += buf[i] != want[i];
		return bad;
	}
	for (int i = 0; i < m; i++)
		bad += buf[i] != pat(e->got + i, !e->idx);
	return bad;
}

/* The applications: keep the send buffer full (send total bytes), read
 * all there is, close once everything is queued. */
static void app(struct sim *s, struct end *e, uint64_t total)
{
	static uint8_t buf[65536];
	uint64_t now_ms = s->now_us / 1000;
	while (app_send(s, e, total, buf, sizeof(buf), now_ms) &&
	       s->cfg->periodic)
		; /* gigabyte runs: fill the whole buffer at once */
	if (e->sent == total && !e->closed && e->c.state >= TCP_ESTABLISHED &&
	    tcp_conn_close(&e->c, now_ms) == 0)
		e->closed = true;
	uint64_t allow = read_allowance(s, e);
	while (allow) {
		int m = tcp_conn_recv(
		    &e->c, buf, allow < sizeof(buf) ? allow : sizeof(buf));
		if (m == 0)
			e->eof = true;
		if (m <= 0)
			break;
		s->res->bad[e->idx] += bad_bytes(s, e, buf, m);
		e->got += (uint64_t)m;
		allow -= (uint64_t)m;
	}
	uint32_t fl = e->c.snd_nxt - e->c.snd_una;
	if (e->c.state >= TCP_ESTABLISHED && fl > s->res->max_inflight[e->idx])
		s->res->max_inflight[e->idx] = fl;
}

static bool finished(const struct end *e, uint64_t total)
{
	bool gone = e->c.state == TCP_TIME_WAIT || e->c.state == TCP_CLOSED;
	return e->got == total && e->eof && gone;
}

/* The time of the next event (arrival or timer), in us; 0 if none. */
static uint64_t next_event(const struct sim *s)
{
	uint64_t t = s->n ? s->heap[0]->at_us : 0;
	for (int i = 0; i < 2; i++) {
		uint64_t ms = tcp_conn_next_timer(&s->e[i].c);
		if (ms && s->e[i].c.state != TCP_TIME_WAIT &&
		    (!t || ms * 1000 < t))
			t = ms * 1000;
	}
	if (s->cfg->read_Bps) { /* the readers' next tick */
		uint64_t every = (uint64_t)s->cfg->read_every_ms * 1000;
		uint64_t tick = (s->now_us / every + 1) * every;
		if (!t || tick < t)
			t = tick;
	}
	return t;
}

/* Hand p to its end; note what slow start was asked to add to that
 * end's cwnd (min(acked, SMSS) per ACK, as RFC 5681 3.1) and how large
 * cwnd became (tl_result). */
static void deliver(struct sim *s, const struct pkt *p, uint64_t now_ms)
{
	struct tcp_conn *c = &s->e[p->to].c;
	tcp_seq_t una = c->snd_una;
	bool slow_start = c->state >= TCP_ESTABLISHED && !c->cc.in_recovery &&
	                  c->cc.cwnd < c->cc.ssthresh;
	tcp_conn_input(c, &p->h, now_ms);
	uint32_t acked = c->snd_una - una;
	if (slow_start && acked)
		s->res->cwnd_asked[p->to] +=
		    acked < c->cc.smss ? acked : c->cc.smss;
	if (c->cc.cwnd > s->res->max_cwnd[p->to])
		s->res->max_cwnd[p->to] = c->cc.cwnd;
}

static void step(struct sim *s, uint64_t t)
{
	if (t > s->now_us)
		s->now_us = t;
	uint64_t now_ms = s->now_us / 1000;
	while (s->n && s->heap[0]->at_us <= s->now_us) {
		struct pkt *p = heap_pop(s);
		deliver(s, p, now_ms);
		free(p);
	}
	for (int i = 0; i < 2; i++)
		tcp_conn_timer(&s->e[i].c, now_ms);
}

static void end_init(struct sim *s, int i, uint32_t cap)
{
	struct end *e = &s->e[i];
	e->sim = s;
	e->idx = i;
	e->sndmem = malloc(cap);
	e->rcvmem = malloc(cap);
	if (!e->sndmem || !e->rcvmem)
		abort();
	tcp_conn_init(&e->c, e->sndmem, cap, e->rcvmem, cap, emit, e);
	e->c.nodelay = s->cfg->nodelay;
	e->c.gso_max = s->cfg->gso_max;
}

static void collect(struct sim *s, struct tl_result *r)
{
	for (int i = 0; i < 2; i++) {
		r->got[i] = s->e[i].got;
		r->err[i] = s->e[i].c.err;
		r->stats[i] = s->e[i].c.stats;
	}
	r->ws_ok = s->e[0].c.ws_ok;
	r->ts_ok = s->e[0].c.ts_ok;
	r->snd_ws = s->e[0].c.snd_ws;
	r->smss = s->e[0].c.smss;
	r->sim_ms = s->now_us / 1000;
}

void tl_transfer(const struct tl_cfg *cfg, uint64_t bytes, uint64_t limit_ms,
                 struct tl_result *out)
{
	struct sim s = {.cfg = cfg, .res = out, .rng = cfg->seed | 1};
	memset(out, 0, sizeof(*out));
	for (int i = 0; i < 2; i++)
		end_init(&s, i, cfg->bufcap);
	/* ISNs below 2^32: every run wraps the sequence space */
	tcp_seq_t ia = (tcp_seq_t)(0u - 1 - (uint32_t)(rnd(&s) % 65536));
	tcp_seq_t ib = (tcp_seq_t)(0u - 1 - (uint32_t)(rnd(&s) % 65536));
	tcp_conn_open_passive(&s.e[1].c, ib);
	tcp_conn_open_active(&s.e[0].c, ia, 0);
	uint64_t back = cfg->one_way ? 0 : bytes; /* B to A */
	while (s.now_us / 1000 < limit_ms) {
		app(&s, &s.e[0], bytes);
		app(&s, &s.e[1], back);
		if (finished(&s.e[0], back) && finished(&s.e[1], bytes)) {
			out->done = true;
			break;
		}
		uint64_t t = next_event(&s);
		if (!t)
			break; /* nothing will ever happen again: stuck */
		step(&s, t);
	}
	collect(&s, out);
	while (s.n)
		free(heap_pop(&s));
	free(s.heap);
	for (int i = 0; i < 2; i++) {
		free(s.e[i].sndmem);
		free(s.e[i].rcvmem);
	}
}

void tl_print(const char *name, const struct tl_cfg *cfg,
              const struct tl_result *r)
{
	printf("%-10s seed %#llx loss %.1f%% dup %.1f%% reorder %.1f%% "
	       "buf %u: %s in %llu ms simulated; %llu/%llu B, inflight max "
	       "%u/%u, segs %lu lost %lu; A: rexmit %llu fast %llu rto %llu "
	       "dupack %llu ooo %llu delack %llu maxretry %llu\n",
	       name, (unsigned long long)cfg->seed, cfg->loss_ppm / 1e4,
	       cfg->dup_ppm / 1e4, cfg->reorder_ppm / 1e4, cfg->bufcap,
	       r->done ? "done" : "NOT DONE", (unsigned long long)r->sim_ms,
	       (unsigned long long)r->got[0], (unsigned long long)r->got[1],
	       r->max_inflight[0], r->max_inflight[1], r->segs, r->lost,
	       (unsigned long long)r->stats[0].retransmits,
	       (unsigned long long)r->stats[0].fast_retransmits,
	       (unsigned long long)r->stats[0].timeouts,
	       (unsigned long long)r->stats[0].dup_acks,
	       (unsigned long long)r->stats[0].ooo_segs,
	       (unsigned long long)r->stats[0].delayed_acks,
	       (unsigned long long)r->stats[0].max_retries);
}

void tl_check(const char *name, const struct tl_cfg *cfg, uint64_t bytes,
              uint64_t limit_ms, struct tl_result *r)
{
	tl_transfer(cfg, bytes, limit_ms, r);
	tl_print(name, cfg, r);
	CHECK(r->done);
	CHECK(r->sim_ms < limit_ms);
	for (int i = 0; i < 2; i++) {
		CHECK_EQ(r->got[i], i == 0 && cfg->one_way ? 0 : bytes);
		CHECK_EQ(r->bad[i], 0);
		CHECK_EQ(r->err[i], 0);
		CHECK_EQ(r->shrinks[i], 0);
	}
}

void tl_check_losses(const char *name, uint64_t seed, uint32_t bufcap,
                     const uint32_t *loss_ppm, const uint64_t *limit_ms,
                     unsigned n, uint64_t bytes, struct tl_result *out)
{
	for (unsigned i = 0; i < n; i++) {
		struct tl_cfg cfg = {.seed = seed + i,
		                     .loss_ppm = loss_ppm[i],
		                     .delay_us = 10000,
		                     .rate_bps = 100000000,
		                     .bufcap = bufcap};
		tl_check(name, &cfg, bytes, limit_ms[i], &out[i]);
		for (int e = 0; e < 2 && loss_ppm[i]; e++) {
			CHECK(out[i].stats[e].retransmits > 0);
			CHECK(out[i].stats[e].max_retries <= TCP_MAX_RETRIES);
		}
	}
}
