/* SPDX-License-Identifier: MIT */
/*
 * The stack's TCP table: every socket on one list, connections in a hash
 * on the 4-tuple (seeded per stack so remote peers cannot aim at one
 * chain), bound ports, ephemeral ports, the tcp_max_socks limit with
 * TIME-WAIT recycling, and the socket buffers (all charged to the
 * memory budget, tcp_mem.c).
 */
#include "tcp_sock_priv.h"

int tcp_stack_init(struct net_stack *s)
{
	struct tcp_table *tb = net_alloc(s, sizeof(*tb));
	if (!tb)
		return NET_ENOMEM;
	nmemset(tb, 0, sizeof(*tb));
	tb->hash_seed = s->plat.random32();
	tcp_isn_key_init(&tb->isn_key, s->plat.random32);
	tcp_isn_key_init(&tb->cookie_key, s->plat.random32);
	s->tcp = tb;
	tcp_mem_update(s);
	return 0;
}

void tcp_free_all(struct net_stack *s)
{
	if (!s->tcp)
		return;
	while (s->tcp->all)
		tcp_sock_free(s->tcp->all);
	net_free(s, s->tcp);
	s->tcp = NULL;
}

static unsigned bucket(const struct tcp_table *tb, ip4_addr_t raddr,
                       uint16_t rport, uint16_t lport)
{
	uint32_t h = (raddr ^ tb->hash_seed) * 0x9e3779b1u;
	h ^= (uint32_t)rport << 16 | lport;
	h *= 0x85ebca6bu;
	h ^= h >> 16;
	return h & (TCP_HASH_SIZE - 1);
}

void tcp_hash_add(struct tcp_sock *t)
{
	struct tcp_table *tb = t->s->tcp;
	unsigned b = bucket(tb, t->raddr, t->rport, t->lport);
	t->hnext = tb->hash[b];
	tb->hash[b] = t;
	t->hashed = true;
}

static void hash_del(struct tcp_sock *t)
{
	struct tcp_table *tb = t->s->tcp;
	struct tcp_sock **pp =
	    &tb->hash[bucket(tb, t->raddr, t->rport, t->lport)];
	while (*pp && *pp != t)
		pp = &(*pp)->hnext;
	TCP_ASSERT(t->s, *pp, "hashed socket missing from its chain");
	*pp = t->hnext;
	t->hashed = false;
}

struct tcp_sock *tcp_lookup(struct net_stack *s, ip4_addr_t laddr,
                            uint16_t lport, ip4_addr_t raddr, uint16_t rport)
{
	struct tcp_table *tb = s->tcp;
	struct tcp_sock *t = tb->hash[bucket(tb, raddr, rport, lport)];
	for (; t; t = t->hnext)
		if (t->raddr == raddr && t->rport == rport &&
		    t->lport == lport && t->laddr == laddr)
			return t;
	return NULL;
}

void tcp_listeners_add(struct tcp_sock *t)
{
	t->listening = true;
	t->lnext = t->s->tcp->listeners;
	t->s->tcp->listeners = t;
}

static void listeners_del(struct tcp_sock *t)
{
	struct tcp_sock **pp = &t->s->tcp->listeners;
	while (*pp && *pp != t)
		pp = &(*pp)->lnext;
	TCP_ASSERT(t->s, *pp, "listener missing from the list");
	*pp = t->lnext;
}

struct tcp_sock *tcp_lookup_listener(struct net_stack *s, ip4_addr_t addr,
                                     uint16_t port)
{
	for (struct tcp_sock *t = s->tcp->listeners; t; t = t->lnext)
		if (t->lport == port &&
		    (t->laddr == IP4_ANY || t->laddr == addr))
			return t;
	return NULL;
}

/* The TIME-WAIT orphan that entered TIME-WAIT first, or NULL. */
static struct tcp_sock *oldest_timewait(struct net_stack *s)
{
	struct tcp_sock *best = NULL;
	for (struct tcp_sock *t = s->tcp->all; t; t = t->next)
		if (t->orphan && t->c.state == TCP_TIME_WAIT &&
		    (!best || t->c.timewait_at < best->c.timewait_at))
			best = t;
	return best;
}

