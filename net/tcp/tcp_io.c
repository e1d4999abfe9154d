/* SPDX-License-Identifier: MIT */
/*
 * TCP between IPv4 and the connections: arriving segments are checked
 * (length, checksum, header), parsed into a struct tcp_seg and handed to
 * their connection or listener; segments for no socket are answered with
 * a RST (RFC 9293 3.10.7.1). Connections send through tcp_emit. The
 * timers of every connection run from net_poll_timers.
 */
#include "tcp_sock_priv.h"

/* Whether the payload of a segment of len bytes (a super-segment if
 * super) may reach the device as tx->frag pieces: the device gathers and,
 * for a super-segment, cuts it (software GSO wants the frame whole). The
 * checksum is the device's, or l4_csum_out's over the pieces; a frame
 * test impairment holds back is gathered into its copy. */
static bool tcp_xmit_sg(const struct net_stack *s, uint32_t len, bool super)
{
	const struct netdev *dev = s->dev;
	uint32_t need = NETDEV_F_SG;

	if (super)
		need |= NETDEV_F_TSO4;
	return len >= s->tun.tcp_sg_min && dev &&
	       (dev->features & need) == need;
}

void tcp_xmit(struct net_stack *s, const struct tcp_hdr *h,
              const struct tcp_payload *pl, uint32_t gso, ip4_addr_t dst)
{
	uint32_t len = tcp_payload_len(pl);
	bool super = gso && len > gso;
	bool sg = tcp_xmit_sg(s, len, super);
	struct pkt *p = pkt_alloc(s, TCP_HDR_MAX + (sg ? 0 : len));
	if (!p)
		return;
	int n = tcp_seg_fill(pkt_l4(p), TCP_HDR_MAX, h, NULL, 0);
	if (n < 0 || (size_t)n + len > IP_TOTAL_MAX - IP_HLEN) {
		net_free(s, p);
		return;
	}
	p->len = NET_HDRS + (size_t)n;
	if (sg) {
		for (unsigned i = 0; i < NETDEV_FRAGS; i++)
			p->frag[i] = (struct netdev_frag){pl->p[i], pl->n[i]};
		s->cnt.sg_tx++;
	} else if (len) {
		tcp_payload_copy(pl, pkt_l4(p) + n);
		p->len += len;
	}
	if (super) {
		p->gso_size = (uint16_t)gso;
		p->hdr_len = (uint16_t)(NET_HDRS + (size_t)n);
	}
	l4_csum_out(s, p, IP_PROTO_TCP, dst, TCP_CSUM_OFF);
	s->cnt.tcp_tx++;
	if (h->flags & TCP_RST)
		s->cnt.tcp_rst_sent++;
	ip_output(s, p, IP_PROTO_TCP, dst);
}

void tcp_emit(void *ctx, const struct tcp_seg *seg,
              const struct tcp_payload *pl)
{
	struct tcp_sock *t = ctx;
	struct tcp_hdr h = {
	    .sport = t->lport,
	    .dport = t->rport,
	    .seq = seg->seq,
	    .ack = seg->ack,
	    .flags = seg->flags,
	    .wnd = seg->wnd,
	    .opts = seg->opts,
	};
	tcp_xmit(t->s, &h, pl, seg->gso, t->raddr);
}

/* RFC 9293 3.10.7.1 (CLOSED): never answer a RST; an ACK gets
 * <SEQ=SEG.ACK><CTL=RST>, anything else <SEQ=0><ACK=SEG.SEQ+SEG.LEN>
 * <CTL=RST,ACK>. */
static void reset_reply(struct net_stack *s, ip4_addr_t src,
                        const struct tcp_hdr *h, uint32_t plen)
{
	if (h->flags & TCP_RST)
		return;
	struct tcp_hdr r = {.sport = h->dport, .dport = h->sport};
	if (h->flags & TCP_ACK) {
		r.seq = h->ack;
		r.flags = TCP_RST;
	} else {
		r.ack = h->seq + plen + !!(h->flags & TCP_SYN) +
		        !!(h->flags & TCP_FIN);
		r.flags = TCP_RST | TCP_ACK;
	}
	tcp_xmit(s, &r, NULL, 0, src);
}

/* A segment for a listener (RFC 9293 3.10.7.2): RST ignored, ACK reset
 * (unless it returns a SYN cookie), SYN starts a connection, anything
 * else dropped. */
