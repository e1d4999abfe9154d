/* SPDX-License-Identifier: MIT */
/*
 * Listeners: a SYN creates a child connection in SYN-RECEIVED on the
 * listener's half-open queue (at most TCP_SYNQ_MAX(backlog)). Once that
 * queue is full, a SYN is answered with a SYN cookie (RFC 4987 3.6,
 * tcp_cookie.h) and nothing is kept: the ACK that returns a valid cookie
 * creates the connection, so a SYN flood neither grows memory nor locks
 * real clients out. A half-open child has no buffers: they are
 * allocated when the ACK completing the handshake arrives, kept only if
 * the connection accepts that ACK, and only if
 * the accept queue (at most backlog) has room -- otherwise that ACK is
 * dropped and the peer's retransmission (or ours of the SYN,ACK) tries
 * again later. Synchronized children wait on the accept queue.
 */
#include "tcp_sock_priv.h"

static void q_push(struct tcp_sock **head, struct tcp_sock **tail,
                   struct tcp_sock *t)
{
	t->qnext = NULL;
	if (*tail)
		(*tail)->qnext = t;
	else
		*head = t;
	*tail = t;
}

static void q_remove(struct tcp_sock **head, struct tcp_sock **tail,
                     struct tcp_sock *t)
{
	struct tcp_sock *prev = NULL, **pp = head;
	while (*pp && *pp != t) {
		prev = *pp;
		pp = &(*pp)->qnext;
	}
	TCP_ASSERT(t->s, *pp, "child missing from its listener's queue");
	*pp = t->qnext;
	if (*tail == t)
		*tail = prev;
	t->qnext = NULL;
}

void tcp_child_unlink(struct tcp_sock *t)
{
	struct tcp_sock *l = t->parent;
	if (t->in_accq) {
		q_remove(&l->accq, &l->accq_tail, t);
		l->nacc--;
	} else {
		q_remove(&l->synq, &l->synq_tail, t);
		l->nsyn--;
	}
	t->in_accq = false;
	t->parent = NULL;
}

void tcp_listen_flush(struct tcp_sock *l)
{
	while (l->synq || l->accq) {
		struct tcp_sock *t = l->synq ? l->synq : l->accq;
		tcp_conn_abort(&t->c);
		tcp_sock_free(t);
	}
}

/* A new child of l for raddr:rport, hashed, on the half-open queue (the
 * caller opens its connection), or NULL. */
static struct tcp_sock *child_new(struct tcp_sock *l, ip4_addr_t laddr,
                                  ip4_addr_t raddr, uint16_t rport,
                                  uint32_t sndbuf, uint32_t rcvbuf)
{
	struct tcp_sock *t = tcp_sock_new(l->s);
	if (!t) {
		l->s->cnt.tcp_backlog_drops++;
		return NULL;
	}
	tcp_sock_set_sizes(t, sndbuf, rcvbuf);
	t->c.nodelay = l->c.nodelay;
	t->laddr = laddr;
	t->lport = l->lport;
	t->raddr = raddr;
	t->rport = rport;
	tcp_hash_add(t);
	t->parent = l;
	q_push(&l->synq, &l->synq_tail, t);
	l->nsyn++;
	l->s->cnt.tcp_passive_opens++;
	return t;
}

static struct tcp_cookie_tuple cookie_tuple(const struct tcp_sock *l,
                                            ip4_addr_t laddr, ip4_addr_t raddr,
                                            uint16_t rport)
{
	struct tcp_cookie_tuple tu = {
	    .laddr = laddr, .raddr = raddr, .lport = l->lport, .rport = rport};
	return tu;
}

/* What a connection made from a cookie buffers: without window scaling
 * (tcp_cookie.h) no window above 64 KiB can be used; less under memory
 * pressure. */
static uint32_t cookie_buf(const struct net_stack *s, uint32_t size)
{
	size = tcp_mem_bufsize(s, size);
	return size < 0xffff ? size : 0xffff;
}

