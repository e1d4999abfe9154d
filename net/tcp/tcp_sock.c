/* SPDX-License-Identifier: MIT */
/* The TCP socket calls (tcp_sock.h) and the bookkeeping after every event
 * on a socket: counters, buffers, notify, orphans. */
#include "tcp_priv.h"
#include "tcp_sock_priv.h"

void tcp_stats_sync(struct tcp_sock *t)
{
	struct net_counters *n = &t->s->cnt;
	const struct tcp_conn_stats *st = &t->c.stats;
	n->tcp_retransmits += st->retransmits - t->seen.retransmits;
	n->tcp_fast_retransmits +=
	    st->fast_retransmits - t->seen.fast_retransmits;
	n->tcp_timeouts += st->timeouts - t->seen.timeouts;
	t->seen.retransmits = st->retransmits;
	t->seen.fast_retransmits = st->fast_retransmits;
	t->seen.timeouts = st->timeouts;
}

static struct tcp_watch watch_of(const struct tcp_sock *t)
{
	struct tcp_watch w = {
	    .bits = tcp_poll(t),
	    .rcv_used = t->c.rcv.used,
	    .snd_free = t->sndmem ? tcp_sndbuf_free(&t->c.snd) : 0,
	    .state = t->c.state,
	};
	return w;
}

void tcp_watch_update(struct tcp_sock *t)
{
	struct tcp_watch w = watch_of(t);
	if (w.bits == t->watch.bits && w.rcv_used == t->watch.rcv_used &&
	    w.snd_free == t->watch.snd_free && w.state == t->watch.state)
		return;
	t->watch = w;
	if (t->notify)
		t->notify(t->notify_ctx, t);
}

void tcp_after_event(struct tcp_sock *t)
{
	tcp_stats_sync(t);
	if (t->c.state >= TCP_ESTABLISHED)
		t->connected = true;
	if (t->c.state == TCP_TIME_WAIT) {
		/* the FIN was acked: nothing left to send; unread data stays
		 * until the owner reads it (tcp_recv) */
		tcp_free_sndmem(t);
		if (t->orphan || t->c.rcv.used == 0)
			tcp_free_rcvmem(t);
		tcp_orphan_uncount(t); /* TIME-WAIT is not an orphan's burden */
	}
	if (t->parent) {
		tcp_child_update(t);
	} else if (t->orphan) {
		if (t->c.state == TCP_CLOSED)
			tcp_sock_free(t);
	} else {
		tcp_watch_update(t);
	}
}

/* Begin an orphan's next progress window (tcp_orphan_idle_ms) at now. */
static void orphan_window(struct tcp_sock *t, uint64_t now)
{
	uint32_t out = t->c.snd_max - t->c.snd_una;
	t->orphan_una = t->c.snd_una;
	t->orphan_mark = now;
	t->orphan_need = out < t->c.smss ? out : t->c.smss;
	if (t->orphan_need == 0)
		t->orphan_need =
		    1; /* FIN-WAIT-2: only the peer's FIN ends it */
}

void tcp_orphan_check(struct tcp_sock *t, uint64_t now)
{
	if (!t->orphan || t->c.state == TCP_TIME_WAIT ||
	    t->c.state == TCP_CLOSED)
		return;
	if (t->c.snd_una - t->orphan_una >= t->orphan_need) {
		orphan_window(t, now); /* enough progress: a new window */
	} else if (now - t->orphan_mark >= t->s->tun.tcp_orphan_idle_ms) {
		t->s->cnt.tcp_orphan_resets++;
		tcp_conn_reset(&t->c);
	}
}

void tcp_orphan_uncount(struct tcp_sock *t)
{
	if (t->orphan_counted)
		t->s->cnt.tcp_orphans--;
	t->orphan_counted = false;
}

/* Bytes of buffers t holds. */
static uint32_t buffer_bytes(const struct tcp_sock *t)
{
	return (t->sndmem ? t->sndbuf : 0) + (t->rcvmem ? t->rcvbuf : 0);
}

/* Room for one more orphan holding t's buffers (tcp_max_orphans,
 * tcp_orphan_mem, and not at the memory budget's hard limit)? */
static bool orphan_room(const struct tcp_sock *t)
{
	const struct net_stack *s = t->s;
	return s->cnt.tcp_mem_state != TCP_MEM_HARD &&
	       s->cnt.tcp_orphans < s->tun.tcp_max_orphans &&
	       s->cnt.tcp_orphan_bytes + buffer_bytes(t) <=
	           s->tun.tcp_orphan_mem;
}

