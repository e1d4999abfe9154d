/* SPDX-License-Identifier: MIT */
/*
 * IPv4 (RFC 791, host requirements RFC 1122 3.2.1).
 *
 *   0       4       8              16     19                31
 *   +-------+-------+--------------+------+------------------+
 *   |version|  IHL  |     TOS      |      total length       |
 *   |        identification        |flags | fragment offset  |
 *   |     TTL       |   protocol   |     header checksum     |
 *   |                     source address                     |
 *   |                   destination address                  |
 *   |                options (IHL > 5) ...                   |
 *   +--------------------------------------------------------+
 *
 * Routing: the local subnet directly, everything else through the
 * gateway. TCP segments are sent with DF set (RFC 1191 path MTU
 * discovery: tcp_icmp.c) and must fit the MTU; UDP and ICMP datagrams go
 * without DF, up to 65535 bytes, and are fragmented (ip_frag.c) when
 * larger than the MTU.
 */
#include "net_priv.h"

#define IP_DF 0x4000
#define IP_MF 0x2000

int ip4_hdr_parse(const uint8_t *b, size_t len, struct ip4_hdr *h)
{
	if (len < IP_HLEN || b[0] >> 4 != 4)
		return NET_EPROTO;
	h->hlen = (uint8_t)((b[0] & 15) * 4);
	h->total_len = get16(b + 2);
	if (h->hlen < IP_HLEN || h->hlen > len || h->total_len < h->hlen ||
	    h->total_len > len)
		return NET_EPROTO;
	if (inet_checksum(b, h->hlen) != 0)
		return NET_EINVAL;
	h->tos = b[1];
	h->id = get16(b + 4);
	uint16_t ff = get16(b + 6);
	h->df = ff & IP_DF;
	h->mf = ff & IP_MF;
	h->frag_off = (uint16_t)((ff & 0x1fff) * 8);
	h->ttl = b[8];
	h->proto = b[9];
	h->src = get32(b + 12);
	h->dst = get32(b + 16);
	return 0;
}

void ip4_hdr_build(uint8_t *b, const struct ip4_hdr *h)
{
	b[0] = 0x45;
	b[1] = h->tos;
	put16(b + 2, h->total_len);
	put16(b + 4, h->id);
	put16(b + 6, (uint16_t)((h->df ? IP_DF : 0) | (h->mf ? IP_MF : 0) |
	                        (h->frag_off / 8)));
	b[8] = h->ttl;
	b[9] = h->proto;
	put16(b + 10, 0);
	put32(b + 12, h->src);
	put32(b + 16, h->dst);
	put16(b + 10, inet_checksum(b, IP_HLEN));
}

bool ip_is_bcast(const struct net_stack *s, ip4_addr_t a)
{
	if (a == IP4_BROADCAST)
		return true;
	return s->ip && s->mask != 0xffffffffu &&
	       (a & s->mask) == (s->ip & s->mask) && (a & ~s->mask) == ~s->mask;
}

int ip_route(const struct net_stack *s, ip4_addr_t dst, ip4_addr_t *nexthop)
{
	if (!s->dev)
		return NET_ENODEV;
	if (ip_is_bcast(s, dst)) {
		*nexthop = IP4_BROADCAST;
		return 0;
	}
	if (!s->ip || dst == IP4_ANY || (dst >> 28) == 0xe)
		return NET_ENETUNREACH;
	if ((dst & s->mask) == (s->ip & s->mask))
		*nexthop = dst;
	else if (s->gw)
		*nexthop = s->gw;
	else
		return NET_ENETUNREACH;
	return 0;
}

int ip_output(struct net_stack *s, struct pkt *p, uint8_t proto, ip4_addr_t dst)
{
	ip4_addr_t nexthop;
	int err = ip_route(s, dst, &nexthop);
	if (err) {
		s->cnt.ip_tx_no_route++;
		net_free(s, p);
		return err;
	}
	size_t dlen = pkt_len(p) - ETH_HLEN;
	bool df = proto == IP_PROTO_TCP;
	/* a super-segment is cut to the MTU below (eth.c, gso.c) */
	if (dlen > IP_TOTAL_MAX || (df && dlen > s->dev->mtu && !p->gso_size)) {
		s->cnt.ip_tx_too_big++;
		net_free(s, p);
		return NET_EMSGSIZE;
	}
	struct ip4_hdr h = {
	    .total_len = (uint16_t)dlen,
	    .id = ip_id_next(s, s->ip, dst, proto),
	    .df = df,
	    .ttl = s->tun.ttl,
	    .proto = proto,
	    .src = s->ip,
	    .dst = dst,
	};
	ip4_hdr_build(p->data + ETH_HLEN, &h);
	s->cnt.ip_tx++;
	arp_output(s, p, nexthop);
	return 0;
}

void ip_deliver(struct net_stack *s, const struct ip_rx *rx)
{
	switch (rx->h.proto) {
	case IP_PROTO_ICMP:
		icmp_rx(s, rx);
		break;
	case IP_PROTO_UDP:
		udp_rx(s, rx);
		break;
	case IP_PROTO_TCP:
		tcp_rx(s, rx);
		break;
	default:
		s->cnt.ip_rx_unknown_proto++;
		break;
	}
}

/* Whether a datagram to dst is ours. Without an address (DHCP in
 * progress) everything unicast is accepted, as the server may unicast the
 * offer to the address it offers. */
static bool ip_for_us(const struct net_stack *s, ip4_addr_t dst)
{
	if (ip_is_bcast(s, dst))
		return true;
	if ((dst >> 28) == 0xe)
		return false;
	return !s->ip || dst == s->ip;
}

void ip_rx(struct net_stack *s, const uint8_t *buf, size_t len, bool csum_ok)
{
	struct ip_rx rx;
	s->cnt.ip_rx++;
	int err = ip4_hdr_parse(buf, len, &rx.h);
	if (err) {
		if (err == NET_EINVAL)
			s->cnt.ip_rx_bad_csum++;
		else if (len >= IP_HLEN && buf[0] >> 4 == 4 &&
		         (buf[0] & 15) >= 5)
			s->cnt.ip_rx_bad_len++;
		else
			s->cnt.ip_rx_bad_hdr++;
		return;
	}
	/* RFC 1122 3.2.1.3: a source that is broadcast or multicast is
	 * invalid */
	if (ip_is_bcast(s, rx.h.src) || (rx.h.src >> 28) >= 0xe) {
		s->cnt.ip_rx_bad_hdr++;
		return;
	}
	if (!ip_for_us(s, rx.h.dst)) {
		s->cnt.ip_rx_not_us++;
		return;
	}
	if (rx.h.mf || rx.h.frag_off) {
		reasm_input(s, &rx.h, buf, buf + rx.h.hlen);
		return;
	}
	rx.hdr = buf;
	rx.hlen = rx.h.hlen;
	rx.bcast = ip_is_bcast(s, rx.h.dst);
	rx.csum_ok = csum_ok;
	rx.data = buf + rx.h.hlen;
	rx.len = rx.h.total_len - rx.h.hlen;
	ip_deliver(s, &rx);
}