/* The half-open queue is full: answer with a SYN,ACK whose ISS is a
 * cookie, and keep nothing (RFC 4987 3.6). Only MSS is offered. */
static void cookie_synack(struct tcp_sock *l, ip4_addr_t laddr,
                          ip4_addr_t raddr, uint16_t rport,
                          const struct tcp_seg *seg)
{
	struct net_stack *s = l->s;
	struct tcp_cookie_tuple tu = cookie_tuple(l, laddr, raddr, rport);
	uint16_t mss = seg->opts.mss_set ? seg->opts.mss : TCP_MSS_DEFAULT;
	struct tcp_hdr h = {
	    .sport = l->lport,
	    .dport = rport,
	    .seq = tcp_cookie_make(&s->tcp->cookie_key, &tu, seg->seq, mss,
	                           net_now(s)),
	    .ack = seg->seq + 1,
	    .flags = TCP_SYN | TCP_ACK,
	    .wnd = (uint16_t)cookie_buf(s, l->rcvbuf),
	    .opts = {.mss_set = true, .mss = TCP_CONN_MSS},
	};
	s->tcp->cookie_at = net_now(s);
	s->tcp->cookies_sent = true;
	s->cnt.tcp_cookies_sent++;
	tcp_xmit(s, &h, NULL, 0, raddr);
}

void tcp_listen_syn(struct tcp_sock *l, ip4_addr_t laddr, ip4_addr_t raddr,
                    uint16_t rport, const struct tcp_seg *seg,
                    const tcp_seq_t *above)
{
	struct net_stack *s = l->s;
	if (l->nacc >= l->backlog) {
		s->cnt.tcp_backlog_drops++;
		return;
	}
	/* room for the whole connection, or no reply at all (a reset
	 * would end the peer's attempt; this way it retries) */
	if (!tcp_mem_room(s, sizeof(struct tcp_sock) +
	                         tcp_mem_bufsize(s, l->sndbuf) +
	                         tcp_mem_bufsize(s, l->rcvbuf)))
		return;
	if (l->nsyn >= TCP_SYNQ_MAX(l->backlog)) {
		cookie_synack(l, laddr, raddr, rport, seg);
		return;
	}
	struct tcp_sock *t =
	    child_new(l, laddr, raddr, rport, tcp_mem_bufsize(s, l->sndbuf),
	              tcp_mem_bufsize(s, l->rcvbuf));
	if (!t)
		return;
	tcp_seq_t iss = tcp_sock_isn(t);
	if (above && !seq_gt(iss, *above))
		iss = *above + 0x10000;
	tcp_conn_open_passive(&t->c, iss);
	tcp_conn_input(&t->c, seg, net_now(s));
	tcp_after_event(t);
}

/* The emit callback while a cookie's SYN is replayed: its SYN,ACK went
 * out already (the cookie). */
static void emit_none(void *ctx, const struct tcp_seg *seg,
                      const struct tcp_payload *pl)
{
	(void)ctx, (void)seg, (void)pl;
}

/* Whether ACKs to listeners may carry cookies now: only while one sent
 * in the last TCP_COOKIE_MAX_AGE + 1 periods may still be valid (so a
 * forger gets no chance at all when no flood is going on). */
static bool cookies_live(struct net_stack *s)
{
	return s->tcp->cookies_sent &&
	       net_now(s) - s->tcp->cookie_at <
	           (uint64_t)TCP_COOKIE_PERIOD_MS * (TCP_COOKIE_MAX_AGE + 1);
}