struct tcp_sock *tcp_open(struct net_stack *s)
{
	return tcp_sock_new(s);
}

static uint32_t clamp_buf(uint32_t n)
{
	return n < TCP_BUF_MIN   ? TCP_BUF_MIN
	       : n > TCP_BUF_MAX ? TCP_BUF_MAX
	                         : n;
}

void tcp_sock_set_sizes(struct tcp_sock *t, uint32_t snd, uint32_t rcv)
{
	t->sndbuf = t->c.snd.cap = clamp_buf(snd);
	t->rcvbuf = t->c.rcv.cap = clamp_buf(rcv);
}

/* Neither listening nor ever connected. */
static bool is_fresh(const struct tcp_sock *t)
{
	return !t->listening && !t->hashed && t->c.state == TCP_CLOSED;
}

int tcp_set_bufsizes(struct tcp_sock *t, uint32_t sndbuf, uint32_t rcvbuf)
{
	if (!is_fresh(t))
		return NET_EISCONN;
	tcp_sock_set_sizes(t, sndbuf, rcvbuf);
	return 0;
}

void tcp_set_nodelay(struct tcp_sock *t, bool on)
{
	t->c.nodelay = on;
}

int tcp_bind(struct tcp_sock *t, ip4_addr_t addr, uint16_t port)
{
	struct net_stack *s = t->s;
	if (t->lport || (addr != IP4_ANY && addr != s->ip))
		return NET_EINVAL;
	if (port == 0)
		port = tcp_ephemeral_port(s);
	else if (tcp_port_taken(s, t, port))
		port = 0;
	if (!port)
		return NET_EADDRINUSE;
	t->laddr = addr;
	t->lport = port;
	return 0;
}

int tcp_listen(struct tcp_sock *t, unsigned backlog)
{
	if (!is_fresh(t))
		return NET_EISCONN;
	if (!t->lport) {
		int err = tcp_bind(t, IP4_ANY, 0);
		if (err)
			return err;
	}
	if (backlog < 1)
		backlog = 1;
	t->backlog = backlog > TCP_BACKLOG_MAX ? TCP_BACKLOG_MAX : backlog;
	tcp_listeners_add(t);
	tcp_conn_open_passive(&t->c, 0);
	t->watch = watch_of(t);
	return 0;
}

int tcp_accept(struct tcp_sock *l, struct tcp_sock **out)
{
	if (!l->listening)
		return NET_EINVAL;
	struct tcp_sock *t = l->accq;
	if (!t)
		return NET_EAGAIN;
	tcp_child_unlink(t);
	t->watch = watch_of(t);
	l->watch = watch_of(l);
	*out = t;
	return 0;
}

int tcp_connect(struct tcp_sock *t, ip4_addr_t dst, uint16_t port)
{
	struct net_stack *s = t->s;
	ip4_addr_t nexthop;
	if (!is_fresh(t) || t->c.err)
		return NET_EISCONN;
	if (dst == IP4_ANY || port == 0)
		return NET_EINVAL;
	if (!s->ip || !s->dev || ip_route(s, dst, &nexthop) ||
	    nexthop == IP4_BROADCAST)
		return NET_ENETUNREACH;
	if (!t->lport && tcp_bind(t, IP4_ANY, 0))
		return NET_EADDRINUSE;
	if (tcp_lookup(s, s->ip, t->lport, dst, port))
		return NET_EADDRINUSE;
	tcp_sock_set_sizes(t, tcp_mem_bufsize(s, t->sndbuf),
	                   tcp_mem_bufsize(s, t->rcvbuf));
	if (tcp_buffers_alloc(t))
		return NET_ENOMEM;
	t->laddr = s->ip;
	t->raddr = dst;
	t->rport = port;
	tcp_hash_add(t);
	s->cnt.tcp_active_opens++;
	tcp_conn_open_active(&t->c, tcp_sock_isn(t), net_now(s));
	tcp_after_event(t);
	return NET_EINPROGRESS;
}

static bool can_send(enum tcp_state st)
{
	return st == TCP_ESTABLISHED || st == TCP_CLOSE_WAIT;
}

int tcp_send(struct tcp_sock *t, const void *buf, size_t len)
{
	if (t->c.err)
		return tcp_sock_err(t);
	if (!can_send(t->c.state) || t->shut || t->c.fin_queued || !t->sndmem)
		return NET_ENOTCONN;
	if (len > INT32_MAX)
		len = INT32_MAX;
	if (len == 0)
		return 0;
	int n = tcp_conn_send(&t->c, buf, len, net_now(t->s));
	tcp_after_event(t);
	return n == 0 ? NET_EAGAIN : n;
}

