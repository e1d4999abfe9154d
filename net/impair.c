/* SPDX-License-Identifier: MIT */
/*
 * Frame impairment for tests, off unless the tunables ask for it
 * (impair_loss_ppm, impair_reorder_ppm): the stack's own netem, at the
 * device boundary, so that a link whose offloads no relay can carry
 * (TSO super-segments, coalesced receive) can still lose and reorder.
 * Each frame, each way: dropped with probability loss; else, with
 * probability reorder, held back until the next frame the same way has
 * passed it (one held per direction; the timers release a lone one).
 * A super-segment is one frame here, so its loss is a burst.
 */
#include "net_priv.h"

/* true with probability ppm / 10^6 */
static bool chance(struct net_stack *s, uint32_t ppm)
{
	return ppm && s->plat.random32() % 1000000u < ppm;
}

bool impair_on(const struct net_stack *s)
{
	return s->tun.impair_loss_ppm || s->tun.impair_reorder_ppm;
}

/* Keep a copy of frame (and tx) in h, the pieces of a frame in pieces
 * (tx->frag, only borrowed) gathered after it; false if no memory. */
static bool hold(struct net_stack *s, struct impair_held *h, const void *frame,
                 size_t len, unsigned flags, const struct netdev_tx *tx)
{
	size_t total = tx ? netdev_tx_len(len, tx) : len;

	h->frame = net_alloc(s, total);
	if (!h->frame)
		return false;
	nmemcpy(h->frame, frame, len);
	h->tx = tx ? *tx : (struct netdev_tx){0};
	for (unsigned i = 0; i < NETDEV_FRAGS; i++) {
		if (h->tx.frag[i].n)
			nmemcpy(h->frame + len, h->tx.frag[i].p,
			        h->tx.frag[i].n);
		len += h->tx.frag[i].n;
		h->tx.frag[i] = (struct netdev_frag){0};
	}
	h->len = total;
	h->flags = flags;
	return true;
}

/* TCP over IPv4 only, as tests/qemu/netimpair.py: ARP, DHCP and ICMP
 * pass, so address resolution never flakes. */
static bool is_tcp(const uint8_t *f, size_t len)
{
	return len >= ETH_HLEN + IP_HLEN && get16(f + 12) == ETH_P_IP &&
	       f[ETH_HLEN + 9] == IP_PROTO_TCP;
}

/* Decide frame's fate: true if it was dropped or held (the caller
 * stops), false if it goes on now. */
static bool judge(struct net_stack *s, struct impair_held *h, const void *frame,
                  size_t len, unsigned flags, const struct netdev_tx *tx)
{
	if (!is_tcp(frame, len))
		return false;
	if (chance(s, s->tun.impair_loss_ppm)) {
		s->cnt.impair_dropped++;
		return true;
	}
	if (h->frame || !chance(s, s->tun.impair_reorder_ppm))
		return false;
	if (!hold(s, h, frame, len, flags, tx))
		return false;
	s->cnt.impair_held++;
	return true;
}

bool impair_rx(struct net_stack *s, const void *frame, size_t len,
               unsigned flags)
{
	return judge(s, &s->imp.rx, frame, len, flags, NULL);
}

bool impair_tx(struct net_stack *s, const void *frame, size_t len,
               const struct netdev_tx *tx)
{
	return judge(s, &s->imp.tx, frame, len, 0, tx);
}

void impair_release(struct net_stack *s, bool rx, bool tx)
{
	struct impair_held h;
	if (rx && s->imp.rx.frame) {
		h = s->imp.rx;
		s->imp.rx.frame = NULL;
		eth_input(s, h.frame, h.len, h.flags);
		net_free(s, h.frame);
	}
	if (tx && s->imp.tx.frame) {
		h = s->imp.tx;
		s->imp.tx.frame = NULL;
		eth_xmit_now(s, h.frame, h.len, &h.tx);
		net_free(s, h.frame);
	}
}

void impair_free(struct net_stack *s)
{
	net_free(s, s->imp.rx.frame);
	net_free(s, s->imp.tx.frame);
	s->imp.rx.frame = s->imp.tx.frame = NULL;
}