bool tcp_cookie_ack(struct tcp_sock *l, ip4_addr_t laddr, ip4_addr_t raddr,
                    uint16_t rport, const struct tcp_seg *seg)
{
	struct net_stack *s = l->s;
	uint64_t now = net_now(s);
	if ((seg->flags & (TCP_SYN | TCP_RST | TCP_ACK)) != TCP_ACK ||
	    !cookies_live(s))
		return false;
	struct tcp_cookie_tuple tu = cookie_tuple(l, laddr, raddr, rport);
	uint16_t mss = 0;
	switch (tcp_cookie_check(&s->tcp->cookie_key, &tu, seg->seq - 1,
	                         seg->ack - 1, now, &mss)) {
	case TCP_COOKIE_STALE:
		s->cnt.tcp_cookies_stale++;
		return false;
	case TCP_COOKIE_BAD:
		s->cnt.tcp_cookies_bad++;
		return false;
	case TCP_COOKIE_OK:
		break;
	}
	if (l->nacc >= l->backlog) {
		/* the peer resends its data (or its next segment comes) */
		s->cnt.tcp_backlog_drops++;
		return true;
	}
	struct tcp_sock *t =
	    child_new(l, laddr, raddr, rport, cookie_buf(s, l->sndbuf),
	              cookie_buf(s, l->rcvbuf));
	if (!t)
		return true;
	if (tcp_buffers_alloc(t)) {
		tcp_sock_free(t);
		return true;
	}
	/* the SYN the cookie stands for, with the one option it kept */
	struct tcp_seg syn = {.seq = seg->seq - 1,
	                      .flags = TCP_SYN,
	                      .wnd = seg->wnd,
	                      .opts = {.mss_set = true, .mss = mss}};
	tcp_conn_open_passive(&t->c, seg->ack - 1);
	t->c.emit = emit_none;
	tcp_conn_input(&t->c, &syn, now);
	t->c.emit = tcp_emit;
	tcp_rtt_cancel(&t->c.rtt); /* its SYN,ACK was not timed */
	tcp_conn_input(&t->c, seg, now);
	if (t->c.state == TCP_SYN_RECEIVED) {
		tcp_sock_free(t); /* the ACK was refused after all */
		return true;
	}
	s->cnt.tcp_cookies_ok++;
	tcp_after_event(t);
	return true;
}

/* A segment for a child on the half-open queue. An ACK that may complete
 * the handshake (its ACK number is ISS+1) gets buffers for the data it
 * may carry, but keeps them only if the connection accepts it: one that
 * the connection refuses (sequence number outside the window, PAWS) leaves
 * the child half-open and buffer-less again. */
void tcp_child_input(struct tcp_sock *t, const struct tcp_seg *seg)
{
	struct net_stack *s = t->s;
	bool completes =
	    (seg->flags & (TCP_ACK | TCP_RST | TCP_SYN)) == TCP_ACK &&
	    seg->ack == t->c.snd_una + 1 && t->c.state == TCP_SYN_RECEIVED;
	if (completes) {
		if (t->parent->nacc >= t->parent->backlog) {
			s->cnt.tcp_backlog_drops++;
			return;
		}
		if (tcp_buffers_alloc(t))
			return; /* counted (tcp_mem_refused or alloc_fail);
			         * the peer resends */
	}
	tcp_conn_input(&t->c, seg, net_now(s));
	if (completes && t->c.state == TCP_SYN_RECEIVED)
		tcp_buffers_free(t);
	tcp_after_event(t);
}

bool tcp_child_update(struct tcp_sock *t)
{
	struct tcp_sock *l = t->parent;
	enum tcp_state st = t->c.state;
	if (t->in_accq)
		return false;
	if (st == TCP_LISTEN || st == TCP_CLOSED) {
		/* reset or timed out during the handshake */
		tcp_sock_free(t);
		return true;
	}
	if (st == TCP_SYN_RECEIVED)
		return false;
	TCP_ASSERT(t->s, t->sndmem && t->rcvmem,
	           "child synchronized without buffers");
	q_remove(&l->synq, &l->synq_tail, t);
	l->nsyn--;
	q_push(&l->accq, &l->accq_tail, t);
	l->nacc++;
	t->in_accq = true;
	tcp_watch_update(l);
	return false;
}
