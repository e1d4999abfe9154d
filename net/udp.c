/* SPDX-License-Identifier: MIT */
/*
 * UDP (RFC 768) and its socket table.
 *
 *   0        2        4        6        8
 *   +--------+--------+--------+--------+---------
 *   | sport  | dport  | length | csum   | data ...
 *   +--------+--------+--------+--------+---------
 *
 * The checksum covers a pseudo-header (src, dst, 0, 17, length); a zero
 * checksum on receive means "none" and is accepted, a computed zero is
 * sent as 0xffff. Each socket queues at most udp_rxq_max datagrams
 * (copies); more are dropped and counted.
 */
#include "net_priv.h"

struct udp_dgram {
	struct udp_dgram *next;
	ip4_addr_t src;
	uint16_t sport;
	uint16_t len;
	uint8_t data[];
};

struct udp_sock {
	struct udp_sock *next;
	struct net_stack *s;
	ip4_addr_t laddr;
	uint16_t lport;
	int err; /* pending ICMP error */
	/* where the last datagram went: an ICMP error must quote it */
	ip4_addr_t last_dst;
	uint16_t last_dport;
	struct udp_dgram *head, *tail;
	unsigned qlen;
	uint64_t drops;
	udp_notify_fn notify;
	void *notify_ctx;
};

struct udp_sock *udp_open(struct net_stack *s)
{
	struct udp_sock *u = net_alloc(s, sizeof(*u));
	if (!u)
		return NULL;
	nmemset(u, 0, sizeof(*u));
	u->s = s;
	u->next = s->socks;
	s->socks = u;
	return u;
}

static bool port_in_use(const struct net_stack *s, uint16_t port)
{
	for (const struct udp_sock *u = s->socks; u; u = u->next)
		if (u->lport == port)
			return true;
	return false;
}

int udp_bind(struct udp_sock *u, ip4_addr_t addr, uint16_t port)
{
	struct net_stack *s = u->s;
	if (u->lport)
		return NET_EINVAL;
	if (addr != IP4_ANY && addr != s->ip)
		return NET_EINVAL;
	if (port == 0) {
		unsigned span = UDP_EPHEMERAL_HI - UDP_EPHEMERAL_LO + 1;
		unsigned start = s->plat.random32() % span;
		for (unsigned i = 0; i < span && !port; i++) {
			uint16_t p =
			    (uint16_t)(UDP_EPHEMERAL_LO + (start + i) % span);
			if (!port_in_use(s, p))
				port = p;
		}
		if (!port)
			return NET_EADDRINUSE;
	} else if (port_in_use(s, port)) {
		return NET_EADDRINUSE;
	}
	u->laddr = addr;
	u->lport = port;
	return 0;
}

uint16_t udp_local_port(const struct udp_sock *u)
{
	return u->lport;
}

int udp_sendto(struct udp_sock *u, ip4_addr_t dst, uint16_t dport,
               const void *buf, size_t len)
{
	struct net_stack *s = u->s;
	if (len > UDP_DATA_MAX || (len && !buf) || dport == 0)
		return len > UDP_DATA_MAX ? NET_EMSGSIZE : NET_EINVAL;
	if (!u->lport) {
		int err = udp_bind(u, IP4_ANY, 0);
		if (err)
			return err;
	}
	struct pkt *p = pkt_alloc(s, UDP_HLEN + len);
	if (!p)
		return NET_ENOMEM;
	uint8_t *h = pkt_l4(p);
	uint16_t ulen = (uint16_t)(UDP_HLEN + len);
	put16(h, u->lport);
	put16(h + 2, dport);
	put16(h + 4, ulen);
	put16(h + 6, 0);
	nmemcpy(h + UDP_HLEN, buf, len);
	l4_csum_out(s, p, IP_PROTO_UDP, dst, 6);
	int err = ip_output(s, p, IP_PROTO_UDP, dst);
	if (err)
		return err;
	u->last_dst = dst;
	u->last_dport = dport;
	s->cnt.udp_tx++;
	return (int)len;
}

int udp_recvfrom(struct udp_sock *u, void *buf, size_t cap, ip4_addr_t *src,
                 uint16_t *sport)
{
	if (u->err) {
		int err = u->err;
		u->err = 0;
		return err;
	}
	struct udp_dgram *d = u->head;
	if (!d)
		return NET_EAGAIN;
	u->head = d->next;
	if (!u->head)
		u->tail = NULL;
	u->qlen--;
	nmemcpy(buf, d->data, d->len < cap ? d->len : cap);
	if (src)
		*src = d->src;
	if (sport)
		*sport = d->sport;
	int n = d->len;
	net_free(u->s, d);
	return n;
}