struct tcp_sock *tcp_sock_new(struct net_stack *s)
{
	if (s->cnt.tcp_socks >= s->tun.tcp_max_socks) {
		struct tcp_sock *tw = oldest_timewait(s);
		if (!tw)
			return NULL;
		tcp_sock_free(tw);
		s->cnt.tcp_timewait_recycled++;
	}
	struct tcp_sock *t = net_alloc(s, sizeof(*t));
	if (!t)
		return NULL;
	nmemset(t, 0, sizeof(*t));
	t->s = s;
	t->sndbuf = TCP_SNDBUF_DEFAULT;
	t->rcvbuf = TCP_RCVBUF_DEFAULT;
	tcp_conn_init(&t->c, NULL, t->sndbuf, NULL, t->rcvbuf, tcp_emit, t);
	t->c.wnd_clamp = &s->tcp->wnd_clamp;
	t->c.gso_max =
	    s->tun.tcp_gso_max < TCP_GSO_MAX ? s->tun.tcp_gso_max : TCP_GSO_MAX;
	tcp_mem_charge(s, sizeof(*t));
	t->next = s->tcp->all;
	if (t->next)
		t->next->prev = t;
	s->tcp->all = t;
	s->cnt.tcp_socks++;
	return t;
}

void tcp_sock_free(struct tcp_sock *t)
{
	struct net_stack *s = t->s;
	tcp_stats_sync(t);
	if (t->listening) {
		tcp_listen_flush(t);
		listeners_del(t);
	}
	if (t->parent)
		tcp_child_unlink(t);
	if (t->hashed)
		hash_del(t);
	if (t->prev)
		t->prev->next = t->next;
	else
		s->tcp->all = t->next;
	if (t->next)
		t->next->prev = t->prev;
	tcp_buffers_free(t);
	tcp_orphan_uncount(t);
	s->cnt.tcp_socks--;
	net_free(s, t);
	tcp_mem_charge(s, -(int64_t)sizeof(*t));
}

int tcp_buffers_alloc(struct tcp_sock *t)
{
	struct net_stack *s = t->s;
	if (t->sndmem)
		return 0;
	if (!tcp_mem_room(s, (uint64_t)t->sndbuf + t->rcvbuf))
		return NET_ENOMEM;
	uint8_t *snd = net_alloc(s, t->sndbuf);
	uint8_t *rcv = snd ? net_alloc(s, t->rcvbuf) : NULL;
	if (!rcv) {
		net_free(s, snd);
		return NET_ENOMEM;
	}
	t->sndmem = t->c.snd.buf = snd;
	t->rcvmem = t->c.rcv.buf = rcv;
	s->cnt.tcp_buf_bytes += t->sndbuf + t->rcvbuf;
	tcp_mem_charge(s, (int64_t)t->sndbuf + t->rcvbuf);
	return 0;
}

/* Free one buffer: ours and the connection's pointer to it. */
static void free_buf(struct tcp_sock *t, uint8_t **mem, uint8_t **conn,
                     uint32_t size)
{
	if (!*mem)
		return;
	net_free(t->s, *mem);
	*mem = *conn = NULL;
	t->s->cnt.tcp_buf_bytes -= size;
	if (t->orphan)
		t->s->cnt.tcp_orphan_bytes -= size;
	tcp_mem_charge(t->s, -(int64_t)size);
}

void tcp_free_sndmem(struct tcp_sock *t)
{
	free_buf(t, &t->sndmem, &t->c.snd.buf, t->sndbuf);
}

void tcp_free_rcvmem(struct tcp_sock *t)
{
	free_buf(t, &t->rcvmem, &t->c.rcv.buf, t->rcvbuf);
}

void tcp_buffers_free(struct tcp_sock *t)
{
	tcp_free_sndmem(t);
	tcp_free_rcvmem(t);
}

bool tcp_port_taken(struct net_stack *s, const struct tcp_sock *t,
                    uint16_t port)
{
	for (const struct tcp_sock *o = s->tcp->all; o; o = o->next) {
		if (o == t || o->lport != port)
			continue;
		/* accepted connections and TIME-WAIT do not block a bind:
		 * their 4-tuples stay unique, the listener demuxes last */
		if (o->listening ||
		    (!o->c.passive && o->c.state != TCP_TIME_WAIT))
			return true;
	}
	return false;
}

static bool port_used(const struct net_stack *s, uint16_t port)
{
	for (const struct tcp_sock *o = s->tcp->all; o; o = o->next)
		if (o->lport == port)
			return true;
	return false;
}

uint16_t tcp_ephemeral_port(struct net_stack *s)
{
	unsigned span = TCP_EPHEMERAL_HI - TCP_EPHEMERAL_LO + 1;
	unsigned start = s->plat.random32() % span;
	for (unsigned i = 0; i < span; i++) {
		uint16_t p = (uint16_t)(TCP_EPHEMERAL_LO + (start + i) % span);
		if (!port_used(s, p))
			return p;
	}
	return 0;
}

tcp_seq_t tcp_sock_isn(const struct tcp_sock *t)
{
	return tcp_isn(&t->s->tcp->isn_key, t->laddr, t->lport, t->raddr,
	               t->rport, net_now(t->s) * 1000);
}