int tcp_recv(struct tcp_sock *t, void *buf, size_t len)
{
	if (t->listening)
		return NET_EINVAL;
	if (len > INT32_MAX)
		len = INT32_MAX;
	if (!t->rcvmem || t->c.rcv.used == 0) {
		/* nothing buffered (or the buffer is gone in TIME-WAIT) */
		if (t->c.rcv_fin)
			return 0;
		if (t->c.err)
			return tcp_sock_err(t);
		return is_fresh(t) ? NET_ENOTCONN : NET_EAGAIN;
	}
	if (len == 0)
		return 0;
	int n = tcp_conn_recv(&t->c, buf, len);
	tcp_after_event(t);
	return n;
}

int tcp_shutdown(struct tcp_sock *t)
{
	if (t->c.err)
		return tcp_sock_err(t);
	if (t->shut)
		return 0;
	enum tcp_state st = t->c.state;
	if (!can_send(st) && st != TCP_SYN_RECEIVED)
		return NET_ENOTCONN;
	t->shut = true;
	int err = tcp_conn_close(&t->c, net_now(t->s));
	tcp_after_event(t);
	return err;
}

void tcp_abort(struct tcp_sock *t)
{
	if (!t->listening)
		tcp_conn_abort(&t->c);
	tcp_sock_free(t);
}

/* The stack gives up on t for its closed owner: a RST in every
 * synchronized state up to LAST-ACK (tcp_conn_reset), not the ABORT
 * call's (none in CLOSING and LAST-ACK, RFC 9293 3.10.5). After a
 * shutdown those are the states a close finds once the peer's FIN came
 * (httpd's HTTP/1.0 clients): its data may still wait behind the peer's
 * shut window, and the peer, in FIN-WAIT-2 or CLOSING, would wait for it
 * for ever. */
static void close_reset(struct tcp_sock *t)
{
	tcp_conn_reset(&t->c);
	tcp_sock_free(t);
}

void tcp_close(struct tcp_sock *t)
{
	struct tcp_conn *c = &t->c;
	t->notify = NULL;
	if (t->listening) {
		tcp_abort(t);
		return;
	}
	if (c->state == TCP_CLOSED || c->state == TCP_SYN_SENT ||
	    (t->rcvmem && c->rcv.used > 0)) {
		/* nothing to finish, or unread data: reset (tcp_sock.h) */
		close_reset(t);
		return;
	}
	if (!orphan_room(t)) {
		/* too many orphans, or too much memory in them: reset */
		t->s->cnt.tcp_orphan_resets++;
		close_reset(t);
		return;
	}
	if (c->state == TCP_SYN_RECEIVED || can_send(c->state))
		tcp_conn_close(c, net_now(t->s));
	t->orphan = t->orphan_counted = true;
	t->s->cnt.tcp_orphans++;
	t->s->cnt.tcp_orphan_bytes += buffer_bytes(t);
	orphan_window(t, net_now(t->s));
	tcp_after_event(t);
}

unsigned tcp_poll(const struct tcp_sock *t)
{
	const struct tcp_conn *c = &t->c;
	unsigned b = 0;
	if (t->listening)
		return t->accq ? TCP_POLL_READABLE : 0;
	if (c->rcv.used > 0 || c->rcv_fin || c->err)
		b |= TCP_POLL_READABLE;
	if (can_send(c->state) && !c->fin_queued && !t->shut && t->sndmem &&
	    tcp_sndbuf_free(&c->snd) > 0)
		b |= TCP_POLL_WRITABLE;
	if (c->err)
		b |= TCP_POLL_ERROR;
	if (c->rcv_fin || (c->state == TCP_CLOSED && (t->connected || c->err)))
		b |= TCP_POLL_HUP;
	return b;
}

int tcp_error(const struct tcp_sock *t)
{
	return tcp_sock_err(t);
}

void tcp_set_notify(struct tcp_sock *t, tcp_notify_fn fn, void *ctx)
{
	t->notify = fn;
	t->notify_ctx = ctx;
	t->watch = watch_of(t);
}

tcp_notify_fn tcp_notify_of(const struct tcp_sock *t, void **ctx)
{
	*ctx = t->notify_ctx;
	return t->notify;
}