unsigned udp_poll(const struct udp_sock *u)
{
	return (u->head ? UDP_POLL_READABLE : 0) |
	       (u->err ? UDP_POLL_ERROR : 0);
}

void udp_set_notify(struct udp_sock *u, udp_notify_fn fn, void *ctx)
{
	u->notify = fn;
	u->notify_ctx = ctx;
}

uint64_t udp_drops(const struct udp_sock *u)
{
	return u->drops;
}

static void udp_queue_free(struct udp_sock *u)
{
	while (u->head) {
		struct udp_dgram *d = u->head;
		u->head = d->next;
		net_free(u->s, d);
	}
	u->tail = NULL;
	u->qlen = 0;
}

void udp_close(struct udp_sock *u)
{
	if (!u)
		return;
	struct net_stack *s = u->s;
	for (struct udp_sock **pp = &s->socks; *pp; pp = &(*pp)->next) {
		if (*pp == u) {
			*pp = u->next;
			break;
		}
	}
	udp_queue_free(u);
	net_free(s, u);
}

void udp_free_all(struct net_stack *s)
{
	while (s->socks)
		udp_close(s->socks);
}

static struct udp_sock *udp_lookup(struct net_stack *s, ip4_addr_t dst,
                                   uint16_t port, bool bcast)
{
	for (struct udp_sock *u = s->socks; u; u = u->next)
		if (u->lport == port &&
		    (u->laddr == IP4_ANY || u->laddr == dst || bcast))
			return u;
	return NULL;
}

static void udp_enqueue(struct net_stack *s, struct udp_sock *u,
                        const struct ip_rx *rx, const uint8_t *data,
                        uint16_t len)
{
	if (u->qlen >= s->tun.udp_rxq_max) {
		u->drops++;
		s->cnt.udp_rxq_drops++;
		return;
	}
	struct udp_dgram *d = net_alloc(s, sizeof(*d) + len);
	if (!d) {
		u->drops++;
		s->cnt.udp_rxq_drops++;
		return;
	}
	d->next = NULL;
	d->src = rx->h.src;
	d->sport = get16(rx->data);
	d->len = len;
	nmemcpy(d->data, data, len);
	if (u->tail)
		u->tail->next = d;
	else
		u->head = d;
	u->tail = d;
	u->qlen++;
	if (u->notify)
		u->notify(u->notify_ctx, u);
}

void udp_rx(struct net_stack *s, const struct ip_rx *rx)
{
	const uint8_t *h = rx->data;
	s->cnt.udp_rx++;
	if (rx->len < UDP_HLEN || get16(h + 4) < UDP_HLEN ||
	    get16(h + 4) > rx->len) {
		s->cnt.udp_rx_bad++;
		return;
	}
	uint16_t ulen = get16(h + 4);
	if (get16(h + 6) != 0 && !rx->csum_ok) {
		uint32_t sum =
		    inet_pseudo_sum(rx->h.src, rx->h.dst, IP_PROTO_UDP, ulen);
		if (inet_sum_fold(inet_sum_add(sum, h, ulen)) != 0) {
			s->cnt.udp_rx_bad_csum++;
			return;
		}
	}
	struct udp_sock *u = udp_lookup(s, rx->h.dst, get16(h + 2), rx->bcast);
	if (!u) {
		s->cnt.udp_rx_no_port++;
		icmp_send_unreach(s, rx, 3); /* port unreachable */
		return;
	}
	udp_enqueue(s, u, rx, h + UDP_HLEN, (uint16_t)(ulen - UDP_HLEN));
}

/* The quoted datagram must match the socket's whole 4-tuple (local
 * address and port, and the remote it last sent to), so an error forged
 * or delayed for another peer does not fail this socket. */
bool udp_icmp_error(struct net_stack *s, ip4_addr_t src, ip4_addr_t dst,
                    uint16_t sport, uint16_t dport, int err)
{
	for (struct udp_sock *u = s->socks; u; u = u->next) {
		if (u->lport != sport ||
		    (u->laddr != IP4_ANY && u->laddr != src) ||
		    u->last_dst != dst || u->last_dport != dport)
			continue;
		u->err = err;
		if (u->notify)
			u->notify(u->notify_ctx, u);
		return true;
	}
	return false;
}
