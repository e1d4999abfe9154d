/* SPDX-License-Identifier: MIT */
/* The simulated world of netsim.h. */
#include "netsim.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

uint64_t sim_now = 1000000;
long sim_live_allocs;
unsigned long sim_fail_alloc_after;
static unsigned long alloc_calls;
static uint64_t rng = 0x9e3779b97f4a7c15ull;
const uint8_t sim_bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
const uint8_t sim_peer_mac[6] = {2, 0, 0, 0, 0, 0x99};

static uint64_t sim_now_ms(void)
{
	return sim_now;
}

static uint32_t sim_random32(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (uint32_t)((rng * 2685821657736338717ull) >> 32);
}

static void *sim_alloc(size_t n)
{
	if (sim_fail_alloc_after && ++alloc_calls >= sim_fail_alloc_after) {
		alloc_calls = 0;
		return NULL;
	}
	void *p = malloc(n ? n : 1);
	if (p)
		sim_live_allocs++;
	return p;
}

static void sim_free(void *p)
{
	if (p)
		sim_live_allocs--;
	free(p);
}

static void sim_log(const char *fmt, ...)
{
	if (!getenv("NET_TEST_LOG"))
		return;
	va_list ap;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

const struct net_platform sim_plat = {
    .now_ms = sim_now_ms,
    .random32 = sim_random32,
    .alloc = sim_alloc,
    .free = sim_free,
    .log = sim_log,
};

static int sim_transmit(struct netdev *dev, const void *frame, size_t len,
                        const struct netdev_tx *tx)
{
	struct sim_dev *d = dev->priv;
	size_t total = netdev_tx_len(len, tx);
	if (len < 14 || total > ETH_FRAME_MAX)
		return NETDEV_TX_ERROR;
	if (total != len && !(dev->features & NETDEV_F_SG))
		abort(); /* pieces only to a device that gathers */
	d->tx_total++;
	d->tx_sg += tx->frag[0].n != 0;
	if (d->count == SIM_TXQ) {
		dev->stats.tx_dropped++;
		return NETDEV_TX_BUSY;
	}
	unsigned i = (d->head + d->count++) % SIM_TXQ;
	memcpy(d->frames[i], frame, len);
	for (unsigned k = 0; k < NETDEV_FRAGS && tx->frag[k].n; k++) {
		memcpy(d->frames[i] + len, tx->frag[k].p, tx->frag[k].n);
		len += tx->frag[k].n;
	}
	d->lens[i] = len;
	d->tx[i] = *tx;
	for (unsigned k = 0; k < NETDEV_FRAGS; k++) /* gathered: borrowed */
		d->tx[i].frag[k] = (struct netdev_frag){0};
	if (tx->csum_start)
		d->tx_partial++;
	return NETDEV_TX_OK;
}

static const struct netdev_ops sim_ops = {.transmit = sim_transmit};

void sim_dev_init(struct sim_dev *d, const char *name, uint8_t last)
{
	memset(d, 0, sizeof(*d));
	snprintf(d->dev.name, sizeof(d->dev.name), "%s", name);
	d->dev.driver = "sim";
	uint8_t mac[6] = {2, 0, 0, 0, 0, last};
	memcpy(d->dev.mac, mac, 6);
	d->dev.mtu = 1500;
	d->dev.link_up = true;
	d->dev.ops = &sim_ops;
	d->dev.priv = d;
}

size_t sim_pop_raw(struct sim_dev *d, uint8_t *buf, struct netdev_tx *tx)
{
	if (!d->count)
		return 0;
	size_t len = d->lens[d->head];
	memcpy(buf, d->frames[d->head], len);
	*tx = d->tx[d->head];
	d->head = (d->head + 1) % SIM_TXQ;
	d->count--;
	return len;
}

size_t sim_pop(struct sim_dev *d, uint8_t *buf)
{
	struct netdev_tx tx;
	size_t len = sim_pop_raw(d, buf, &tx);
	net_csum_complete(buf, len, &tx);
	return len;
}

void sim_drain(struct sim_dev *d)
{
	d->head = d->count = 0;
}

struct net_stack *sim_stack(struct sim_dev *d, ip4_addr_t ip)
{
	struct net_stack *s = net_create(&sim_plat);
	if (!s || net_iface_add(s, &d->dev))
		abort();
	if (ip)
		net_iface_set_addr(s, ip, ip4_prefix_mask(24),
		                   (ip & 0xffffff00u) | 1);
	sim_drain(d);
	return s;
}

void sim_advance(struct net_stack *s, uint64_t ms)
{
	uint64_t end = sim_now + ms;
	while (sim_now < end) {
		uint64_t step =
		    end - sim_now < NET_TICK_MS ? end - sim_now : NET_TICK_MS;
		sim_now += step;
		net_poll_timers(s);
	}
}

void sim_wire(struct sim_dev *a, struct sim_dev *b)
{
	static uint8_t f[ETH_FRAME_MAX];
	for (int rounds = 0; rounds < 1000 && (a->count || b->count);
	     rounds++) {
		size_t n;
		if ((n = sim_pop(a, f)))
			net_rx(&b->dev, f, n);
		if ((n = sim_pop(b, f)))
			net_rx(&a->dev, f, n);
	}
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

size_t sim_eth(uint8_t *f, const uint8_t *dst, const uint8_t *src,
               uint16_t type)
{
	memcpy(f, dst, 6);
	memcpy(f + 6, src, 6);
	put16(f + 12, type);
	return 14;
}

size_t sim_ip(uint8_t *f, const uint8_t *dst_mac, const uint8_t *src_mac,
              ip4_addr_t src, ip4_addr_t dst, uint8_t proto, uint16_t id,
              uint16_t frag_off, int mf, const void *payload, size_t len)
{
	sim_eth(f, dst_mac, src_mac, 0x0800);
	struct ip4_hdr h = {
	    .total_len = (uint16_t)(20 + len),
	    .id = id,
	    .frag_off = frag_off,
	    .mf = mf,
	    .ttl = 64,
	    .proto = proto,
	    .src = src,
	    .dst = dst,
	};
	ip4_hdr_build(f + 14, &h);
	memcpy(f + 34, payload, len);
	return 34 + len;
}

size_t sim_udp(uint8_t *f, const uint8_t *dst_mac, const uint8_t *src_mac,
               ip4_addr_t src, ip4_addr_t dst, uint16_t sport, uint16_t dport,
               const void *data, size_t len)
{
	uint8_t u[ETH_FRAME_MAX];
	uint16_t ulen = (uint16_t)(8 + len);
	put16(u, sport);
	put16(u + 2, dport);
	put16(u + 4, ulen);
	put16(u + 6, 0);
	memcpy(u + 8, data, len);
	uint16_t c = inet_sum_fold(
	    inet_sum_add(inet_pseudo_sum(src, dst, 17, ulen), u, ulen));
	put16(u + 6, c ? c : 0xffff);
	return sim_ip(f, dst_mac, src_mac, src, dst, 17, 1, 0, 0, u, ulen);
}

size_t sim_arp(uint8_t *f, uint16_t op, const uint8_t *sha, ip4_addr_t spa,
               const uint8_t *tha, ip4_addr_t tpa)
{
	const uint8_t *dst = op == 1 ? sim_bcast : tha;
	sim_eth(f, dst, sha, 0x0806);
	uint8_t *a = f + 14;
	put16(a, 1);
	put16(a + 2, 0x0800);
	a[4] = 6;
	a[5] = 4;
	put16(a + 6, op);
	memcpy(a + 8, sha, 6);
	put32(a + 14, spa);
	memcpy(a + 18, tha, 6);
	put32(a + 24, tpa);
	return 42;
}

int sim_parse(const uint8_t *f, size_t len, struct ip4_hdr *h,
              const uint8_t **l4, size_t *l4len)
{
	struct ip4_hdr tmp;
	if (!h)
		h = &tmp;
	if (len < 14 || f[12] != 8 || f[13] != 0 ||
	    ip4_hdr_parse(f + 14, len - 14, h))
		return -1;
	if (l4)
		*l4 = f + 14 + h->hlen;
	if (l4len)
		*l4len = h->total_len - h->hlen;
	return h->proto;
}

/* Each fragment against the first one and the expected offset. */
static const char *frag_check(const struct ip4_hdr *h, const struct ip4_hdr *h0,
                              size_t n, size_t want_off, size_t per,
                              size_t frame_len)
{
	if (h->hlen != 20)
		return "header with options";
	size_t want = 14 + (size_t)h->total_len;
	if (frame_len != (want < 60 ? 60 : want))
		return "frame length != total length (padded to 60)";
	if (h->id != h0->id || h->src != h0->src || h->dst != h0->dst ||
	    h->proto != h0->proto || h->ttl != h0->ttl || h->tos != h0->tos)
		return "header field differs from the first fragment's";
	if (h->frag_off != want_off)
		return "gap or overlap";
	if (h->frag_off % 8)
		return "offset not a multiple of 8";
	if (h->mf && n != per)
		return "non-last fragment not full";
	if (!h->mf && want_off && n > per)
		return "last fragment larger than the MTU allows";
	return NULL;
}

long sim_defrag(struct sim_dev *d, unsigned mtu, struct ip4_hdr *first,
                uint8_t *out, size_t cap, const char **why)
{
	static uint8_t fr[ETH_FRAME_MAX];
	size_t per = (mtu - 20) & ~(size_t)7, off = 0, len;
	bool last = false;
	*why = NULL;
	while (!last && (len = sim_pop(d, fr))) {
		struct ip4_hdr h;
		const uint8_t *l4;
		size_t n;
		if (sim_parse(fr, len, &h, &l4, &n) < 0) {
			*why = "not a valid IPv4 frame";
			return -1;
		}
		if (off == 0)
			*first = h;
		if (off == 0 && !h.mf) { /* not fragmented at all */
			if (h.frag_off || h.total_len > mtu) {
				*why = "lone datagram too big or with offset";
				return -1;
			}
		} else if (h.df) {
			*why = "fragment with DF";
			return -1;
		}
		*why = frag_check(&h, first, n, off, per, len);
		if (*why)
			return -1;
		if (off + n > cap) {
			*why = "larger than the caller's buffer";
			return -1;
		}
		memcpy(out + off, l4, n);
		off += n;
		last = !h.mf;
	}
	if (!last) {
		*why = off ? "last fragment missing" : "nothing sent";
		return -1;
	}
	return (long)off;
}

void sim_teach(struct sim_dev *d, ip4_addr_t peer, ip4_addr_t us)
{
	static uint8_t fr[64];
	size_t n = sim_arp(fr, 1, sim_peer_mac, peer, sim_bcast, us);
	unsigned before = d->count;
	net_rx(&d->dev, fr, n);
	if (d->count == before + 1)
		d->count--; /* the reply is the newest frame */
}
