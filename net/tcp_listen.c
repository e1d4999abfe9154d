/* SPDX-License-Identifier: MIT */
/*
 * Listeners: a SYN creates a child connection in SYN-RECEIVED on the
 * listener's half-open queue (at most TCP_SYNQ_MAX(backlog); a full
 * queue evicts its oldest entry, so a SYN flood neither grows memory nor
 * locks real clients out). A half-open child has no buffers: they are
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

void tcp_listen_syn(struct tcp_sock *l, ip4_addr_t laddr, ip4_addr_t raddr,
                    uint16_t rport, const struct tcp_seg *seg,
                    const tcp_seq_t *above)
{
	struct net_stack *s = l->s;
	if (l->nacc >= l->backlog) {
		s->cnt.tcp_backlog_drops++;
		return;
	}
	if (l->nsyn >= TCP_SYNQ_MAX(l->backlog)) {
		tcp_sock_free(l->synq);
		s->cnt.tcp_synq_evicted++;
	}
	struct tcp_sock *t = tcp_sock_new(s);
	if (!t) {
		s->cnt.tcp_backlog_drops++;
		return;
	}
	tcp_sock_set_sizes(t, l->sndbuf, l->rcvbuf);
	t->c.nodelay = l->c.nodelay;
	t->laddr = laddr;
	t->lport = l->lport;
	t->raddr = raddr;
	t->rport = rport;
	tcp_hash_add(t);
	t->parent = l;
	q_push(&l->synq, &l->synq_tail, t);
	l->nsyn++;
	s->cnt.tcp_passive_opens++;
	tcp_seq_t iss = tcp_sock_isn(t);
	if (above && !seq_gt(iss, *above))
		iss = *above + 0x10000;
	tcp_conn_open_passive(&t->c, iss);
	tcp_conn_input(&t->c, seg, net_now(s));
	tcp_after_event(t);
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
			return; /* counted in alloc_fail; the peer resends */
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
