/* SPDX-License-Identifier: MIT */
/*
 * Ethernet II (DIX) framing.
 *
 *   0      6      12     14
 *   +------+------+------+---------------------+
 *   | dst  | src  | type | payload (46..1500)  |
 *   +------+------+------+---------------------+
 *
 * 802.1Q/802.1ad tagged frames (type 0x8100/0x88a8) are recognised and
 * dropped (counted): tern has no VLAN support.
 */
#include "net_priv.h"

const uint8_t eth_broadcast[ETH_ALEN] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

void net_rx(struct netdev *dev, const void *frame, size_t len)
{
	net_rx_flags(dev, frame, len, 0);
}

void net_rx_flags(struct netdev *dev, const void *frame, size_t len,
                  unsigned flags)
{
	struct net_stack *s = dev->stack;
	if (!s)
		return;
	if (impair_on(s) && frame && impair_rx(s, frame, len, flags))
		return;
	eth_input(s, frame, len, flags);
	impair_release(s, true, false); /* overtaken: after this one */
}

void eth_input(struct net_stack *s, const uint8_t *f, size_t len,
               unsigned flags)
{
	struct netdev *dev = s->dev;
	s->cnt.eth_rx++;
	if (!f || len < ETH_HLEN) {
		s->cnt.eth_rx_short++;
		dev->stats.rx_dropped++;
		return;
	}
	if (nmemcmp(f, dev->mac, ETH_ALEN) &&
	    nmemcmp(f, eth_broadcast, ETH_ALEN)) {
		s->cnt.eth_rx_not_us++;
		return;
	}
	uint16_t type = get16(f + 12);
	const uint8_t *payload = f + ETH_HLEN;
	size_t plen = len - ETH_HLEN;
	switch (type) {
	case ETH_P_IP:
		ip_rx(s, payload, plen, flags & NETDEV_RX_CSUM_OK);
		break;
	case ETH_P_ARP:
		arp_rx(s, payload, plen);
		break;
	case ETH_P_VLAN:
	case ETH_P_QINQ:
		s->cnt.eth_rx_vlan++;
		dev->stats.rx_dropped++;
		break;
	default:
		s->cnt.eth_rx_unknown_type++;
		break;
	}
}

void eth_xmit_now(struct net_stack *s, const void *frame, size_t len,
                  const struct netdev_tx *tx)
{
	struct netdev *dev = s->dev;
	if (dev->ops->transmit(dev, frame, len, tx) == NETDEV_TX_OK)
		s->cnt.eth_tx++;
	else
		s->cnt.eth_tx_fail++;
}

/* One finished frame to the device, through test impairment. */
static void xmit(struct net_stack *s, const void *frame, size_t len,
                 const struct netdev_tx *tx)
{
	if (impair_on(s) && impair_tx(s, frame, len, tx))
		return;
	eth_xmit_now(s, frame, len, tx);
	impair_release(s, false, true); /* overtaken: after this one */
}

/* A super-segment for a device that cannot cut it: the pieces one by
 * one (net_gso_piece), checksums left to the device if it can. */
static void gso_output(struct net_stack *s, const struct pkt *p,
                       const struct netdev_tx *tx)
{
	struct netdev *dev = s->dev;
	bool partial = dev->features & NETDEV_F_TX_CSUM;
	uint8_t frame[ETH_FRAME_MAX];
	struct netdev_tx ptx;
	size_t n;

	s->cnt.gso_tx++;
	for (unsigned i = 0; (n = net_gso_piece(p->data, p->len, tx, i, partial,
	                                        frame, sizeof(frame), &ptx));
	     i++) {
		s->cnt.gso_pieces++;
		xmit(s, frame, n, &ptx);
	}
}

void eth_output(struct net_stack *s, struct pkt *p, const uint8_t *dst_mac,
                uint16_t type)
{
	struct netdev *dev = s->dev;
	bool soft_gso = p->gso_size && !(dev->features & NETDEV_F_TSO4);
	if (soft_gso || !(dev->features & NETDEV_F_SG) || pkt_len(p) < 60)
		p = pkt_linearize(s, p);
	if (!p)
		return;
	nmemcpy(p->data, dst_mac, ETH_ALEN);
	nmemcpy(p->data + 6, dev->mac, ETH_ALEN);
	put16(p->data + 12, type);
	size_t len = p->len;
	struct netdev_tx tx = {.csum_start = p->csum_start,
	                       .csum_offset = p->csum_offset,
	                       .gso_size = p->gso_size,
	                       .hdr_len = p->hdr_len};
	for (unsigned i = 0; i < NETDEV_FRAGS; i++)
		tx.frag[i] = p->frag[i];
	if (soft_gso) {
		gso_output(s, p, &tx);
		net_free(s, p);
		return;
	}
	s->cnt.tso_tx += p->gso_size != 0;
	/* pad to the 60-byte minimum (IEEE 802.3 without FCS); such a
	 * short frame is linear (above) */
	uint8_t frame[60];
	const uint8_t *out = p->data;
	if (netdev_tx_len(len, &tx) < sizeof(frame)) {
		nmemset(frame, 0, sizeof(frame));
		nmemcpy(frame, p->data, len);
		out = frame;
		len = sizeof(frame);
	}
	xmit(s, out, len, &tx);
	net_free(s, p);
}