static void listener_input(struct tcp_sock *l, ip4_addr_t dst, ip4_addr_t src,
                           const struct tcp_hdr *h, const struct tcp_seg *seg)
{
	if (h->flags & TCP_RST)
		return;
	if (h->flags & TCP_ACK) {
		if (!tcp_cookie_ack(l, dst, src, h->sport, seg))
			reset_reply(l->s, src, h, seg->len);
		return;
	}
	if (h->flags & TCP_SYN)
		tcp_listen_syn(l, dst, src, h->sport, seg, NULL);
}

/* RFC 9293 3.10.7.4 / RFC 1122 4.2.2.13: a new SYN may reopen a 4-tuple
 * in TIME-WAIT if its sequence number is beyond the old connection's
 * RCV.NXT; the new connection's ISN is then chosen above the old
 * connection's largest sequence number. Only orphans: an owner may
 * still read. Returns true if it handed the SYN to a listener. */
static bool reopen_timewait(struct tcp_sock *t, ip4_addr_t dst, ip4_addr_t src,
                            const struct tcp_hdr *h, const struct tcp_seg *seg)
{
	struct tcp_sock *l;
	if (!t->orphan || t->c.state != TCP_TIME_WAIT ||
	    (h->flags & (TCP_SYN | TCP_ACK | TCP_RST)) != TCP_SYN ||
	    !seq_gt(seg->seq, t->c.rcv.nxt + 1) ||
	    !(l = tcp_lookup_listener(t->s, dst, h->dport)))
		return false;
	struct net_stack *s = t->s;
	tcp_seq_t last = t->c.snd_max;
	tcp_sock_free(t);
	s->cnt.tcp_timewait_recycled++;
	tcp_listen_syn(l, dst, src, h->sport, seg, &last);
	return true;
}

/* Addresses a segment may never come from or go to (RFC 1122 4.2.3.10):
 * broadcast, multicast, unspecified. */
static bool bad_addrs(const struct net_stack *s, const struct ip_rx *rx)
{
	ip4_addr_t src = rx->h.src;
	return rx->bcast || src == IP4_ANY || ip_is_bcast(s, src) ||
	       (src >> 28) == 0xe || rx->h.dst == IP4_ANY;
}

void tcp_rx(struct net_stack *s, const struct ip_rx *rx)
{
	struct tcp_hdr h;
	s->cnt.tcp_rx++;
	if (rx->len < TCP_HDR_MIN || rx->len > 0xffff || bad_addrs(s, rx)) {
		s->cnt.tcp_rx_bad++;
		return;
	}
	if (!rx->csum_ok &&
	    tcp_checksum(rx->h.src, rx->h.dst, rx->data, rx->len) != 0) {
		s->cnt.tcp_rx_bad_csum++;
		return;
	}
	if (tcp_hdr_parse(rx->data, rx->len, &h) || !h.sport || !h.dport) {
		s->cnt.tcp_rx_bad++;
		return;
	}
	if (h.flags & TCP_RST)
		s->cnt.tcp_rst_rx++;
	struct tcp_seg seg = {
	    .seq = h.seq,
	    .ack = h.ack,
	    .flags = h.flags,
	    .wnd = h.wnd,
	    .opts = h.opts,
	    .data = rx->data + h.hlen,
	    .len = (uint32_t)(rx->len - h.hlen),
	};
	struct tcp_sock *t =
	    tcp_lookup(s, rx->h.dst, h.dport, rx->h.src, h.sport);
	if (t && reopen_timewait(t, rx->h.dst, rx->h.src, &h, &seg))
		return;
	if (t && t->parent && t->c.state == TCP_SYN_RECEIVED) {
		tcp_child_input(t, &seg);
	} else if (t) {
		tcp_conn_input(&t->c, &seg, net_now(s));
		tcp_after_event(t);
	} else if ((t = tcp_lookup_listener(s, rx->h.dst, h.dport))) {
		listener_input(t, rx->h.dst, rx->h.src, &h, &seg);
	} else {
		s->cnt.tcp_rx_no_sock++;
		reset_reply(s, rx->h.src, &h, seg.len);
	}
}

void tcp_timers(struct net_stack *s, uint64_t now)
{
	struct tcp_sock *next;
	tcp_mem_update(s); /* the tunables may have changed */
	for (struct tcp_sock *t = s->tcp->all; t; t = next) {
		next = t->next;
		if (t->listening)
			continue;
		tcp_conn_timer(&t->c, now);
		tcp_orphan_check(t, now);
		tcp_after_event(t);
	}
}
